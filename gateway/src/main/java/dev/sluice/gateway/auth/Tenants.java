package dev.sluice.gateway.auth;

import org.apache.flink.table.gateway.api.session.SessionHandle;

import java.util.Map;

/**
 * Which tenant a caller belongs to. Tenants arrive with quotas and the analyst role; until then every caller, on
 * either listener, is in {@link #DEFAULT}. This is the one place that decides it.
 */
public final class Tenants {

    /** The tenant of every caller until tenants arrive. */
    public static final String DEFAULT = "default";

    private Tenants() {}

    /** The tenant whose rules apply to the statements of a session. */
    public static String ofSession(SessionHandle session) {
        return DEFAULT;
    }

    /** The tenant of a Sluice API caller. */
    public static String ofPrincipal(Principal principal) {
        return DEFAULT;
    }

    /** The tenant of a session about to be opened with these properties. */
    public static String ofNewSession(Map<String, String> properties) {
        return DEFAULT;
    }
}
