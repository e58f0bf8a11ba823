-- psql 15: \d NAME and \d SCHEMA.NAME first find the relations the pattern names.
-- from: relations
-- columns: oid oid | nspname name | relname name
SELECT c.oid,
  n.nspname,
  c.relname
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname OPERATOR(pg_catalog.~) ?relname_regex COLLATE pg_catalog.default
  [[ AND n.nspname OPERATOR(pg_catalog.~) ?nspname_regex COLLATE pg_catalog.default ]]
  [[ AND pg_catalog.pg_table_is_visible(c.oid) @visible ]]
ORDER BY 2, 3
