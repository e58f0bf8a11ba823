package dev.sluice.estimate.model;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The operators of one statement's plan in topological order (every operator after its inputs), the state backend
 * it would run with and how often it would checkpoint (null: it would not). The checkpoint interval matters to the
 * model: a local pre-aggregate flushes at every checkpoint, and an incremental RocksDB checkpoint holds the entries
 * rewritten since the last compaction.
 */
public record PlanGraph(
        List<OperatorNode> operators,
        StateBackend backend,
        @Nullable Duration checkpointInterval) {

    public PlanGraph(List<OperatorNode> operators, StateBackend backend) {
        this(operators, backend, null);
    }

    public PlanGraph {
        operators = List.copyOf(operators);
        requireNonNull(backend, "backend is null");
        if (checkpointInterval != null && (checkpointInterval.isNegative() || checkpointInterval.isZero())) {
            throw new IllegalArgumentException("checkpoint interval must be positive, was " + checkpointInterval);
        }
        Set<Integer> seen = new HashSet<>();
        for (OperatorNode node : operators) {
            for (int input : node.inputs()) {
                if (!seen.contains(input)) {
                    throw new IllegalArgumentException("operator " + node.id() + " comes before its input " + input);
                }
            }
            if (!seen.add(node.id())) {
                throw new IllegalArgumentException("two operators have id " + node.id());
            }
        }
    }

    /** This plan run with checkpoints every {@code interval}. */
    public PlanGraph withCheckpointInterval(Duration interval) {
        return new PlanGraph(operators, backend, interval);
    }

    /** This plan run on {@code stateBackend}. */
    public PlanGraph withBackend(StateBackend stateBackend) {
        return new PlanGraph(operators, stateBackend, checkpointInterval);
    }

    /** The names of the tables the plan reads. */
    public Set<String> sourceTables() {
        Set<String> tables = new java.util.LinkedHashSet<>();
        operators.stream()
                .filter(node -> node.source() != null)
                .forEach(node -> tables.add(node.source().table()));
        return tables;
    }
}
