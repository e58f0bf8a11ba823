package dev.sluice.gateway.pgwire.catalog;

import static java.util.Objects.requireNonNull;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pgwire.catalog.SqlTokens.Kind;
import dev.sluice.gateway.pgwire.catalog.SqlTokens.Token;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers the catalog queries PostgreSQL clients send (psql's {@code \dt} and {@code \d}, pgjdbc's
 * DatabaseMetaData, SQLAlchemy's inspector) from the session's own catalog, without Flink. Each query it knows is a
 * template under {@code queries/}, taken from what the real client sent to a real PostgreSQL 15; a statement that
 * reads PostgreSQL's system catalogs in any other way is refused with {@code NOT_SUPPORTED} (SQLSTATE 0A000) and a
 * hint listing what is answered, never sent to Flink (where it would fail obscurely) and never left unanswered.
 * Everything else is not a catalog query, and is left to the listener.
 *
 * <p>The client's text is only compared with the templates and its literals with the catalog's names: it is never
 * run, nor put into any SQL.
 */
public final class CatalogAnswers {

    /** The templates, grouped by the client whose statements they are. */
    private static final List<String> QUERIES = List.of(
            "session/version",
            "session/current-schema",
            "session/current-database",
            "session/current-catalog",
            "psql/list-relations",
            "psql/list-relations-verbose",
            "psql/describe-lookup",
            "psql/describe-table",
            "psql/describe-table-verbose",
            "psql/describe-columns",
            "psql/describe-columns-verbose",
            "psql/describe-indexes",
            "psql/describe-policies",
            "psql/describe-statistics",
            "psql/describe-publications",
            "psql/describe-parents",
            "psql/describe-partitions",
            "psql/list-schemas",
            "psql/list-databases",
            "pgjdbc/tables",
            "pgjdbc/columns",
            "pgjdbc/schemas",
            "pgjdbc/catalogs",
            "pgjdbc/primary-keys",
            "pgjdbc/type-by-oid",
            "pgjdbc/type-is-array",
            "pgjdbc/nullable-columns",
            "sqlalchemy/hstore-oid",
            "sqlalchemy/relation-names",
            "sqlalchemy/schema-names",
            "sqlalchemy/has-table",
            "sqlalchemy/table-oid",
            "sqlalchemy/columns",
            "sqlalchemy/domains",
            "sqlalchemy/enums",
            "sqlalchemy/primary-key-columns",
            "sqlalchemy/primary-key-name",
            "sqlalchemy/foreign-keys",
            "sqlalchemy/indexes",
            "sqlalchemy/unique-constraints",
            "sqlalchemy/check-constraints",
            "sqlalchemy/table-comment");

    static final String SUPPORTED = "Sluice answers the catalog queries of psql 15 (\\dt, \\dv, \\d, \\d NAME, \\dn, \\l and"
            + " their + forms for tables), pgjdbc 42.7 (DatabaseMetaData getTables, getColumns, getSchemas, getCatalogs,"
            + " getPrimaryKeys) and SQLAlchemy 1.4's PostgreSQL dialect (inspector: get_table_names, get_view_names,"
            + " get_schema_names, has_table, get_columns, get_pk_constraint, get_foreign_keys, get_indexes), as well as"
            + " version(), current_schema() and current_database(). In Flink SQL, SHOW TABLES and DESCRIBE <table> list"
            + " the same.";

    private final List<CatalogQuery> queries;

    CatalogAnswers(List<CatalogQuery> queries) {
        this.queries = List.copyOf(queries);
    }

    /** The answers to the catalog queries of the clients Sluice has been tried with. */
    public static CatalogAnswers standard() {
        return new CatalogAnswers(QUERIES.stream().map(name -> CatalogQuery.load("queries/" + name + ".sql")).toList());
    }

    /**
     * The answer to a catalog query, read from the catalog the snapshot gives (only when the statement is one);
     * empty for a statement that is no catalog query.
     *
     * @param parameters the values bound to {@code $1, $2, ...}, as text or null
     * @throws GatewayException {@code NOT_SUPPORTED} for a catalog query Sluice does not know
     */
    public Optional<CatalogResult> answer(String sql, List<?> parameters, Supplier<CatalogSnapshot> snapshot) {
        requireNonNull(sql, "sql is null");
        List<Token> tokens;
        try {
            tokens = SqlTokens.of(sql);
        } catch (SqlTokens.Malformed e) {
            // Not ours to judge: the listener's parser reports it with its position.
            return Optional.empty();
        }
        for (CatalogQuery query : queries) {
            Optional<ShapeMatch> match = query.match(tokens, parameters);
            if (match.isPresent()) {
                return Optional.of(query.result(match.get(), snapshot.get()));
            }
        }
        if (readsSystemCatalogs(tokens)) {
            throw new GatewayException(ErrorCode.NOT_SUPPORTED,
                    "Sluice does not answer this query of PostgreSQL's system catalogs (pg_catalog, information_schema):"
                            + " it has no such tables, only answers to the catalog queries of the clients it was tried with.",
                    null, null, SUPPORTED, null);
        }
        return Optional.empty();
    }

    /** Whether the statement names a PostgreSQL system catalog: pg_catalog, information_schema or a pg_ relation. */
    private static boolean readsSystemCatalogs(List<Token> tokens) {
        return tokens.stream().anyMatch(token -> token.kind() == Kind.WORD
                && (token.text().equals("pg_catalog") || token.text().equals("information_schema")
                        || token.text().startsWith("pg_")));
    }
}
