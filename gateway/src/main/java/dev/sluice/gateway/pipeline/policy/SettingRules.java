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
 * Configuration a statement or session may change: protected keys, and the state TTL against the tenant's maximum.
 * The same rules apply to {@code SET}, {@code RESET}, session properties and a statement's execution config, so no
 * way of setting a key escapes them.
 */
final class SettingRules {

    static final String STATE_TTL_KEY = ExecutionConfigOptions.IDLE_STATE_RETENTION.key();

    private SettingRules() {}

    /**
     * @param value the new value, or null for RESET
     * @param where where the key is written, or null when it came from outside the SQL text
     */
    static List<Denial> check(Policy policy, String tenant, String key, @Nullable String value, @Nullable SqlPosition where) {
        List<Denial> denials = new ArrayList<>();
        Optional<String> protection = policy.protection(key);
        protection.ifPresent(pattern -> denials.add(new Denial(
                ErrorCode.POLICY_PROTECTED_SETTING,
                "Setting '" + key.strip() + "' is protected by the policy of tenant '" + tenant + "' (rule protectedSettings: '"
                        + pattern + "').",
                where,
                "Protected settings: " + String.join(", ", policy.protectedSettings()) + ". The gateway sets them.")));
        if (value != null && SettingPattern.normalize(key).equals(STATE_TTL_KEY)) {
            stateTtl(value).ifPresent(ttl -> denials.addAll(checkStateTtl(policy, tenant, ttl, "'" + key.strip() + "' = '" + value + "'", where)));
        }
        return denials;
    }

    static List<Denial> check(Policy policy, String tenant, Map<String, String> settings) {
        List<Denial> denials = new ArrayList<>();
        settings.forEach((key, value) -> denials.addAll(check(policy, tenant, key, value, null)));
        return denials;
    }

    /** @param ttl the state TTL asked for; zero means state is kept forever, as in Flink */
    static List<Denial> checkStateTtl(Policy policy, String tenant, Duration ttl, String asked, @Nullable SqlPosition where) {
        Duration max = policy.maxStateTtl();
        if (max == null || (!ttl.isZero() && ttl.compareTo(max) <= 0)) {
            return List.of();
        }
        return List.of(new Denial(
                ErrorCode.POLICY_STATE_TTL_TOO_LONG,
                "State TTL " + asked + (ttl.isZero() ? " keeps state forever" : " is " + TimeUtils.formatWithHighestUnit(ttl))
                        + ", longer than the maximum of tenant '" + tenant + "' (rule maxStateTtl: "
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
