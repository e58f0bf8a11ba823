package dev.sluice.udf.enrich;

import java.util.concurrent.CompletableFuture;

/** A backing store answering one key at a time, without blocking the caller. */
interface LookupSource extends AutoCloseable {

    CompletableFuture<LookupResult> lookup(Object key);

    @Override
    void close();
}
