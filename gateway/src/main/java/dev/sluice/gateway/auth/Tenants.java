package dev.sluice.gateway.auth;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import org.apache.flink.table.gateway.api.session.SessionHandle;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Which caller, and so which tenant, each open session belongs to: the principal of the token that opened it, on
 * either listener. This is the one place that decides a session's tenant; the policy step, the job records and the
 * API's checks all ask here.
 */
public final class Tenants {

    /** The tenant of the first admin token and of every token made before tenants existed. */
    public static final String DEFAULT = "default";

    /** Tenant names: what the API accepts and the catalog can use as a database name without quoting trouble. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final Map<SessionHandle, Principal> owners = new ConcurrentHashMap<>();
    private final Predicate<SessionHandle> isOpen;

    /** @param isOpen whether the session manager still has a session (it closes idle ones by itself) */
    public Tenants(Predicate<SessionHandle> isOpen) {
        this.isOpen = requireNonNull(isOpen, "isOpen is null");
    }

    /** Records who opened a session; sessions the session manager has closed meanwhile are forgotten. */
    public void opened(SessionHandle session, Principal owner) {
        owners.keySet().removeIf(known -> !isOpen.test(known));
        owners.put(session, owner);
    }

    public void closed(SessionHandle session) {
        owners.remove(session);
    }

    /** Who opened the session, if it is one of ours. */
    public Optional<Principal> ownerOf(SessionHandle session) {
        return Optional.ofNullable(owners.get(session));
    }

    /** How many sessions each tenant has open; a tenant with none is absent. */
    public Map<String, Integer> openSessionsByTenant() {
        Map<String, Integer> counts = new TreeMap<>();
        owners.forEach((session, owner) -> {
            if (isOpen.test(session)) {
                counts.merge(owner.tenant(), 1, Integer::sum);
            }
        });
        return counts;
    }

    /** The tenant whose rules apply to the statements of a session. */
    public String ofSession(SessionHandle session) {
        return ownerOf(session)
                .map(Principal::tenant)
                .orElseThrow(() -> new GatewayException(
                        ErrorCode.NOT_FOUND, "No open session with id " + session.getIdentifier() + "."));
    }
}
