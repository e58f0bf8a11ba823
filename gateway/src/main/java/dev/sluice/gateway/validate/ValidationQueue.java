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
 * request for lints. Each tenant may hold only a share of the places, so one tenant's flood leaves room for the
 * others' validations.
 */
final class ValidationQueue implements AutoCloseable {

    /** A validation given to the queue: run by a worker once, unless cancelled or superseded before it started. */
    final class Queued implements Runnable {
        private final String tenant;
        private final @Nullable Slot slot;
        private final Runnable work;
        private final Runnable superseded;
        private final AtomicBoolean claimed = new AtomicBoolean();

        private Queued(String tenant, @Nullable Slot slot, Runnable work, Runnable superseded) {
            this.tenant = tenant;
            this.slot = slot;
            this.work = work;
            this.superseded = superseded;
        }

        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                forget(this);
                release(tenant);
                work.run();
            }
        }

        /** Takes the validation out of the queue if it has not started; it then never runs. */
        void cancel() {
            if (claimed.compareAndSet(false, true)) {
                forget(this);
                release(tenant);
                workers.remove(this);
            }
        }

        private void supersede() {
            if (claimed.compareAndSet(false, true)) {
                release(tenant);
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
        try {
            workers.execute(queued);
        } catch (RejectedExecutionException e) {
            forget(queued);
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

    /** Takes one of the tenant's places, or refuses the validation if the tenant holds its share already. */
    private void reserve(Queued queued) {
        synchronized (this) {
            int waiting = waitingPerTenant.getOrDefault(queued.tenant, 0);
            if (waiting < perTenant) {
                waitingPerTenant.put(queued.tenant, waiting + 1);
                return;
            }
        }
        forget(queued);
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

    private synchronized void release(String tenant) {
        waitingPerTenant.computeIfPresent(tenant, (name, waiting) -> waiting > 1 ? waiting - 1 : null);
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
