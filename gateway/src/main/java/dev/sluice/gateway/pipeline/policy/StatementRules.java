package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.command.ResetOperation;
import org.apache.flink.table.operations.command.SetOperation;

import java.util.List;
import java.util.stream.Collectors;

/** Statements a tenant may not run at all, and the settings SET and RESET may not change. */
final class StatementRules {

    private StatementRules() {}

    static List<Denial> check(TenantRules tenant, ValidatedStatement statement) {
        Operation operation = statement.operation();
        StatementText text = new StatementText(statement.statement());
        if (operation instanceof SetOperation set && set.getKey().isPresent()) {
            String key = set.getKey().get();
            return SettingRules.check(tenant, key, set.getValue().orElse(null), text.option(key.strip()));
        }
        if (operation instanceof ResetOperation reset && reset.getKey().isPresent()) {
            String key = reset.getKey().get();
            return SettingRules.check(tenant, key, null, text.word(key.strip()));
        }
        Policy policy = tenant.policy();
        return GuardedStatement.of(operation).stream()
                .filter(policy.forbiddenStatements()::contains)
                .findFirst()
                .map(forbidden -> List.of(new Denial(
                        ErrorCode.POLICY_STATEMENT_FORBIDDEN,
                        forbidden.sql() + " is forbidden by the policy of tenant '" + tenant.name()
                                + "' (rule forbiddenStatements: " + forbidden.name() + ").",
                        text.whole(),
                        "Forbidden statements: "
                                + policy.forbiddenStatements().stream()
                                        .map(Enum::name)
                                        .collect(Collectors.joining(", "))
                                + ". Functions are added through POST /api/v1/functions,"
                                + " jobs stopped through POST /api/v1/jobs/{id}:stop.")))
                .orElse(List.of());
    }
}
