-- SQLAlchemy 1.4: inspector.get_pk_constraint(table), its columns: none declared to clients.
-- from: none
-- columns: attname name
SELECT a.attname
FROM pg_attribute a JOIN (
    SELECT unnest(ix.indkey) attnum,
           generate_subscripts(ix.indkey, 1) ord
    FROM pg_index ix
    WHERE ix.indrelid = ?oid AND ix.indisprimary
    ) k ON a.attnum=k.attnum
WHERE a.attrelid = ?oid
ORDER BY k.ord
