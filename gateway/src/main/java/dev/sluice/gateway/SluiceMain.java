package dev.sluice.gateway;

import dev.sluice.gateway.config.ConfigFile;
import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.Configuration;

import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./sluice start}: runs the gateway in the foreground until Ctrl-C or SIGTERM, then stops it cleanly
 * (listeners closed, jobs cancelled with the embedded cluster, the metadata store closed).
 */
public final class SluiceMain {

    private static final String USAGE = """
            Usage: ./sluice start [--data-dir DIR] [--api-port N] [--flink-port N] [--pg-port N] [--config FILE] [--metadata-url URL]
              --data-dir DIR       where the embedded metadata store, checkpoints and savepoints live (default ./data)
              --api-port N         port of the Sluice API (default 8080)
              --flink-port N       port of the Flink-compatible SQL Gateway endpoint (default 8083)
              --pg-port N          port of the PostgreSQL protocol listener (default 15432)
              --config FILE        Flink-style YAML with sluice.* and Flink options; flags override it
              --metadata-url URL   JDBC URL of the metadata store, e.g. jdbc:postgresql://host/db (default: embedded H2)
            """;

    private SluiceMain() {}

    public static void main(String[] args) throws Exception {
        Configuration options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sluice: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        SluiceServer server;
        try {
            server = SluiceServer.start(options);
        } catch (Exception e) {
            // Start stopped whatever it had started; a bad option or an unreachable part is said in one line.
            System.err.println("sluice: could not start: " + startFailure(e));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "sluice-shutdown"));
        printReady(System.out, server);
        stopped.await();
    }

    static Configuration parse(String[] args) {
        Configuration flags = new Configuration();
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Flag " + flag + " needs a value.");
            }
            String value = args[++i];
            switch (flag) {
                case "--data-dir" -> flags.set(SluiceOptions.DATA_DIR, value);
                case "--api-port" -> flags.set(SluiceOptions.API_PORT, port(flag, value));
                case "--flink-port" -> flags.set(SluiceOptions.FLINK_ENDPOINT_PORT, port(flag, value));
                case "--pg-port" -> flags.set(SluiceOptions.PG_PORT, port(flag, value));
                case "--metadata-url" -> flags.set(SluiceOptions.METADATA_URL, value);
                case "--config" -> configFile = Path.of(value);
                default -> throw new IllegalArgumentException("Unknown flag " + flag + ".");
            }
        }
        Configuration options = configFile == null ? new Configuration() : ConfigFile.load(configFile);
        options.addAll(flags);
        return options;
    }

    /** A port flag's value; {@code ./sluice demo} takes the same flags. */
    public static int port(String flag, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " takes a port number from 0 to 65535, not '" + value + "'.");
    }

    /**
     * Why a start failed, for one line on the terminal: every message of the cause chain, outermost first (it names
     * the option or part, the inner ones the detail), with a hint when a port is taken.
     */
    public static String startFailure(Throwable failure) {
        StringJoiner reasons = new StringJoiner("; caused by ");
        Throwable innermost = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            innermost = cause;
            if (cause.getMessage() != null) {
                reasons.add(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
        }
        String message =
                reasons.length() > 0 ? reasons.toString() : innermost.getClass().getSimpleName();
        return innermost instanceof BindException
                ? message
                        + ". Another program (./sluice start, a demo) uses the port; choose others with --api-port, --flink-port and --pg-port."
                : message;
    }

    private static void printReady(PrintStream out, SluiceServer server) {
        out.printf(
                "Sluice is ready: API %s/api/v1 | Flink SQL Gateway endpoint %s (jdbc:flink://%s) | PostgreSQL %s%n",
                server.apiUrl(), server.flinkEndpointUrl(), server.flinkEndpointAddress(), server.pgJdbcUrl());
        server.firstAdminToken()
                .ifPresent(token -> out.printf(
                        "First start: the admin token is %s (shown once; also in %s, readable by you only)%n",
                        token, server.adminTokenFile()));
        out.flush();
    }
}
