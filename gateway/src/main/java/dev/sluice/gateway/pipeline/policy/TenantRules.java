package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.execute.StoragePath;
import dev.sluice.udf.net.OutboundDeniedException;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One tenant's policy with what its rules look at beyond it: where the tenant's storage roots are on the file systems,
 * the locations no statement reaches, the hosts it may connect to, the settings a session may change, and the state its
 * jobs may start from. Made by
 * {@link PolicyCheck} for each check.
 */
final class TenantRules {

    private final String name;
    private final Policy policy;
    private final StorageLocations storage;
    private final RestorePoints restorePoints;
    private final SettingAllowlist settings;

    TenantRules(
            String name,
            Policy policy,
            StorageLocations storage,
            RestorePoints restorePoints,
            SettingAllowlist settings) {
        this.name = requireNonNull(name, "name is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.restorePoints = requireNonNull(restorePoints, "restorePoints is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    String name() {
        return name;
    }

    Policy policy() {
        return policy;
    }

    /** The settings a session may change, whatever the policy (which may only narrow them). */
    SettingAllowlist settings() {
        return settings;
    }

    /** Why a path is refused: the rule, and the reason in words that follow "it". */
    record PathProblem(String rule, String reason) {}

    /**
     * Why a job of the tenant may not open the path: it is relative or climbs too high, reaches a location the gateway
     * protects, or is not under one of the tenant's storage roots in each of its forms; empty when it may.
     */
    Optional<PathProblem> pathProblem(String value) {
        Optional<List<StoragePath>> forms = storage.forms(value);
        if (forms.isEmpty()) {
            return Optional.of(
                    new PathProblem(
                            "allowedPaths",
                            "is not an absolute path or URI within its root (relative, malformed, or climbing above its root with '..')"));
        }
        Optional<StorageLocations.Protected> reached = storage.touchedBy(forms.get());
        if (reached.isPresent()) {
            return Optional.of(new PathProblem(
                    "protected locations",
                    "reaches " + reached.get().what() + ", which no statement may reach whatever a policy says"));
        }
        List<StoragePath> roots = policy.allowedPaths().stream()
                .flatMap(root -> storage.forms(root).orElse(List.of()).stream())
                .toList();
        if (forms.get().stream().allMatch(form -> roots.stream().anyMatch(form::isUnder))) {
            return Optional.empty();
        }
        return Optional.of(new PathProblem(
                "allowedPaths",
                roots.isEmpty()
                        ? "is not under a storage root: the tenant has none"
                        : "is not under a storage root of the tenant"
                                + (forms.get().size() > 1
                                        ? " in every form it takes (as written, decoded, with links followed)"
                                        : "")));
    }

    /** Why the tenant may not connect to the host, or empty when it may. */
    Optional<OutboundDeniedException> hostProblem(JdbcUrl.HostAndPort host) {
        try {
            policy.outboundRules().resolve(host.host(), host.port());
            return Optional.empty();
        } catch (OutboundDeniedException e) {
            return Optional.of(e);
        }
    }

    /** Whether the path is a savepoint or checkpoint Sluice recorded for a job of the tenant (or a file inside one). */
    boolean isOwnRestorePoint(String value) {
        Optional<StoragePath> asked = StoragePath.parse(value);
        return asked.isPresent()
                && restorePoints.of(name).stream()
                        .map(StoragePath::parse)
                        .flatMap(Optional::stream)
                        .anyMatch(asked.get()::isUnder);
    }
}
