package dev.sluice.gateway.validate;

import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LaterLintsTest {

    private static final PlannerThreadState PLANNER_THREADS = new PlannerThreadState();

    private final LaterLints later = new LaterLints(1, 2);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch busy = new CountDownLatch(1);

    @AfterEach
    void close() {
        busy.countDown();
        later.close();
    }

    @Test
    void aNewerValidationTakesTheSessionBackFromLintsNotStartedAndGivesThemUp() throws InterruptedException {
        occupyTheLintThread();
        ScratchSession session = session();
        later.submit(state("script"), session, work("older"));

        assertThat(later.takeBack(state("script"))).containsSame(session);
        assertThat(events).containsExactly("older abandoned");
        assertThat(later.takeBack(state("script"))).isEmpty();
    }

    @Test
    void newerLintsInTheSameStateReplaceOlderOnesWhoseSessionIsReleased() throws InterruptedException {
        occupyTheLintThread();
        later.submit(state("script"), session(), work("older"));
        later.submit(state("script"), session(), work("newer"));

        assertThat(events).containsExactly("older abandoned", "older released");
        busy.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("newer linted"));
        assertThat(events).doesNotContain("older linted");
    }

    @Test
    void aRequestForQueuedLintsRunsThemOnItsOwnThread() throws InterruptedException {
        occupyTheLintThread();
        later.submit(state("script"), session(), work("queued"));

        later.runHere(state("script"));

        assertThat(events).containsExactly("queued linted");
        busy.countDown();
        await().during(200, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> events.size() == 1);
    }

    @Test
    void pastItsCapacityLintsAreGivenUpAtOnce() throws InterruptedException {
        occupyTheLintThread();
        later.submit(state("a"), session(), work("a"));
        later.submit(state("b"), session(), work("b"));
        later.submit(state("c"), session(), work("c"));

        assertThat(events).containsExactly("c abandoned", "c released");
    }

    /** Keeps the one lint thread busy until the test lets it go, so what is submitted waits. */
    private void occupyTheLintThread() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        later.submit(
                state("occupier"),
                session(),
                new LaterLints.Work(
                        ignored -> {
                            started.countDown();
                            try {
                                busy.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        () -> {},
                        ignored -> {}));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private LaterLints.Work work(String name) {
        return new LaterLints.Work(
                session -> events.add(name + " linted"),
                () -> events.add(name + " abandoned"),
                session -> events.add(name + " released"));
    }

    private static ScratchSession session() {
        return new ScratchSession(SessionHandle.create(), PLANNER_THREADS);
    }

    private static StatementKey state(String name) {
        return new StatementKey(name.getBytes(StandardCharsets.UTF_8));
    }
}
