package dev.sluice.gateway.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Whether the gateway can serve: each part it needs (the metadata store, the Flink cluster) is probed, every probe
 * answered within a timeout. Served without authentication at {@code /healthz/ready}, so a report names the parts and
 * why one is not ready in words of its own, never a URL, a user or an exception's message; the details go to the log,
 * once when a part stops being ready.
 */
public final class Readiness implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    /**
     * A probe: returns when the part answers, throws when it does not; {@link NotReady} when it answered but not as it
     * should, with a reason that is safe to show anyone.
     */
    @FunctionalInterface
    public interface Probe {
        void run() throws Exception;
    }

    /** A part answered, but not as a ready one does; the message is shown to unauthenticated callers. */
    public static final class NotReady extends Exception {
        public NotReady(String reason) {
            super(reason);
        }
    }

    /** One part and how it is probed. */
    public record Part(String name, Probe probe) {
        public Part {
            requireNonNull(name, "name is null");
            requireNonNull(probe, "probe is null");
        }
    }

    /** One part's state: {@code reason} says why it is not ready, and is absent when it is. */
    public record Check(
            String name, boolean ready, @Nullable String reason) {}

    /** Every part's state; {@code status} is {@code READY} when all are ready, else {@code NOT_READY}. */
    public record Report(String status, List<Check> checks) {
        @JsonIgnore
        public boolean ready() {
            return checks.stream().allMatch(Check::ready);
        }
    }

    /** A probe still running from an earlier request, so a hung part never holds more than one thread. */
    private final class Prober {
        private final Part part;

        @Nullable
        private CompletableFuture<Void> running;

        private boolean wasReady = true;

        Prober(Part part) {
            this.part = part;
        }

        synchronized CompletableFuture<Void> start() {
            if (running == null || running.isDone()) {
                running = CompletableFuture.runAsync(
                        () -> {
                            try {
                                part.probe().run();
                            } catch (Exception e) {
                                throw new ProbeFailure(e);
                            }
                        },
                        threads);
            }
            return running;
        }

        synchronized Check outcome(CompletableFuture<Void> probe) {
            String reason = null;
            Throwable failure = null;
            try {
                probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                reason = "did not answer within " + timeout.toMillis() + " ms";
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof ProbeFailure wrapped ? wrapped.getCause() : e.getCause();
                reason = failure instanceof NotReady notReady
                        ? notReady.getMessage()
                        : "is not reachable (" + failure.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reason = "was not probed: the gateway is stopping";
            }
            boolean ready = reason == null;
            if (wasReady && !ready) {
                LOG.warn("{} is not ready: {}", part.name(), reason, failure);
            } else if (!wasReady && ready) {
                LOG.info("{} is ready again", part.name());
            }
            wasReady = ready;
            return new Check(part.name(), ready, reason);
        }
    }

    private static final class ProbeFailure extends RuntimeException {
        ProbeFailure(Exception cause) {
            super(cause);
        }
    }

    private final Duration timeout;
    private final List<Prober> probers;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sluice-readiness");
        thread.setDaemon(true);
        return thread;
    });

    /** @param timeout how long each probe may take before its part counts as not ready */
    public Readiness(List<Part> parts, Duration timeout) {
        requireNonNull(parts, "parts is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.probers = parts.stream().map(Prober::new).toList();
    }

    /**
     * The metadata store is ready when a connection from its pool is valid; from the first read or write that failed
     * for the store's fault (not only a failed probe: a store may answer queries and refuse writes), only once it
     * writes again, which the probe tries each time it is asked.
     */
    public static Part metadataStore(MetadataStore store, Duration timeout) {
        requireNonNull(store, "store is null");
        requireNonNull(timeout, "timeout is null");
        return new Part("metadataStore", () -> {
            Optional<Instant> failing = store.failingSince();
            try {
                store.probe(timeout);
            } catch (StoreException e) {
                if (failing.isPresent()) {
                    throw new NotReady("failed to read or write at " + failing.get() + ", and cannot write yet");
                }
                // As the database said it, e.g. "is not reachable (SQLTransientConnectionException)".
                throw e.getCause() instanceof SQLException cause ? cause : e;
            }
        });
    }

    /** The Flink cluster answers when its REST API serves the cluster's overview. */
    public static Part flinkCluster(Supplier<String> restUrl, Duration timeout) {
        requireNonNull(restUrl, "restUrl is null");
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        return new Part("flinkCluster", () -> {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create(restUrl.get() + "/overview"))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new NotReady("answered HTTP " + response.statusCode() + " to GET /overview");
            }
        });
    }

    /** Probes every part at once and waits for each at most the timeout. */
    public Report check() {
        List<CompletableFuture<Void>> started =
                probers.stream().map(Prober::start).toList();
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < probers.size(); i++) {
            checks.add(probers.get(i).outcome(started.get(i)));
        }
        boolean ready = checks.stream().allMatch(Check::ready);
        return new Report(ready ? "READY" : "NOT_READY", List.copyOf(checks));
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
