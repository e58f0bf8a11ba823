-- SQLAlchemy 1.4: inspector.get_table_names(schema) and get_view_names(schema); pandas' to_sql and JupySQL's
-- %sqlcmd tables use them.
-- from: relations
-- columns: relname name
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?nspname AND c.relkind in (??relkind_in)
