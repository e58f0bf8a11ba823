package dev.sluice.gateway.store;

import static java.util.Objects.requireNonNull;

/** A resource a function needs at run time, e.g. {@code JAR} and its URI. */
public record FunctionResource(String type, String uri) {

    public FunctionResource {
        requireNonNull(type, "type is null");
        requireNonNull(uri, "uri is null");
    }
}
