package dev.sluice.gateway.session;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.Role;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a query counts as unread, and what its reader is told once it was cancelled. */
class OpenQueriesTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        private Instant now = Instant.parse("2026-12-07T15:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private final Hands clock = new Hands();
    private final OpenQueries queries = new OpenQueries(clock);
    private final SessionHandle session = SessionHandle.create();
    private final OperationHandle operation = OperationHandle.create();

    private void start() {
        queries.started(new RunningQuery(
                session,
                operation,
                new Principal("tok-1", "nb", "acme", Role.ANALYST),
                Listener.POSTGRES,
                "SELECT 1",
                clock.instant(),
                clock.instant(),
                0));
    }

    @Test
    void aQueryIsUnreadOnlyOnceNoReadCameForTheTimeout() {
        start();
        clock.advance(TIMEOUT.minusSeconds(1));
        assertThat(queries.unreadFor(TIMEOUT)).isEmpty();
        queries.reading(operation).done();
        clock.advance(TIMEOUT.minusSeconds(1));
        assertThat(queries.unreadFor(TIMEOUT)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queries.unreadFor(TIMEOUT))
                .extracting(RunningQuery::id)
                .containsExactly(operation.getIdentifier().toString());
    }

    @Test
    void aQueryIsNotUnreadWhileAReadWaitsOnIt() {
        start();
        OpenQueries.Reading waiting = queries.reading(operation);
        clock.advance(TIMEOUT.multipliedBy(3));
        assertThat(queries.unreadFor(TIMEOUT)).isEmpty();
        waiting.done();
        clock.advance(TIMEOUT);
        assertThat(queries.unreadFor(TIMEOUT)).hasSize(1);
    }

    @Test
    void aQueryStillStartingCountsAsRead() {
        start();
        clock.advance(TIMEOUT);
        queries.starting(operation);
        assertThat(queries.unreadFor(TIMEOUT)).isEmpty();
        clock.advance(TIMEOUT);
        assertThat(queries.unreadFor(TIMEOUT)).hasSize(1);
    }

    @Test
    void theReaderOfACancelledQueryIsToldWhyUntilItsSessionCloses() {
        start();
        assertThat(queries.cancel(operation, "Query was cancelled.", "Run it again."))
                .isPresent();
        assertThat(queries.all()).isEmpty();
        assertThat(queries.cancel(operation, "again", "again"))
                .as("cancelled once")
                .isEmpty();
        assertThatThrownBy(() -> queries.reading(operation)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELLED);
            assertThat(e.getMessage()).contains("Query was cancelled.");
        });

        queries.sessionClosed(session);
        queries.reading(operation).done();
    }
}
