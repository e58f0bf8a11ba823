-- psql 15: \d NAME, extended statistics: none.
-- from: none
-- columns: oid oid | stxrelid regclass | nsp text | stxname name | columns text | ndist_enabled bool | deps_enabled bool | mcv_enabled bool | stxstattarget int4
SELECT oid, stxrelid::pg_catalog.regclass, stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp, stxname,
pg_catalog.pg_get_statisticsobjdef_columns(oid) AS columns,
  'd' = any(stxkind) AS ndist_enabled,
  'f' = any(stxkind) AS deps_enabled,
  'm' = any(stxkind) AS mcv_enabled,
stxstattarget
FROM pg_catalog.pg_statistic_ext
WHERE stxrelid = ?oid
ORDER BY nsp, stxname
