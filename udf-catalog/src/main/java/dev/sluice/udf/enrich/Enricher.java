package dev.sluice.udf.enrich;

import dev.sluice.udf.net.OutboundDeniedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

import static java.util.Objects.requireNonNull;

/**
 * One task's lookup path: cache, then a query already under way for the same key, then a new query if the rate
 * limiter grants a permit within the timeout. Never fails: a missing key, a refused permit ("throttled"), a
 * timeout, a failing store or a host the tenant's outbound rules refuse ("refused", an error too) all give the
 * fallback value, each counted. Failures and timeouts are not cached, so
 * the next call for the key tries again.
 */
final class Enricher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Enricher.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String functionName;
    private final LookupSource source;
    private final LookupCache cache;
    private final RateLimiter limiter;
    private final EnrichmentMetrics metrics;
    private final Duration timeout;
    private final String fallback;
    private final Ticker ticker;
    private final LongFunction<Executor> delayer;
    private final Map<Object, CompletableFuture<LookupResult>> inFlight = new ConcurrentHashMap<>();
    private volatile long lastWarnNanos;

    /**
     * @param cache null when the spec disables caching
     * @param delayer an executor that runs a task after the given nanoseconds (the JDK's shared delayer in jobs)
     */
    Enricher(
            String functionName,
            EnrichmentSpec spec,
            LookupSource source,
            LookupCache cache,
            RateLimiter limiter,
            EnrichmentMetrics metrics,
            Ticker ticker,
            LongFunction<Executor> delayer) {
        this.functionName = requireNonNull(functionName, "functionName is null");
        this.source = requireNonNull(source, "source is null");
        this.cache = cache;
        this.limiter = requireNonNull(limiter, "limiter is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.timeout = spec.timeout();
        this.fallback = spec.fallback();
        this.ticker = requireNonNull(ticker, "ticker is null");
        this.delayer = requireNonNull(delayer, "delayer is null");
        this.lastWarnNanos = ticker.nanos() - WARN_INTERVAL_NANOS;
    }

    /** The value for the key, or the fallback; SQL NULL for a NULL key. */
    CompletableFuture<String> enrich(Object key) {
        if (key == null) {
            return CompletableFuture.completedFuture(null);
        }
        Optional<LookupCache.Hit> hit = cache == null ? Optional.empty() : cache.get(key);
        if (hit.isPresent()) {
            metrics.cacheHits().inc();
            if (hit.get().refreshDue()) {
                refresh(key);
            }
            return CompletableFuture.completedFuture(valueOf(hit.get().result()));
        }
        CompletableFuture<LookupResult> pending = inFlight.get(key);
        if (pending != null) {
            metrics.cacheHits().inc();
            return pending.handle((result, failure) -> failure == null ? valueOf(result) : fallback());
        }
        metrics.cacheMisses().inc();
        long wait = limiter.reserve(timeout);
        if (wait == RateLimiter.REFUSED) {
            metrics.throttled().inc();
            return CompletableFuture.completedFuture(fallback());
        }
        CompletableFuture<LookupResult> lookup = query(key, wait).orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        inFlight.put(key, lookup);
        return lookup.handle((result, failure) -> {
            inFlight.remove(key, lookup);
            if (failure != null) {
                recordFailure(failure);
                return fallback();
            }
            if (cache != null) {
                cache.put(key, result);
            }
            return valueOf(result);
        });
    }

    /** Reloads a cached entry in the background, only with a permit free right now: refreshing never waits. */
    private void refresh(Object key) {
        if (limiter.reserve(Duration.ZERO) == RateLimiter.REFUSED) {
            cache.refreshFailed(key);
            return;
        }
        query(key, 0).orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((result, failure) -> {
            if (failure == null) {
                cache.put(key, result);
            } else {
                cache.refreshFailed(key);
                recordFailure(failure);
            }
        });
    }

    /** Starts the query once the reserved permit's time has come. */
    private CompletableFuture<LookupResult> query(Object key, long waitNanos) {
        if (waitNanos == 0) {
            metrics.storeLookups().inc();
            return source.lookup(key);
        }
        return CompletableFuture.runAsync(() -> {}, delayer.apply(waitNanos)).thenCompose(ignored -> {
            metrics.storeLookups().inc();
            return source.lookup(key);
        });
    }

    private void recordFailure(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            metrics.timeouts().inc();
            return;
        }
        metrics.errors().inc();
        Optional<OutboundDeniedException> denied = denial(cause);
        denied.ifPresent(refusal -> metrics.refused().inc());
        // A store that is down fails every lookup: say so now and then, not once per row.
        long now = ticker.nanos();
        if (now - lastWarnNanos >= WARN_INTERVAL_NANOS) {
            lastWarnNanos = now;
            if (denied.isPresent()) {
                LOG.warn(
                        "Enrichment function {}: lookup refused, returning the fallback value ({} refused so far): {}",
                        functionName,
                        metrics.refused().getCount(),
                        denied.get().getMessage());
            } else {
                LOG.warn(
                        "Enrichment function {}: lookup failed, returning the fallback value ({} failures so far): {}",
                        functionName,
                        metrics.errors().getCount(),
                        cause.toString());
            }
        }
    }

    /** The tenant's outbound rules' refusal, wherever the client wrapped it. */
    private static Optional<OutboundDeniedException> denial(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutboundDeniedException denied) {
                return Optional.of(denied);
            }
        }
        return Optional.empty();
    }

    private String valueOf(LookupResult result) {
        return result.found() ? result.value() : fallback();
    }

    private String fallback() {
        metrics.fallbacks().inc();
        return fallback;
    }

    @Override
    public void close() {
        source.close();
    }
}
