package dev.sluice.gateway.error;

import dev.sluice.gateway.store.StoreException;
import dev.sluice.udf.catalog.FunctionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * A failure of the metadata store in the gateway's terms, for every listener: 503 METADATA_STORE_UNAVAILABLE naming
 * what the store failed to do, never a 500, and never the database's own words (they can name tables, files and
 * servers), which go to the log instead. Flink and the catalog wrap such a failure several levels deep; it is found
 * among the causes wherever it is.
 */
public final class StoreFailures {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFailures.class);

    private static final String HINT =
            "Nothing of it was written. Repeat the call in a moment: the gateway reconnects to the store by"
                    + " itself, and GET /healthz/ready answers 200 again once the store works.";

    private StoreFailures() {}

    /**
     * The store's failure among {@code failure} and its causes, said in the gateway's terms; empty if there is none.
     * A store's refusal of a conflicting change (a duplicate, a broken reference) that no caller handled is a
     * CONFLICT.
     */
    public static Optional<GatewayException> find(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof StoreException store) {
                return Optional.of(of(store));
            }
            if (cause instanceof FunctionException function
                    && function.reason() == FunctionException.Reason.STORE_FAILED) {
                return Optional.of(unavailable(function.getMessage(), function));
            }
        }
        return Optional.empty();
    }

    /** {@code failure} in the gateway's terms. */
    public static GatewayException of(StoreException failure) {
        if (failure.reason() != StoreException.Reason.FAILURE) {
            // The message names the action and the conflict in the store's own fixed words, no database text.
            return new GatewayException(
                    ErrorCode.CONFLICT,
                    failure.getMessage() + ".",
                    null,
                    null,
                    "Read the current state and try again.",
                    failure);
        }
        return unavailable(
                failure.action()
                        .map(action -> "The metadata store failed to " + action + ".")
                        .orElse("The metadata store failed."),
                failure);
    }

    private static GatewayException unavailable(String message, Throwable failure) {
        LOG.warn("Answered 503 {}: {}", ErrorCode.METADATA_STORE_UNAVAILABLE, failure.toString());
        return new GatewayException(ErrorCode.METADATA_STORE_UNAVAILABLE, message, null, null, HINT, failure);
    }
}
