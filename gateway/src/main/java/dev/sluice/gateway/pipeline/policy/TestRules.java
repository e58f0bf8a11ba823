package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;
import dev.sluice.gateway.pipeline.statement.StatementFingerprint;
import dev.sluice.gateway.pipeline.statement.StatementKind;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.StatementSetOperation;

import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule {@code requirePassingTests}: a job runs only if it is INSERTs, each of which has passed a statement test in
 * the tenant, as recorded by its text's {@link StatementFingerprint}. A job that is not INSERTs (CREATE TABLE AS) cannot
 * be tested, so it is refused while the rule is on.
 */
final class TestRules {

    // The INSERTs of a statement set, as its text has them (the pipeline sends every statement set in this form).
    private static final Pattern STATEMENT_SET = Pattern.compile(
            "\\A(?:\\s+|--[^\\r\\n]*|/\\*.*?\\*/)*(?:EXECUTE\\s+)?STATEMENT\\s+SET\\s+BEGIN\\b(.*)\\bEND\\s*;?\\s*\\z",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private static final String WHERE = "docs/statement-tests.md#tests-before-an-insert-runs";

    private TestRules() {}

    /** @param passes whether an INSERT has passed a test, by tenant and fingerprint */
    static List<Denial> check(TenantRules tenant, ValidatedStatement statement, BiPredicate<String, String> passes) {
        if (!tenant.policy().requirePassingTests() || statement.kind() != StatementKind.JOB) {
            return List.of();
        }
        Operation operation = statement.operation();
        StatementText text = new StatementText(statement.statement());
        if (operation instanceof SinkModifyOperation) {
            return untested(tenant, statement.statement().sql(), passes)
                    .map(insert -> List.of(denial(tenant, "This INSERT", text)))
                    .orElse(List.of());
        }
        Optional<Matcher> set =
                Optional.of(STATEMENT_SET.matcher(statement.statement().sql())).filter(Matcher::matches);
        if (operation instanceof StatementSetOperation && set.isPresent()) {
            return SqlScript.split(set.get().group(1)).stream()
                    .map(ScriptStatement::sql)
                    .flatMap(insert -> untested(tenant, insert, passes).stream())
                    .findFirst()
                    .map(insert ->
                            List.of(denial(tenant, "The statement set's INSERT '" + abbreviated(insert) + "'", text)))
                    .orElse(List.of());
        }
        return List.of(new Denial(
                ErrorCode.POLICY_TEST_REQUIRED,
                "Tenant '" + tenant.name() + "' runs a job only from INSERTs that passed a statement test"
                        + " (rule requirePassingTests); this job is not INSERTs, so it cannot be tested.",
                text.whole(),
                "Create the table first, then write to it with an INSERT INTO that has a passing test (" + WHERE
                        + ")."));
    }

    /** The INSERT, unless a test of its text has passed in the tenant. */
    private static Optional<String> untested(TenantRules tenant, String insert, BiPredicate<String, String> passes) {
        return passes.test(tenant.name(), StatementFingerprint.of(insert)) ? Optional.empty() : Optional.of(insert);
    }

    private static Denial denial(TenantRules tenant, String what, StatementText text) {
        return new Denial(
                ErrorCode.POLICY_TEST_REQUIRED,
                what + " has no passing statement test, and tenant '" + tenant.name()
                        + "' runs an INSERT only after one has passed (rule requirePassingTests). A test passes for"
                        + " exactly this INSERT: any change to its text needs a new one.",
                text.whole(),
                "Write test cases of this INSERT (its input rows and expected output) and either send them with it,"
                        + " as \"tests\" in POST /api/v1/statements, or save them beside its script"
                        + " (POST /api/v1/scripts) and run them with POST /api/v1/scripts/{id}:test; then run the"
                        + " INSERT again, from any client. See " + WHERE + ".");
    }

    private static String abbreviated(String insert) {
        String line = insert.strip().replaceAll("\\s+", " ");
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
