-- statement
BEGIN;

-- statement
SELECT order_id, amount FROM orders WHERE qty > 1;

-- statement
DECLARE "stream" CURSOR WITHOUT HOLD FOR SELECT * FROM orders;

-- statement
FETCH FORWARD 2 FROM "stream";

-- statement
FETCH FORWARD 2 FROM "stream";

-- statement
CLOSE "stream";

-- statement
ROLLBACK;

