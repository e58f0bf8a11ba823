-- psql 15: \d NAME, the relation's kind and flags. Sluice's tables have no checks, indexes, rules or triggers.
-- from: relations
-- columns: relchecks int2 = 0 | relkind char | relhasindex bool = false | relhasrules bool = false | relhastriggers bool = false | relrowsecurity bool = false | relforcerowsecurity bool = false | relhasoids bool = false | relispartition bool = false | ?column? text = '' | reltablespace oid = 0 | reloftype text = '' | relpersistence char = 'p' | relreplident char = 'd' | amname name
SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
FROM pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
WHERE c.oid = ?oid
