-- from: one
-- columns: current_database name
SELECT [[ pg_catalog. ]] current_database()
