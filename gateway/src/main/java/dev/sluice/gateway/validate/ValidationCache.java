package dev.sluice.gateway.validate;

import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * What validating a statement found, kept so that a script validated again as its author types is validated only in
 * the statements that changed. Keyed by a {@link StatementKey} (the statement, every change to the
 * scratch session before it, the catalog's version, the caller's tenant and role and the session it validates in);
 * bounded, the least recently used finding going first.
 */
final class ValidationCache {

    /**
     * One statement's findings.
     *
     * @param linted whether the statement was planned and linted; a finding without lints does not answer a request
     *     that wants them
     * @param changedScratch whether the statement changed the scratch session (DDL, USE, SET, RESET applied), so that
     *     the statements after it depend on it
     * @param foundAt the statement as it was validated, where it started then: the diagnostics' positions are there
     */
    record Finding(List<Diagnostic> diagnostics, boolean linted, boolean changedScratch, ScriptStatement foundAt) {
        Finding {
            diagnostics = List.copyOf(diagnostics);
            requireNonNull(foundAt, "foundAt is null");
        }

        /** This finding for the same statement starting at {@code statement}'s place, if its diagnostics move there. */
        Optional<Finding> at(ScriptStatement statement) {
            return MovedFindings.move(diagnostics, foundAt, statement)
                    .map(moved -> new Finding(moved, linted, changedScratch, statement));
        }
    }

    private final Map<StatementKey, Finding> findings;
    // Lints being found after an answer without them, so that the request for them waits instead of planning again.
    private final Map<StatementKey, CompletableFuture<Optional<Finding>>> linting = new HashMap<>();

    /** @param capacity findings kept at most; 0 keeps none */
    ValidationCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.findings = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<StatementKey, Finding> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The finding for {@code key}, if one is kept that answers a request with or without {@code lints}, with its
     * positions where {@code statement} (the statement of the key) starts now.
     */
    synchronized Optional<Finding> get(StatementKey key, ScriptStatement statement, boolean lints) {
        Finding finding = findings.get(requireNonNull(key, "key is null"));
        return finding == null || (lints && !finding.linted()) ? Optional.empty() : finding.at(statement);
    }

    /**
     * The finding for {@code key} as {@link #get} gives it, waiting up to {@code wait} for lints being found in the
     * background ({@link #lintingStarted}) when the request wants them and only those are missing.
     */
    Optional<Finding> getOrAwait(StatementKey key, ScriptStatement statement, boolean lints, Duration wait)
            throws InterruptedException {
        CompletableFuture<Optional<Finding>> pending;
        synchronized (this) {
            Optional<Finding> kept = get(key, statement, lints);
            pending = linting.get(key);
            if (kept.isPresent() || !lints || pending == null) {
                return kept;
            }
        }
        try {
            return pending.get(wait.toNanos(), TimeUnit.NANOSECONDS).flatMap(finding -> finding.at(statement));
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    /**
     * Notes that the lints of {@code key} are being found; the returned future is completed with the finding that
     * includes them (which is kept), or with empty if they could not be found.
     */
    synchronized CompletableFuture<Optional<Finding>> lintingStarted(StatementKey key) {
        CompletableFuture<Optional<Finding>> pending = new CompletableFuture<>();
        linting.put(requireNonNull(key, "key is null"), pending);
        pending.whenComplete((finding, failure) -> {
            synchronized (this) {
                linting.remove(key, pending);
            }
        });
        return pending;
    }

    synchronized void put(StatementKey key, Finding finding) {
        requireNonNull(finding, "finding is null");
        Finding kept = findings.get(requireNonNull(key, "key is null"));
        // A finding with lints answers both kinds of request: never replace it by one without.
        if (kept == null || finding.linted() || !kept.linted()) {
            findings.put(key, finding);
        }
    }
}
