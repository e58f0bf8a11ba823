package dev.sluice.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.SluiceMain;
import dev.sluice.gateway.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The demo's main part: every piece starts, window rows come out of the query it tells users to run, and everything stops. */
class DemoIT {

    @Test
    void windowRowsAppearWithinAMinuteAndCloseStopsEverything(@TempDir Path dir) throws Exception {
        Path workDir = dir.resolve("demo");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Demo demo = Demo.start(new Demo.Settings(0, 0, 0, 50, workDir), new PrintStream(progress, true));
        List<Integer> ports = new ArrayList<>();
        try {
            ports.add(URI.create(demo.apiUrl()).getPort());
            ports.add(URI.create(demo.flinkEndpointUrl()).getPort());
            ports.add(Integer.parseInt(demo.kafkaBootstrapServers()
                    .substring(demo.kafkaBootstrapServers().lastIndexOf(':') + 1)));
            ports.forEach(port -> assertThat(listening(port))
                    .as("port " + port + " while the demo runs")
                    .isTrue());

            List<JsonNode> rows = firstWindowRows(demo.api(), Duration.ofSeconds(60));
            JsonNode fields = rows.get(0).get("fields");
            assertThat(fields.get(2).asText()).matches("t[1-8]");
            // Impressions and plays count events of the window, users at most every one of them. A title's window may
            // hold plays alone: a play comes 2-20 s after its impression, which can fall before the window starts.
            long events = fields.get(3).asLong() + fields.get(4).asLong();
            assertThat(events).isPositive();
            assertThat(fields.get(5).asLong()).isBetween(1L, events);
            assertThat(demo.eventsSent()).isGreaterThan(100);
        } finally {
            demo.close();
        }
        ports.forEach(port ->
                assertThat(listening(port)).as("port " + port + " after close").isFalse());
        assertThat(workDir).doesNotExist();
        assertThat(progress.toString()).contains("starting a Kafka broker", "submitting the windowed job");
    }

    @Test
    void aTakenPortStopsTheStartAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path workDir = dir.resolve("demo");
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> Demo.start(
                            new Demo.Settings(taken.getLocalPort(), 0, 0, 5, workDir),
                            new PrintStream(new ByteArrayOutputStream())))
                    .satisfies(failure ->
                            assertThat(SluiceMain.startFailure(failure)).contains("BindException", "--api-port"));
        }
        // The broker had started before the gateway failed: it is stopped, and its directory gone.
        assertThat(ProcessHandle.current()
                        .descendants()
                        .filter(ProcessHandle::isAlive)
                        .map(process -> process.info().commandLine().orElse("")))
                .noneMatch(command -> command.contains("kafka.Kafka"));
        assertThat(workDir).doesNotExist();
    }

    /** Runs {@link Demo#WATCH_QUERY} as the printed curl commands do and pages until rows come. */
    private static List<JsonNode> firstWindowRows(ApiClient api, Duration timeout) {
        JsonNode statements = api.run(null, Demo.WATCH_QUERY).get("statements");
        String id = statements.get(statements.size() - 1).get("id").asText();
        AtomicLong token = new AtomicLong();
        List<JsonNode> rows = new ArrayList<>();
        await("window rows")
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonNode page = api.get("/api/v1/statements/" + id + "/results?token=" + token.get())
                            .body();
                    page.path("rows").forEach(rows::add);
                    token.set(page.path("nextToken").asLong(token.get()));
                    return !rows.isEmpty();
                });
        api.delete("/api/v1/statements/" + id);
        return rows;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
