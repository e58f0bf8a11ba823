package dev.sluice.estimate.calibration;

import dev.sluice.estimate.model.OperatorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileStoreTest {

    @TempDir
    Path directory;

    @Test
    void aWrittenProfileReadsBackEqual() {
        ProfileStore store = new ProfileStore(directory.resolve("profiles"));
        CostProfile fitted =
                ProfileFitter.fit(CostProfile.defaults(), "laptop", List.of()).profile();

        Path file = store.write(fitted);

        assertThat(file).isEqualTo(directory.resolve("profiles/laptop.json"));
        assertThat(store.read("laptop")).isEqualTo(fitted);
    }

    @Test
    void defaultWithoutAFileIsTheShippedProfileAndAFileOverridesIt() throws Exception {
        ProfileStore store = new ProfileStore(directory);
        assertThat(store.read(ProfileStore.DEFAULT)).isEqualTo(CostProfile.defaults());

        String shipped = CostProfile.defaults().toJson();
        Files.writeString(
                directory.resolve("default.json"), shipped.replaceFirst("\"SOURCE\" : [0-9.]+", "\"SOURCE\" : 1234.0"));

        assertThat(store.read(ProfileStore.DEFAULT).cpuNanos(OperatorKind.SOURCE))
                .isEqualTo(1234.0);
    }

    @Test
    void aMissingProfileSaysHowToMakeIt() {
        assertThatThrownBy(() -> new ProfileStore(directory).read("fast-box"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("No cost profile named 'fast-box'")
                .hasMessageContaining("./sluice calibrate --name fast-box");
    }

    @Test
    void aFileThatIsNotJsonIsAClearError() throws Exception {
        Files.writeString(directory.resolve("broken.json"), "{ not json");

        assertThatThrownBy(() -> new ProfileStore(directory).read("broken"))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith(
                        "Cost profile file " + directory.resolve("broken.json") + " is not a valid profile: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aProfileWithABadConstantNamesTheConstant() throws Exception {
        String json =
                CostProfile.defaults().toJson().replace("\"targetUtilization\" : 0.7", "\"targetUtilization\" : 7.0");
        Files.writeString(directory.resolve("default.json"), json);

        assertThatThrownBy(() -> new ProfileStore(directory).read("default"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("targetUtilization must be in (0, 1], was 7.0");
    }

    @Test
    void aProfileWithANegativeCostNamesTheKind() throws Exception {
        String json = CostProfile.defaults().toJson().replaceFirst("\"RANK\" : [0-9.]+", "\"RANK\" : -1.0");
        Files.writeString(directory.resolve("default.json"), json);

        assertThatThrownBy(() -> new ProfileStore(directory).read("default"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("cpuNanosPerRecord.RANK must be a number >= 0, was -1.0");
    }

    @Test
    void aFileHoldingAnotherNameIsRefused() throws Exception {
        Files.writeString(directory.resolve("a.json"), CostProfile.defaults().toJson());

        assertThatThrownBy(() -> new ProfileStore(directory).read("a"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("holds the profile named 'default', not 'a'");
    }

    @Test
    void namesCannotLeaveTheDirectory() {
        ProfileStore store = new ProfileStore(directory);

        for (String name : List.of("../etc/passwd", "a/b", "", ".hidden")) {
            assertThatThrownBy(() -> store.read(name))
                    .isInstanceOf(ProfileException.class)
                    .hasMessageContaining("is not a profile name");
        }
    }
}
