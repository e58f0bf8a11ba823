package dev.sluice.udf.enrich;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LookupCacheTest {

    private final FakeTicker ticker = new FakeTicker();
    private final LookupCache cache = new LookupCache(Duration.ofSeconds(60), Duration.ofSeconds(30), 3, ticker);

    @Test
    void servesAnEntryUntilItsTtlThenForgetsIt() {
        cache.put("a", LookupResult.of("A"));
        ticker.advance(Duration.ofSeconds(59));
        assertThat(cache.get("a")).get().extracting(LookupCache.Hit::result).isEqualTo(LookupResult.of("A"));
        ticker.advance(Duration.ofSeconds(1));
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void cachesMissingKeysToo() {
        cache.put("nope", LookupResult.MISSING);
        assertThat(cache.get("nope")).get().extracting(LookupCache.Hit::result).isEqualTo(LookupResult.MISSING);
    }

    @Test
    void asksOneCallerToRefreshAnEntryOlderThanTheRefreshInterval() {
        cache.put("a", LookupResult.of("A"));
        ticker.advance(Duration.ofSeconds(29));
        assertThat(cache.get("a").orElseThrow().refreshDue()).isFalse();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(cache.get("a").orElseThrow().refreshDue()).isTrue();
        // the reload is under way: others are served the old value without being asked again
        assertThat(cache.get("a").orElseThrow()).isEqualTo(new LookupCache.Hit(LookupResult.of("A"), false));
    }

    @Test
    void aFailedRefreshIsRetriedByTheNextHitAndASuccessfulOneRestartsTheClock() {
        cache.put("a", LookupResult.of("A"));
        ticker.advance(Duration.ofSeconds(31));
        assertThat(cache.get("a").orElseThrow().refreshDue()).isTrue();
        cache.refreshFailed("a");
        assertThat(cache.get("a").orElseThrow().refreshDue()).isTrue();

        cache.put("a", LookupResult.of("A2"));
        ticker.advance(Duration.ofSeconds(29));
        assertThat(cache.get("a").orElseThrow()).isEqualTo(new LookupCache.Hit(LookupResult.of("A2"), false));
        // the reloaded entry lives a full ttl from its reload, past the first entry's expiry
        ticker.advance(Duration.ofSeconds(30));
        assertThat(cache.get("a")).isPresent();
    }

    @Test
    void dropsTheLeastRecentlyUsedEntryBeyondMaxEntries() {
        cache.put("a", LookupResult.of("A"));
        cache.put("b", LookupResult.of("B"));
        cache.put("c", LookupResult.of("C"));
        cache.get("a"); // b is now the least recently used
        cache.put("d", LookupResult.of("D"));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).isPresent();
        assertThat(cache.get("c")).isPresent();
        assertThat(cache.get("d")).isPresent();
    }
}
