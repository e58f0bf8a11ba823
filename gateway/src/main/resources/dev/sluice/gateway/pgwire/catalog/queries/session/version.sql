-- version(): SQLAlchemy reads the server's version from it on connect.
-- from: one
-- columns: version text
SELECT [[ pg_catalog. ]] version()
