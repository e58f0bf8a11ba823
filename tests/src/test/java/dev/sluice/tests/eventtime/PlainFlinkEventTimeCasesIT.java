package dev.sluice.tests.eventtime;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Proves every event-time case's expected rows on plain Flink, so a gateway test that gets other rows for the same
 * case points at the gateway. Each case runs in a TableEnvironment of its own (its local executor starts a
 * MiniCluster per job), set up as a gateway session would be: the case's config, then its statements.
 */
class PlainFlinkEventTimeCasesIT {

    static Stream<Named<EventTimeCase>> cases() {
        return EventTimeCases.load().stream().map(eventTimeCase -> Named.of(eventTimeCase.name(), eventTimeCase));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void producesExactlyTheExpectedRows(EventTimeCase eventTimeCase) throws Exception {
        TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.newInstance()
                .withConfiguration(Configuration.fromMap(eventTimeCase.config()))
                .build());
        eventTimeCase.setupStatements().forEach(tableEnv::executeSql);

        List<String> actual = new ArrayList<>();
        try (CloseableIterator<Row> rows =
                tableEnv.executeSql(eventTimeCase.query()).collect()) {
            rows.forEachRemaining(row -> actual.add(RowText.of(row.getKind().shortString(), fields(row))));
        }
        eventTimeCase.mismatch(actual).ifPresent(report -> fail(eventTimeCase.name() + ":\n" + report));
    }

    private static List<Object> fields(Row row) {
        return IntStream.range(0, row.getArity()).mapToObj(row::getField).toList();
    }
}
