-- psql 15: \dt, \dv, \d (no argument), each with an optional name pattern.
-- from: relations
-- columns: Schema name = nspname | Name name = relname | Type text = relkind_name | Owner name = current_user
SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     [[ LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam ]]
WHERE c.relkind IN (??relkind_in)
      [[ AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema' ]]
  [[ AND c.relname OPERATOR(pg_catalog.~) ?relname_regex COLLATE pg_catalog.default ]]
  [[ AND n.nspname OPERATOR(pg_catalog.~) ?nspname_regex COLLATE pg_catalog.default ]]
  [[ AND pg_catalog.pg_table_is_visible(c.oid) @visible ]]
ORDER BY 1,2
