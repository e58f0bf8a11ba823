package dev.sluice.gateway.calibrate;

import dev.sluice.estimate.calibration.ProfileException;
import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway estimates with the profile sluice.estimate.profile names, and will not start with one it cannot read. */
class EstimateProfileOptionIT {

    @TempDir
    Path dataDir;

    @Test
    void aGatewayNamingAMissingProfileDoesNotStartAndSaysHowToMakeIt() {
        Configuration options = Configuration.fromMap(Map.of(
                SluiceOptions.DATA_DIR.key(), dataDir.toString(),
                SluiceOptions.API_PORT.key(), "0",
                SluiceOptions.FLINK_ENDPOINT_PORT.key(), "0",
                SluiceOptions.PG_PORT.key(), "0",
                SluiceOptions.ESTIMATE_PROFILE.key(), "big-box"));

        assertThatThrownBy(() -> SluiceServer.start(options).close())
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("No cost profile named 'big-box'")
                .hasMessageContaining(dataDir.resolve("profiles")
                        .resolve("big-box.json")
                        .toAbsolutePath()
                        .toString())
                .hasMessageContaining("./sluice calibrate --name big-box");
    }
}
