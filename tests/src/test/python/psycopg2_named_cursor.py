"""A psycopg2 named (server-side) cursor over an unbounded query, read in batches with fetchmany, then closed."""
import json
import os
import time

import psycopg2

connection = psycopg2.connect(host="127.0.0.1", port=os.environ["SLUICE_PG_PORT"], dbname="sluice",
                              user="notebook", password=os.environ["SLUICE_TOKEN"])
cursor = connection.cursor(name="ticks")
cursor.execute(os.environ["SLUICE_QUERY"])
batches = []
started = time.monotonic()
for _ in range(3):
    batches.append([list(row) for row in cursor.fetchmany(int(os.environ["SLUICE_BATCH"]))])
seconds = time.monotonic() - started
cursor.close()
connection.rollback()
connection.close()
print(json.dumps({"batches": batches, "seconds": seconds}))
