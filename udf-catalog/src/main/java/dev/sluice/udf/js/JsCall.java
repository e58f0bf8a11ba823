package dev.sluice.udf.js;

import org.graalvm.polyglot.Context;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The call slot of one function instance, as the watchdog sees it: its context and the time by which the running
 * call must return (0 when idle). Reused for every call, so timing a call costs two atomic writes.
 */
final class JsCall {

    private static final long IDLE = 0;
    private static final long INTERRUPTED = -1;

    private final AtomicLong deadline = new AtomicLong(IDLE);
    private volatile Context context;

    void start(Context context, long deadlineNanos) {
        this.context = context;
        deadline.set(deadlineNanos == IDLE || deadlineNanos == INTERRUPTED ? 1 : deadlineNanos);
    }

    /** Ends the call; true when the watchdog interrupted it. */
    boolean finish() {
        return deadline.getAndSet(IDLE) == INTERRUPTED;
    }

    /** Whether the watchdog has stopped the running call: host-side work for it should stop too. */
    boolean stopped() {
        return deadline.get() == INTERRUPTED;
    }

    /** The context to interrupt when its call is over the deadline, once per call; else null. */
    Context overdue(long nowNanos) {
        long current = deadline.get();
        if (current != IDLE
                && current != INTERRUPTED
                && nowNanos - current > 0
                && deadline.compareAndSet(current, INTERRUPTED)) {
            return context;
        }
        return null;
    }
}
