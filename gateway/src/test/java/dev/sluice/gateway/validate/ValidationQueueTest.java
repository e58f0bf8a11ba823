package dev.sluice.gateway.validate;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ValidationQueueTest {

    private static final ValidationQueue.Editor ALICE = new ValidationQueue.Editor("alice-token", "tab-1");

    private final ValidationQueue queue = new ValidationQueue(1, 3, 2);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch busy = new CountDownLatch(1);

    @AfterEach
    void close() {
        busy.countDown();
        queue.close();
    }

    @Test
    void anEditorsNewerValidationAnswersItsOlderWaitingOneAsSupersededInsteadOfRunningIt() throws InterruptedException {
        occupyTheWorker();
        submit(ALICE, false, "first keystroke");
        submit(ALICE, false, "second keystroke");

        assertThat(events).containsExactly("first keystroke superseded");
        busy.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("second keystroke ran"));
        assertThat(events).doesNotContain("first keystroke ran");
    }

    @Test
    void aRequestForErrorsSupersedesAWaitingRequestForLintsButNotTheOtherWayRound() throws InterruptedException {
        occupyTheWorker();
        submit(ALICE, true, "lints of keystroke 1");
        submit(ALICE, false, "errors of keystroke 2");
        // Asked for once the errors of keystroke 2 were answered: it must not drop those of keystroke 3.
        submit(ALICE, false, "errors of keystroke 3");
        submit(ALICE, true, "lints of keystroke 2");

        assertThat(events).containsExactly("lints of keystroke 1 superseded", "errors of keystroke 2 superseded");
        busy.countDown();
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> events.containsAll(List.of("errors of keystroke 3 ran", "lints of keystroke 2 ran")));
    }

    @Test
    void validationsOfOtherEditorsOtherCallersOrNoEditorAreNeverSuperseded() throws InterruptedException {
        occupyTheWorker();
        submit(ALICE, false, "alice");
        submit(new ValidationQueue.Editor("alice-token", "tab-2"), false, "alice's other tab");
        submit("beta", new ValidationQueue.Editor("bob-token", "tab-1"), false, "bob");

        assertThat(events).isEmpty();
        busy.countDown();
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> events.containsAll(List.of("alice ran", "alice's other tab ran", "bob ran")));
        assertThat(events).noneMatch(event -> event.endsWith("superseded"));
    }

    @Test
    void aValidationThatRanIsNotSupersededAfterwards() throws InterruptedException {
        submit(ALICE, false, "first keystroke");
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("first keystroke ran"));
        occupyTheWorker();

        submit(ALICE, false, "second keystroke");

        assertThat(events).containsExactly("first keystroke ran");
    }

    @Test
    void pastItsCapacityAValidationIsRefusedWithAHintAndNothingWaitingIsLost() throws InterruptedException {
        occupyTheWorker();
        submit("acme", null, false, "a");
        submit("acme", null, false, "b");
        submit("beta", null, false, "c");

        assertThatThrownBy(() -> submit("gamma", null, false, "d"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_QUEUE_FULL);
                    assertThat(e.code().httpStatus()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("3 validations", "sluice.validation.queue-size");
                    assertThat(e.hint()).contains("again");
                });
        busy.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.containsAll(List.of("a ran", "b ran", "c ran")));
        assertThat(events).doesNotContain("d ran");
    }

    @Test
    void aCancelledValidationNeverRunsAndFreesItsPlace() throws InterruptedException {
        occupyTheWorker();
        ValidationQueue.Queued cancelled = submit(null, false, "cancelled");
        cancelled.cancel();
        submit("acme", null, false, "a");
        submit("acme", null, false, "b");
        submit("beta", null, false, "c");

        busy.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.containsAll(List.of("a ran", "b ran", "c ran")));
        assertThat(events).doesNotContain("cancelled ran");
    }

    @Test
    void aTenantHoldingItsShareOfThePlacesIsRefusedWhileAnotherTenantIsStillQueued() throws InterruptedException {
        ValidationQueue.Editor acmeTab = new ValidationQueue.Editor("acme-token", "tab-1");
        occupyTheWorker();
        submit("acme", acmeTab, false, "keystroke 1");
        submit("acme", null, false, "acme 1");

        assertThatThrownBy(() -> submit("acme", null, false, "acme 2"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TENANT_LIMIT_REACHED);
                    assertThat(e.code().httpStatus()).isEqualTo(429);
                    assertThat(e.getMessage())
                            .contains("Tenant 'acme' has 2 validations", "sluice.validation.queue-size-per-tenant");
                    assertThat(e.hint()).contains("?editor=");
                });
        submit("beta", null, false, "beta 1");
        // The editor's newer keystroke replaces its older one waiting, so it fits in the place that one held.
        submit("acme", acmeTab, false, "keystroke 2");
        busy.countDown();

        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> events.containsAll(List.of("acme 1 ran", "beta 1 ran", "keystroke 2 ran")));
        assertThat(events).contains("keystroke 1 superseded").doesNotContain("acme 2 ran", "keystroke 1 ran");
    }

    @Test
    void errorsAreServedBeforeWholeValidationsAndThoseBeforeOwedLintsWhateverTheirArrival()
            throws InterruptedException {
        occupyTheWorker();
        assertThat(queue.offerOwedLints(() -> events.add("owed lints ran"))).isTrue();
        submit("beta", null, true, "a notebook's whole validation");
        submit(ALICE, false, "alice's keystroke");

        busy.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.size() == 3);
        assertThat(events)
                .containsExactly("alice's keystroke ran", "a notebook's whole validation ran", "owed lints ran");
    }

    @Test
    void owedLintsTakeAPlaceAndAreNotQueuedPastTheCapacity() throws InterruptedException {
        occupyTheWorker();
        submit("acme", null, false, "a");
        submit("beta", null, false, "b");
        assertThat(queue.offerOwedLints(() -> events.add("owed lints ran"))).isTrue();

        assertThat(queue.offerOwedLints(() -> events.add("more owed lints ran")))
                .isFalse();
        assertThatThrownBy(() -> submit("gamma", null, false, "c"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_QUEUE_FULL));
        busy.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("owed lints ran"));
        // Every place is free again once the queue has run dry.
        for (String name : List.of("d", "e", "f")) {
            submit("acme" + name, null, false, name);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.containsAll(List.of("d ran", "e ran", "f ran")));
        assertThat(events).doesNotContain("more owed lints ran", "c ran");
    }

    @Test
    void owedLintsNeverHoldMoreThanHalfTheWorkersSoAKeystrokeFindsOneFree() throws InterruptedException {
        try (ValidationQueue twoWorkers = new ValidationQueue(2, 1, 1)) {
            CountDownLatch linting = new CountDownLatch(1);
            twoWorkers.offerOwedLints(() -> {
                linting.countDown();
                awaitTheTest();
            });
            assertThat(linting.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(twoWorkers.offerOwedLints(() -> events.add("second owed lints ran")))
                    .isTrue();
            // The one place is free once the free worker took the second owed lints up; the keystroke then waits
            // for that worker, so it runs after them if they ran.
            await().atMost(10, TimeUnit.SECONDS).until(() -> {
                try {
                    twoWorkers.submit("acme", ALICE, false, () -> events.add("keystroke ran"), () -> {});
                    return true;
                } catch (GatewayException e) {
                    return false;
                }
            });

            await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("keystroke ran"));
            assertThat(events).containsExactly("keystroke ran");
        }
    }

    @Test
    void aTenantWithManyValidationsWaitingTakesTurnsWithAnotherInsteadOfGoingAheadOfIt() throws InterruptedException {
        try (ValidationQueue fair = new ValidationQueue(1, 8, 8)) {
            occupyTheWorker(fair);
            for (String name : List.of("acme 1", "acme 2", "acme 3")) {
                fair.submit("acme", null, false, () -> events.add(name), () -> {});
            }
            fair.submit("beta", null, false, () -> events.add("beta 1"), () -> {});
            fair.submit("beta", null, false, () -> events.add("beta 2"), () -> {});

            busy.countDown();
            await().atMost(10, TimeUnit.SECONDS).until(() -> events.size() == 5);
            assertThat(events).containsExactly("acme 1", "beta 1", "acme 2", "beta 2", "acme 3");
        }
    }

    @Test
    void aRefusedValidationDoesNotPushItsTenantsNextOneBehindTurnsItNeverUsed() throws InterruptedException {
        try (ValidationQueue fair = new ValidationQueue(1, 4, 4)) {
            occupyTheWorker(fair);
            fair.submit("beta", null, false, () -> events.add("beta 1"), () -> {});
            ValidationQueue.Queued beta2 = fair.submit("beta", null, false, () -> events.add("beta 2"), () -> {});
            fair.submit("acme", null, false, () -> events.add("acme 1"), () -> {});
            ValidationQueue.Queued gamma = fair.submit("gamma", null, false, () -> events.add("gamma"), () -> {});
            for (int refused = 0; refused < 3; refused++) {
                assertThatThrownBy(() -> fair.submit("acme", null, false, () -> events.add("refused"), () -> {}))
                        .isInstanceOfSatisfying(
                                GatewayException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_QUEUE_FULL));
            }
            beta2.cancel();
            gamma.cancel();
            fair.submit("acme", null, false, () -> events.add("acme 2"), () -> {});
            fair.submit("beta", null, false, () -> events.add("beta 3"), () -> {});

            busy.countDown();
            await().atMost(10, TimeUnit.SECONDS).until(() -> events.size() == 4);
            assertThat(events).containsExactly("beta 1", "acme 1", "acme 2", "beta 3");
        }
    }

    /** Keeps the one worker busy until the test lets it go, so what is submitted waits. */
    private void occupyTheWorker() throws InterruptedException {
        occupyTheWorker(queue);
    }

    private void occupyTheWorker(ValidationQueue oneWorker) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        oneWorker.submit(
                "ops",
                null,
                false,
                () -> {
                    started.countDown();
                    awaitTheTest();
                },
                () -> {});
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private void awaitTheTest() {
        try {
            busy.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ValidationQueue.Queued submit(ValidationQueue.Editor editor, boolean lints, String name) {
        return submit("acme", editor, lints, name);
    }

    private ValidationQueue.Queued submit(String tenant, ValidationQueue.Editor editor, boolean lints, String name) {
        return queue.submit(
                tenant, editor, lints, () -> events.add(name + " ran"), () -> events.add(name + " superseded"));
    }
}
