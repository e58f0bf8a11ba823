package dev.sluice.tests.eventtime;

import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RowTextTest {

    @Test
    void rendersTimestampsAlikeWhicheverClientProducedThem() {
        LocalDateTime whole = LocalDateTime.of(2024, 1, 1, 10, 0);
        LocalDateTime fraction = LocalDateTime.of(2024, 1, 1, 10, 0, 1, 50_000_000);
        assertThat(RowText.of("+I", List.of(whole, Timestamp.valueOf(fraction))))
                .isEqualTo("+I[2024-01-01 10:00:00, 2024-01-01 10:00:01.05]");
    }

    @Test
    void rendersOtherValuesAsTheirTextAndNullAsNull() {
        assertThat(RowText.of("-D", Arrays.asList("alice", 3L, null))).isEqualTo("-D[alice, 3, null]");
    }
}
