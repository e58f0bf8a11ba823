package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The PostgreSQL listener through pgjdbc, the driver DBeaver, BI tools and JVM notebooks use, against a real gateway:
 * types in text and binary, parameters, streams and their cancellation, cursors, INSERTs and their jobs, held statements,
 * and errors with their SQLSTATE and position.
 */
class PgWireIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final Pattern JOB_NOTICE = Pattern.compile("Job (\\S+) started \\(Flink job ([0-9a-f]{32})\\)\\.");

    static Connection connect(String token, String... properties) throws SQLException {
        return GATEWAY.connectPg("notebook", token, properties);
    }

    private static Connection admin(String... properties) throws SQLException {
        return connect(GATEWAY.adminToken(), properties);
    }

    /** A table of its own for each test: a datagen source of {@code rowsPerSecond}, unbounded. */
    private static String ticks(Statement statement, int rowsPerSecond) throws SQLException {
        String table = "ticks_" + UNIQUE.incrementAndGet();
        statement.execute("CREATE TEMPORARY TABLE " + table
                + " (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '" + rowsPerSecond + "')");
        return table;
    }

    @Test
    void connectingReportsTheParametersClientsReadAtStartup() throws SQLException {
        try (Connection connection = admin("ApplicationName=pgwire-test")) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(connection.getMetaData().getDatabaseProductVersion()).isEqualTo("15.0 (Sluice)");
            PGConnection pg = connection.unwrap(PGConnection.class);
            assertThat(pg.getParameterStatuses())
                    .containsEntry("server_version", "15.0 (Sluice)")
                    .containsEntry("server_encoding", "UTF8")
                    .containsEntry("client_encoding", "UTF8")
                    .containsEntry("DateStyle", "ISO, MDY")
                    .containsEntry("integer_datetimes", "on")
                    .containsEntry("standard_conforming_strings", "on")
                    .containsEntry("is_superuser", "off")
                    .containsEntry("session_authorization", "notebook")
                    .containsEntry("application_name", "pgwire-test");
            assertThat(pg.getBackendPID()).isPositive();

            try (Statement statement = connection.createStatement()) {
                statement.execute("SET application_name = 'renamed'");
                assertThat(pg.getParameterStatus("application_name")).isEqualTo("renamed");
            }
        }
    }

    /** simple: the simple query protocol, all text; binary: server-prepared statements with binary results. */
    @ParameterizedTest
    @ValueSource(strings = {"preferQueryMode=simple", "prepareThreshold=-1"})
    void everyCommonTypeArrivesAsItsPostgresType(String mode) throws SQLException {
        String sql = "SELECT CAST(1 AS TINYINT) AS ti, CAST(2 AS SMALLINT) AS si, 3 AS i, CAST(4 AS BIGINT) AS bi,"
                + " CAST(1.5 AS FLOAT) AS f, CAST(2.5 AS DOUBLE) AS d, CAST(12345678901234.10 AS DECIMAL(16, 2)) AS n,"
                + " TRUE AS b, CAST('text' AS STRING) AS s, CAST('v' AS VARCHAR(5)) AS vc, X'0aff' AS bin,"
                + " DATE '2024-01-01' AS dt, TIME '10:00:01' AS tm, TIMESTAMP '2024-01-01 10:00:00.123456' AS ts,"
                + " TO_TIMESTAMP_LTZ(1704067200000, 3) AS ltz, ARRAY[1, 2] AS arr, MAP['a', 1] AS m, ROW(1, 'b') AS r,"
                + " INTERVAL '2' DAY AS iv, CAST(NULL AS INT) AS nothing";
        try (Connection connection = admin(mode, "TimeZone=UTC");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            // pgjdbc names the built-in types itself; jsonb and interval it looks up in pg_type (the catalog answers).
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                String column = rows.getMetaData().getColumnLabel(i);
                if (!List.of("m", "r", "iv").contains(column)) {
                    types.add(rows.getMetaData().getColumnTypeName(i));
                }
            }
            assertThat(types)
                    .containsExactly(
                            "int2",
                            "int2",
                            "int4",
                            "int8",
                            "float4",
                            "float8",
                            "numeric",
                            "bool",
                            "text",
                            "varchar",
                            "bytea",
                            "date",
                            "time",
                            "timestamp",
                            "timestamptz",
                            "_int4",
                            "int4");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getShort("ti")).isEqualTo((short) 1);
            assertThat(rows.getShort("si")).isEqualTo((short) 2);
            assertThat(rows.getInt("i")).isEqualTo(3);
            assertThat(rows.getLong("bi")).isEqualTo(4L);
            assertThat(rows.getFloat("f")).isEqualTo(1.5f);
            assertThat(rows.getDouble("d")).isEqualTo(2.5);
            assertThat(rows.getBigDecimal("n")).isEqualTo(new BigDecimal("12345678901234.10"));
            assertThat(rows.getBoolean("b")).isTrue();
            assertThat(rows.getString("s")).isEqualTo("text");
            assertThat(rows.getString("vc")).isEqualTo("v");
            assertThat(rows.getBytes("bin")).isEqualTo(new byte[] {0x0a, (byte) 0xff});
            assertThat(rows.getObject("dt", LocalDate.class)).isEqualTo(LocalDate.of(2024, 1, 1));
            assertThat(rows.getObject("tm", LocalTime.class)).isEqualTo(LocalTime.of(10, 0, 1));
            assertThat(rows.getObject("ts", LocalDateTime.class))
                    .isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 0, 0, 123_456_000));
            assertThat(rows.getObject("ltz", OffsetDateTime.class).toInstant())
                    .isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
            Array array = rows.getArray("arr");
            assertThat((Object[]) array.getArray()).containsExactly(1, 2);
            assertThat(rows.getString("m")).isEqualTo("{\"a\":1}");
            assertThat(rows.getString("r")).isEqualTo("{\"EXPR$0\":1,\"EXPR$1\":\"b\"}");
            assertThat(rows.getString("iv")).isEqualTo("2 days");
            assertThat(rows.getObject("nothing")).isNull();
            assertThat(rows.next()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"prepareThreshold=5", "prepareThreshold=-1"})
    void preparedStatementsBindParametersOfEveryCommonType(String mode) throws SQLException {
        String sql =
                "SELECT ? AS i, ? AS l, ? AS s, ? AS f, ? AS d, ? AS n, ? AS b, ? AS v, ? AS bin, ? AS dt, ? AS tm, ? AS ts, ? AS nothing";
        try (Connection connection = admin(mode);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            // The same statement again and again, as pgjdbc switches to a server-prepared one after prepareThreshold
            // runs.
            for (int run = 0; run < 6; run++) {
                statement.setInt(1, 42 + run);
                statement.setLong(2, 9_000_000_000L);
                statement.setShort(3, (short) -3);
                statement.setFloat(4, 0.25f);
                statement.setDouble(5, 1.0E20);
                statement.setBigDecimal(6, new BigDecimal("12345678901234.10"));
                statement.setBoolean(7, true);
                statement.setString(8, "it's; DROP TABLE x; --");
                statement.setBytes(9, new byte[] {0, 1, (byte) 0xfe});
                statement.setObject(10, LocalDate.of(2024, 2, 29));
                statement.setObject(11, LocalTime.of(23, 59, 58));
                statement.setObject(12, LocalDateTime.of(2024, 1, 1, 10, 0, 0, 500_000_000));
                statement.setNull(13, Types.INTEGER);
                try (ResultSet rows = statement.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getInt("i")).isEqualTo(42 + run);
                    assertThat(rows.getLong("l")).isEqualTo(9_000_000_000L);
                    assertThat(rows.getShort("s")).isEqualTo((short) -3);
                    assertThat(rows.getFloat("f")).isEqualTo(0.25f);
                    assertThat(rows.getDouble("d")).isEqualTo(1.0E20);
                    assertThat(rows.getBigDecimal("n")).isEqualTo(new BigDecimal("12345678901234.10"));
                    assertThat(rows.getBoolean("b")).isTrue();
                    assertThat(rows.getString("v")).isEqualTo("it's; DROP TABLE x; --");
                    assertThat(rows.getBytes("bin")).isEqualTo(new byte[] {0, 1, (byte) 0xfe});
                    assertThat(rows.getObject("dt", LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
                    assertThat(rows.getObject("tm", LocalTime.class)).isEqualTo(LocalTime.of(23, 59, 58));
                    assertThat(rows.getObject("ts", LocalDateTime.class))
                            .isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 0, 0, 500_000_000));
                    assertThat(rows.getObject("nothing")).isNull();
                }
            }
        }
    }

    @Test
    void parametersWithoutATypeTakeTheTypeFlinkInfersFromWhereTheyAreUsed() throws SQLException {
        String values =
                "(VALUES (1, TIMESTAMP '2024-01-01 10:00:00'), (2, TIMESTAMP '2024-01-02 10:00:00'), (3, TIMESTAMP '2024-01-03 10:00:00'))"
                        + " AS v(x, ts)";
        try (Connection connection = admin()) {
            try (PreparedStatement statement =
                    connection.prepareStatement("SELECT x FROM " + values + " WHERE x > ?")) {
                // Types.OTHER: pgjdbc names no type, as for a value it cannot type; Flink types it as x's INT.
                statement.setObject(1, "1", Types.OTHER);
                assertThat(ints(statement)).containsExactlyInAnyOrder(2, 3);
            }
            try (PreparedStatement statement =
                    connection.prepareStatement("SELECT x FROM " + values + " WHERE ts >= ?")) {
                // pgjdbc sends a java.sql.Timestamp without a type, and with the JVM's offset, which a TIMESTAMP
                // ignores.
                statement.setTimestamp(1, Timestamp.valueOf("2024-01-02 10:00:00"));
                assertThat(ints(statement)).containsExactlyInAnyOrder(2, 3);
            }
        }
    }

    private static List<Integer> ints(PreparedStatement statement) throws SQLException {
        List<Integer> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getInt(1));
            }
        }
        return values;
    }

    @Test
    void statementCancelStopsAStreamingQueryAndItsJob() throws Exception {
        try (Connection connection = admin();
                Statement statement = connection.createStatement()) {
            String table = ticks(statement, 5);
            CompletableFuture<SQLException> failure = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rows = statement.executeQuery("SELECT id AS cancel_marker FROM " + table)) {
                    while (rows.next()) {
                        // An unbounded stream: only a cancel ends it.
                    }
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            eventually(() -> jobStatus("cancel_marker").equals("RUNNING"), "the query's job runs");
            statement.cancel();

            SQLException cancelled = failure.get(30, TimeUnit.SECONDS);
            assertThat(cancelled == null ? null : cancelled.getSQLState()).isEqualTo("57014");
            assertThat(cancelled.getMessage()).contains("canceling statement due to user request");
            eventually(() -> jobStatus("cancel_marker").equals("CANCELED"), "the cancelled query's job is cancelled");

            // The connection goes on.
            try (ResultSet one = statement.executeQuery("SELECT 1")) {
                assertThat(one.next()).isTrue();
            }
        }
    }

    @Test
    void aStreamIsReadInBatchesWithAFetchSize() throws SQLException {
        try (Connection connection = admin();
                Statement statement = connection.createStatement()) {
            String table = ticks(statement, 20);
            connection.setAutoCommit(false);
            statement.setFetchSize(5);
            try (ResultSet rows = statement.executeQuery("SELECT id FROM " + table)) {
                for (int i = 0; i < 12; i++) {
                    assertThat(rows.next()).isTrue();
                }
            }
            connection.commit();
        }
    }

    @Test
    void cursorsFetchAnUnboundedQueryInBatchesAndCloseCancelsIt() throws Exception {
        try (Connection connection = admin("preferQueryMode=simple");
                Statement statement = connection.createStatement()) {
            String table = ticks(statement, 20);
            connection.setAutoCommit(false);
            statement.execute("DECLARE c CURSOR WITHOUT HOLD FOR SELECT id AS cursor_marker FROM " + table);
            int fetched = 0;
            while (fetched < 10) {
                try (ResultSet rows = statement.executeQuery("FETCH FORWARD 4 FROM c")) {
                    int batch = 0;
                    while (rows.next()) {
                        batch++;
                    }
                    assertThat(batch).isBetween(1, 4);
                    fetched += batch;
                }
            }
            statement.execute("MOVE 2 IN c");
            assertThat(statement.getUpdateCount()).isEqualTo(2);
            statement.execute("CLOSE c");
            eventually(() -> jobStatus("cursor_marker").equals("CANCELED"), "CLOSE cancels the cursor's query");
            assertThatThrownBy(() -> statement.executeQuery("FETCH 1 FROM c"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("34000"));
            connection.rollback();
        }
    }

    @Test
    void updatingResultsShowEveryChangeWithItsKindWhenAsked() throws SQLException {
        try (Connection connection = admin();
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TEMPORARY TABLE three (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3')");
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) AS c FROM three")) {
                List<Long> counts = new ArrayList<>();
                while (rows.next()) {
                    counts.add(rows.getLong("c"));
                }
                // Without the switch: each value the count took, and a warning that retractions are not shown.
                assertThat(counts).containsExactly(1L, 2L, 3L);
                SQLWarning warning = statement.getWarnings();
                assertThat(warning == null ? null : warning.getMessage()).contains("The result is updating");
            }
            statement.execute("SET sluice.row_kind = on");
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) AS c FROM three")) {
                assertThat(rows.getMetaData().getColumnName(1)).isEqualTo("row_kind");
                List<String> changes = new ArrayList<>();
                while (rows.next()) {
                    changes.add(rows.getString("row_kind") + rows.getLong("c"));
                }
                assertThat(changes).containsExactly("+I1", "-U1", "+U2", "-U2", "+U3");
            }
        }
    }

    @Test
    void anInsertAnswersWithANoticeNamingItsJob() throws SQLException {
        Analyst analyst = Analyst.of(GATEWAY, "inserts", "nb");
        try (Connection connection = connect(analyst.token());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1')");
            statement.execute("CREATE TABLE dst (id BIGINT) WITH ('connector' = 'blackhole')");
            assertThat(statement.executeUpdate("INSERT INTO dst SELECT id FROM src"))
                    .isEqualTo(0);

            SQLWarning notice = statement.getWarnings();
            assertThat(notice == null ? null : notice.getMessage()).isNotNull();
            Matcher job = JOB_NOTICE.matcher(notice.getMessage());
            assertThat(job.find()).as(notice.getMessage()).isTrue();
            var record = analyst.api().get("/api/v1/jobs/" + job.group(1));
            assertThat(record.status()).isEqualTo(200);
            assertThat(record.body().get("flinkJobId").asText()).isEqualTo(job.group(2));
            assertThat(analyst.api()
                            .post("/api/v1/jobs/" + job.group(1) + ":stop", "{}")
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aStatementSetRunsAsOneJob() throws SQLException {
        try (Connection connection = admin("preferQueryMode=simple");
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TEMPORARY TABLE set_src (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '5')");
            statement.execute("CREATE TEMPORARY TABLE set_a (id BIGINT) WITH ('connector' = 'blackhole')");
            statement.execute("CREATE TEMPORARY TABLE set_b (id BIGINT) WITH ('connector' = 'blackhole')");
            statement.execute("BEGIN STATEMENT SET");
            statement.execute("INSERT INTO set_a SELECT id FROM set_src");
            statement.execute("INSERT INTO set_b SELECT id FROM set_src");
            statement.execute("END");
            SQLWarning notice = statement.getWarnings();
            assertThat(notice == null ? null : notice.getMessage()).isNotNull();
            assertThat(JOB_NOTICE.matcher(notice.getMessage()).find())
                    .as(notice.getMessage())
                    .isTrue();
        }
    }

    @Test
    void aJobOverQuotaIsHeldAndTheErrorNamesItsApprovalRequest() throws SQLException {
        Analyst analyst = Analyst.of(GATEWAY, "held", "nb");
        assertThat(GATEWAY.api()
                        .put(
                                "/api/v1/tenants/held/quota",
                                "{\"maxJobs\": 0, \"maxTaskSlots\": 8, \"maxCpuCores\": 8,"
                                        + " \"maxMemoryBytes\": 68719476736, \"maxStateBytes\": 1099511627776}")
                        .status())
                .isEqualTo(200);
        try (Connection connection = connect(analyst.token());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1')");
            statement.execute("CREATE TABLE dst (id BIGINT) WITH ('connector' = 'blackhole')");
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO dst SELECT id FROM src"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("53400");
                        ServerErrorMessage error = e.getServerErrorMessage();
                        Matcher request =
                                Pattern.compile("approval as request (\\S+)\\.").matcher(error.getMessage());
                        assertThat(request.find()).as(error.getMessage()).isTrue();
                        assertThat(error.getHint()).contains("/api/v1/approvals/" + request.group(1));
                        assertThat(GATEWAY.api()
                                        .get("/api/v1/approvals/" + request.group(1))
                                        .body()
                                        .get("status")
                                        .asText())
                                .isEqualTo("PENDING");
                    });
        }
    }

    @Test
    void errorsHaveTheirSqlStateAndPointAtTheirPosition() throws SQLException {
        try (Connection connection = admin();
                Statement statement = connection.createStatement()) {
            assertError(statement, "SELECT x FROM (VALUES (1)) AS v(x) WHERE x = = 1", "42601", "= =");
            assertError(statement, "SELECT * FROM missing_table", "42P01", "missing_table");
            assertError(statement, "SELECT\n  nope\nFROM (VALUES (1)) AS v(x)", "42703", "nope");
            assertError(statement, "SELECT no_such_function(1)", "42883", "no_such_function");
        }
        try (Connection connection = admin();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT ?, missing_column FROM (VALUES (1)) AS v(x)")) {
            // The value becomes a longer literal; the position still counts in the text pgjdbc sent ($1 for ?).
            statement.setString(1, "a value much longer than its placeholder");
            assertThatThrownBy(statement::executeQuery).isInstanceOfSatisfying(PSQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("42703");
                assertThat(e.getServerErrorMessage().getPosition())
                        .isEqualTo("SELECT $1, missing_column".indexOf("missing_column") + 1);
            });
        }
    }

    private static void assertError(Statement statement, String sql, String sqlState, String at) {
        assertThatThrownBy(() -> statement.executeQuery(sql)).isInstanceOfSatisfying(PSQLException.class, e -> {
            ServerErrorMessage error = e.getServerErrorMessage();
            assertThat(e.getSQLState()).as(sql).isEqualTo(sqlState);
            assertThat(error.getPosition()).as(sql).isEqualTo(sql.indexOf(at) + 1);
            assertThat(error.getMessage()).doesNotContain("Exception").doesNotContain("\tat ");
        });
    }

    @Test
    void flinkSettingsTakeQuotesAndPostgresParametersDoNot() throws SQLException {
        try (Connection connection = admin();
                Statement statement = connection.createStatement()) {
            statement.execute("SET 'table.exec.state.ttl' = '1 h'");
            try (ResultSet settings = statement.executeQuery("SET")) {
                boolean found = false;
                while (settings.next()) {
                    found |= settings.getString(1).equals("table.exec.state.ttl")
                            && settings.getString(2).equals("1 h");
                }
                assertThat(found).isTrue();
            }
            assertThatThrownBy(() -> statement.execute("SET table.exec.state.ttl = '1 h'"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42704");
                        assertThat(e.getServerErrorMessage().getHint())
                                .isEqualTo("Flink settings take quotes: SET 'table.exec.state.ttl' = '...'.");
                    });
            statement.execute("SET extra_float_digits = 3");
            statement.execute("BEGIN");
            statement.execute("COMMIT");
        }
    }

    /** The status of the Flink job whose name holds {@code marker} (a query's job is named by its SQL), as SHOW JOBS lists it. */
    static String jobStatus(String marker) {
        try (Connection connection = admin();
                Statement statement = connection.createStatement();
                ResultSet jobs = statement.executeQuery("SHOW JOBS")) {
            while (jobs.next()) {
                if (jobs.getString("job name").contains(marker)) {
                    return jobs.getString("status");
                }
            }
            return "MISSING";
        } catch (SQLException e) {
            throw new AssertionError("SHOW JOBS failed", e);
        }
    }

    @Test
    void aTableThatNoLongerResolvesLeavesTheOthersListed() throws SQLException {
        String function = "shout_" + UNIQUE.incrementAndGet();
        String broken = "broken_" + UNIQUE.get();
        String kept = "kept_" + UNIQUE.get();
        String definition = """
                {"name": "%s", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "f",
                 "source": "function f(s) { return s.toUpperCase(); }",
                 "signature": {"result": "STRING", "parameters": [{"name": "s", "type": "STRING"}]}}""".formatted(function);
        ApiClient.Response created = GATEWAY.api().post("/api/v1/functions", definition);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        try (Connection connection = admin();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + kept + " (s STRING) WITH ('connector' = 'datagen')");
            statement.execute("CREATE TABLE " + broken + " (s STRING, loud AS " + function
                    + "(s)) WITH ('connector' = 'datagen')");
            ApiClient.Response deleted = GATEWAY.api().delete("/api/v1/functions/" + function);
            assertThat(deleted.status()).as(deleted.body().toString()).isEqualTo(204);

            List<String> names = new ArrayList<>();
            try (ResultSet tables = connection.getMetaData().getTables(null, null, "%", null)) {
                while (tables.next()) {
                    names.add(tables.getString("TABLE_NAME"));
                }
            }
            assertThat(names).contains(kept).doesNotContain(broken);
            // Querying it says what is wrong.
            assertThatThrownBy(() -> statement.executeQuery("SELECT loud FROM " + broken))
                    .isInstanceOfSatisfying(
                            PSQLException.class, e -> assertThat(e.getMessage()).contains(function));
            // Nor can it be dropped until the function is back.
            assertThat(GATEWAY.api().post("/api/v1/functions", definition).status())
                    .isEqualTo(201);
            statement.execute("DROP TABLE " + broken);
            statement.execute("DROP TABLE " + kept);
            assertThat(GATEWAY.api().delete("/api/v1/functions/" + function).status())
                    .isEqualTo(204);
        }
    }

    static void eventually(BooleanSupplier condition, String what) {
        await(what)
                .atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(condition::getAsBoolean);
    }
}
