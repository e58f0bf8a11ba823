package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.SqlPosition;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.util.TimeUtils;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration a statement or session may change: only the keys of {@link SettingAllowlist}, with the values it allows,
 * narrowed further by the tenant's protected settings; the state TTL against the tenant's maximum; and state restored
 * only from the tenant's own savepoints and checkpoints. The same rules apply to {@code SET}, {@code RESET}, session
 * properties and a statement's execution config, so no way of setting a key escapes them.
 */
final class SettingRules {

    static final String STATE_TTL_KEY = ExecutionConfigOptions.IDLE_STATE_RETENTION.key();

    private SettingRules() {}

    /** Whether a session may change the key at all; its value is {@link #check}'s. */
    static boolean isSettable(TenantRules tenant, String key) {
        return tenant.policy().protection(key).isEmpty()
                && tenant.settings().entry(SettingPattern.normalize(key)).isPresent();
    }

    /**
     * @param value the new value, or null for RESET
     * @param where where the key is written, or null when it came from outside the SQL text
     */
    static List<Denial> check(TenantRules tenant, String key, @Nullable String value, @Nullable SqlPosition where) {
        Policy policy = tenant.policy();
        String normalized = SettingPattern.normalize(key);
        Optional<String> protection = policy.protection(key);
        if (protection.isPresent()) {
            return List.of(new Denial(
                    ErrorCode.POLICY_PROTECTED_SETTING,
                    "Setting '" + key.strip() + "' is protected by the policy of tenant '" + tenant.name()
                            + "' (rule protectedSettings: '" + protection.get() + "').",
                    where,
                    "Protected settings: " + String.join(", ", policy.protectedSettings())
                            + ". The gateway sets them."));
        }
        Optional<SettingAllowlist.Entry> entry = tenant.settings().entry(normalized);
        if (entry.isEmpty()) {
            return List.of(new Denial(
                    ErrorCode.POLICY_PROTECTED_SETTING,
                    "Setting '" + key.strip() + "' is not one a session of tenant '" + tenant.name()
                            + "' may change (rule settings" + " allowlist): the gateway sets it.",
                    where,
                    "Sessions may change: " + tenant.settings().summary() + " (docs/policy.md says why each)."));
        }
        if (value == null) {
            return List.of();
        }
        List<Denial> denials = new ArrayList<>();
        entry.get()
                .value()
                .apply(value)
                .ifPresent(problem -> denials.add(new Denial(
                        ErrorCode.POLICY_PROTECTED_SETTING,
                        "Setting '" + key.strip() + "' = '" + value + "' is not allowed for tenant '" + tenant.name()
                                + "' (rule settings" + " allowlist): it " + problem + ".",
                        where,
                        "docs/policy.md lists the values each setting takes.")));
        if (normalized.equals(STATE_TTL_KEY)) {
            stateTtl(value)
                    .ifPresent(ttl -> denials.addAll(
                            checkStateTtl(tenant, ttl, "'" + key.strip() + "' = '" + value + "'", where)));
        }
        if (normalized.equals(SettingAllowlist.RESTORE_PATH) && !tenant.isOwnRestorePoint(value)) {
            denials.add(new Denial(
                    ErrorCode.POLICY_PROTECTED_SETTING,
                    "Setting '" + key.strip() + "' = '" + value
                            + "' names no savepoint or checkpoint of a job of tenant '" + tenant.name()
                            + "' (rule restore from own state): a job starts only from its tenant's own state.",
                    where,
                    "GET /api/v1/jobs/{id} lists a job's savepoints and checkpoints; to go back in the same job, use"
                            + " POST /api/v1/jobs/{id}:resume."));
        }
        return denials;
    }

    static List<Denial> check(TenantRules tenant, Map<String, String> settings) {
        List<Denial> denials = new ArrayList<>();
        settings.forEach((key, value) -> denials.addAll(check(tenant, key, value, null)));
        return denials;
    }

    /** @param ttl the state TTL asked for; zero means state is kept forever, as in Flink */
    static List<Denial> checkStateTtl(TenantRules tenant, Duration ttl, String asked, @Nullable SqlPosition where) {
        Duration max = tenant.policy().maxStateTtl();
        if (max == null || (!ttl.isZero() && ttl.compareTo(max) <= 0)) {
            return List.of();
        }
        return List.of(new Denial(
                ErrorCode.POLICY_STATE_TTL_TOO_LONG,
                "State TTL " + asked
                        + (ttl.isZero() ? " keeps state forever" : " is " + TimeUtils.formatWithHighestUnit(ttl))
                        + ", longer than the maximum of tenant '" + tenant.name() + "' (rule maxStateTtl: "
                        + TimeUtils.formatWithHighestUnit(max) + ").",
                where,
                "Use a state TTL between 1 ms and " + TimeUtils.formatWithHighestUnit(max) + "."));
    }

    /** The TTL as Flink would read it; a value Flink cannot read is Flink's error to report, not a denial. */
    static Optional<Duration> stateTtl(String value) {
        try {
            return Optional.of(TimeUtils.parseDuration(value.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
