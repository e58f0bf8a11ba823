package dev.sluice.tests.eventtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTimeCasesTest {

    @Test
    void loadsEveryCaseFolderWithItsPathFilledIn() {
        List<EventTimeCase> cases = EventTimeCases.load();

        assertThat(cases)
                .extracting(EventTimeCase::name)
                .hasSizeGreaterThanOrEqualTo(9)
                .isSorted()
                .contains("tumble-per-user", "late-data-dropped", "late-data-counted");
        assertThat(cases).allSatisfy(eventTimeCase -> {
            assertThat(eventTimeCase.setupStatements())
                    .isNotEmpty()
                    .noneMatch(statement -> statement.contains(EventTimeCases.DIR_PLACEHOLDER));
            assertThat(eventTimeCase.expectedRows()).isNotEmpty();
        });
    }

    @Test
    void appliesTheSharedSettingsFirstAndTheCaseOwnAfter() {
        EventTimeCase join = EventTimeCases.load().stream()
                .filter(eventTimeCase -> eventTimeCase.name().equals("regular-join-state-ttl"))
                .findFirst()
                .orElseThrow();

        assertThat(join.config())
                .containsExactly(
                        Map.entry("execution.runtime-mode", "streaming"),
                        Map.entry("parallelism.default", "1"),
                        Map.entry("pipeline.auto-watermark-interval", "0 ms"),
                        Map.entry("table.exec.state.ttl", "1 h"));
    }

    @Test
    void theLateDataContrastReadsTheSameEventsTwice() throws Exception {
        Path root = Path.of(EventTimeCasesTest.class
                .getResource("/" + EventTimeCases.RESOURCE_ROOT)
                .toURI());

        assertThat(root.resolve("late-data-counted/events.csv"))
                .hasSameTextualContentAs(root.resolve("late-data-dropped/events.csv"));
    }

    @Test
    void readsACaseWithRowsAndComments(@TempDir Path dir) throws IOException {
        writeCase(dir, "# rows in this order\norder: exact\n\n+I[1]\n# between rows\n-U[1]\n");

        EventTimeCase eventTimeCase = EventTimeCases.load(dir);

        assertThat(eventTimeCase.setupStatements())
                .containsExactly("CREATE TABLE t (x INT) WITH ('path' = '" + dir + "/t.csv')");
        assertThat(eventTimeCase.query()).isEqualTo("SELECT x FROM t");
        assertThat(eventTimeCase.expectedRows()).containsExactly("+I[1]", "-U[1]");
        assertThat(eventTimeCase.ordered()).isTrue();
    }

    @Test
    void refusesAnExpectedFileWithoutOrderOrWithAMalformedRow(@TempDir Path dir) throws IOException {
        writeCase(dir, "+I[1]\n");
        assertThatThrownBy(() -> EventTimeCases.load(dir))
                .hasMessage(dir.resolve("expected.txt") + ":1: expected 'order: exact' or 'order: any', got: +I[1]");

        writeCase(dir, "order: any\n+I[1]\nI[2]\n");
        assertThatThrownBy(() -> EventTimeCases.load(dir))
                .hasMessage(dir.resolve("expected.txt") + ":3: expected a row like +I[...], got: I[2]");
    }

    private static void writeCase(Path dir, String expected) throws IOException {
        Files.writeString(dir.resolve("setup.sql"), "CREATE TABLE t (x INT) WITH ('path' = '${dir}/t.csv');\n");
        Files.writeString(dir.resolve("query.sql"), "SELECT x FROM t;\n");
        Files.writeString(dir.resolve("expected.txt"), expected);
    }
}
