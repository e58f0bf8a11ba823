package dev.sluice.gateway.pgwire.catalog;

import dev.sluice.gateway.pgwire.LocalAnswers;
import dev.sluice.gateway.pgwire.PgException;
import dev.sluice.gateway.pgwire.PgResult;
import dev.sluice.gateway.pgwire.PgSessionView;
import dev.sluice.gateway.pgwire.SqlState;
import dev.sluice.gateway.pgwire.SqlTokens;
import dev.sluice.gateway.pgwire.SqlTokens.Kind;
import dev.sluice.gateway.pgwire.SqlTokens.Token;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Answers the catalog queries PostgreSQL clients send (psql's {@code \dt} and {@code \d}, pgjdbc's
 * DatabaseMetaData, SQLAlchemy's inspector) from the session's own catalog, without Flink. Each query it knows is a
 * template under {@code queries/}, taken from what the real client sent to a real PostgreSQL 15; a statement that
 * reads PostgreSQL's system catalogs in any other way is refused with SQLSTATE 0A000 (feature not supported) and a
 * hint listing what is answered, never sent to Flink (where it would fail obscurely) and never left unanswered.
 * Everything else is not a catalog query, and is left to the listener.
 *
 * <p>The client's text is only compared with the templates and its literals with the catalog's names: it is never
 * run, nor put into any SQL.
 */
public final class CatalogAnswers implements LocalAnswers {

    /** The templates, grouped by the client whose statements they are. */
    private static final List<String> QUERIES = List.of(
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

    static final String SUPPORTED =
            "Sluice answers the catalog queries of psql 15 (\\dt, \\dv, \\d, \\d NAME, \\dn, \\l and"
                    + " their + forms for tables), pgjdbc 42.7 (DatabaseMetaData getTables, getColumns, getSchemas, getCatalogs,"
                    + " getPrimaryKeys) and SQLAlchemy 1.4's PostgreSQL dialect (inspector: get_table_names, get_view_names,"
                    + " get_schema_names, has_table, get_columns, get_pk_constraint, get_foreign_keys, get_indexes). In Flink SQL,"
                    + " SHOW TABLES and DESCRIBE <table> list the same.";

    private final List<CatalogQuery> queries;

    CatalogAnswers(List<CatalogQuery> queries) {
        this.queries = List.copyOf(queries);
    }

    /** The answers to the catalog queries of the clients Sluice has been tried with. */
    public static CatalogAnswers standard() {
        return new CatalogAnswers(QUERIES.stream()
                .map(name -> CatalogQuery.load("queries/" + name + ".sql"))
                .toList());
    }

    /**
     * The answer to a catalog query, read from the session's catalog (only when the statement is one); empty for a
     * statement that is no catalog query.
     *
     * @throws PgException {@code 0A000} for a catalog query Sluice does not know
     */
    @Override
    public Optional<PgResult> answer(String sql, List<Object> parameters, PgSessionView session) {
        requireNonNull(sql, "sql is null");
        List<Token> tokens = SqlTokens.of(sql);
        for (CatalogQuery query : queries) {
            Optional<ShapeMatch> match = query.match(tokens, parameters);
            if (match.isPresent()) {
                return Optional.of(query.result(match.get(), new CatalogSnapshot(session)));
            }
        }
        if (readsSystemCatalogs(tokens)) {
            throw new PgException(
                    SqlState.FEATURE_NOT_SUPPORTED,
                    "Sluice does not answer this query of PostgreSQL's system catalogs: it has no pg_catalog or"
                            + " information_schema tables, only answers to the catalog queries of the clients it was tried with",
                    SUPPORTED);
        }
        return Optional.empty();
    }

    /** Whether the statement names a PostgreSQL system catalog: pg_catalog, information_schema or a pg_ relation. */
    private static boolean readsSystemCatalogs(List<Token> tokens) {
        return tokens.stream()
                .map(token -> token.kind() == Kind.WORD ? token.name() : "")
                .anyMatch(word ->
                        word.equals("pg_catalog") || word.equals("information_schema") || word.startsWith("pg_"));
    }
}
