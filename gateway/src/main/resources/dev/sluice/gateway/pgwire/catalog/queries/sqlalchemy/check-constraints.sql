-- SQLAlchemy 1.4: inspector.get_check_constraints(table), which pandas' read_sql_table reflects: none.
-- from: none
-- columns: name name | src text
SELECT
    cons.conname as name,
    pg_get_constraintdef(cons.oid) as src
FROM
    pg_catalog.pg_constraint cons
WHERE
    cons.conrelid = ?oid AND
    cons.contype = 'c'
