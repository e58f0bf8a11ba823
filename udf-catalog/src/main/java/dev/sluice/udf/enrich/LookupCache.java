package dev.sluice.udf.enrich;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One task's cache of lookup results: entries expire {@code ttl} after they were loaded, the least recently used
 * entry is dropped beyond {@code maxEntries}, and an entry older than {@code refresh} is still served but reported as
 * due for a background reload, to one caller only until {@link #put} or {@link #refreshFailed} for that key.
 * Thread-safe: Flink calls lookups on the task thread and results arrive on I/O threads.
 */
final class LookupCache {

    /** A cached result, and whether the caller should reload it in the background. */
    record Hit(LookupResult result, boolean refreshDue) {}

    private static final class Entry {
        final LookupResult result;
        final long loadedAt;
        boolean refreshing;

        Entry(LookupResult result, long loadedAt) {
            this.result = result;
            this.loadedAt = loadedAt;
        }
    }

    private final long ttlNanos;
    private final long refreshNanos;
    private final int maxEntries;
    private final Ticker ticker;
    private final LinkedHashMap<Object, Entry> entries;

    LookupCache(Duration ttl, Duration refresh, int maxEntries, Ticker ticker) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
        }
        this.ttlNanos = ttl.toNanos();
        this.refreshNanos = refresh.toNanos();
        this.maxEntries = maxEntries;
        this.ticker = ticker;
        // Access order: a get() moves the entry to the end, so the eldest is the least recently used.
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
                return size() > LookupCache.this.maxEntries;
            }
        };
    }

    synchronized Optional<Hit> get(Object key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        long age = ticker.nanos() - entry.loadedAt;
        if (age >= ttlNanos) {
            entries.remove(key);
            return Optional.empty();
        }
        boolean refreshDue = age >= refreshNanos && !entry.refreshing;
        if (refreshDue) {
            entry.refreshing = true;
        }
        return Optional.of(new Hit(entry.result, refreshDue));
    }

    synchronized void put(Object key, LookupResult result) {
        entries.put(key, new Entry(result, ticker.nanos()));
    }

    /** A background reload did not happen: let a later hit try again. */
    synchronized void refreshFailed(Object key) {
        Entry entry = entries.get(key);
        if (entry != null) {
            entry.refreshing = false;
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
