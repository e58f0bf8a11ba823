package dev.sluice.udf.enrich;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The lookup path on its own, against a store the test answers by hand and a clock it moves. */
class EnricherTest {

    private final FakeTicker ticker = new FakeTicker();
    private final Map<Object, String> store = new HashMap<>();
    private final List<Query> pending = new ArrayList<>();
    private final List<Object> queried = new ArrayList<>();
    private final List<Runnable> delayed = new ArrayList<>();

    private record Query(Object key, CompletableFuture<LookupResult> answer) {}

    private final LookupSource source = new LookupSource() {
        @Override
        public CompletableFuture<LookupResult> lookup(Object key) {
            queried.add(key);
            CompletableFuture<LookupResult> answer = new CompletableFuture<>();
            pending.add(new Query(key, answer));
            return answer;
        }

        @Override
        public void close() {}
    };

    private final EnrichmentSpec spec = new EnrichmentSpecParser().parse("""
            {"source": {"type": "http", "urlTemplate": "http://127.0.0.1/{key}", "valuePointer": ""},
             "cache": {"ttl": "60 s", "refresh": "30 s"}, "rateLimit": {"lookupsPerSecond": 1},
             "timeout": "10 s", "fallback": "?"}""");
    private final LookupCache cache = new LookupCache(Duration.ofSeconds(60), Duration.ofSeconds(30), 100, ticker);
    private final EnrichmentMetrics metrics = new EnrichmentMetrics(new UnregisteredMetricsGroup(), cache::size);
    private final Enricher enricher =
            new Enricher("f", spec, source, cache, new RateLimiter(1, ticker), metrics, ticker, nanos -> delayed::add);

    @Test
    void joinsAQueryUnderWayAndThenServesFromTheCache() {
        store.put("a", "A");
        CompletableFuture<String> first = enricher.enrich("a");
        CompletableFuture<String> second = enricher.enrich("a");
        answerAll();

        assertThat(first.join()).isEqualTo("A");
        assertThat(second.join()).isEqualTo("A");
        assertThat(enricher.enrich("a").join()).isEqualTo("A");
        assertThat(queried).containsExactly("a");
        assertThat(metrics.cacheHits().getCount()).isEqualTo(2);
        assertThat(metrics.cacheMisses().getCount()).isEqualTo(1);
        assertThat(metrics.hitRatio()).isEqualTo(2 / 3.0);
    }

    @Test
    void refreshesAnOldEntryInTheBackgroundWhileServingIt() {
        store.put("a", "A");
        enricher.enrich("a");
        answerAll();
        store.put("a", "A2");
        ticker.advance(Duration.ofSeconds(30));

        assertThat(enricher.enrich("a").join()).isEqualTo("A"); // served at once, reload started
        assertThat(enricher.enrich("a").join()).isEqualTo("A"); // reload still under way: not started twice
        assertThat(queried).containsExactly("a", "a");
        answerAll();
        assertThat(enricher.enrich("a").join()).isEqualTo("A2");
        assertThat(metrics.storeLookups().getCount()).isEqualTo(2);
    }

    @Test
    void givesTheFallbackWhenNoPermitComesWithinTheTimeoutAndForAMissingKey() {
        // 1 lookup/s and a 10 s timeout: the first eleven keys get permits (0 to 10 s away), the twelfth does not
        for (int key = 1; key <= 12; key++) {
            store.put(key, "value " + key);
            enricher.enrich(key);
        }
        assertThat(queried).containsExactly(1);
        assertThat(delayed).hasSize(10);
        delayed.get(0).run(); // key 2's permit time has come
        assertThat(queried).containsExactly(1, 2);
        assertThat(metrics.throttled().getCount()).isEqualTo(1);
        assertThat(metrics.fallbacks().getCount()).isEqualTo(1);

        CompletableFuture<String> missing = enricher.enrich("nope");
        assertThat(missing).isCompletedWithValue("?"); // throttled too: the limiter is booked 11 s ahead
        ticker.advance(Duration.ofSeconds(11));
        CompletableFuture<String> later = enricher.enrich("nope");
        answerAll();
        assertThat(later.join()).isEqualTo("?");
        assertThat(metrics.fallbacks().getCount()).isEqualTo(3);
        assertThat(enricher.enrich(null).join()).isNull();
    }

    @Test
    void aFailedLookupFallsBackAndIsNotCached() {
        CompletableFuture<String> failed = enricher.enrich("a");
        pending.remove(0).answer().completeExceptionally(new java.io.IOException("store down"));
        assertThat(failed.join()).isEqualTo("?");
        assertThat(metrics.errors().getCount()).isEqualTo(1);

        store.put("a", "A");
        ticker.advance(Duration.ofSeconds(1));
        CompletableFuture<String> retried = enricher.enrich("a");
        answerAll();
        assertThat(retried.join()).isEqualTo("A");
    }

    /** Answers every query asked so far from the store. */
    private void answerAll() {
        List<Query> queries = new ArrayList<>(pending);
        pending.clear();
        for (Query query : queries) {
            query.answer()
                    .complete(
                            store.containsKey(query.key())
                                    ? LookupResult.of(store.get(query.key()))
                                    : LookupResult.MISSING);
        }
    }
}
