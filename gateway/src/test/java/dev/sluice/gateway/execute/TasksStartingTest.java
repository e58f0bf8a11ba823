package dev.sluice.gateway.execute;

import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which refused stops-with-savepoint are tried again: only those refused because the tasks are still starting. */
class TasksStartingTest {

    @Test
    void aSavepointRefusedWhileTasksStartIsRecognisedDirectOrSerialized() {
        CheckpointException starting = new CheckpointException(
                "Checkpoint triggering task Source: clicks (1/1) is not being executed at the moment. Aborting checkpoint.",
                CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING);

        assertThat(FlinkCluster.tasksStillStarting(new ExecutionException(new CompletionException(starting))))
                .isTrue();
        // A remote cluster hands the cause over serialized: only its text is left.
        assertThat(FlinkCluster.tasksStillStarting(new ExecutionException(new SerializedThrowable(starting))))
                .isTrue();
    }

    @Test
    void anyOtherFailureIsNot() {
        CheckpointException declined = new CheckpointException(CheckpointFailureReason.CHECKPOINT_DECLINED);

        assertThat(FlinkCluster.tasksStillStarting(new ExecutionException(declined)))
                .isFalse();
        assertThat(FlinkCluster.tasksStillStarting(new ExecutionException(new IllegalStateException("Job not found"))))
                .isFalse();
    }
}
