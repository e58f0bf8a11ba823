package dev.sluice.tests.pgclients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.eventtime.EventTimeCase;
import dev.sluice.tests.eventtime.EventTimeCases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tools a notebook user has, against a gateway, through its PostgreSQL listener: Debian's psql running a script,
 * pandas reading a windowed query into a DataFrame, a psycopg2 named cursor reading an unbounded query in batches,
 * SQLAlchemy's inspector and pgjdbc's DatabaseMetaData listing a tenant's tables (and not another tenant's). The
 * event-time cases' rows are exactly those the other listeners give.
 */
class PgClientsIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final String WINDOW = "tumble-per-user";
    private static final String INTERVAL_JOIN = "interval-join-plays";

    private static Analyst acme;
    private static Analyst beta;

    @BeforeAll
    static void twoTenantsWithTables() throws SQLException {
        acme = Analyst.of(GATEWAY, "acme", "notebook");
        beta = Analyst.of(GATEWAY, "beta", "notebook");
        run(
                acme.token(),
                List.of(
                        "CREATE TABLE orders (order_id BIGINT NOT NULL, customer STRING, amount DECIMAL(12, 2), ts TIMESTAMP(3),"
                                + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen')",
                        "CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100",
                        "CREATE TABLE ticks (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '50')"));
        run(beta.token(), List.of("CREATE TABLE secret_orders (id INT) WITH ('connector' = 'datagen')"));
        EventTimeCase window = eventTimeCase(WINDOW);
        List<String> setup = new ArrayList<>(List.of("CREATE DATABASE IF NOT EXISTS pandas_cases", "USE pandas_cases"));
        setup.addAll(window.setupStatements());
        run(GATEWAY.adminToken(), setup);
    }

    @Test
    void psqlRunsAScriptWithAWindowAndAnIntervalJoinAndPrintsExactlyTheirRows(@TempDir Path dir) throws Exception {
        List<EventTimeCase> cases = List.of(eventTimeCase(WINDOW), eventTimeCase(INTERVAL_JOIN));
        StringBuilder script = new StringBuilder("CREATE DATABASE IF NOT EXISTS psql_cases;\nUSE psql_cases;\n");
        for (EventTimeCase eventTimeCase : cases) {
            eventTimeCase
                    .setupStatements()
                    .forEach(statement -> script.append(statement).append(";\n"));
        }
        for (EventTimeCase eventTimeCase : cases) {
            eventTimeCase
                    .config()
                    .forEach((key, value) -> script.append("SET '")
                            .append(key)
                            .append("' = '")
                            .append(value)
                            .append("';\n"));
            script.append("\\echo rows of ")
                    .append(eventTimeCase.name())
                    .append('\n')
                    .append(eventTimeCase.query())
                    .append(";\n");
        }
        Path file = Files.writeString(dir.resolve("cases.sql"), script);

        String output = new ClientProcess(
                        List.of(
                                "psql",
                                "-X",
                                "-q",
                                "-A",
                                "-t",
                                "-F",
                                "|",
                                "-v",
                                "ON_ERROR_STOP=1",
                                "-h",
                                "127.0.0.1",
                                "-p",
                                String.valueOf(GATEWAY.pgPort()),
                                "-U",
                                "admin",
                                "-d",
                                "sluice",
                                "-f",
                                file.toString()),
                        Map.of("PGPASSWORD", GATEWAY.adminToken()),
                        Duration.ofMinutes(5))
                .output();

        Map<String, List<String>> rows = rowsByCase(output);
        for (EventTimeCase eventTimeCase : cases) {
            assertThat(eventTimeCase.mismatch(rows.getOrDefault(eventTimeCase.name(), List.of())))
                    .as(eventTimeCase.name() + " through psql, which printed:\n" + output)
                    .isEmpty();
        }
    }

    /** psql's unaligned rows ({@code a|b|c}) after each {@code \echo rows of NAME}, as the cases write rows. */
    private static Map<String, List<String>> rowsByCase(String output) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("rows of ")) {
                current = rows.computeIfAbsent(line.substring("rows of ".length()), name -> new ArrayList<>());
            } else if (current != null && !line.isEmpty()) {
                current.add("+I[" + String.join(", ", line.split("\\|", -1)) + "]");
            }
        }
        return rows;
    }

    @Test
    void pandasReadsAWindowedQueryIntoADataFrameWithTheRightDtypes() throws Exception {
        EventTimeCase window = eventTimeCase(WINDOW);
        String query = "SELECT window_start, window_end, user_name, COUNT(*) AS events,"
                + " CAST(SUM(amount) AS DOUBLE) AS total_float, CAST(SUM(amount) AS DECIMAL(10, 2)) AS total_numeric"
                + " FROM TABLE(TUMBLE(TABLE pandas_cases.events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
                + " GROUP BY window_start, window_end, user_name";
        JsonNode frame = ClientProcess.python(
                        "pandas_window.py",
                        Map.of(
                                "SLUICE_PG_PORT", String.valueOf(GATEWAY.pgPort()),
                                "SLUICE_TOKEN", GATEWAY.adminToken(),
                                "SLUICE_SETTINGS", new ObjectMapper().writeValueAsString(window.config()),
                                "SLUICE_QUERY", query))
                .json();

        assertThat(frame.get("dtypes").toString())
                .isEqualTo(
                        "{\"window_start\":\"datetime64[ns]\",\"window_end\":\"datetime64[ns]\","
                                + "\"user_name\":\"object\",\"events\":\"int64\",\"total_float\":\"float64\",\"total_numeric\":\"object\"}");
        assertThat(frame.get("types").get("total_numeric").asText()).isEqualTo("Decimal");
        // The case's rows (start, end, user, count, sum), the sum as a float and as a numeric(10,2).
        List<String> expected = window.expectedRows().stream()
                .map(row -> {
                    String[] fields = row.substring(3, row.length() - 1).split(", ");
                    return List.of(
                                    fields[0].replace(' ', 'T'),
                                    fields[1].replace(' ', 'T'),
                                    "'" + fields[2] + "'",
                                    fields[3],
                                    fields[4] + ".0",
                                    "Decimal('" + fields[4] + ".00')")
                            .toString();
                })
                .sorted()
                .toList();
        List<String> actual = new ArrayList<>();
        frame.get("rows").forEach(row -> {
            List<String> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(cell.asText()));
            actual.add(cells.toString());
        });
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void aPsycopg2NamedCursorReadsAnUnboundedQueryInBatches() throws Exception {
        JsonNode read = ClientProcess.python(
                        "psycopg2_named_cursor.py",
                        Map.of(
                                "SLUICE_PG_PORT",
                                String.valueOf(GATEWAY.pgPort()),
                                "SLUICE_TOKEN",
                                acme.token(),
                                "SLUICE_QUERY",
                                "SELECT n FROM ticks",
                                "SLUICE_BATCH",
                                "10"))
                .json();

        assertThat(read.get("batches")).hasSize(3);
        read.get("batches").forEach(batch -> {
            assertThat(batch).hasSize(10);
            batch.forEach(row ->
                    assertThat(row.get(0).isIntegralNumber()).as(row.toString()).isTrue());
        });
    }

    @Test
    void sqlalchemysInspectorListsTheTenantsTablesAndColumnsAndNotAnotherTenants() throws Exception {
        JsonNode inspected = ClientProcess.python(
                        "sqlalchemy_inspector.py",
                        Map.of(
                                "SLUICE_PG_PORT",
                                String.valueOf(GATEWAY.pgPort()),
                                "SLUICE_TOKEN",
                                acme.token(),
                                "SLUICE_TABLE",
                                "orders",
                                "SLUICE_OTHER_TABLE",
                                "secret_orders"))
                .json();

        assertThat(inspected.get("default_schema").asText()).isEqualTo("acme");
        assertThat(inspected.get("schemas").toString()).isEqualTo("[\"acme\"]");
        assertThat(inspected.get("tables").toString()).isEqualTo("[\"orders\",\"ticks\"]");
        assertThat(inspected.get("views").toString()).isEqualTo("[\"big_orders\"]");
        assertThat(inspected.get("has_table").asBoolean()).isTrue();
        assertThat(inspected.get("has_other_table").asBoolean()).isFalse();
        assertThat(inspected.get("columns").toString())
                .isEqualTo("[[\"order_id\",\"BIGINT\",false],[\"customer\",\"TEXT\",true],"
                        + "[\"amount\",\"NUMERIC(12, 2)\",true],[\"ts\",\"TIMESTAMP\",true]]");
        assertThat(inspected.get("other_columns").asText()).isEqualTo("NoSuchTableError");
        assertThat(inspected.get("indexes").toString()).isEqualTo("[]");
    }

    @Test
    void pgjdbcsMetadataListsTheTenantsTablesAndColumnsAndNotAnotherTenants() throws SQLException {
        try (Connection connection = DriverManager.getConnection(GATEWAY.pgJdbcUrl(), credentials(acme.token()))) {
            DatabaseMetaData metadata = connection.getMetaData();
            assertThat(rows(
                            metadata.getTables(null, null, "%", new String[] {"TABLE", "VIEW"}),
                            "TABLE_SCHEM",
                            "TABLE_NAME",
                            "TABLE_TYPE"))
                    .containsExactly("acme orders TABLE", "acme ticks TABLE", "acme big_orders VIEW");
            assertThat(rows(
                            metadata.getColumns(null, "acme", "orders", null),
                            "COLUMN_NAME",
                            "DATA_TYPE",
                            "TYPE_NAME",
                            "COLUMN_SIZE",
                            "DECIMAL_DIGITS",
                            "NULLABLE",
                            "REMARKS"))
                    .containsExactly(
                            "order_id -5 int8 19 0 0 BIGINT NOT NULL",
                            "customer 12 text 2147483647 0 1 STRING",
                            "amount 2 numeric 12 2 1 DECIMAL(12, 2)",
                            "ts 93 timestamp 26 3 1 TIMESTAMP(3) *ROWTIME*");
            assertThat(rows(metadata.getTables(null, "beta", "%", null), "TABLE_NAME"))
                    .isEmpty();
            assertThat(rows(metadata.getColumns(null, null, "secret_orders", null), "COLUMN_NAME"))
                    .isEmpty();
            assertThat(rows(metadata.getSchemas(), "TABLE_SCHEM")).containsExactly("acme");
        }
    }

    private static List<String> rows(ResultSet result, String... columns) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (result) {
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (String column : columns) {
                    values.add(result.getString(column));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows;
    }

    private static EventTimeCase eventTimeCase(String name) {
        return EventTimeCases.load().stream()
                .filter(eventTimeCase -> eventTimeCase.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static void run(String token, List<String> statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(GATEWAY.pgJdbcUrl(), credentials(token));
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static Properties credentials(String token) {
        Properties properties = new Properties();
        properties.setProperty("user", "notebook");
        properties.setProperty("password", token);
        return properties;
    }
}
