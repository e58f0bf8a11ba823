package dev.sluice.gateway.pgwire;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The statements about the connection that the listener answers itself, and those it leaves to Flink. */
class ClientStatementsTest {

    private final ClientStatements statements = new ClientStatements();
    private final Connection connection = new Connection();

    /** A connection's parameters as the listener keeps them, without a socket. */
    private static final class Connection implements PgSessionView {
        final Map<String, String> parameters = new LinkedHashMap<>(ClientParameters.defaults("alice"));

        @Override
        public String user() {
            return "alice";
        }

        @Override
        public String database() {
            return "sluice";
        }

        @Override
        public String tenant() {
            return "acme";
        }

        @Override
        public Map<String, String> parameters() {
            return Map.copyOf(parameters);
        }

        @Override
        public void setParameter(String name, String value) {
            String canonical = ClientParameters.canonicalName(name).orElse(name);
            parameters.put(canonical, ClientParameters.accept(canonical, value));
        }

        @Override
        public String currentCatalog() {
            return "sluice";
        }

        @Override
        public String currentSchema() {
            return "t_acme";
        }

        @Override
        public List<PgTable> tables() {
            return List.of();
        }
    }

    private Optional<PgResult> answer(String sql) {
        return statements.answer(sql, List.of(), connection);
    }

    @Test
    void transactionStatementsAreAcknowledged() {
        assertThat(answer("BEGIN").orElseThrow().commandTag()).isEqualTo("BEGIN");
        assertThat(answer("begin transaction isolation level read committed")
                        .orElseThrow()
                        .commandTag())
                .isEqualTo("BEGIN");
        assertThat(answer("START TRANSACTION").orElseThrow().commandTag()).isEqualTo("BEGIN");
        assertThat(answer("COMMIT").orElseThrow().commandTag()).isEqualTo("COMMIT");
        assertThat(answer("END").orElseThrow().commandTag()).isEqualTo("COMMIT");
        assertThat(answer("ROLLBACK").orElseThrow().commandTag()).isEqualTo("ROLLBACK");
        assertThat(answer("SAVEPOINT a").orElseThrow().commandTag()).isEqualTo("SAVEPOINT");
    }

    @Test
    void flinksOwnStatementsAreLeftToFlink() {
        assertThat(answer("BEGIN STATEMENT SET")).isEmpty();
        assertThat(answer("SET 'parallelism.default' = '2'")).isEmpty();
        assertThat(answer("SET")).isEmpty();
        assertThat(answer("RESET 'parallelism.default'")).isEmpty();
        assertThat(answer("SHOW TABLES")).isEmpty();
        assertThat(answer("SELECT version FROM releases")).isEmpty();
    }

    @Test
    void clientParametersAreSetInTheirCanonicalNames() {
        assertThat(answer("SET application_name = 'notebook'").orElseThrow().commandTag())
                .isEqualTo("SET");
        answer("set DATESTYLE to iso");
        answer("SET extra_float_digits = 3");
        answer("SET TIME ZONE 'Europe/Berlin'");
        answer("SET SESSION search_path TO \"$user\", public");
        answer("SET sluice.row_kind = on");

        assertThat(connection.parameters)
                .containsEntry("application_name", "notebook")
                .containsEntry("DateStyle", "ISO, MDY")
                .containsEntry("extra_float_digits", "3")
                .containsEntry("TimeZone", "Europe/Berlin")
                .containsEntry("search_path", "$user, public")
                .containsEntry(ClientParameters.ROW_KIND, "on");

        answer("RESET ALL");
        assertThat(connection.parameters)
                .containsEntry("application_name", "")
                .containsEntry(ClientParameters.ROW_KIND, "off");
    }

    @Test
    void unknownParametersAndValuesThatWouldBreakTheOutputAreRefused() {
        assertThatThrownBy(() -> answer("SET parallelism.default = 2")).isInstanceOfSatisfying(PgException.class, e -> {
            assertThat(e.state()).isEqualTo(SqlState.UNDEFINED_OBJECT);
            assertThat(e.hint()).isEqualTo("Flink settings take quotes: SET 'parallelism.default' = '...'.");
        });
        assertThatThrownBy(() -> answer("SET client_encoding = 'LATIN1'"))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> answer("SET DateStyle = 'German'"))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> answer("SET server_version = '16'"))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.CANT_CHANGE_RUNTIME_PARAM));
        assertThatThrownBy(() -> answer("SET ROLE admin"))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED));
    }

    @Test
    void versionAndCurrentSchemaAreAnswered() {
        PgResult version = answer("select pg_catalog.version()").orElseThrow();
        assertThat(version.columns()).containsExactly(new PgColumn("version", PgType.TEXT));
        assertThat(version.rows()).containsExactly(List.of(ClientStatements.VERSION));
        assertThat(version.commandTag()).isEqualTo("SELECT 1");

        PgResult schema = answer("SELECT current_schema()").orElseThrow();
        assertThat(schema.columns()).containsExactly(new PgColumn("current_schema", PgType.NAME));
        assertThat(schema.rows()).containsExactly(List.of("t_acme"));
    }
}
