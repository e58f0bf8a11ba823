package dev.sluice.estimate.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceHintsTest {

    @Test
    void everyImpossibleValueIsRefusedNamingItsField() {
        assertField(() -> new SourceHints(-1.0, null, Map.of(), null), "eventsPerSecond");
        assertField(() -> new SourceHints(Double.NaN, null, Map.of(), null), "eventsPerSecond");
        assertField(() -> new SourceHints(Double.POSITIVE_INFINITY, null, Map.of(), null), "eventsPerSecond");
        assertField(() -> new SourceHints(2e9, null, Map.of(), null), "eventsPerSecond");
        assertField(() -> new SourceHints(null, 0.5, Map.of(), null), "avgRowBytes");
        assertField(() -> new SourceHints(null, 1e12, Map.of(), null), "avgRowBytes");
        assertField(() -> new SourceHints(null, null, Map.of("k", 0L), null), "distinctKeys.k");
        Map<String, Long> nullCount = new HashMap<>();
        nullCount.put("k", null);
        assertField(() -> new SourceHints(null, null, nullCount, null), "distinctKeys.k");
        assertField(() -> new SourceHints(null, null, Map.of(), Duration.ofSeconds(-1)), "outOfOrderness");
        assertField(() -> new SourceHints(null, null, Map.of(), Duration.ofDays(31)), "outOfOrderness");
    }

    @Test
    void zeroEventsAndNoHintsAtAllAreFine() {
        assertThat(new SourceHints(0.0, null, null, Duration.ZERO).distinctKeys())
                .isEmpty();
    }

    private static void assertField(Runnable making, String field) {
        assertThatThrownBy(making::run)
                .isInstanceOfSatisfying(
                        InvalidHintException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
