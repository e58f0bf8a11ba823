package dev.sluice.gateway.pipeline.admit;

import dev.sluice.gateway.auth.Principal;

import static java.util.Objects.requireNonNull;

/** Who submits a statement: their tenant, and the token (by id and name, never its secret) they authenticated with. */
public record Requester(String tenant, String tokenId, String name) {

    public Requester {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(tokenId, "tokenId is null");
        requireNonNull(name, "name is null");
    }

    public static Requester of(Principal principal) {
        return new Requester(principal.tenant(), principal.tokenId(), principal.name());
    }
}
