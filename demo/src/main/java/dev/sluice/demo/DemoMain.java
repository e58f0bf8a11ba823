package dev.sluice.demo;

import dev.sluice.gateway.SluiceMain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./sluice demo}: starts the {@link Demo}, prints how to watch its windows with curl and JDBC, and runs until
 * Ctrl-C or SIGTERM, when it stops every part (the broker's JVM included) and frees every port.
 */
public final class DemoMain {

    private static final String USAGE = """
            Usage: ./sluice demo [--api-port N] [--flink-port N] [--pg-port N] [--rate N]
              --api-port N     port of the Sluice API (default 8080)
              --flink-port N   port of the Flink-compatible SQL Gateway endpoint (default 8083)
              --pg-port N      port of the PostgreSQL protocol listener (default 15432)
              --rate N         impressions per second the generator sends (default 20)
            """;

    private DemoMain() {}

    public static void main(String[] args) throws Exception {
        Demo.Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sluice demo: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        Demo demo;
        try {
            demo = Demo.start(settings, System.out);
        } catch (Exception e) {
            // Start stopped whatever it had started; say why in one line, not a stack trace.
            System.err.println("sluice demo: could not start: " + SluiceMain.startFailure(e));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("sluice demo: stopping the generator, the gateway and the broker ...");
                            demo.close();
                            System.out.println("sluice demo: stopped.");
                            stopped.countDown();
                        },
                        "sluice-demo-shutdown"));
        printHowToWatch(System.out, demo);
        stopped.await();
    }

    static Demo.Settings parse(String[] args) throws IOException {
        int apiPort = 8080;
        int flinkPort = 8083;
        int pgPort = 15432;
        int rate = 20;
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
                case "--api-port" -> apiPort = SluiceMain.port(flag, value);
                case "--flink-port" -> flinkPort = SluiceMain.port(flag, value);
                case "--pg-port" -> pgPort = SluiceMain.port(flag, value);
                case "--rate" -> rate = rate(value);
                default -> throw new IllegalArgumentException("Unknown flag " + flag + ".");
            }
        }
        return new Demo.Settings(apiPort, flinkPort, pgPort, rate, Files.createTempDirectory("sluice-demo"));
    }

    private static int rate(String value) {
        if (value.matches("[1-9][0-9]{0,4}")) {
            return Integer.parseInt(value);
        }
        throw new IllegalArgumentException(
                "--rate takes a number of impressions per second from 1 to 99999, not '" + value + "'.");
    }

    private static void printHowToWatch(PrintStream out, Demo demo) {
        String api = demo.apiUrl();
        String flink = demo.flinkEndpointUrl().substring("http://".length());
        out.printf(
                """

                Sluice demo is running. Kafka: %s (topics impressions, plays, title-minutes).
                A job counts impressions, plays and users per title over the last minute, every 10 s; the first
                windows close about 15 s after the start (events arrive up to 8 s out of order, the watermark waits 5 s).

                Watch them with curl:
                  TOKEN=%s
                  curl -s -H "Authorization: Bearer $TOKEN" %s/api/v1/statements -d '{"sql": "%s"}'
                  # take the QUERY statement's "id", then ask for pages; pass each answer's nextToken as token:
                  curl -s -H "Authorization: Bearer $TOKEN" "%s/api/v1/statements/<id>/results?token=0"

                Or with JDBC (Flink JDBC driver 2.3.0 bundle, slf4j-api beside it): URL jdbc:flink://%s, connection
                property sluice.token=$TOKEN, then executeQuery("%s").
                The Flink SQL Client: sql-client.sh gateway -e %s -Dsluice.token=$TOKEN

                Ctrl-C stops everything.
                """,
                demo.kafkaBootstrapServers(), demo.token(), api, Demo.WATCH_QUERY, api, flink, Demo.WATCH_QUERY, flink);
        out.flush();
    }
}
