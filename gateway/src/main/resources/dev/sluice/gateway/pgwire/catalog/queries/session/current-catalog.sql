-- pgjdbc 42.7 asks before DatabaseMetaData calls that take a catalog.
-- from: one
-- columns: current_catalog name = current_database
SELECT current_catalog
