package dev.sluice.estimate.calibration;

import dev.sluice.estimate.model.OperatorKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostProfileTest {

    @Test
    void theShippedProfileHasEveryConstantAndDocumentsEach() {
        CostProfile profile = CostProfile.defaults();
        assertThat(profile.name()).isEqualTo("default");
        assertThat(profile.cpuNanosPerRecord()).containsOnlyKeys(OperatorKind.values());
        assertThat(profile.documentation()).containsKeys("cpuNanosPerRecord", "stateEntryOverheadBytes", "targetUtilization",
                "checkpointBytesPerSecondPerSlot", "defaultDistinctKeys", "unboundedHorizonSeconds");
    }

    @Test
    void aProfileSurvivesWritingAndReadingBack() throws Exception {
        CostProfile profile = CostProfile.defaults();
        assertThat(CostProfile.read(new ByteArrayInputStream(profile.toJson().getBytes(StandardCharsets.UTF_8)))).isEqualTo(profile);
    }

    @Test
    void aProfileMissingAKindsCostIsRefused() {
        String json = CostProfile.defaults().toJson().replace("\"RANK\"", "\"UNKNOWN_KIND_X\"");
        assertThatThrownBy(() -> CostProfile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("RANK");
    }
}
