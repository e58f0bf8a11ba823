package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import org.apache.calcite.rel.hint.Hintable;
import org.apache.calcite.rel.hint.RelHint;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.flink.util.TimeUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Limits on what a query does once it runs: the size of its windows and the TTL its STATE_TTL hints ask for. Both are
 * read from the plan (see {@link PlannedQueries}), so a window inside a view or written as {@code INTERVAL '120'
 * MINUTE} counts the same as one written as {@code INTERVAL '2' HOUR} in the statement.
 */
final class QueryRules {

    // Window table functions, and the group window functions of GROUP BY TUMBLE(...), which plan as $TUMBLE etc.
    private static final Set<String> WINDOWS = Set.of("TUMBLE", "HOP", "CUMULATE", "SESSION");
    private static final String STATE_TTL_HINT = "STATE_TTL";

    private QueryRules() {}

    static List<Denial> check(TenantRules tenant, ValidatedStatement statement) {
        Policy policy = tenant.policy();
        PlannedQueries plans = PlannedQueries.of(statement.operation());
        StatementText text = new StatementText(statement.statement());
        List<Denial> denials = new ArrayList<>();
        if (policy.maxWindowSize() != null) {
            plans.forEachCall(call -> windowTooLarge(tenant, call, text).ifPresent(denials::add));
        }
        if (policy.maxStateTtl() != null) {
            plans.forEachNode(node -> {
                if (node instanceof Hintable hintable) {
                    hintable.getHints().stream()
                            .filter(hint -> hint.hintName.equalsIgnoreCase(STATE_TTL_HINT))
                            .forEach(hint -> denials.addAll(stateTtlTooLong(tenant, hint, text)));
                }
            });
        }
        return denials.stream().distinct().toList();
    }

    private static Optional<Denial> windowTooLarge(TenantRules tenant, RexCall call, StatementText text) {
        String window = call.getOperator().getName().replace("$", "").toUpperCase(Locale.ROOT);
        if (!WINDOWS.contains(window)) {
            return Optional.empty();
        }
        // The largest interval argument is the size (HOP, CUMULATE), the gap (SESSION) or the only one (TUMBLE).
        // Flink accepts only literal intervals here, so a window without one never runs and needs no decision.
        Optional<Duration> size = call.getOperands().stream()
                .filter(QueryRules::isDayTimeInterval)
                .map(operand -> Duration.ofMillis(((RexLiteral) operand).getValueAs(Long.class)))
                .max(Duration::compareTo);
        Duration max = tenant.policy().maxWindowSize();
        if (size.isEmpty() || size.get().compareTo(max) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Denial(
                ErrorCode.POLICY_WINDOW_TOO_LARGE,
                "Window " + window + " of " + TimeUtils.formatWithHighestUnit(size.get())
                        + " is larger than the maximum of tenant '" + tenant.name() + "' (rule maxWindowSize: "
                        + TimeUtils.formatWithHighestUnit(max) + ").",
                text.word(window),
                "Use a window of at most " + TimeUtils.formatWithHighestUnit(max)
                        + ", or aggregate smaller windows downstream."));
    }

    private static boolean isDayTimeInterval(RexNode operand) {
        return operand instanceof RexLiteral literal
                && literal.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME;
    }

    private static List<Denial> stateTtlTooLong(TenantRules tenant, RelHint hint, StatementText text) {
        List<Denial> denials = new ArrayList<>();
        hint.kvOptions.forEach((table, value) -> SettingRules.stateTtl(value)
                .ifPresent(ttl -> denials.addAll(SettingRules.checkStateTtl(
                        tenant, ttl, "STATE_TTL('" + table + "' = '" + value + "')", text.word(STATE_TTL_HINT)))));
        return denials;
    }
}
