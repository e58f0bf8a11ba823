package dev.sluice.gateway.validate;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The validation workers and the validations waiting for one. Bounded: past {@code capacity} waiting, a validation is
 * refused at once rather than answered after its caller gave up. An editor's newer validation supersedes its older
 * one still waiting: that one is answered at once as superseded instead of running, since the editor no longer
 * shows it. A request for errors (a keystroke's first) supersedes a waiting one of either kind; a request for lints
 * (sent once the errors were answered, so possibly after the next keystroke's errors) supersedes only a waiting
 * request for lints. Each tenant may hold only a share of the places, so one tenant's flood leaves room for the
 * others' validations.
 *
 * <p>Waiting validations are served by {@link Lane}: a keystroke's errors never wait behind planning and linting,
 * which cost several times what parsing and validating does, so an editor's underline keeps up with typing while the
 * lints follow as the workers find time for them. Within a lane the tenants take turns: a tenant's validation is
 * given the turn after its previous one, or the turn being served if that is later, so a tenant with many waiting
 * goes one at a time with the others instead of ahead of them.
 */
final class ValidationQueue implements AutoCloseable {

    /** What a waiting validation asks for, in the order the workers serve them. */
    enum Lane {
        /** A request without lints: parse, validate and police only, what an editor shows first. */
        ERRORS,
        /** A request with lints, or an estimate: everything in one answer. */
        WHOLE,
        /** Lints owed to an answer without them, offered to a worker because a request now waits for them. */
        OWED_LINTS
    }

    /** Work in the workers' queue, ordered by lane, then by turn, then by arrival. */
    private abstract class Ordered implements Runnable, Comparable<Ordered> {
        private final Lane lane;
        private final long turn;
        private final long arrival = arrivals.getAndIncrement();

        Ordered(Lane lane, long turn) {
            this.lane = lane;
            this.turn = turn;
        }

        long turn() {
            return turn;
        }

        @Override
        public int compareTo(Ordered other) {
            int byLane = lane.compareTo(other.lane);
            if (byLane != 0) {
                return byLane;
            }
            int byTurn = Long.compare(turn, other.turn);
            return byTurn != 0 ? byTurn : Long.compare(arrival, other.arrival);
        }
    }

    /** A validation given to the queue: run by a worker once, unless cancelled or superseded before it started. */
    final class Queued extends Ordered {
        private final String tenant;
        private final @Nullable Slot slot;
        private final Runnable work;
        private final Runnable superseded;
        private final AtomicBoolean claimed = new AtomicBoolean();

        private Queued(String tenant, @Nullable Slot slot, Lane lane, Runnable work, Runnable superseded) {
            super(lane, turnOf(tenant));
            this.tenant = tenant;
            this.slot = slot;
            this.work = work;
            this.superseded = superseded;
        }

        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                forget(this);
                leave(tenant);
                served(tenant, turn());
                work.run();
            }
        }

        /** Takes the validation out of the queue if it has not started; it then never runs. */
        void cancel() {
            if (claimed.compareAndSet(false, true)) {
                forget(this);
                leave(tenant);
                workers.remove(this);
            }
        }

        private void supersede() {
            if (claimed.compareAndSet(false, true)) {
                leave(tenant);
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
    private final int perTenant;
    private final ThreadPoolExecutor workers;
    private final AtomicLong arrivals = new AtomicLong();
    /** The turn of the latest validation a worker started, and each tenant's latest turn given, if later. */
    private long servedTurn;

    private final Map<String, Long> lastTurns = new HashMap<>();
    /**
     * Workers that may run owed lints at once: a keystroke's errors that arrive while every worker plans would wait
     * for a plan to end, however high their lane. Owed lints over this are skipped; the lint threads still find them.
     */
    private final Semaphore owedLintsRunning;
    /** Places taken in the queue: a priority queue has no bound of its own. */
    private int placesTaken;

    private final Map<String, Integer> waitingPerTenant = new HashMap<>();
    private final Map<Slot, Queued> waiting = new HashMap<>();

    /** The one validation of each kind an editor may have waiting. */
    private record Slot(Editor editor, boolean lints) {}

    /** @param perTenant how many of the {@code capacity} places the validations of one tenant may hold */
    ValidationQueue(int threads, int capacity, int perTenant) {
        if (threads < 1 || capacity < 1 || perTenant < 1) {
            throw new IllegalArgumentException("threads, capacity and perTenant must be positive");
        }
        this.capacity = capacity;
        this.perTenant = perTenant;
        this.owedLintsRunning = new Semaphore(Math.max(1, threads / 2));
        this.workers = new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "sluice-validator");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Queues {@code work}; older validations of {@code editor} still waiting that this one supersedes are answered by
     * their {@code superseded} instead of running.
     *
     * @param tenant whose validation it is
     * @param lints whether the validation is a request for lints, which supersedes only an older one for lints
     * @throws GatewayException VALIDATION_QUEUE_FULL when {@code capacity} validations wait already,
     *     TENANT_LIMIT_REACHED when the tenant's share of them does
     */
    Queued submit(String tenant, @Nullable Editor editor, boolean lints, Runnable work, Runnable superseded) {
        Slot slot = editor == null ? null : new Slot(editor, lints);
        Queued queued = new Queued(
                requireNonNull(tenant, "tenant is null"),
                slot,
                lints ? Lane.WHOLE : Lane.ERRORS,
                requireNonNull(work, "work is null"),
                requireNonNull(superseded, "superseded is null"));
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
        reserve(queued);
        if (!takePlace()) {
            refuse(queued);
            release(tenant);
            throw new GatewayException(
                    ErrorCode.VALIDATION_QUEUE_FULL,
                    capacity
                            + " validations are waiting for a validation worker already (sluice.validation.queue-size);"
                            + " this one was not queued.",
                    null,
                    null,
                    "Send it again in a moment; an editor validates its latest text only, so it sends fewer when it"
                            + " names itself with ?editor=.",
                    null);
        }
        try {
            workers.execute(queued);
        } catch (RejectedExecutionException e) {
            queued.cancel(); // the gateway is stopping
            throw e;
        }
        return queued;
    }

    /**
     * Queues lints owed to an answer without them, behind every validation waiting, if there is room: work that may
     * as well not be done, since the lint threads find them too. Run by at most half the workers at once.
     */
    boolean offerOwedLints(Runnable work) {
        requireNonNull(work, "work is null");
        if (!takePlace()) {
            return false;
        }
        try {
            workers.execute(new Ordered(Lane.OWED_LINTS, 0) {
                @Override
                public void run() {
                    freePlace();
                    if (owedLintsRunning.tryAcquire()) {
                        try {
                            work.run();
                        } finally {
                            owedLintsRunning.release();
                        }
                    }
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            freePlace(); // the gateway is stopping
            return false;
        }
    }

    private synchronized boolean takePlace() {
        if (placesTaken >= capacity) {
            return false;
        }
        placesTaken++;
        return true;
    }

    private synchronized void freePlace() {
        placesTaken--;
    }

    private synchronized long turnOf(String tenant) {
        long turn = Math.max(lastTurns.getOrDefault(tenant, 0L), servedTurn) + 1;
        lastTurns.put(tenant, turn);
        return turn;
    }

    private synchronized void served(String tenant, long turn) {
        servedTurn = Math.max(servedTurn, turn);
        // A tenant whose turns are all served starts from the served turn next time: nothing of it to remember.
        lastTurns.remove(tenant, turn);
    }

    /** Takes one of the tenant's places, or refuses the validation if the tenant holds its share already. */
    private void reserve(Queued queued) {
        synchronized (this) {
            int waiting = waitingPerTenant.getOrDefault(queued.tenant, 0);
            if (waiting < perTenant) {
                waitingPerTenant.put(queued.tenant, waiting + 1);
                return;
            }
        }
        refuse(queued);
        throw new GatewayException(
                ErrorCode.TENANT_LIMIT_REACHED,
                "Tenant '" + queued.tenant + "' has " + perTenant
                        + " validations waiting for a validation worker already"
                        + " (sluice.validation.queue-size-per-tenant); this one was not queued.",
                null,
                null,
                "Send it again once earlier ones are answered; an editor that names itself with ?editor= keeps only"
                        + " its latest validation waiting.",
                null);
    }

    /** Frees the tenant's place and the queue's, once a validation leaves the queue (run, cancelled or superseded). */
    private synchronized void leave(String tenant) {
        freePlace();
        release(tenant);
    }

    private synchronized void release(String tenant) {
        waitingPerTenant.computeIfPresent(tenant, (name, waiting) -> waiting > 1 ? waiting - 1 : null);
    }

    /**
     * Forgets a validation that was not queued, and gives its tenant's turn back: a refused request must not push the
     * tenant's next validation behind turns it never used.
     */
    private synchronized void refuse(Queued queued) {
        forget(queued);
        // A turn given after it would be later still: only the tenant's latest turn is given back.
        lastTurns.replace(queued.tenant, queued.turn(), queued.turn() - 1);
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
