package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.MatchPattern;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.OperatorNode;
import dev.sluice.estimate.model.OverFrame;
import dev.sluice.estimate.model.PlanGraph;
import dev.sluice.estimate.model.WindowShape;
import org.apache.calcite.rel.RelNode;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.operations.CollectModifyOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.planner.delegation.PlannerBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flink's real optimized plans, read by the translator: each operator kind the model covers is recognized with the
 * facts its formula needs, and every plan gets totals.
 */
class PlanTranslatorTest {

    private static TableEnvironmentImpl tableEnv;

    @BeforeAll
    static void tables() {
        tableEnv = (TableEnvironmentImpl) TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tableEnv.executeSql("CREATE TABLE bids (bidder BIGINT, auction BIGINT, price BIGINT, ts TIMESTAMP(3),"
                + " proc AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)"
                + " WITH ('connector' = 'datagen', 'rows-per-second' = '1000')");
        tableEnv.executeSql("CREATE TABLE asks (bidder BIGINT, auction BIGINT, price BIGINT, ts TIMESTAMP(3),"
                + " WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)"
                + " WITH ('connector' = 'datagen', 'rows-per-second' = '500')");
        tableEnv.executeSql("CREATE TABLE rates (auction BIGINT, rate DOUBLE, ts TIMESTAMP(3),"
                + " WATERMARK FOR ts AS ts, PRIMARY KEY (auction) NOT ENFORCED)"
                + " WITH ('connector' = 'datagen', 'rows-per-second' = '10')");
        tableEnv.executeSql("CREATE TABLE sink_a (bidder BIGINT, price BIGINT) WITH ('connector' = 'blackhole')");
        tableEnv.executeSql("CREATE TABLE sink_b (bidder BIGINT, price BIGINT) WITH ('connector' = 'blackhole')");
    }

    @Test
    void legacySessionWindowIsAGroupWindowAggregateWithItsGap() {
        OperatorNode window = only(
                "SELECT bidder, SESSION_START(ts, INTERVAL '10' SECOND), COUNT(*) FROM bids"
                        + " GROUP BY bidder, SESSION(ts, INTERVAL '10' SECOND)",
                OperatorKind.GROUP_WINDOW_AGGREGATE);
        assertThat(window.window()).isEqualTo(WindowShape.session(Duration.ofSeconds(10)));
        assertThat(window.keys()).extracting(Object::toString).containsExactly("bids.bidder");
    }

    @Test
    void legacyTumbleAndHopWindowsKeepTheirSizes() {
        assertThat(only(
                                "SELECT bidder, TUMBLE_START(ts, INTERVAL '1' MINUTE), SUM(price) FROM bids"
                                        + " GROUP BY bidder, TUMBLE(ts, INTERVAL '1' MINUTE)",
                                OperatorKind.GROUP_WINDOW_AGGREGATE)
                        .window())
                .isEqualTo(WindowShape.tumble(Duration.ofMinutes(1)));
        assertThat(only(
                                "SELECT bidder, HOP_END(ts, INTERVAL '5' SECOND, INTERVAL '1' MINUTE), MAX(price)"
                                        + " FROM bids GROUP BY bidder, HOP(ts, INTERVAL '5' SECOND, INTERVAL '1' MINUTE)",
                                OperatorKind.GROUP_WINDOW_AGGREGATE)
                        .window())
                .isEqualTo(WindowShape.hop(Duration.ofMinutes(1), Duration.ofSeconds(5)));
    }

    @Test
    void windowJoinTopNAndDeduplicationCarryTheirWindows() {
        String tumbleBids = "SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))";
        String tumbleAsks = "SELECT * FROM TABLE(TUMBLE(TABLE asks, DESCRIPTOR(ts), INTERVAL '10' SECOND))";
        OperatorNode join = only(
                "SELECT b.bidder, b.price, a.price FROM (" + tumbleBids + ") b JOIN (" + tumbleAsks + ") a"
                        + " ON b.auction = a.auction AND b.window_start = a.window_start"
                        + " AND b.window_end = a.window_end",
                OperatorKind.WINDOW_JOIN);
        assertThat(join.window()).isEqualTo(WindowShape.tumble(Duration.ofSeconds(10)));
        assertThat(join.keys()).extracting(Object::toString).containsExactly("bids.auction");
        assertThat(join.rightKeys()).extracting(Object::toString).containsExactly("asks.auction");

        OperatorNode topN = only(
                "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, auction"
                        + " ORDER BY price DESC) AS rn FROM (" + tumbleBids + ")) WHERE rn <= 3",
                OperatorKind.WINDOW_RANK);
        assertThat(topN.rankLimit()).isEqualTo(3);
        assertThat(topN.keys()).extracting(Object::toString).containsExactly("bids.auction");

        OperatorNode first = only(
                "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, bidder"
                        + " ORDER BY ts) AS rn FROM (" + tumbleBids + ")) WHERE rn = 1",
                OperatorKind.WINDOW_DEDUPLICATE);
        assertThat(first.window()).isEqualTo(WindowShape.tumble(Duration.ofSeconds(10)));
    }

    @Test
    void overAggregationsReadRowsRangeAndUnboundedFrames() {
        OperatorNode rows = only(
                "SELECT bidder, SUM(price) OVER (PARTITION BY bidder ORDER BY ts"
                        + " ROWS BETWEEN 5 PRECEDING AND CURRENT ROW) FROM bids",
                OperatorKind.OVER_AGGREGATE);
        assertThat(rows.over()).isEqualTo(new OverFrame(OverFrame.Unit.ROWS, 5));
        assertThat(rows.orderByRowtime()).isTrue();
        OperatorNode range = only(
                "SELECT bidder, AVG(price) OVER (PARTITION BY bidder ORDER BY ts"
                        + " RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW) FROM bids",
                OperatorKind.OVER_AGGREGATE);
        assertThat(range.over()).isEqualTo(new OverFrame(OverFrame.Unit.RANGE, 60_000));
        OperatorNode unbounded = only(
                "SELECT bidder, COUNT(*) OVER (PARTITION BY bidder ORDER BY proc"
                        + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM bids",
                OperatorKind.OVER_AGGREGATE);
        assertThat(unbounded.over()).isEqualTo(new OverFrame(OverFrame.Unit.UNBOUNDED, 0));
        assertThat(unbounded.orderByRowtime()).isFalse();
    }

    @Test
    void anEventTimeTemporalJoinIsReadAsSuch() {
        OperatorNode join = only(
                "SELECT b.bidder, b.price * r.rate FROM bids b JOIN rates FOR SYSTEM_TIME AS OF b.ts AS r"
                        + " ON b.auction = r.auction",
                OperatorKind.TEMPORAL_JOIN);
        assertThat(join.orderByRowtime()).isTrue();
        assertThat(join.rightKeys()).extracting(Object::toString).containsExactly("rates.auction");
    }

    @Test
    void unionAllAddsItsInputs() {
        PlanGraph graph = graph("SELECT bidder, price FROM bids UNION ALL SELECT bidder, price FROM asks");
        assertThat(kinds(graph)).contains(OperatorKind.UNION).doesNotContain(OperatorKind.OTHER);
        Estimate estimate = new CostModel(CostModelTest.PROFILE).estimate(graph, Map.of());
        // 1000 + 500 rows/s from the connectors' options reach the sink.
        assertThat(estimate.operators().get(estimate.operators().size() - 1).inputRate())
                .isEqualTo(1500);
    }

    @Test
    void matchRecognizeReadsItsWithinWindowOrItsAbsence() {
        String match = "SELECT * FROM bids MATCH_RECOGNIZE (PARTITION BY bidder ORDER BY ts"
                + " MEASURES A.price AS first_price, B.price AS next_price ONE ROW PER MATCH"
                + " AFTER MATCH SKIP PAST LAST ROW PATTERN (A B) %s DEFINE A AS A.price > 10, B AS B.price < A.price)";
        OperatorNode within = only(match.formatted("WITHIN INTERVAL '30' SECOND"), OperatorKind.MATCH);
        assertThat(within.pattern()).isEqualTo(new MatchPattern(2, Duration.ofSeconds(30), 2));
        assertThat(within.orderByRowtime()).isTrue();
        OperatorNode unbounded = only(match.formatted(""), OperatorKind.MATCH);
        assertThat(unbounded.pattern().within()).isNull();
        Estimate estimate = new CostModel(CostModelTest.PROFILE).estimate(graph(match.formatted("")), Map.of());
        assertThat(estimate.totals().unboundedState()).isTrue();
    }

    @Test
    void matchRecognizeReadsTheLongestMatchOfItsPattern() {
        String match = "SELECT * FROM bids MATCH_RECOGNIZE (PARTITION BY bidder ORDER BY ts"
                + " MEASURES A.price AS first_price ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW PATTERN (%s)"
                + " WITHIN INTERVAL '30' SECOND DEFINE A AS A.price > 10, B AS B.price < 10, C AS C.price > 20)";
        // A, two B and C: 4 rows at most; a B+ loop has no longest match.
        assertThat(only(match.formatted("A B{2} C"), OperatorKind.MATCH)
                        .pattern()
                        .longestMatch())
                .isEqualTo(4);
        assertThat(only(match.formatted("A B{1,3} C"), OperatorKind.MATCH)
                        .pattern()
                        .longestMatch())
                .isEqualTo(5);
        assertThat(only(match.formatted("A B+ C"), OperatorKind.MATCH).pattern().longestMatch())
                .isNull();
    }

    @Test
    void aStatementSetsInsertsShareTheirSourceAsFlinkPlansThem() {
        PlanGraph graph = graph("EXECUTE STATEMENT SET BEGIN"
                + " INSERT INTO sink_a SELECT bidder, price FROM bids WHERE price > 10;"
                + " INSERT INTO sink_b SELECT bidder, price FROM bids WHERE price < 5;"
                + " END");
        assertThat(kinds(graph).stream().filter(kind -> kind == OperatorKind.SOURCE))
                .hasSize(1);
        assertThat(kinds(graph).stream().filter(kind -> kind == OperatorKind.SINK))
                .hasSize(2);
    }

    /** The one operator of {@code kind} in the plan of {@code sql}, whose estimate has totals. */
    private static OperatorNode only(String sql, OperatorKind kind) {
        PlanGraph graph = graph(sql);
        assertThat(new CostModel(CostModelTest.PROFILE)
                        .estimate(graph, Map.of())
                        .totals()
                        .cpuCores())
                .isPositive();
        List<OperatorNode> found =
                graph.operators().stream().filter(node -> node.kind() == kind).toList();
        assertThat(found).as(graph.toString()).hasSize(1);
        return found.get(0);
    }

    private static List<OperatorKind> kinds(PlanGraph graph) {
        return graph.operators().stream().map(OperatorNode::kind).toList();
    }

    private static PlanGraph graph(String sql) {
        List<Operation> parsed = tableEnv.getParser().parse(sql);
        Operation operation = parsed.get(0);
        List<ModifyOperation> sinks;
        if (operation instanceof StatementSetOperation set) {
            sinks = set.getOperations();
        } else if (operation instanceof ModifyOperation modify) {
            sinks = List.of(modify);
        } else {
            sinks = List.of(new CollectModifyOperation((QueryOperation) operation));
        }
        PlannerBase planner = (PlannerBase) tableEnv.getPlanner();
        List<RelNode> rels = sinks.stream().map(planner::translateToRel).toList();
        List<RelNode> optimized = JavaConverters.seqAsJavaList(
                planner.optimize(JavaConverters.asScalaBuffer(rels).toSeq()));
        return PlanTranslator.translate(optimized, tableEnv.getConfig());
    }
}
