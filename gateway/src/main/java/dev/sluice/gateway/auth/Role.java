package dev.sluice.gateway.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a token may do. */
public enum Role {
    /** Works inside their tenant: its database, sessions, statements and jobs, and reads its policy. */
    ANALYST,
    /** Sees and manages everything, in every tenant. */
    ADMIN;

    /** The role's name in the API and on the command line, e.g. {@code analyst}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> ofApiName(String name) {
        return Arrays.stream(values())
                .filter(role -> role.apiName().equals(name))
                .findFirst();
    }
}
