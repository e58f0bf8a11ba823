package dev.sluice.estimate.calibration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.StateBackend;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostProfileTest {

    @Test
    void theShippedProfileHasEveryConstantAndDocumentsEach() {
        CostProfile profile = CostProfile.defaults();
        assertThat(profile.name()).isEqualTo("default");
        assertThat(profile.cpuNanosPerRecord())
                .containsOnlyKeys(Arrays.stream(OperatorKind.values())
                        .filter(kind -> kind.calibratedAs() == kind)
                        .toList());
        // A kind no calibration run measures costs what the kind it borrows from costs.
        assertThat(profile.cpuNanos(OperatorKind.GROUP_WINDOW_AGGREGATE))
                .isEqualTo(profile.cpuNanos(OperatorKind.WINDOW_AGGREGATE));
        assertThat(profile.stateAccessNanos(OperatorKind.WINDOW_JOIN, StateBackend.ROCKSDB))
                .isEqualTo(profile.stateAccessNanos(OperatorKind.INTERVAL_JOIN, StateBackend.ROCKSDB));
        assertThat(profile.documentation())
                .containsKeys(
                        "cpuNanosPerRecord",
                        "stateEntryOverheadBytes",
                        "targetUtilization",
                        "checkpointBytesPerSecondPerSlot",
                        "defaultDistinctKeys",
                        "unboundedHorizonSeconds");
    }

    @Test
    void overAndWindowTopNCheckpointLikeAnyStateNotLikeTopNsFewRowsPerKey() {
        // The shipped profile's RANK factor (heap 2.517, RocksDB 1.747) was fitted to three rows a key; OVER buffers
        // frames and window top-N every flush's rows, so both take the backend's (heap 1.063, RocksDB 0.882), while
        // their CPU constants stay RANK's, and a window deduplication still checkpoints like a deduplication.
        CostProfile profile = CostProfile.defaults();
        assertThat(profile.checkpointFactor(OperatorKind.RANK, StateBackend.HEAP))
                .isEqualTo(2.517);
        for (OperatorKind kind : new OperatorKind[] {OperatorKind.OVER_AGGREGATE, OperatorKind.WINDOW_RANK}) {
            assertThat(profile.checkpointFactor(kind, StateBackend.HEAP)).isEqualTo(1.063);
            assertThat(profile.checkpointFactor(kind, StateBackend.ROCKSDB)).isEqualTo(0.882);
            assertThat(profile.cpuNanos(kind)).isEqualTo(profile.cpuNanos(OperatorKind.RANK));
        }
        assertThat(profile.checkpointFactor(OperatorKind.WINDOW_DEDUPLICATE, StateBackend.ROCKSDB))
                .isEqualTo(profile.checkpointFactor(OperatorKind.DEDUPLICATE, StateBackend.ROCKSDB));
    }

    @Test
    void aProfileSurvivesWritingAndReadingBack() throws Exception {
        CostProfile profile = CostProfile.defaults();
        assertThat(CostProfile.read(new ByteArrayInputStream(profile.toJson().getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(profile);
    }

    @Test
    void aProfileWrittenBeforeThePerKindConstantsLoadsWithTheirNeutralValues() throws Exception {
        ObjectNode json =
                (ObjectNode) new ObjectMapper().readTree(CostProfile.defaults().toJson());
        json.remove(List.of(
                "fixedCoresPerJob",
                "windowFireNanosPerValue",
                "stateAccessNanosByKind",
                "checkpointBytesByKind",
                "checkpointBytesPerEntry"));
        CostProfile old =
                CostProfile.read(new ByteArrayInputStream(json.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(old.fixedCoresPerJob()).isZero();
        assertThat(old.windowFireNanosPerValue().get(StateBackend.ROCKSDB)).isZero();
        assertThat(old.checkpointBytesPerEntry().get(StateBackend.HEAP)).isZero();
        // Without a kind's own constants, the backend's apply.
        assertThat(old.stateAccessNanos(OperatorKind.INTERVAL_JOIN, StateBackend.ROCKSDB))
                .isEqualTo(old.stateAccessNanosPerRecord().get(StateBackend.ROCKSDB));
        assertThat(old.checkpointFactor(OperatorKind.RANK, StateBackend.HEAP))
                .isEqualTo(old.checkpointBytesPerStateByte().get(StateBackend.HEAP));
    }

    @Test
    void aNegativePerKindConstantIsRefused() throws Exception {
        ObjectNode json =
                (ObjectNode) new ObjectMapper().readTree(CostProfile.defaults().toJson());
        ((ObjectNode) json.get("checkpointBytesByKind").get("RANK")).put("HEAP", -1.0);
        assertThatThrownBy(() -> CostProfile.read(
                        new ByteArrayInputStream(json.toString().getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("checkpointBytesByKind.RANK.HEAP");
    }

    @Test
    void aProfileMissingAKindsCostIsRefused() {
        String json = CostProfile.defaults().toJson().replace("\"RANK\"", "\"UNKNOWN_KIND_X\"");
        assertThatThrownBy(() -> CostProfile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("RANK");
    }
}
