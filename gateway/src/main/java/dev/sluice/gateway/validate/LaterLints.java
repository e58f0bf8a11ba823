package dev.sluice.gateway.validate;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Plans and lints, after an answer without lints, the statements that answer validated: on threads of their own, so
 * that no validation's errors wait behind another's lints. The scratch session goes with the work; a newer validation
 * of the same script (the same state of its scratch session: the analyst typed again) takes it back from work not yet
 * started, whose lints are then no longer worth finding; a request for the lints that finds them not started runs
 * them on its own worker instead of waiting. Bounded: past {@code capacity} waiting, work is given up.
 */
final class LaterLints implements AutoCloseable {

    /**
     * Work on one scratch session.
     *
     * @param lint plans and lints, then keeps or closes the session
     * @param abandon completes what waits for the lints without them
     * @param release keeps or closes the session when the work is given up
     */
    record Work(Consumer<ScratchSession> lint, Runnable abandon, Consumer<ScratchSession> release) {
        Work {
            requireNonNull(lint, "lint is null");
            requireNonNull(abandon, "abandon is null");
            requireNonNull(release, "release is null");
        }

        void giveUp(ScratchSession session) {
            abandon.run();
            release.accept(session);
        }
    }

    private record Waiting(ScratchSession session, Work work) {}

    private final int capacity;
    private final ExecutorService threads;
    private final Map<StatementKey, Waiting> waiting = new HashMap<>();

    LaterLints(int threads, int capacity) {
        if (threads < 1 || capacity < 0) {
            throw new IllegalArgumentException("threads must be positive and capacity not negative");
        }
        this.capacity = capacity;
        this.threads = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "sluice-linter");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues {@code work} on {@code session}, in {@code state}; work already waiting in that state is given up. */
    void submit(StatementKey state, ScratchSession session, Work work) {
        requireNonNull(state, "state is null");
        Waiting entry = new Waiting(requireNonNull(session, "session is null"), requireNonNull(work, "work is null"));
        Waiting superseded;
        synchronized (this) {
            if (waiting.size() >= capacity && !waiting.containsKey(state)) {
                superseded = entry;
            } else {
                superseded = waiting.put(state, entry);
            }
        }
        if (superseded != null) {
            superseded.work().giveUp(superseded.session());
        }
        if (superseded == entry) {
            return;
        }
        try {
            threads.execute(() -> {
                if (claim(state, entry)) {
                    work.lint().accept(session);
                }
            });
        } catch (RejectedExecutionException e) {
            if (claim(state, entry)) {
                work.giveUp(session);
            }
        }
    }

    /**
     * The session of work waiting in {@code state}, taken back from it (its lints given up, the session not kept), for a
     * newer validation of the same script to go on in.
     */
    Optional<ScratchSession> takeBack(StatementKey state) {
        Waiting taken;
        synchronized (this) {
            taken = waiting.remove(requireNonNull(state, "state is null"));
        }
        if (taken == null) {
            return Optional.empty();
        }
        taken.work().abandon().run();
        return Optional.of(taken.session());
    }

    /** Whether work in {@code state} waits, not started yet. */
    synchronized boolean isWaiting(StatementKey state) {
        return waiting.containsKey(requireNonNull(state, "state is null"));
    }

    /**
     * Runs the work waiting in {@code state} on the calling thread, if it has not started: for a request that wants
     * those lints now, so it does not wait for the work queued before them.
     */
    void runHere(StatementKey state) {
        Waiting taken;
        synchronized (this) {
            taken = waiting.remove(requireNonNull(state, "state is null"));
        }
        if (taken != null) {
            taken.work().lint().accept(taken.session());
        }
    }

    private synchronized boolean claim(StatementKey state, Waiting entry) {
        return waiting.remove(state, entry);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
