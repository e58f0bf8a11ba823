package dev.sluice.gateway.validate;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * The validation workers and the validations waiting for one. Bounded: past {@code capacity} waiting, a validation is
 * refused at once rather than answered after its caller gave up. An editor's newer validation supersedes its older
 * one still waiting: that one is answered at once as superseded instead of running, since the editor no longer
 * shows it. A request for errors (a keystroke's first) supersedes a waiting one of either kind; a request for lints
 * (sent once the errors were answered, so possibly after the next keystroke's errors) supersedes only a waiting
 * request for lints.
 */
final class ValidationQueue implements AutoCloseable {

    /** A validation given to the queue: run by a worker once, unless cancelled or superseded before it started. */
    final class Queued implements Runnable {
        private final @Nullable Slot slot;
        private final Runnable work;
        private final Runnable superseded;
        private final AtomicBoolean claimed = new AtomicBoolean();

        private Queued(@Nullable Slot slot, Runnable work, Runnable superseded) {
            this.slot = slot;
            this.work = work;
            this.superseded = superseded;
        }

        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                forget(this);
                work.run();
            }
        }

        /** Takes the validation out of the queue if it has not started; it then never runs. */
        void cancel() {
            if (claimed.compareAndSet(false, true)) {
                forget(this);
                workers.remove(this);
            }
        }

        private void supersede() {
            if (claimed.compareAndSet(false, true)) {
                workers.remove(this);
                superseded.run();
            }
        }
    }

    /** Who a validation is for: one editor (its id, as the client names it) of one caller (their token). */
    record Editor(String tokenId, String editor) {
        Editor {
            requireNonNull(tokenId, "tokenId is null");
            requireNonNull(editor, "editor is null");
        }
    }

    private final int capacity;
    private final ThreadPoolExecutor workers;
    private final Map<Slot, Queued> waiting = new HashMap<>();

    /** The one validation of each kind an editor may have waiting. */
    private record Slot(Editor editor, boolean lints) {}

    ValidationQueue(int threads, int capacity) {
        if (threads < 1 || capacity < 1) {
            throw new IllegalArgumentException("threads and capacity must be positive");
        }
        this.capacity = capacity;
        this.workers = new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(capacity), runnable -> {
                    Thread thread = new Thread(runnable, "sluice-validator");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Queues {@code work}; older validations of {@code editor} still waiting that this one supersedes are answered by
     * their {@code superseded} instead of running.
     *
     * @param lints whether the validation is a request for lints, which supersedes only an older one for lints
     * @throws GatewayException VALIDATION_QUEUE_FULL when {@code capacity} validations wait already
     */
    Queued submit(@Nullable Editor editor, boolean lints, Runnable work, Runnable superseded) {
        Slot slot = editor == null ? null : new Slot(editor, lints);
        Queued queued = new Queued(
                slot, requireNonNull(work, "work is null"), requireNonNull(superseded, "superseded is null"));
        if (slot != null) {
            List<Queued> older = new ArrayList<>();
            synchronized (this) {
                Optional.ofNullable(waiting.put(slot, queued)).ifPresent(older::add);
                if (!lints) {
                    Optional.ofNullable(waiting.remove(new Slot(editor, true))).ifPresent(older::add);
                }
            }
            older.forEach(Queued::supersede);
        }
        try {
            workers.execute(queued);
        } catch (RejectedExecutionException e) {
            forget(queued);
            throw new GatewayException(
                    ErrorCode.VALIDATION_QUEUE_FULL,
                    capacity
                            + " validations are waiting for a validation worker already (sluice.validation.queue-size);"
                            + " this one was not queued.",
                    null,
                    null,
                    "Send it again in a moment; an editor validates its latest text only, so it sends fewer when it"
                            + " names itself with ?editor=.",
                    e);
        }
        return queued;
    }

    /** Queues {@code work} if there is room, for work that may as well not be done. */
    boolean offer(Runnable work) {
        try {
            workers.execute(requireNonNull(work, "work is null"));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private synchronized void forget(Queued queued) {
        if (queued.slot != null) {
            waiting.remove(queued.slot, queued);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
