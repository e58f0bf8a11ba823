package dev.sluice.udf.enrich;

import dev.sluice.udf.enrich.EnrichmentSpec.HttpSource;
import dev.sluice.udf.enrich.EnrichmentSpec.JdbcSource;
import dev.sluice.udf.net.OutboundRules;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.AsyncScalarFunction;
import org.apache.flink.table.functions.FunctionContext;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * An enrichment function as Flink calls it: {@code enrich_title(title_id)} returns the looked-up value as a
 * STRING. It is an {@link AsyncScalarFunction}, so Flink's async operator keeps up to
 * {@code table.exec.async-scalar.max-concurrent-operations} lookups in flight per task, in order, without blocking
 * the task thread; this function's own timeout (at most 1 min) always fires before Flink's
 * {@code table.exec.async-scalar.timeout} (3 min by default), so a slow store yields the fallback, never a failed
 * job. Only the spec's JSON and the planning tenant's outbound rules travel with the job; the connection pool, cache
 * and limiter are built per task in {@link #open}, and a credential is read there from its reference. Every
 * connection a lookup opens is checked against those rules after DNS resolution, and made to the address checked.
 */
public final class EnrichmentFunction extends AsyncScalarFunction {

    private static final long serialVersionUID = 1L;

    private final String functionName;
    private final String specJson;
    private final OutboundRules outbound;
    /** Lookups a statement test gives instead of the store, by key as text; null for the store. */
    private final HashMap<String, String> given;

    private transient Enricher enricher;

    /**
     * @param outbound where the lookups may connect: the rules of the tenant whose statement planned the job
     * @throws EnrichmentSpecException if the spec is not valid, so a bad spec never reaches a job
     */
    public EnrichmentFunction(String functionName, String specJson, OutboundRules outbound) {
        this(functionName, specJson, outbound, null);
    }

    private EnrichmentFunction(
            String functionName, String specJson, OutboundRules outbound, HashMap<String, String> given) {
        this.functionName = requireNonNull(functionName, "functionName is null");
        this.specJson = requireNonNull(specJson, "specJson is null");
        this.outbound = requireNonNull(outbound, "outbound is null");
        this.given = given;
        new EnrichmentSpecParser().parse(specJson);
    }

    /** The name the catalog knows the function by. */
    public String name() {
        return functionName;
    }

    /**
     * The same function (spec, cache, rate limit, timeout and fallback) with its lookups answered from {@code answers}
     * (value by key as text; a null value is SQL NULL) instead of its store, which it never connects to: how a
     * statement test gives a function's lookups as input. A key not given is missing, so the fallback applies.
     */
    public EnrichmentFunction answeringFrom(Map<String, String> answers) {
        return new EnrichmentFunction(functionName, specJson, outbound, new HashMap<>(answers));
    }

    @Override
    public void open(FunctionContext context) {
        EnrichmentSpec spec = new EnrichmentSpecParser().parse(specJson);
        Ticker ticker = Ticker.system();
        LookupCache cache = spec.cache().enabled()
                ? new LookupCache(
                        spec.cache().ttl(), spec.cache().refresh(), spec.cache().maxEntries(), ticker)
                : null;
        EnrichmentMetrics metrics = new EnrichmentMetrics(
                context.getMetricGroup().addGroup("enrichment", functionName), cache == null ? () -> 0 : cache::size);
        LookupSource source;
        if (given != null) {
            source = new GivenLookupSource(given);
        } else if (spec.source() instanceof JdbcSource jdbc) {
            source = new JdbcLookupSource(functionName, jdbc, spec.timeout(), outbound);
        } else {
            source = new HttpLookupSource(functionName, (HttpSource) spec.source(), spec.timeout(), outbound);
        }
        enricher = new Enricher(
                functionName,
                spec,
                source,
                cache,
                new RateLimiter(spec.rateLimit().lookupsPerSecond(), ticker),
                metrics,
                ticker,
                nanos -> CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS));
    }

    public void eval(CompletableFuture<String> result, @DataTypeHint(inputGroup = InputGroup.ANY) Object key) {
        enricher.enrich(key).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        });
    }

    @Override
    public void close() {
        if (enricher != null) {
            enricher.close();
        }
    }

    /** The backing store changes, so calls with equal keys must not be folded into one at planning time. */
    @Override
    public boolean isDeterministic() {
        return false;
    }

    @Override
    public String toString() {
        return "EnrichmentFunction[" + functionName + "]";
    }
}
