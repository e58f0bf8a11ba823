package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.plan.StatementPlanner;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/** Plans a statement and runs every lint on its plan. */
public final class Linter {

    private static final Logger LOG = LoggerFactory.getLogger(Linter.class);

    private final StatementPlanner planner;
    private final List<Lint> lints;

    public Linter(StatementPlanner planner, List<Lint> lints) {
        this.planner = requireNonNull(planner, "planner is null");
        this.lints = List.copyOf(lints);
    }

    /** Every lint of {@code docs/lints.md} that looks at a plan. */
    public static Linter standard(StatementPlanner planner) {
        return new Linter(
                planner,
                List.of(
                        new UnboundedJoinState(),
                        new UnboundedAggregateState(),
                        new UnboundedRankState(),
                        new CrossJoin(),
                        new IntervalJoinNotOnTimeAttribute(),
                        new ProctimeWindowOnEventTimeTable(),
                        new LateEventsDropped(),
                        new NonDeterministicUpdate(),
                        new SinkUpsertMaterialize(),
                        new IdleSourceStallsWatermark(),
                        new AsyncCallLosesNulls()));
    }

    /**
     * The warnings about how the statement would run; none for a statement without a plan of its own.
     *
     * @throws GatewayException when Flink cannot plan the statement, with its own code for the mistakes
     *     {@link PlanningFailures} knows
     */
    public List<Diagnostic> check(ValidatedStatement statement) {
        return lint(statement).warnings();
    }

    /** Plans once and lints that plan, handing the plan on for the steps after linting (estimation). */
    public Linted lint(ValidatedStatement statement) {
        Optional<PlannedStatement> planned;
        try {
            planned = planner.plan(statement);
        } catch (GatewayException e) {
            throw PlanningFailures.explain(e, statement.statement());
        }
        return new Linted(planned, planned.map(this::check).orElse(List.of()));
    }

    /** A statement's plan (none for a statement without one) and the lints' warnings about it. */
    public record Linted(Optional<PlannedStatement> plan, List<Diagnostic> warnings) {
        public Linted {
            warnings = List.copyOf(warnings);
        }
    }

    public List<Diagnostic> check(PlannedStatement planned) {
        return lints.stream().flatMap(lint -> run(lint, planned)).toList();
    }

    private static Stream<Diagnostic> run(Lint lint, PlannedStatement planned) {
        try {
            return lint.check(planned).stream();
        } catch (RuntimeException e) {
            // A lint that cannot read some plan must not fail the statement: it is advice, and Flink can still run it.
            LOG.warn(
                    "Lint {} failed on: {}",
                    lint.code(),
                    planned.statement().statement().sql(),
                    e);
            return Stream.empty();
        }
    }
}
