package dev.sluice.gateway;

import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the cluster and every session get of the gateway's configuration: Flink's keys and sessions' defaults only. */
class FlinkOptionsIT {

    @Test
    void theGatewaysOwnOptionsStayInTheGatewayAndSessionDefaultsTravel() {
        Configuration options = Configuration.fromMap(Map.of(
                SluiceOptions.METADATA_PASSWORD.key(),
                "secret",
                SluiceOptions.METADATA_URL.key(),
                "jdbc:postgresql://db/sluice?password=secret",
                SluiceOptions.DATA_DIR.key(),
                "/var/lib/sluice",
                SluiceOptions.LINT_WARNINGS_AS_ERRORS.key(),
                "true",
                "parallelism.default",
                "2"));

        Map<String, String> flink = SluiceServer.flinkOptions(options).toMap();

        assertThat(flink)
                .containsOnly(
                        Map.entry(SluiceOptions.LINT_WARNINGS_AS_ERRORS.key(), "true"),
                        Map.entry("parallelism.default", "2"));
    }
}
