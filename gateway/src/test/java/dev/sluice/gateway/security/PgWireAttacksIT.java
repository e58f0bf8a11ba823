package dev.sluice.gateway.security;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.RawPgClient;
import dev.sluice.gateway.testing.RawPgClient.Message;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The PostgreSQL listener is a way in like the others, and held to the same rules: every connection authenticates with
 * a token, a tenant sees its own tables only, values never become SQL, the protected settings and quotas hold; and to
 * its own: malformed, oversized or endless input ends the connection without costing more than its limits, connections
 * are capped, a cancel needs the connection's secret key, and a client that goes away takes its query with it.
 */
class PgWireAttacksIT {

    private static final int MAX_CONNECTIONS = 8;
    private static final int SESSIONS_PER_TENANT = 4;

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
        options.set(SluiceOptions.PG_MAX_CONNECTIONS, MAX_CONNECTIONS);
        options.set(SluiceOptions.PG_STARTUP_TIMEOUT, Duration.ofSeconds(1));
        options.set(SluiceOptions.PG_MAX_MESSAGE_SIZE, MemorySize.parse("64kb"));
        options.set(SluiceOptions.MAX_SESSIONS_PER_TENANT, SESSIONS_PER_TENANT);
        options.set(SluiceOptions.REVOCATION_SWEEP_INTERVAL, Duration.ofMillis(500));
    });

    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private static Analyst analyst(String tenant) {
        return Analyst.of(GATEWAY, tenant + UNIQUE.incrementAndGet(), "nb" + UNIQUE.incrementAndGet());
    }

    private static Connection connect(String token, String... properties) throws SQLException {
        return GATEWAY.connectPg("mallory", token, properties);
    }

    private static String ticks(Statement statement, int rowsPerSecond) throws SQLException {
        String table = "ticks_" + UNIQUE.incrementAndGet();
        statement.execute("CREATE TEMPORARY TABLE " + table
                + " (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '" + rowsPerSecond + "')");
        return table;
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.PG_WIRE)
    void aWrongTokenLearnsThatItIsWrongAndNothingElse() throws IOException {
        try (RawPgClient client = RawPgClient.connect(GATEWAY.pgPort())) {
            Message refusal = client.authenticate("admin", "slc_" + "A".repeat(43));
            assertThat(refusal.type()).isEqualTo('E');
            // Exactly PostgreSQL's answer: no hint, no detail, nothing about the token or who has one.
            assertThat(refusal.fields())
                    .containsExactly(
                            Map.entry('S', "FATAL"),
                            Map.entry('V', "FATAL"),
                            Map.entry('C', "28P01"),
                            Map.entry('M', "password authentication failed for user \"admin\""));
            assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
        assertThatThrownBy(() -> connect(""))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isIn("28P01", "08004"));
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.PG_WIRE)
    void aRevokedTokensConnectionEndsAndItConnectsNoMore() throws Exception {
        Analyst leaver = analyst("leaver");
        try (Connection connection = connect(leaver.token());
                Statement statement = connection.createStatement()) {
            String table = ticks(statement, 5);
            assertThat(GATEWAY.api()
                            .delete("/api/v1/tokens/" + leaver.tokenId())
                            .status())
                    .isEqualTo(200);
            // The open connection's session is closed with the token's: the next statement finds it gone.
            eventually(
                    () -> {
                        try (ResultSet rows = statement.executeQuery("SELECT id FROM " + table)) {
                            return false;
                        } catch (SQLException e) {
                            return true;
                        }
                    },
                    "the revoked token's connection runs nothing more");
        }
        assertThatThrownBy(() -> connect(leaver.token()))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    @Attack(kind = Attack.Kind.LISTENER_PARITY, through = Attack.Listener.PG_WIRE)
    void anotherTenantsTableIsNotThereWhateverTheUserNameSays() throws SQLException {
        Analyst acme = analyst("acme");
        Analyst beta = analyst("beta");
        try (Connection owner = connect(acme.token());
                Statement statement = owner.createStatement()) {
            statement.execute("CREATE TABLE secrets (v STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '3')");
            try (ResultSet database = statement.executeQuery("SHOW CURRENT DATABASE")) {
                assertThat(database.next()).isTrue();
                String acmeDatabase = database.getString(1);
                Properties asAcme = new Properties();
                // The user name is informative: naming the other tenant, or the admin, changes nothing.
                asAcme.setProperty("user", acme.tenant());
                asAcme.setProperty("password", beta.token());
                try (Connection intruder = DriverManager.getConnection(GATEWAY.pgJdbcUrl(), asAcme);
                        Statement probe = intruder.createStatement()) {
                    for (String sql : List.of(
                            "SELECT * FROM secrets",
                            "SELECT * FROM `" + acmeDatabase + "`.secrets",
                            "SELECT * FROM sluice.`" + acmeDatabase + "`.secrets")) {
                        assertThatThrownBy(() -> probe.executeQuery(sql))
                                .as(sql)
                                .isInstanceOfSatisfying(
                                        SQLException.class,
                                        e -> assertThat(e.getSQLState()).isEqualTo("42P01"));
                    }
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM secrets")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    @Test
    @Attack(kind = Attack.Kind.LISTENER_PARITY, through = Attack.Listener.PG_WIRE)
    void parameterValuesNeverBecomeSql() throws SQLException {
        Analyst analyst = analyst("inject");
        String attack = "x' AS v FROM (VALUES (1)) AS t(a); DROP TABLE victims; --";
        try (Connection connection = connect(analyst.token());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE victims (v STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '1')");
            try (PreparedStatement typed = connection.prepareStatement("SELECT ? AS v");
                    PreparedStatement untyped = connection.prepareStatement("SELECT CAST(? AS STRING) AS v")) {
                typed.setString(1, attack);
                untyped.setObject(1, attack, Types.OTHER);
                for (PreparedStatement each : List.of(typed, untyped)) {
                    try (ResultSet rows = each.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getString("v")).isEqualTo(attack);
                        assertThat(rows.next()).isFalse();
                    }
                }
            }
            try (PreparedStatement number = connection.prepareStatement("SELECT CAST(? AS INT) AS v")) {
                number.setObject(1, "1; DROP TABLE victims", Types.OTHER);
                assertThatThrownBy(number::executeQuery)
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("22P02"));
            }
            try (ResultSet tables = statement.executeQuery("SHOW TABLES")) {
                assertThat(tables.next()).isTrue();
                assertThat(tables.getString(1)).isEqualTo("victims");
            }
        }
    }

    @Test
    @Attack(kind = Attack.Kind.LISTENER_PARITY, through = Attack.Listener.PG_WIRE)
    void malformedMessagesEndTheConnectionWithAProtocolViolation() throws Exception {
        Analyst analyst = analyst("garbage");
        // A Bind that claims 32767 parameter values it does not have; an unknown message type; a string without its
        // NUL.
        List<byte[]> malformed = List.of(
                message('B', new byte[] {0, 0, 0, 0, 0x7f, (byte) 0xff}),
                message('@', new byte[] {1, 2, 3}),
                message('Q', new byte[] {'S', 'E', 'L'}));
        for (byte[] bytes : malformed) {
            try (RawPgClient client = RawPgClient.connect(GATEWAY.pgPort())) {
                assertThat(client.authenticate("mallory", analyst.token()).type())
                        .isEqualTo('Z');
                client.writeRaw(bytes);
                Message answer = client.readUntil('Z');
                assertThat(answer.type()).isEqualTo('E');
                assertThat(answer.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01");
                assertThat(answer.fields().get('M')).doesNotContain("Exception");
                assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
            }
        }
        assertServing(analyst);
    }

    private static byte[] message(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length)
                .put((byte) type)
                .putInt(4 + body.length)
                .put(body)
                .array();
    }

    @Test
    @Attack(kind = Attack.Kind.LISTENER_PARITY, through = Attack.Listener.PG_WIRE)
    void anOversizedMessageIsRefusedBeforeItIsRead() throws Exception {
        Analyst analyst = analyst("oversized");
        try (RawPgClient client = RawPgClient.connect(GATEWAY.pgPort())) {
            assertThat(client.authenticate("mallory", analyst.token()).type()).isEqualTo('Z');
            // A Query announcing a gigabyte: refused from its length, before any of it is read or held.
            client.writeRaw(
                    ByteBuffer.allocate(5).put((byte) 'Q').putInt(1 << 30).array());
            Message answer = client.readUntil('Z');
            assertThat(answer.type()).isEqualTo('E');
            assertThat(answer.fields()).containsEntry('S', "FATAL").containsEntry('C', "54000");
            assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
        // A statement over the limit, sent whole, is refused the same way, and a startup packet over PostgreSQL's own.
        try (RawPgClient client = RawPgClient.connect(GATEWAY.pgPort())) {
            assertThat(client.authenticate("mallory", analyst.token()).type()).isEqualTo('Z');
            client.query("SELECT '" + "x".repeat(70_000) + "'");
            assertThat(client.readUntil('Z').fields()).containsEntry('C', "54000");
        }
        try (RawPgClient client = RawPgClient.connect(GATEWAY.pgPort())) {
            client.writeRaw(ByteBuffer.allocate(4).putInt(1 << 20).array());
            assertThat(client.readUntil('Z').fields()).containsEntry('C', "08P01");
        }
        assertServing(analyst);
    }

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.PG_WIRE)
    void aStartupThatNeverEndsIsClosed() throws IOException {
        try (RawPgClient client = RawPgClient.connect(GATEWAY.pgPort())) {
            // Half a length word, then nothing, as a slow-loris client holds a connection open.
            client.writeRaw(new byte[] {0, 0});
            assertThat(client.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
        try (RawPgClient client = RawPgClient.connect(GATEWAY.pgPort())) {
            // A complete startup, then no password: closed too.
            client.startup("mallory");
            assertThat(client.read().type()).isEqualTo('R');
            assertThat(client.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.PG_WIRE)
    void aFloodOfConnectionsIsCappedInTotalAndPerTenant() throws Exception {
        Analyst hoarder = analyst("hoarder");
        List<Connection> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < SESSIONS_PER_TENANT; i++) {
                sessions.add(connect(hoarder.token()));
            }
            assertThatThrownBy(() -> connect(hoarder.token()))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53300"));
        } finally {
            for (Connection connection : sessions) {
                connection.close();
            }
        }

        List<RawPgClient> flood = new ArrayList<>();
        try {
            Map<Character, String> refusal = null;
            for (int i = 0; i <= MAX_CONNECTIONS && refusal == null; i++) {
                RawPgClient client = RawPgClient.connect(GATEWAY.pgPort());
                flood.add(client);
                client.startup("flood");
                Message answer = client.read();
                if (answer != null && answer.type() == 'E') {
                    refusal = answer.fields();
                }
            }
            assertThat(refusal)
                    .as("a connection over the cap of %d is refused", MAX_CONNECTIONS)
                    .containsEntry('C', "53300")
                    .containsEntry('S', "FATAL");
        } finally {
            for (RawPgClient client : flood) {
                client.close();
            }
        }
        // The unauthenticated ones are closed after the startup timeout, and the listener serves again.
        assertServing(hoarder);
    }

    @Test
    @Attack(kind = Attack.Kind.CONTROL_PLANE, through = Attack.Listener.PG_WIRE)
    void aCancelRequestWithoutTheConnectionsSecretKeyCancelsNothing() throws Exception {
        Analyst victim = analyst("victim");
        Analyst attacker = analyst("attacker");
        try (Connection connection = connect(victim.token());
                Statement statement = connection.createStatement();
                RawPgClient own = RawPgClient.connect(GATEWAY.pgPort())) {
            assertThat(own.authenticate("mallory", attacker.token()).type()).isEqualTo('Z');
            int victimProcess = connection.unwrap(PGConnection.class).getBackendPID();
            String table = ticks(statement, 20);
            connection.setAutoCommit(false);
            statement.setFetchSize(5);
            try (ResultSet rows = statement.executeQuery("SELECT id FROM " + table)) {
                assertThat(rows.next()).isTrue();
                SecureRandom random = new SecureRandom();
                // Guessed keys, and the attacker's own key with the victim's process id.
                for (int i = 0; i < 50; i++) {
                    try (RawPgClient guess = RawPgClient.connect(GATEWAY.pgPort())) {
                        guess.cancelRequest(victimProcess, i == 0 ? own.secretKey() : random.nextInt());
                        assertThat(guess.closedWithin(Duration.ofSeconds(5))).isTrue();
                    }
                }
                // The victim's stream goes on.
                for (int i = 0; i < 20; i++) {
                    assertThat(rows.next()).isTrue();
                }
            }
            connection.rollback();
        }
    }

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.PG_WIRE)
    void aClientThatGoesAwayMidStreamTakesItsQueryWithIt() throws Exception {
        Analyst analyst = analyst("leaving");
        try (RawPgClient client = RawPgClient.connect(GATEWAY.pgPort())) {
            assertThat(client.authenticate("mallory", analyst.token()).type()).isEqualTo('Z');
            client.query(
                    "CREATE TEMPORARY TABLE endless (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20');"
                            + " SELECT id AS gone_marker FROM endless");
            int rows = 0;
            while (rows < 5) {
                Message message = client.read();
                assertThat(message).isNotNull();
                assertThat(message.type()).isNotEqualTo('E');
                if (message.type() == 'D') {
                    rows++;
                }
            }
            eventually(
                    () -> jobStatus("gone_marker").equals("RUNNING"),
                    () -> "the query runs while its client reads: " + jobStatus("gone_marker"));
        }
        // The socket closed without a Terminate: the job is cancelled and the session closed.
        eventually(
                () -> jobStatus("gone_marker").equals("CANCELED"),
                () -> "the job of a client that went away is cancelled: " + jobStatus("gone_marker"));
    }

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.PG_WIRE)
    void statementsOverQuotaRunNothing() throws SQLException {
        Analyst analyst = analyst("quota");
        assertThat(GATEWAY.api()
                        .put(
                                "/api/v1/tenants/" + analyst.tenant() + "/quota",
                                "{\"maxJobs\": 0, \"maxTaskSlots\": 0,"
                                        + " \"maxCpuCores\": 8, \"maxMemoryBytes\": 68719476736, \"maxStateBytes\": 1099511627776}")
                        .status())
                .isEqualTo(200);
        try (Connection connection = connect(analyst.token());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1')");
            statement.execute("CREATE TABLE dst (id BIGINT) WITH ('connector' = 'blackhole')");
            // A query is refused outright; a job waits for an admin, named in the error.
            assertThatThrownBy(() -> statement.executeQuery("SELECT id AS over_quota_marker FROM src"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("53400");
                        assertThat(e.getServerErrorMessage().getDetail())
                                .isEqualTo("Sluice error code: QUOTA_EXCEEDED.");
                    });
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO dst SELECT id FROM src"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("53400");
                        assertThat(e.getServerErrorMessage().getDetail())
                                .isEqualTo("Sluice error code: PENDING_APPROVAL.");
                    });
        }
        assertThat(jobStatus("over_quota_marker")).isEqualTo("MISSING");
        assertThat(analyst.api().get("/api/v1/jobs").body().get("jobs")).isEmpty();
    }

    @Test
    @Attack(kind = Attack.Kind.SETTINGS, through = Attack.Listener.PG_WIRE)
    void aProtectedFlinkSettingCannotBeSetOverPostgres() throws SQLException {
        Analyst analyst = analyst("settings");
        try (Connection connection = connect(analyst.token());
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("SET 'execution.target' = 'remote'"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42501");
                        assertThat(e.getServerErrorMessage().getDetail())
                                .isEqualTo("Sluice error code: POLICY_PROTECTED_SETTING.");
                    });
            try (ResultSet settings = statement.executeQuery("SET")) {
                while (settings.next()) {
                    assertThat(settings.getString(1) + "=" + settings.getString(2))
                            .isNotEqualTo("execution.target=remote");
                }
            }
        }
    }

    /** The listener still serves a well-behaved client. */
    private static void assertServing(Analyst analyst) {
        eventually(
                () -> {
                    try (Connection connection = connect(analyst.token());
                            Statement statement = connection.createStatement();
                            ResultSet one = statement.executeQuery("SELECT 1")) {
                        return one.next() && one.getInt(1) == 1;
                    } catch (SQLException e) {
                        return false;
                    }
                },
                "the listener serves a well-behaved client");
    }

    /**
     * The status of the Flink job whose name holds {@code marker} (a query's job is named by its SQL), as an admin's
     * SHOW JOBS lists it (a tenant's lists the queries of its open sessions only); MISSING if none.
     */
    private static String jobStatus(String marker) {
        try (Connection connection = connect(GATEWAY.adminToken());
                Statement statement = connection.createStatement();
                ResultSet jobs = statement.executeQuery("SHOW JOBS")) {
            while (jobs.next()) {
                if (jobs.getString("job name").contains(marker)) {
                    return jobs.getString("status");
                }
            }
            return "MISSING";
        } catch (SQLException e) {
            return "UNKNOWN: " + e.getMessage();
        }
    }

    private static void eventually(BooleanSupplier condition, String what) {
        eventually(condition, () -> what);
    }

    private static void eventually(BooleanSupplier condition, Supplier<String> what) {
        await().atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> assertThat(condition.getAsBoolean()).as(what).isTrue());
    }
}
