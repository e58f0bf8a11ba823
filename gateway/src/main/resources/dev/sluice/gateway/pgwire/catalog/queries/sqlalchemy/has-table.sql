-- SQLAlchemy 1.4: has_table(name, schema); pandas asks it before read_sql and to_sql.
-- from: relations
-- columns: relname name
select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where
 [[ pg_catalog.pg_table_is_visible(c.oid) @visible ]]
 [[ n.nspname=?nspname ]]
 and relname=?relname
