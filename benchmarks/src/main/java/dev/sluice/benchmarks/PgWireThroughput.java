package dev.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One bounded query's results read to the end through each way a notebook can read them, side by side in one run on
 * one gateway: the PostgreSQL listener with pgjdbc, the Sluice API's result pages, and the Flink JDBC driver (in a JVM
 * of its own) on the Flink-compatible endpoint. Each is timed from submitting the query (connection or session
 * already open) to its first row and to its last, every value decoded; the three take turns, after one unreported
 * warm-up round each.
 */
public final class PgWireThroughput {

    private static final String USAGE =
            "Usage: benchmarks/run pgwire [--rounds N (default 3)] [--rows N (default 300000)]\n";

    /** Rows fetched per round trip by pgjdbc: a cursor's worth, as a notebook streaming a result would ask. */
    private static final int PGJDBC_FETCH_SIZE = 1000;

    enum Client {
        PGWIRE("PostgreSQL listener, pgjdbc 42.7.7 (fetch size " + PGJDBC_FETCH_SIZE + ")"),
        API("Sluice API /api/v1, result pages"),
        FLINK_JDBC("Flink JDBC driver 2.3.0, Flink-compatible endpoint");

        private final String label;

        Client(String label) {
            this.label = label;
        }
    }

    /** One read of the whole result: rows, and nanoseconds from submitting to the first and to the last row. */
    record Read(long rows, long firstRowNanos, long lastRowNanos) {
        double rowsPerSecond() {
            return rows / (lastRowNanos / 1e9);
        }
    }

    private final SluiceServer server;
    private final String token;
    private final String query;
    private final long rows;

    private PgWireThroughput(SluiceServer server, String token, String query, long rows) {
        this.server = server;
        this.token = token;
        this.query = query;
        this.rows = rows;
    }

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        long rows = 300_000;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length || !List.of("--rounds", "--rows").contains(args[i])) {
                System.err.print(USAGE);
                System.exit(2);
            }
            long value = BenchmarkFlags.wholeNumber(args[i], args[i + 1], USAGE);
            if (args[i].equals("--rounds")) {
                rounds = (int) value;
            } else {
                rows = value;
            }
        }
        Machine before = Machine.now();
        Map<Client, List<Read>> reads;
        try (TempDir dataDir = TempDir.create("sluice-bench-pgwire-");
                SluiceServer server = SluiceServer.start(Configuration.fromMap(Map.of(
                        SluiceOptions.DATA_DIR.key(), dataDir.path().toString(),
                        SluiceOptions.API_PORT.key(), "0",
                        SluiceOptions.FLINK_ENDPOINT_PORT.key(), "0",
                        SluiceOptions.PG_PORT.key(), "0",
                        CoreOptions.DEFAULT_PARALLELISM.key(), "1")))) {
            String token = Files.readString(server.adminTokenFile()).strip();
            ApiClient api = new ApiClient(server.apiUrl(), token);
            api.run(api.openSession(), table(rows));
            reads = new PgWireThroughput(server, token, "SELECT id, customer, amount, price, ts FROM pgwire_rows", rows)
                    .run(rounds);
        }
        report(System.out, before, rows, reads);
        // Flink and the gateway leave non-daemon threads behind; the report is complete.
        System.exit(0);
    }

    /** Five columns of the common types, as fast as datagen makes them; the sequence makes the count exact. */
    private static String table(long rows) {
        return """
                CREATE TABLE pgwire_rows (
                  id BIGINT,
                  customer STRING,
                  amount DECIMAL(12, 2),
                  price DOUBLE,
                  ts TIMESTAMP(3)
                ) WITH (
                  'connector' = 'datagen',
                  'rows-per-second' = '1000000000',
                  'number-of-rows' = '%d',
                  'fields.id.kind' = 'sequence',
                  'fields.id.start' = '1',
                  'fields.id.end' = '%d',
                  'fields.customer.length' = '12')""".formatted(rows, rows);
    }

    private Map<Client, List<Read>> run(int rounds) throws Exception {
        Map<Client, List<Read>> reads = new EnumMap<>(Client.class);
        for (Client client : Client.values()) {
            Progress.say("warm-up: %s", describe(client, read(client)));
            reads.put(client, new ArrayList<>());
        }
        for (int round = 1; round <= rounds; round++) {
            for (Client client : Client.values()) {
                Read read = read(client);
                reads.get(client).add(read);
                Progress.say("round %d/%d: %s", round, rounds, describe(client, read));
            }
        }
        return reads;
    }

    private static String describe(Client client, Read read) {
        return String.format(
                "%s: %,d rows, first row %.0f ms, %.0f rows/s",
                client.label, read.rows(), read.firstRowNanos() / 1e6, read.rowsPerSecond());
    }

    private Read read(Client client) throws Exception {
        Read read = switch (client) {
            case PGWIRE -> throughPgWire();
            case API -> throughApi();
            case FLINK_JDBC -> throughFlinkJdbc();
        };
        if (read.rows() != rows) {
            throw new IllegalStateException(client.label + " read " + read.rows() + " rows, not " + rows);
        }
        return read;
    }

    private Read throughPgWire() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "benchmark");
        properties.setProperty("password", token);
        try (Connection connection = DriverManager.getConnection(server.pgJdbcUrl(), properties)) {
            // pgjdbc streams with a fetch size only outside autocommit; else it reads the whole result first.
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(PGJDBC_FETCH_SIZE);
                long start = System.nanoTime();
                long firstRow = 0;
                long count = 0;
                try (ResultSet result = statement.executeQuery(query)) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        if (count++ == 0) {
                            firstRow = System.nanoTime();
                        }
                        for (int i = 1; i <= columns; i++) {
                            result.getObject(i);
                        }
                    }
                }
                return new Read(count, firstRow - start, System.nanoTime() - start);
            }
        }
    }

    private Read throughApi() throws InterruptedException {
        ApiClient api = new ApiClient(server.apiUrl(), token);
        String session = api.openSession();
        long start = System.nanoTime();
        String statement =
                api.run(session, query).get("statements").get(0).get("id").asText();
        long firstRow = 0;
        long count = 0;
        long pageToken = 0;
        while (true) {
            ApiClient.Response page = api.get("/api/v1/statements/" + statement + "/results?token=" + pageToken);
            if (page.status() != 200) {
                throw new IllegalStateException("Reading results failed with " + page.status() + ": " + page.body());
            }
            int pageRows = page.body().get("rows").size();
            if (pageRows > 0 && count == 0) {
                firstRow = System.nanoTime();
            }
            count += pageRows;
            JsonNode next = page.body().get("nextToken");
            if (next == null || next.isNull()) {
                return new Read(count, firstRow - start, System.nanoTime() - start);
            }
            pageToken = next.asLong();
            if (pageRows == 0) {
                // Nothing yet: ask again soon, without taking the 2 cores from the job.
                Thread.sleep(10);
            }
        }
    }

    private Read throughFlinkJdbc() throws IOException, InterruptedException {
        Path output = Files.createTempFile("flink-jdbc-read", ".txt");
        Path errors = Files.createTempFile("flink-jdbc-read", ".err");
        try {
            Process process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx512m",
                            "-cp",
                            flinkJdbcClassPath(),
                            FlinkJdbcReader.class.getName(),
                            server.flinkEndpointUrl().replaceFirst("^https?://", ""),
                            token,
                            query)
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile())
                    .start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("The Flink JDBC driver did not read the result within 10 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("The Flink JDBC driver failed:\n" + Files.readString(errors));
            }
            String[] fields =
                    Files.readString(output, StandardCharsets.UTF_8).strip().split(" ");
            return new Read(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]));
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    /** The driver's bundle (copied by the tests module's build), slf4j-api, and this class. */
    private static String flinkJdbcClassPath() {
        String driver = System.getProperty("sluice.jdbcDriverJar");
        if (driver == null || !Files.isRegularFile(Path.of(driver))) {
            throw new IllegalStateException(
                    "The Flink JDBC driver bundle is missing (system property sluice.jdbcDriverJar: " + driver
                            + "); benchmarks/run builds the tests module, which copies it to tests/target/jdbc-driver");
        }
        String slf4j = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> new File(entry).getName().startsWith("slf4j-api-"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("slf4j-api is not on the class path"));
        String classes = Path.of(FlinkJdbcReader.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath())
                .toString();
        return String.join(File.pathSeparator, driver, slf4j, classes);
    }

    private static void report(PrintStream out, Machine before, long rows, Map<Client, List<Read>> reads)
            throws IOException {
        out.printf("# A bounded query's results through each listener, %s%n%n", LocalDate.now());
        out.printf(
                "%d cores, %s memory, %s; load average before: %s, after: %s%n%n",
                before.cores(),
                before.memory(),
                before.java(),
                before.loadAverage(),
                Machine.now().loadAverage());
        out.printf(
                "`SELECT id, customer, amount, price, ts FROM pgwire_rows`: %,d rows of BIGINT, STRING(12), DECIMAL(12, 2),"
                        + " DOUBLE, TIMESTAMP(3) from datagen, parallelism 1, read to the end with every value decoded; %d rounds"
                        + " after a warm-up round, the clients taking turns%n%n",
                rows, reads.get(Client.PGWIRE).size());
        out.println(
                "| client | first row, ms | rows/s, submit to last row | rows/s against the Flink JDBC driver (median) |");
        out.println("|---|---|---|---|");
        double flinkJdbc = Stats.of(reads.get(Client.FLINK_JDBC).stream()
                        .map(Read::rowsPerSecond)
                        .toList())
                .median();
        for (Client client : Client.values()) {
            Stats firstRow = Stats.of(reads.get(client).stream()
                    .map(read -> read.firstRowNanos() / 1e6)
                    .toList());
            Stats perSecond =
                    Stats.of(reads.get(client).stream().map(Read::rowsPerSecond).toList());
            out.printf(
                    "| %s | %s | %s | %.2f |%n",
                    client.label, firstRow.format(0), perSecond.format(0), perSecond.median() / flinkJdbc);
        }
        out.println();
        out.println("Figures are min / median / max over the rounds.");
    }
}
