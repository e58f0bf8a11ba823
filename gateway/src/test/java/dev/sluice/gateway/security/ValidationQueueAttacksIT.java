package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
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
 * The validation workers are shared by every tenant: one tenant flooding them may hold only its share of the places
 * waiting for a worker, so another tenant's validation still gets in line and is answered.
 */
class ValidationQueueAttacksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
        options.set(SluiceOptions.VALIDATION_TIMEOUT, Duration.ofSeconds(4));
        options.set(SluiceOptions.VALIDATION_PARALLELISM, 1);
        options.set(SluiceOptions.VALIDATION_QUEUE_SIZE, 2);
        options.set(SluiceOptions.VALIDATION_QUEUE_SIZE_PER_TENANT, 1);
    });

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.API)
    void aTenantFloodingValidationsIsRefusedPastItsShareAndAnotherTenantsValidationIsStillAnswered() {
        ApiClient mallory = Analyst.of(GATEWAY, "flooding", "nb").api();
        ApiClient alice = Analyst.of(GATEWAY, "calm", "nb").api();
        // The running validation holds the worker, not a place; the next one of the tenant holds its one place.
        CompletableFuture<Response> occupier = ValidationWorkers.occupyOne(mallory);
        CompletableFuture<Response> waiting = ValidationWorkers.inBackground(mallory, VALIDATE, "SELECT 1 AS mine");
        ValidationWorkers.awaitWaitingForAWorker(2);

        Response refused = mallory.post(VALIDATE, sql("SELECT 1 AS more"));

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(429);
        JsonNode error = refused.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo("TENANT_LIMIT_REACHED");
        assertThat(error.get("message").asText())
                .contains("Tenant 'flooding' has 1 validations waiting", "sluice.validation.queue-size-per-tenant");
        assertThat(error.get("hint").asText()).isNotBlank();
        assertThat(refused.body().toString()).doesNotContain("Exception", "at dev.sluice");

        // Queued behind the flood's share: answered in its turn (behind a validation that takes the whole timeout, its
        // answer may be that it ran out of time, which is not what is defended here).
        CompletableFuture<Response> answered = ValidationWorkers.inBackground(alice, VALIDATE, "SELECT 1 AS theirs");
        ValidationWorkers.awaitWaitingForAWorker(3);

        assertThat(answered.join().status())
                .as(answered.join().body().toString())
                .isEqualTo(200);
        assertThat(answered.join().body().has("superseded")).isFalse();
        assertThat(waiting.join().status()).isEqualTo(200);
        occupier.join();
    }

    private static JsonNode sql(String sql) {
        return JsonNodeFactory.instance.objectNode().put("sql", sql);
    }
}
