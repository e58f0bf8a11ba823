package dev.sluice.udf.enrich;

import static java.util.Objects.requireNonNull;

/** A host and port that a lookup source connects to, as its URL names them (a name, or an address literal). */
public record Endpoint(String host, int port) {

    public Endpoint {
        requireNonNull(host, "host is null");
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
