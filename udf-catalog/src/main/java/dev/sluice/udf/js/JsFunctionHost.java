package dev.sluice.udf.js;

import dev.sluice.udf.catalog.FunctionVersion;
import dev.sluice.udf.catalog.VersionSource;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a JavaScript UDF carries into a Flink task (the version it was planned with, and for a reloadable function
 * where to look for newer ones) and what it runs there: the compiled function, its metrics and the reload poller.
 * Shared by the scalar and the table wrapper.
 *
 * <p>Hot reload polls the catalog through {@link VersionSource}, which the gateway supplies and which travels with
 * the job: the task asks the catalog, so nothing is baked into the job but the starting version, and the same code
 * works on the embedded MiniCluster and on a remote cluster that can reach the catalog. A new version is compiled on
 * the poller thread; the task thread switches to it at its next call, so a call never waits for a compile, and a
 * version that does not compile (or changed its SQL signature, which a running plan cannot follow) is logged and
 * skipped while the running version goes on.
 */
final class JsFunctionHost implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JsFunctionHost.class);

    private final String tenant;
    private final String name;
    private final JsSignature signature;
    private final FunctionVersion planned;
    private final VersionSource reloadFrom;
    private final Duration pollInterval;

    private transient JsSandbox sandbox;
    private transient JsFunction active;
    private transient AtomicReference<JsFunction> next;
    private transient ScheduledExecutorService poller;
    private transient Counter calls;
    private transient Counter failures;
    private transient Counter sandboxStops;
    private transient Counter reloads;
    private transient volatile long currentVersion;
    /** The last version that failed to compile here, so it is reported once, not at every poll. */
    private transient volatile long rejectedVersion;

    /**
     * @param reloadFrom the catalog to poll for newer versions, or null for a function pinned to {@code planned}
     */
    JsFunctionHost(
            String tenant,
            String name,
            JsSignature signature,
            FunctionVersion planned,
            VersionSource reloadFrom,
            Duration pollInterval) {
        this.tenant = Objects.requireNonNull(tenant, "tenant is null");
        this.name = Objects.requireNonNull(name, "name is null");
        this.signature = Objects.requireNonNull(signature, "signature is null");
        this.planned = Objects.requireNonNull(planned, "planned is null");
        this.reloadFrom = reloadFrom;
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval is null");
    }

    JsSignature signature() {
        return signature;
    }

    String name() {
        return name;
    }

    void open(MetricGroup metrics) {
        sandbox = JsSandbox.shared();
        MetricGroup group = metrics.addGroup("sluice_js_function", name);
        calls = group.counter("calls");
        failures = group.counter("failures");
        sandboxStops = group.counter("sandboxStops");
        reloads = group.counter("reloads");
        group.gauge("version", () -> currentVersion);
        next = new AtomicReference<>();
        active = JsFunction.compile(
                sandbox, name, planned.number(), planned.payload().text(), signature);
        currentVersion = planned.number();
        LOG.info(
                "JavaScript function '{}' version {} ready ({} runtime{})",
                name,
                currentVersion,
                sandbox.runtimeName(),
                reloadFrom == null ? ", pinned" : ", reloadable, checked every " + pollInterval.toSeconds() + " s");
        if (reloadFrom != null) {
            poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sluice-js-reload-" + name);
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleWithFixedDelay(
                    this::poll, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The function to call now: switches to a newer compiled version first, on the task's own thread. */
    JsFunction function() {
        JsFunction newer = next.getAndSet(null);
        if (newer != null) {
            long previous = active.version();
            active.close();
            active = newer;
            currentVersion = newer.version();
            reloads.inc();
            LOG.info(
                    "JavaScript function '{}' switched from version {} to version {}", name, previous, newer.version());
        }
        return active;
    }

    /**
     * Counts a call and its failure; the failure goes on to fail the task, with the function and version named. A call
     * the sandbox stopped fails the job without a restart: the same records would stop it again, and the job would spin
     * through restarts instead of saying once what stopped it.
     */
    <T> T count(java.util.function.Supplier<T> call) {
        calls.inc();
        try {
            return call.get();
        } catch (JsCallStoppedException e) {
            failures.inc();
            sandboxStops.inc();
            throw new SuppressRestartsException(e);
        } catch (JsScriptException e) {
            failures.inc();
            throw e;
        }
    }

    private void poll() {
        try {
            Optional<FunctionVersion> current = reloadFrom.current(tenant, name);
            long known = Math.max(currentVersion, pendingVersion());
            if (current.isEmpty()
                    || current.get().number() == known
                    || current.get().number() == rejectedVersion) {
                return;
            }
            FunctionVersion version = current.get();
            rejectedVersion = version.number();
            JsSignature published =
                    JsSignature.of(signature.kind(), version.payload().entry(), version.signature());
            if (!published.sameShape(signature)) {
                LOG.warn(
                        "JavaScript function '{}' version {} changed its SQL signature to {}; this job keeps version {} until it is resubmitted",
                        name,
                        version.number(),
                        version.signature().text(),
                        currentVersion);
                return;
            }
            JsFunction compiled = JsFunction.compile(
                    sandbox, name, version.number(), version.payload().text(), published);
            rejectedVersion = 0;
            JsFunction replaced = next.getAndSet(compiled);
            if (replaced != null) {
                replaced.close();
            }
            LOG.info(
                    "JavaScript function '{}' version {} compiled; the task switches at its next call",
                    name,
                    version.number());
        } catch (JsScriptException e) {
            LOG.warn(
                    "JavaScript function '{}': a newer version does not compile here, keeping version {}: {}",
                    name,
                    currentVersion,
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn(
                    "JavaScript function '{}': checking the catalog for a newer version failed, keeping version {}",
                    name,
                    currentVersion,
                    e);
        }
    }

    private long pendingVersion() {
        JsFunction pending = next.get();
        return pending == null ? 0 : pending.version();
    }

    void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        if (active != null) {
            active.close();
        }
        JsFunction pending = next == null ? null : next.getAndSet(null);
        if (pending != null) {
            pending.close();
        }
    }
}
