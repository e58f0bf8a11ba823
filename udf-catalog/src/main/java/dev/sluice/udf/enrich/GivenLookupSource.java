package dev.sluice.udf.enrich;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Lookups answered from given rows instead of the function's store, for a statement test: a key given answers its
 * value (which may be SQL NULL), any other key is missing, as a store without that row would say (so the spec's
 * fallback applies). Keys are compared as text, the form in which a test writes them.
 */
final class GivenLookupSource implements LookupSource {

    private final Map<String, String> answers;

    GivenLookupSource(Map<String, String> answers) {
        this.answers = requireNonNull(answers, "answers is null");
    }

    @Override
    public CompletableFuture<LookupResult> lookup(Object key) {
        String text = String.valueOf(key);
        return CompletableFuture.completedFuture(
                answers.containsKey(text) ? LookupResult.of(answers.get(text)) : LookupResult.MISSING);
    }

    @Override
    public void close() {}
}
