package dev.sluice.gateway.auth;

import static java.util.Objects.requireNonNull;

/** Who sent a request: the token they authenticated with, its name and its role. */
public record Principal(String tokenId, String name, Role role) {

    public Principal {
        requireNonNull(tokenId, "tokenId is null");
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
    }
}
