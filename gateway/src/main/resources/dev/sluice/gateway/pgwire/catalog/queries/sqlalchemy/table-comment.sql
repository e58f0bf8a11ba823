-- SQLAlchemy 1.4: inspector.get_table_comment(table), which pandas' read_sql_table reflects.
-- from: relations
-- columns: table_comment text = description
SELECT
    pgd.description as table_comment
FROM
    pg_catalog.pg_description pgd
WHERE
    pgd.objsubid = 0 AND
    pgd.objoid = ?oid
