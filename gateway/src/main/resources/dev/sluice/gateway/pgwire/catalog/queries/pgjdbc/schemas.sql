-- pgjdbc 42.7: DatabaseMetaData.getSchemas(), getSchemas(catalog, schemaPattern).
-- from: schemas
-- columns: TABLE_SCHEM name = nspname | TABLE_CATALOG name = current_database
SELECT nspname AS "TABLE_SCHEM", current_database() AS "TABLE_CATALOG" FROM pg_catalog.pg_namespace  WHERE nspname <> 'pg_toast' AND (nspname !~ '^pg_temp_'  OR nspname = (pg_catalog.current_schemas(true))[1]) AND (nspname !~ '^pg_toast_temp_'  OR nspname = replace((pg_catalog.current_schemas(true))[1], 'pg_temp_', 'pg_toast_temp_'))
 [[ AND nspname LIKE ?nspname_like ]]
 ORDER BY "TABLE_SCHEM"
