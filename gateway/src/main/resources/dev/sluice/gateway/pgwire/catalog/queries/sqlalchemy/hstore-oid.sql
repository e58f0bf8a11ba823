-- psycopg2's hstore lookup, which SQLAlchemy's psycopg2 dialect makes on its first connection: Sluice has no hstore.
-- from: types
-- columns: oid oid | typarray oid
SELECT t.oid, typarray
FROM pg_type t JOIN pg_namespace ns
    ON typnamespace = ns.oid
WHERE typname = ?typname
