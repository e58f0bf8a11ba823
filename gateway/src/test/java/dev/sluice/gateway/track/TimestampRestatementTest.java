package dev.sluice.gateway.track;

import dev.sluice.gateway.error.GatewayException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rewrite behind {@code :resume} with {@code startFromTimestamp}, unit-wise: no Kafka broker harness exists yet,
 * so the end-to-end restatement is not run here.
 */
class TimestampRestatementTest {

    private static final Map<String, Map<String, String>> TABLES = Map.of(
            "clicks", Map.of("connector", "kafka", "topic", "clicks"),
            "users", Map.of("connector", "upsert-kafka", "topic", "users"),
            "ticks", Map.of("connector", "datagen"),
            "totals", Map.of("connector", "kafka", "topic", "totals"));

    private static final TimestampRestatement AT_NOON = new TimestampRestatement(
            names -> Optional.ofNullable(TABLES.get(names.get(names.size() - 1))), 1_700_000_000_000L);

    private static final String OPTIONS =
            "/*+ `OPTIONS`('scan.startup.mode' = 'timestamp', 'scan.startup.timestamp-millis' = '1700000000000') */";

    @Test
    void everyKafkaSourceStartsAtTheTimestampAndTheSinkIsLeftAlone() {
        String rewritten = AT_NOON.rewrite(
                "INSERT INTO totals SELECT c.user_id, u.name FROM clicks AS c JOIN users u ON c.user_id = u.id"
                        + " WHERE c.user_id IN (SELECT user_id FROM clicks)");

        assertThat(rewritten).startsWith("INSERT INTO `totals`");
        assertThat(rewritten.split("OPTIONS", -1)).as(rewritten).hasSize(4);
        // Calcite's unparser puts a hint on a line of its own.
        assertThat(oneLine(rewritten)).contains("`clicks` " + OPTIONS).doesNotContain("`totals` /*+");
    }

    @Test
    void theRewrittenStatementParsesAgainWithTheSameHints() {
        String once = AT_NOON.rewrite("INSERT INTO totals SELECT user_id FROM clicks");
        TimestampRestatement identity =
                new TimestampRestatement(names -> Optional.of(Map.of("connector", "kafka")), 1_700_000_000_000L);
        // Rewriting the rewritten statement adds a second OPTIONS hint to the same reference, proving it parsed.
        assertThat(identity.rewrite(once).split("OPTIONS", -1)).hasSize(3);
    }

    @Test
    void windowFunctionsOverKafkaTablesAreRewrittenToo() {
        String rewritten = AT_NOON.rewrite(
                "INSERT INTO totals SELECT user_id FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))");
        assertThat(oneLine(rewritten)).contains("TABLE `clicks` " + OPTIONS);
    }

    @Test
    void sourcesThatCannotStartAtATimestampAreRefused() {
        assertThatThrownBy(() -> AT_NOON.rewrite("INSERT INTO totals SELECT CAST(n AS STRING) FROM ticks"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.field()).isEqualTo("startFromTimestamp");
                    assertThat(e.getMessage()).contains("'ticks'", "'datagen'");
                });
        assertThatThrownBy(() -> AT_NOON.rewrite("INSERT INTO totals SELECT x FROM some_view"))
                .isInstanceOfSatisfying(
                        GatewayException.class,
                        e -> assertThat(e.getMessage()).contains("'some_view' is a view or no table"));
        assertThatThrownBy(() -> AT_NOON.rewrite("SELECT * FROM clicks"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.getMessage()).contains("not an INSERT"));
    }

    @Test
    void lookupsGetTheNamesAsWritten() {
        List<List<String>> asked = new java.util.ArrayList<>();
        new TimestampRestatement(
                        names -> {
                            asked.add(names);
                            return Optional.of(Map.of("connector", "kafka"));
                        },
                        0)
                .rewrite("INSERT INTO totals SELECT * FROM sluice.default_database.clicks");
        assertThat(asked).containsExactly(List.of("sluice", "default_database", "clicks"));
    }

    private static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ");
    }
}
