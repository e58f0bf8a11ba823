package dev.sluice.gateway.validate;

import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** A request for lints being found elsewhere waits for them until its deadline, and never asks for them again. */
class ValidationCacheTest {

    private static final ScriptStatement STATEMENT = ScriptStatement.whole("INSERT INTO sink SELECT * FROM source");
    private static final StatementKey KEY = new StatementKey("insert".getBytes(StandardCharsets.UTF_8));
    private static final Diagnostic LINT =
            new Diagnostic(Diagnostic.Severity.WARNING, "UNBOUNDED_STATE", "State grows without bound.", null, null);

    private final ValidationCache cache = new ValidationCache(10);

    @Test
    void lintsNotFoundByTheDeadlineLeaveTheFindingWithoutThemNotLinted() throws InterruptedException {
        cache.put(KEY, new ValidationCache.Finding(List.of(), false, false, STATEMENT));
        cache.lintingStarted(KEY);

        long started = System.nanoTime();
        Optional<ValidationCache.Finding> answered = cache.getOrAwait(
                KEY, STATEMENT, true, started + Duration.ofMillis(300).toNanos());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(answered).hasValueSatisfying(finding -> {
            assertThat(finding.linted()).isFalse();
            assertThat(finding.diagnostics()).isEmpty();
        });
    }

    @Test
    void lintsNobodyIsFindingAreNotWaitedForSoTheStatementIsPlannedByTheRequest() throws InterruptedException {
        cache.put(KEY, new ValidationCache.Finding(List.of(), false, false, STATEMENT));
        cache.lintingStarted(KEY).complete(Optional.empty());

        assertThat(cache.getOrAwait(
                        KEY,
                        STATEMENT,
                        true,
                        System.nanoTime() + Duration.ofSeconds(10).toNanos()))
                .isEmpty();
        assertThat(cache.getOrAwait(KEY, STATEMENT, false, System.nanoTime()))
                .hasValueSatisfying(finding -> assertThat(finding.linted()).isFalse());
    }

    @Test
    void lintsFoundInTimeAreAnswered() throws InterruptedException {
        cache.put(KEY, new ValidationCache.Finding(List.of(), false, false, STATEMENT));
        CompletableFuture<Optional<ValidationCache.Finding>> pending = cache.lintingStarted(KEY);
        ValidationCache.Finding linted = new ValidationCache.Finding(List.of(LINT), true, false, STATEMENT);
        // As the lint thread does: the finding kept, then handed to whoever waits (before or after this request looks).
        CompletableFuture.runAsync(() -> {
            cache.put(KEY, linted);
            pending.complete(Optional.of(linted));
        });

        Optional<ValidationCache.Finding> answered = cache.getOrAwait(
                KEY, STATEMENT, true, System.nanoTime() + Duration.ofSeconds(10).toNanos());

        assertThat(answered).hasValueSatisfying(finding -> {
            assertThat(finding.linted()).isTrue();
            assertThat(finding.diagnostics()).containsExactly(LINT);
        });
    }
}
