-- A regular (not time-bounded) join: each side's rows stay in state until the state TTL, which counts processing
-- time, not event time. So o4, a day after o1 in event time, still meets c1, and nothing expires while the case
-- runs: the rows are those of the join without TTL. The case checks that both ways of setting a TTL (the session
-- setting and the STATE_TTL hint) reach Flink and are accepted. o3's customer c9 does not exist: no row.
SELECT /*+ STATE_TTL('o' = '1d') */ o.order_id, c.name, o.amount, o.ts
FROM orders AS o
JOIN customers AS c ON c.customer_id = o.customer_id
