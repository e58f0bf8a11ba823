package dev.sluice.gateway.validate;

import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQueryBase;
import org.apache.flink.table.planner.plan.metadata.FlinkDefaultRelMetadataProvider;

/**
 * Calcite finds a planner's metadata handlers through a thread-local that making the planner sets, on the thread that
 * made it. A table environment kept from one validation to the next is used on other threads (the next validation's
 * worker, a lint thread), which set it first, to what every Flink planner sets it to.
 */
final class PlannerThreadState {

    private final JaninoRelMetadataProvider provider =
            JaninoRelMetadataProvider.of(FlinkDefaultRelMetadataProvider.INSTANCE());

    /** Makes this thread ready to plan in a table environment made on another. */
    void adopt() {
        RelMetadataQueryBase.THREAD_PROVIDERS.set(provider);
    }
}
