package dev.sluice.udf.js;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * One GraalVM engine shared by every JavaScript UDF context in a JVM (a task manager, or the gateway when it checks
 * scripts on publish), with the limits each context gets and a watchdog that interrupts calls over their time
 * budget. Sharing the engine shares its compiled code: a new engine spends seconds compiling inside the job.
 */
public final class JsSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsSandbox.class);
    private static final String PRELUDE = readPrelude();
    private static final Duration WATCHDOG_PERIOD = Duration.ofMillis(50);

    /**
     * The per-JVM sandbox. Static on purpose: Flink deserializes a function in every task, and the engine must be
     * shared by all of them; nothing else here is static. Created on first use, closed with the JVM.
     */
    private static volatile JsSandbox shared;

    private final Limits limits;
    private final Engine engine;
    private final Source prelude;
    private final Set<JsCall> running = ConcurrentHashMap.newKeySet();
    private final Thread watchdog;
    private volatile boolean closed;

    /**
     * What one call may spend: statements (every loop iteration counts, deterministic), wall time (catches single
     * built-ins that loop internally, such as a backtracking regular expression) and the size of strings and
     * arrays that one built-in call may create, which is also the total of values and characters of one call's
     * result. A call includes converting its result, which may run guest code (getters, proxy traps, iterators).
     * The statement budget is the bound that matters; the time budget is a backstop generous enough for a first,
     * still interpreted call on a loaded machine.
     */
    public record Limits(long statementsPerCall, Duration timePerCall, int maxLength) {
        public static final Limits DEFAULT = new Limits(1_000_000, Duration.ofSeconds(10), 10_000_000);

        public Limits {
            if (statementsPerCall <= 0 || timePerCall.isNegative() || timePerCall.isZero() || maxLength <= 0) {
                throw new IllegalArgumentException(
                        "limits must be positive: " + statementsPerCall + ", " + timePerCall + ", " + maxLength);
            }
        }
    }

    public JsSandbox(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits is null");
        this.engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                // Interpreted is a supported mode (slower); say so once in the log instead of on stderr.
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        this.prelude = Source.newBuilder("js", PRELUDE, "sluice-sandbox-prelude.js")
                .internal(true)
                .buildLiteral();
        this.watchdog = new Thread(this::watch, "sluice-js-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        LOG.info(
                "JavaScript UDF engine started: GraalVM {} ({} runtime), limits {}",
                engine.getVersion(),
                engine.getImplementationName(),
                limits);
    }

    /** The sandbox of this JVM, with default limits. */
    public static JsSandbox shared() {
        JsSandbox sandbox = shared;
        if (sandbox == null) {
            synchronized (JsSandbox.class) {
                sandbox = shared;
                if (sandbox == null) {
                    sandbox = new JsSandbox(Limits.DEFAULT);
                    shared = sandbox;
                }
            }
        }
        return sandbox;
    }

    public Limits limits() {
        return limits;
    }

    /** "GraalVM CE" when the optimizing runtime is on, "Interpreted" when not. */
    public String runtimeName() {
        return engine.getImplementationName();
    }

    /**
     * A new context: no host access, I/O, threads, native code or environment (CONSTRAINED policy); no eval, load,
     * print or console; output discarded; the prelude has bounded and frozen the built-ins.
     */
    Context newContext() {
        Context context = Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .in(InputStream.nullInputStream())
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("js.allow-eval", "false")
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.console", "false")
                .resourceLimits(ResourceLimits.newBuilder()
                        .statementLimit(limits.statementsPerCall(), null)
                        .build())
                .build();
        context.eval(prelude).execute(limits.maxLength());
        return context;
    }

    /** A call slot the watchdog checks until {@link #release}; start and finish it around each call. */
    JsCall register() {
        JsCall call = new JsCall();
        running.add(call);
        return call;
    }

    void release(JsCall call) {
        running.remove(call);
    }

    long deadlineFromNow() {
        return System.nanoTime() + limits.timePerCall().toNanos();
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(WATCHDOG_PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (JsCall call : running) {
                Context overdue = call.overdue(now);
                if (overdue != null) {
                    interrupt(overdue);
                }
            }
        }
    }

    private static void interrupt(Context context) {
        try {
            context.interrupt(Duration.ofSeconds(5));
        } catch (TimeoutException | PolyglotException | IllegalStateException e) {
            // A call that ignores the interrupt (or a context already closing) is cancelled outright.
            LOG.warn("JavaScript call did not stop on interrupt, cancelling its context", e);
            context.close(true);
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
        engine.close(true);
    }

    private static String readPrelude() {
        try (InputStream in = JsSandbox.class.getResourceAsStream("sandbox-prelude.js")) {
            return new String(
                    Objects.requireNonNull(in, "sandbox-prelude.js missing").readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
