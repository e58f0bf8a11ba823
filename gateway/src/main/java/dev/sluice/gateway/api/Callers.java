package dev.sluice.gateway.api;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.Tenants;
import dev.sluice.gateway.pipeline.admit.Requester;

/** The tenant and the pipeline's view of an authenticated caller of the Sluice API. */
final class Callers {

    private Callers() {}

    static String tenantOf(Principal caller) {
        return Tenants.DEFAULT;
    }

    static Requester requester(Principal caller) {
        return new Requester(tenantOf(caller), caller.tokenId(), caller.name());
    }
}
