package dev.sluice.udf.catalog;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * What one version of a function consists of, as stored. Which parts a language uses:
 * <ul>
 *   <li>{@link Language#JAVA}: {@code entry} = fully qualified class name, {@code binary} = jar bytes.</li>
 *   <li>{@link Language#JAVASCRIPT}: {@code entry} = name of the JS function to call, {@code text} = source.</li>
 *   <li>{@link Language#ENRICHMENT}: {@code text} = the lookup spec as JSON, {@code entry} unused.</li>
 * </ul>
 * Unused parts are {@code null}. Stored as given; a language normalizes in {@link FunctionLanguage#check}.
 */
public record FunctionPayload(String entry, String text, byte[] binary) implements Serializable {

    public static FunctionPayload jar(String className, byte[] jar) {
        return new FunctionPayload(className, null, jar);
    }

    public static FunctionPayload source(String entry, String text) {
        return new FunctionPayload(entry, text, null);
    }

    /** Bytes this payload occupies in the store (text as UTF-8), for the size limit. */
    public long size() {
        return utf8Length(text) + (binary == null ? 0 : binary.length) + utf8Length(entry);
    }

    private static long utf8Length(String value) {
        return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
    }
}
