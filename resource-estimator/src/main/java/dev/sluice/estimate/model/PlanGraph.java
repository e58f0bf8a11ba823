package dev.sluice.estimate.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The operators of one statement's plan in topological order (every operator after its inputs), and the state
 * backend it would run with.
 */
public record PlanGraph(List<OperatorNode> operators, StateBackend backend) {

    public PlanGraph {
        operators = List.copyOf(operators);
        requireNonNull(backend, "backend is null");
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

    /** The names of the tables the plan reads. */
    public Set<String> sourceTables() {
        Set<String> tables = new java.util.LinkedHashSet<>();
        operators.stream().filter(node -> node.source() != null).forEach(node -> tables.add(node.source().table()));
        return tables;
    }
}
