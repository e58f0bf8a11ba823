-- psql 15: \d NAME, the indexes and constraints: Sluice's tables have none.
-- from: none
-- columns: relname name | indisprimary bool | indisunique bool | indisclustered bool | indisvalid bool | pg_get_indexdef text | pg_get_constraintdef text | contype char | condeferrable bool | condeferred bool | indisreplident bool | reltablespace oid
SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
WHERE c.oid = ?oid AND c.oid = i.indrelid AND i.indexrelid = c2.oid
ORDER BY i.indisprimary DESC, c2.relname
