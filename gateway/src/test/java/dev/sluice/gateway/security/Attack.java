package dev.sluice.gateway.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test of the adversarial suite: one attack a hostile analyst (or network client) tries, which must fail and
 * leave nothing leaked or changed. {@link AttackCatalogTest} counts them by kind, and docs/security.md lists them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Attack {

    /** The kind of path the attack tries (the defences of docs/security.md). */
    Kind kind();

    /** The listeners the attack is tried through. */
    Listener[] through();

    /** The kinds of path out of a tenant, in the order docs/security.md describes their defences. */
    enum Kind {
        FILES,
        SETTINGS,
        CONTROL_PLANE,
        AUTHENTICATION,
        SANDBOX,
        QUOTAS,
        LISTENER_PARITY,
        METADATA_STORE,
        CONTAINER
    }

    /** Where an attack comes in. */
    enum Listener {
        /** The Sluice API, /api/v1. */
        API,
        /** The Flink-compatible SQL Gateway endpoint. */
        FLINK_ENDPOINT,
        /** The PostgreSQL protocol listener. */
        PG_WIRE,
        /** Neither: the attack is on the process, the host or the image. */
        HOST
    }
}
