-- The dimension table the enricher reads (run once, in the schema ${SCHEMA}).
CREATE TABLE ${SCHEMA}.titles (
  id VARCHAR(16) PRIMARY KEY,
  name TEXT NOT NULL);

INSERT INTO ${SCHEMA}.titles VALUES
  ('t1', 'The Long Night'),
  ('t2', 'Harbour Lights'),
  ('t3', 'Paper Moons'),
  ('t4', 'North Face');
