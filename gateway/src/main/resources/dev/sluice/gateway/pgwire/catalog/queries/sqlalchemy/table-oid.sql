-- SQLAlchemy 1.4: the table's OID, which its other inspector queries then use.
-- from: relations
-- columns: oid oid
SELECT c.oid
FROM pg_catalog.pg_class c
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE (
 [[ pg_catalog.pg_table_is_visible(c.oid) @visible ]]
 [[ n.nspname = ?nspname ]]
 )
AND c.relname = ?relname AND c.relkind in
(??relkind_in)
