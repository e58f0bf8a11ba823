-- One counter that every change to what a statement is validated against raises: the catalog's databases, tables,
-- views and functions, the UDF catalog's functions, tenant policies and recorded restore points. Validation caches
-- its findings under it, so a change made through any gateway sharing this store is seen by all of them.
CREATE TABLE catalog_version (
    scope    VARCHAR(32) NOT NULL PRIMARY KEY,
    version  BIGINT      NOT NULL
);

INSERT INTO catalog_version (scope, version) VALUES ('catalog', 0);
