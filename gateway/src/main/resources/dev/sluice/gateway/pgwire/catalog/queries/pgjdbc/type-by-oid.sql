-- pgjdbc 42.7: the name of a type it does not know by OID (e.g. jsonb), asked when a result has one.
-- from: types
-- columns: ?column? bool = true | nspname name | typname name
SELECT n.nspname = ANY(current_schemas(true)), n.nspname, t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid WHERE t.oid = ?oid
