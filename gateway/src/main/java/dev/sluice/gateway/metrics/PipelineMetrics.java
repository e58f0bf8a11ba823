package dev.sluice.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** How long each step of the statement pipeline takes, and whether it let the statement on. */
public final class PipelineMetrics {

    static final String NAME = "sluice.pipeline.step";

    /** The steps, in the pipeline's order. */
    public enum Step {
        VALIDATE,
        POLICY,
        PLAN,
        ESTIMATE,
        ADMIT,
        SUBMIT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a step ended: it let the statement on, or it threw (a refusal or a failure alike). */
    enum Outcome {
        OK,
        REFUSED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** Runs {@code work} as {@code step}, timing it whether it returns or throws. */
    public <T> T time(Step step, Supplier<T> work) {
        Timer.Sample sample = Timer.start(registry);
        Outcome outcome = Outcome.REFUSED;
        try {
            T result = work.get();
            outcome = Outcome.OK;
            return result;
        } finally {
            sample.stop(timer(step, outcome));
        }
    }

    /** {@link #time} for a step that gives nothing back. */
    public void time(Step step, Runnable work) {
        time(step, () -> {
            work.run();
            return null;
        });
    }

    private Timer timer(Step step, Outcome outcome) {
        return Latency.histogram(NAME, "Time a statement spends in each pipeline step, by step and outcome")
                .tag("step", step.label())
                .tag("outcome", outcome.label())
                .register(registry);
    }
}
