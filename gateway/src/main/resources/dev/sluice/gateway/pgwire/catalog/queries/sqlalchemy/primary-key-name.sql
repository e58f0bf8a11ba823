-- SQLAlchemy 1.4: inspector.get_pk_constraint(table), its name: none.
-- from: none
-- columns: conname name
SELECT conname
   FROM  pg_catalog.pg_constraint r
   WHERE r.conrelid = ?oid AND r.contype = 'p'
   ORDER BY 1
