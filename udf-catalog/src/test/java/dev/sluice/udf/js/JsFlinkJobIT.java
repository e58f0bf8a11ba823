package dev.sluice.udf.js;

import dev.sluice.udf.catalog.FunctionContext;
import dev.sluice.udf.catalog.FunctionDefinition;
import dev.sluice.udf.catalog.FunctionKind;
import dev.sluice.udf.catalog.FunctionSignature;
import dev.sluice.udf.catalog.Language;
import dev.sluice.udf.net.OutboundRules;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** JavaScript UDFs inside real Flink table jobs (a local MiniCluster), created the way the catalog creates them. */
class JsFlinkJobIT {

    private static final String NORMALIZE = """
            function normalize(s) {
              if (s === null) return null;
              return s.trim().replace(/\\s+/g, ' ').toLowerCase();
            }
            """;
    private static final String SPLIT = """
            function* words(s) {
              if (s === null) return;
              for (const word of s.split(' ')) {
                if (word) yield {word: word, length: word.length};
              }
            }
            """;

    @TempDir
    Path dir;

    private final JavaScriptLanguage language = new JavaScriptLanguage(JsSandbox.shared(), Duration.ofSeconds(1));

    private UserDefinedFunction function(
            String name,
            FunctionKind kind,
            FunctionSignature signature,
            String entry,
            String source,
            boolean reloadable,
            DirectoryVersionSource versions) {
        FunctionDefinition definition =
                new FunctionDefinition("default", name, kind, Language.JAVASCRIPT, signature, "test", "", reloadable);
        return language.instantiate(
                definition,
                DirectoryVersionSource.version(1, signature, entry, source),
                new FunctionContext(
                        getClass().getClassLoader(),
                        dir,
                        versions == null ? (tenant, n) -> Optional.empty() : versions,
                        OutboundRules.INTERNAL_DENIED));
    }

    @Test
    void aScalarAndATableFunctionReturnExactRows() throws Exception {
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tables.createTemporarySystemFunction(
                "norm_text",
                function(
                        "norm_text",
                        FunctionKind.SCALAR,
                        DirectoryVersionSource.signature("STRING", "STRING"),
                        "normalize",
                        NORMALIZE,
                        false,
                        null));
        tables.createTemporarySystemFunction(
                "words",
                function(
                        "words",
                        FunctionKind.TABLE,
                        DirectoryVersionSource.signature("ROW<word STRING, length INT>", "STRING"),
                        "words",
                        SPLIT,
                        false,
                        null));

        List<Row> rows = collect(tables.executeSql("""
                SELECT id, norm_text(s) AS n, word, length
                FROM (VALUES (1, '  Hello   World '), (2, 'ÄRGER  über'), (3, CAST(NULL AS STRING))) AS t(id, s)
                LEFT JOIN LATERAL TABLE(words(norm_text(s))) ON TRUE
                ORDER BY id, word
                """));

        assertThat(rows)
                .extracting(Row::toString)
                .containsExactly(
                        "+I[1, hello world, hello, 5]",
                        "+I[1, hello world, world, 5]",
                        "+I[2, ärger über, ärger, 5]",
                        "+I[2, ärger über, über, 4]",
                        "+I[3, null, null, null]");
    }

    @Test
    void aRunningJobSwitchesToANewVersionWithin30Seconds() throws Exception {
        FunctionSignature signature = DirectoryVersionSource.signature("STRING", "BIGINT");
        DirectoryVersionSource versions = new DirectoryVersionSource(dir.toString(), signature, "tag");
        versions.publish("tag", 1, "function tag(n) { return 'v1'; }");
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tables.createTemporarySystemFunction(
                "tag",
                function(
                        "tag",
                        FunctionKind.SCALAR,
                        signature,
                        "tag",
                        "function tag(n) { return 'v1'; }",
                        true,
                        versions));
        tables.executeSql(
                "CREATE TEMPORARY TABLE ticks (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '50')");

        try (CloseableIterator<Row> rows =
                tables.executeSql("SELECT tag(n) FROM ticks").collect()) {
            assertThat(rows.next().getField(0)).isEqualTo("v1");
            // A version that does not compile is skipped by the running job, which keeps version 1.
            versions.publish("tag", 2, "function tag(n) { return 'v2' ");
            await("the job to keep version 1 for 3 s")
                    .during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(30))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> rows.next().getField(0), "v1"::equals);
            versions.publish("tag", 3, "function tag(n) { return 'v3'; }");
            Object seen = await("the job to switch to version 3")
                    .atMost(Duration.ofSeconds(30))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> rows.next().getField(0), value -> !value.equals("v1"));
            assertThat(seen).isEqualTo("v3");
        }
    }

    @Test
    void aCallTheSandboxStopsFailsItsJobOnceInsteadOfRestartingIt() {
        Configuration restarts = new Configuration();
        restarts.setString("restart-strategy.type", "fixed-delay");
        restarts.setString("restart-strategy.fixed-delay.attempts", "1000");
        restarts.setString("restart-strategy.fixed-delay.delay", "10 ms");
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance()
                .inStreamingMode()
                .withConfiguration(restarts)
                .build());
        tables.createTemporarySystemFunction(
                "spin",
                function(
                        "spin",
                        FunctionKind.SCALAR,
                        DirectoryVersionSource.signature("ROW<a STRING>", "STRING"),
                        "spin",
                        "function spin(s) { return { get a() { while (true) {} } }; }",
                        false,
                        null));

        assertThatThrownBy(() -> collect(tables.executeSql("SELECT spin(s) FROM (VALUES ('x')) AS t(s)")))
                .rootCause()
                .hasMessageStartingWith(
                        "JavaScript function 'spin' version 1 ran more than 1000000 statements in one call");
    }

    private static List<Row> collect(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> iterator = result.collect()) {
            iterator.forEachRemaining(rows::add);
        }
        return rows;
    }
}
