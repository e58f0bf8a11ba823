package dev.sluice.gateway.pipeline.plan;

import org.apache.calcite.rel.RelNode;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.CollectModifyOperation;
import org.apache.flink.table.operations.QueryOperation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A query's key from its optimized plan, planned in a local table environment (nothing runs). */
class ResultKeyTest {

    private TableEnvironmentInternal tableEnv;

    @BeforeEach
    void clicks() {
        tableEnv = (TableEnvironmentInternal) TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tableEnv.executeSql("CREATE TABLE clicks (user_id INT, url STRING, ts TIMESTAMP(3),"
                + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen')");
    }

    @Test
    void aWindowedCountIsKeyedByItsWindowAndGroupNotByTheCount() {
        assertThat(keyOf("SELECT window_start, user_id, COUNT(*) AS clicks"
                        + " FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND))"
                        + " GROUP BY window_start, window_end, user_id"))
                .containsExactly("window_start", "user_id");
    }

    @Test
    void anUnwindowedAggregateIsKeyedByItsGroup() {
        assertThat(keyOf("SELECT url, COUNT(*) AS hits, MAX(user_id) AS last_user FROM clicks GROUP BY url"))
                .containsExactly("url");
    }

    @Test
    void aScanHasNoKey() {
        assertThat(keyOf("SELECT user_id, url FROM clicks")).isEmpty();
    }

    private List<String> keyOf(String query) {
        QueryOperation operation =
                (QueryOperation) tableEnv.getParser().parse(query).get(0);
        List<RelNode> roots = StatementPlanner.optimize(tableEnv, List.of(new CollectModifyOperation(operation)));
        return ResultKey.of(roots.get(0));
    }
}
