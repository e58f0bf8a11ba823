-- psql 15: \l, the one database: Sluice's catalog.
-- from: databases
-- columns: Name name = datname | Owner name = current_user | Encoding name = 'UTF8' | Collate text = 'C' | Ctype text = 'C' | ICU Locale text = null | Locale Provider text = 'libc' | Access privileges text = null
SELECT d.datname as "Name",
       pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
       pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
       d.datcollate as "Collate",
       d.datctype as "Ctype",
       d.daticulocale as "ICU Locale",
       CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS "Locale Provider",
       pg_catalog.array_to_string(d.datacl, E'\n') AS "Access privileges"
FROM pg_catalog.pg_database d
ORDER BY 1
