package dev.sluice.estimate.model;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The estimate of one statement: totals, per operator, and every assumption made (each once).
 *
 * @param profile the name of the cost profile used
 * @param sourceTables the tables the statement reads, which rates may name
 * @param advice what to change where the heap cannot hold the state or checkpoints outlast their interval, with the
 *     estimate under it; null when nothing needs to change
 */
public record Estimate(
        Totals totals,
        List<OperatorEstimate> operators,
        List<Assumption> assumptions,
        StateBackend backend,
        String profile,
        Set<String> sourceTables,
        @Nullable Advice advice) {

    /** An estimate without advice. */
    public Estimate(
            Totals totals,
            List<OperatorEstimate> operators,
            List<Assumption> assumptions,
            StateBackend backend,
            String profile,
            Set<String> sourceTables) {
        this(totals, operators, assumptions, backend, profile, sourceTables, null);
    }

    public Estimate {
        requireNonNull(totals, "totals is null");
        operators = List.copyOf(operators);
        assumptions = List.copyOf(assumptions);
        requireNonNull(backend, "backend is null");
        requireNonNull(profile, "profile is null");
        sourceTables = Set.copyOf(new LinkedHashSet<>(sourceTables));
    }

    /**
     * Several statements' totals as if each ran as its own job: slots, cores, memory and state add up; parallelism
     * and checkpoint duration are the largest.
     */
    public static Totals combine(List<Totals> all) {
        int parallelism = 0;
        int slots = 0;
        double cores = 0;
        double processCores = 0;
        long state = 0;
        long heap = 0;
        long managed = 0;
        long checkpoint = 0;
        long checkpointMillis = 0;
        boolean unbounded = false;
        for (Totals totals : all) {
            parallelism = Math.max(parallelism, totals.parallelism());
            slots += totals.taskSlots();
            cores += totals.cpuCores();
            processCores += totals.processCpuCores();
            state += totals.stateBytes();
            heap += totals.heapBytes();
            managed += totals.managedBytes();
            checkpoint += totals.checkpointBytes();
            checkpointMillis = Math.max(checkpointMillis, totals.checkpointMillis());
            unbounded |= totals.unboundedState();
        }
        return new Totals(
                parallelism, slots, cores, state, heap, managed, checkpoint, checkpointMillis, unbounded, processCores);
    }

    /** This estimate with {@code advice}. */
    public Estimate withAdvice(@Nullable Advice advice) {
        return new Estimate(totals, operators, assumptions, backend, profile, sourceTables, advice);
    }

    /** The assumptions that are guesses: give hints to replace them. */
    public List<Assumption> flagged() {
        return new ArrayList<>(assumptions.stream().filter(Assumption::flagged).toList());
    }
}
