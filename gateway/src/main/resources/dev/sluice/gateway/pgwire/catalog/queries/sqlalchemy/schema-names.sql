-- SQLAlchemy 1.4: inspector.get_schema_names().
-- from: schemas
-- columns: nspname name
SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' ORDER BY nspname
