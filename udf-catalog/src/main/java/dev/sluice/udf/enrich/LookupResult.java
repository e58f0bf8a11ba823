package dev.sluice.udf.enrich;

/**
 * What the backing store said about one key: not found, or found with a value (which may be SQL NULL). A missing key
 * is an answer too, and is cached like a value, so that unknown keys do not hammer the store.
 */
public record LookupResult(boolean found, String value) {

    public static final LookupResult MISSING = new LookupResult(false, null);

    public static LookupResult of(String value) {
        return new LookupResult(true, value);
    }
}
