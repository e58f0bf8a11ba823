-- One row that GET /healthz/ready writes after the store failed: a store that answers queries may still refuse
-- writes (a full disk, a read-only server), so only a committed write shows that it works again.
CREATE TABLE store_probe (
    id          INTEGER NOT NULL PRIMARY KEY,
    written_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
