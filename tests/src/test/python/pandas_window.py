"""pandas.read_sql of a windowed query through SQLAlchemy: the DataFrame's dtypes and rows.

coerce_float=False keeps NUMERIC values as decimal.Decimal (pandas' default turns them into floats).
"""
import decimal
import json
import os

import pandas as pd
import sqlalchemy as sa

engine = sa.create_engine(
    "postgresql+psycopg2://notebook:%s@127.0.0.1:%s/sluice" % (os.environ["SLUICE_TOKEN"], os.environ["SLUICE_PG_PORT"]))
with engine.connect() as connection:
    # Flink's settings for this session, as a notebook would SET them first.
    for key, value in json.loads(os.environ.get("SLUICE_SETTINGS", "{}")).items():
        connection.exec_driver_sql("SET '%s' = '%s'" % (key, value))
    frame = pd.read_sql(os.environ["SLUICE_QUERY"], connection, coerce_float=False)


def cell(value):
    if isinstance(value, decimal.Decimal):
        return "Decimal('%s')" % value
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return repr(value.item() if hasattr(value, "item") else value)


print(json.dumps({
    "dtypes": {column: str(dtype) for column, dtype in frame.dtypes.items()},
    "types": {column: type(frame[column].iloc[0]).__name__ for column in frame.columns},
    "rows": sorted([[cell(value) for value in row] for row in frame.itertuples(index=False)]),
}))
