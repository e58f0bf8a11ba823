package dev.sluice.gateway.sqltest;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;
import dev.sluice.gateway.pipeline.statement.StatementFingerprint;
import dev.sluice.gateway.store.TestPassRepository;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Runs every test case of a script (each a {@link StatementTest} of the same SQL) and, when all of them pass, records
 * the script's last statement as tested in the caller's tenant, by its text's {@link StatementFingerprint}: what lets
 * that INSERT run where the tenant's policy requires a passing test ({@code requirePassingTests}).
 */
public final class ScriptTests {

    /** The outcome of each case, in order, and whether the statement was recorded as tested (every case passed). */
    public record Outcomes(List<TestOutcome> cases, boolean recorded) {
        public Outcomes {
            cases = List.copyOf(cases);
        }
    }

    private final StatementTests tests;
    private final TestPassRepository passes;
    private final Clock clock;

    public ScriptTests(StatementTests tests, TestPassRepository passes, Clock clock) {
        this.tests = requireNonNull(tests, "tests is null");
        this.passes = requireNonNull(passes, "passes is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Runs the cases (all of one script: the same SQL) one after the other as {@code caller}; a case that cannot run as given is refused naming its
     * field under {@code fieldPrefix} and its index ({@code tests[1].inputs.clicks[0].ts}).
     */
    public Outcomes run(List<StatementTest> cases, Principal caller, String fieldPrefix) {
        requireNonNull(caller, "caller is null");
        List<TestOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            try {
                outcomes.add(tests.run(cases.get(i), caller));
            } catch (GatewayException e) {
                String field = fieldPrefix + "[" + i + "]" + (e.field() == null ? "" : "." + e.field());
                throw new GatewayException(e.code(), e.getMessage(), e.position(), field, e.hint(), e);
            }
        }
        boolean passed = !outcomes.isEmpty() && outcomes.stream().allMatch(TestOutcome::passed);
        if (passed) {
            List<ScriptStatement> statements = SqlScript.split(cases.get(0).sql());
            passes.record(
                    caller.tenant(),
                    StatementFingerprint.of(
                            statements.get(statements.size() - 1).sql()),
                    caller.name(),
                    outcomes.size(),
                    clock.instant());
        }
        return new Outcomes(outcomes, passed);
    }
}
