package dev.sluice.tests.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void producedRecordsAreReadBackInOrder() {
        KAFKA.broker().createTopic("harness", 1);
        KAFKA.broker().produce("harness", List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"));

        assertThat(KAFKA.broker().consume("harness", 3, Duration.ofSeconds(30)))
                .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        assertThat(KAFKA.broker().bootstrapServers()).startsWith("127.0.0.1:");
    }
}
