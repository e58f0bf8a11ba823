-- SQLAlchemy 1.4: inspector.get_unique_constraints(table), which pandas' read_sql_table reflects: none.
-- from: none
-- columns: name name | key _int2 | col_num int2 | col_name name
SELECT
    cons.conname as name,
    cons.conkey as key,
    a.attnum as col_num,
    a.attname as col_name
FROM
    pg_catalog.pg_constraint cons
    join pg_attribute a
      on cons.conrelid = a.attrelid AND
        a.attnum = ANY(cons.conkey)
WHERE
    cons.conrelid = ?oid AND
    cons.contype = 'u'
