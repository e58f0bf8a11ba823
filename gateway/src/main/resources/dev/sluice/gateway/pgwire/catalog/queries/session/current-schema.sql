-- current_schema(): SQLAlchemy's default schema, in which it lists tables.
-- from: one
-- columns: current_schema name
SELECT [[ pg_catalog. ]] current_schema [[ () ]]
