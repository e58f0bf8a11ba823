package dev.sluice.gateway.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Probes answered within the timeout, whatever the part does; the gateway's own probes are HealthEndpointsIT's. */
class ReadinessTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    @Test
    void aClusterNobodyListensForIsNotReachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (Readiness readiness = new Readiness(
                List.of(Readiness.flinkCluster(() -> "http://127.0.0.1:" + closedPort, TIMEOUT)), TIMEOUT)) {
            Readiness.Report report = readiness.check();

            assertThat(report.ready()).isFalse();
            assertThat(report.status()).isEqualTo("NOT_READY");
            assertThat(report.checks())
                    .containsExactly(new Readiness.Check("flinkCluster", false, "is not reachable (ConnectException)"));
        }
    }

    @Test
    void aHungPartTimesOutAndHoldsOneProbeAtATime() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger probes = new AtomicInteger();
        try (Readiness readiness = new Readiness(
                List.of(
                        new Readiness.Part("hung", () -> {
                            probes.incrementAndGet();
                            never.await();
                        }),
                        new Readiness.Part("fine", () -> {})),
                TIMEOUT)) {
            for (int i = 0; i < 3; i++) {
                assertThat(readiness.check().checks())
                        .containsExactly(
                                new Readiness.Check("hung", false, "did not answer within 300 ms"),
                                new Readiness.Check("fine", true, null));
            }
            assertThat(probes).hasValue(1);
        }
    }

    @Test
    void aPartThatAnswersWronglySaysHowAndNothingElse() {
        try (Readiness readiness = new Readiness(
                List.of(
                        new Readiness.Part("store", () -> {
                            throw new Readiness.NotReady("gave a connection that is no longer valid");
                        }),
                        new Readiness.Part("other", () -> {
                            throw new IllegalStateException("jdbc:postgresql://db:5432/sluice?password=secret");
                        })),
                TIMEOUT)) {
            assertThat(readiness.check().checks())
                    .containsExactly(
                            new Readiness.Check("store", false, "gave a connection that is no longer valid"),
                            new Readiness.Check("other", false, "is not reachable (IllegalStateException)"));
        }
    }
}
