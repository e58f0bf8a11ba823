-- pgjdbc 42.7: DatabaseMetaData.getCatalogs().
-- from: databases
-- columns: TABLE_CAT name = datname
SELECT datname AS "TABLE_CAT" FROM pg_catalog.pg_database WHERE datallowconn = true ORDER BY datname
