package dev.sluice.gateway.pipeline.plan;

import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import org.apache.calcite.rel.RelNode;
import org.apache.flink.configuration.ReadableConfig;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A statement as Flink would run it: the roots of its optimized physical plan (one per sink; a query's root is the
 * sink that collects its rows) and the configuration the plan was made with, which later steps read for settings
 * that change how the plan runs (state TTL, idle timeouts, ...).
 */
public record PlannedStatement(ValidatedStatement statement, List<RelNode> optimizedRoots, ReadableConfig config) {

    public PlannedStatement {
        requireNonNull(statement, "statement is null");
        optimizedRoots = List.copyOf(optimizedRoots);
        requireNonNull(config, "config is null");
    }
}
