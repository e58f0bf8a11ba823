package dev.sluice.gateway.track;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A job's graph as Flink runs it: its tasks (chained operators) and the data exchanges between them, for the console
 * to draw.
 */
public record JobPlan(List<Vertex> vertices, List<Edge> edges) {

    public JobPlan {
        vertices = List.copyOf(vertices);
        edges = List.copyOf(edges);
    }

    /** One task: Flink's vertex id, its name (the operators chained into it) and how many subtasks run it. */
    public record Vertex(String id, String name, int parallelism) {
        public Vertex {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
        }
    }

    /**
     * Records flowing from one task to another.
     *
     * @param shipStrategy how records are distributed, as Flink names it: FORWARD, HASH, REBALANCE, GLOBAL...
     */
    public record Edge(String source, String target, String shipStrategy) {
        public Edge {
            requireNonNull(source, "source is null");
            requireNonNull(target, "target is null");
            requireNonNull(shipStrategy, "shipStrategy is null");
        }
    }
}
