package dev.sluice.gateway.validate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Scratch sessions kept after a validation, each under the key of its state: who it was opened for, from which
 * session, at which catalog version, and every change the script applied to it ({@link StatementKey.Chain#state}).
 * A validation of the same script with one statement changed takes the session whose state is the one before that
 * statement, instead of opening a session and applying the script's DDL to it again. Bounded: the session kept longest
 * is closed to make room.
 */
final class WarmSessions implements AutoCloseable {

    private record Kept(StatementKey state, ScratchSession session) {}

    private final int capacity;
    private final Predicate<ScratchSession> alive;
    private final Consumer<ScratchSession> closer;
    private final Deque<Kept> kept = new ArrayDeque<>();

    /**
     * @param alive whether a kept session is still open (the session manager closes idle ones)
     * @param closer closes a session that is not kept
     */
    WarmSessions(int capacity, Predicate<ScratchSession> alive, Consumer<ScratchSession> closer) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
        this.alive = requireNonNull(alive, "alive is null");
        this.closer = requireNonNull(closer, "closer is null");
    }

    /** A kept session in {@code state}, taken out (no two validations share one), if there is one still open. */
    Optional<ScratchSession> take(StatementKey state) {
        ScratchSession found = null;
        synchronized (this) {
            for (Iterator<Kept> newestFirst = kept.descendingIterator(); newestFirst.hasNext(); ) {
                Kept candidate = newestFirst.next();
                if (candidate.state().equals(state)) {
                    newestFirst.remove();
                    found = candidate.session();
                    break;
                }
            }
        }
        return Optional.ofNullable(found).filter(alive);
    }

    /** Keeps {@code session}, now in {@code state}; closes the one kept longest if that makes too many. */
    void keep(StatementKey state, ScratchSession session) {
        Kept evicted = null;
        synchronized (this) {
            kept.addLast(new Kept(requireNonNull(state, "state is null"), requireNonNull(session, "session is null")));
            if (kept.size() > capacity) {
                evicted = kept.removeFirst();
            }
        }
        if (evicted != null) {
            closer.accept(evicted.session());
        }
    }

    @Override
    public void close() {
        while (true) {
            Kept next;
            synchronized (this) {
                next = kept.pollFirst();
            }
            if (next == null) {
                return;
            }
            closer.accept(next.session());
        }
    }
}
