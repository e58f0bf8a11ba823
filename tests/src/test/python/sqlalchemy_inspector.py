"""SQLAlchemy's inspector, as pandas and JupySQL (%sqlcmd tables, %sqlcmd columns) use it."""
import json
import os

import sqlalchemy as sa

engine = sa.create_engine(
    "postgresql+psycopg2://notebook:%s@127.0.0.1:%s/sluice" % (os.environ["SLUICE_TOKEN"], os.environ["SLUICE_PG_PORT"]))
inspector = sa.inspect(engine)
table = os.environ["SLUICE_TABLE"]
other = os.environ["SLUICE_OTHER_TABLE"]
try:
    other_columns = [column["name"] for column in inspector.get_columns(other)]
except sa.exc.NoSuchTableError:
    other_columns = "NoSuchTableError"
print(json.dumps({
    "default_schema": inspector.default_schema_name,
    "schemas": inspector.get_schema_names(),
    "tables": inspector.get_table_names(),
    "views": inspector.get_view_names(),
    "has_table": inspector.has_table(table),
    "has_other_table": inspector.has_table(other),
    "columns": [[column["name"], str(column["type"]), column["nullable"]] for column in inspector.get_columns(table)],
    "other_columns": other_columns,
    "primary_key": inspector.get_pk_constraint(table),
    "indexes": inspector.get_indexes(table),
}))
