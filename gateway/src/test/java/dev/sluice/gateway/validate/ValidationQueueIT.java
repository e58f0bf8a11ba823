package dev.sluice.gateway.validate;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.ValidationWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static dev.sluice.gateway.testing.ValidationWorkers.VALIDATE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validation queue through the API: one worker kept busy by a script that takes its whole timeout, and an editor's
 * older validation waiting behind it answered as superseded by its newer one. (The queue's bound and its 503 are in
 * ValidationQueueTest; one tenant's share of it in ValidationQueueAttacksIT.)
 */
class ValidationQueueIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
        options.set(SluiceOptions.VALIDATION_TIMEOUT, TIMEOUT);
        options.set(SluiceOptions.VALIDATION_PARALLELISM, 1);
    });

    @Test
    void anEditorsOlderValidationStillWaitingIsAnsweredAsSupersededByItsNewerOne() {
        CompletableFuture<Response> occupier = ValidationWorkers.occupyOne(GATEWAY.api());
        CompletableFuture<Response> older = ValidationWorkers.inBackground(
                GATEWAY.api(), VALIDATE + "?lints=false&editor=tab-1", "SELECT 1 AS older");
        ValidationWorkers.awaitWaitingForAWorker(2);
        CompletableFuture<Response> newer = ValidationWorkers.inBackground(
                GATEWAY.api(), VALIDATE + "?lints=false&editor=tab-1", "SELECT 1 AS newer");

        Response superseded = older.join();
        assertThat(superseded.status()).isEqualTo(200);
        assertThat(superseded.body().get("superseded").asBoolean()).isTrue();
        assertThat(superseded.body().get("valid").asBoolean()).isFalse();
        assertThat(superseded.body().get("diagnostics")).isEmpty();
        assertThat(occupier).isNotDone();

        Response answered = newer.join();
        assertThat(answered.status()).as(answered.body().toString()).isEqualTo(200);
        assertThat(answered.body().has("superseded")).isFalse();
        // Validated: valid, or, behind a validation that took the whole timeout on a busy machine, out of time.
        assertThat(answered.body().get("valid").asBoolean()
                        || answered.body().get("diagnostics").toString().contains("VALIDATION_TIMEOUT"))
                .as(answered.body().toString())
                .isTrue();
        occupier.join();
    }
}
