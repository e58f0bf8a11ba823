package dev.sluice.gateway.sqltestcli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The printed report and the JUnit XML, character for character, from gateway answers as the API gives them. */
class ReportsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String COLUMNS = """
            "columns": [{"name": "user_id", "type": "STRING"}, {"name": "window_start", "type": "TIMESTAMP(3)"},
                        {"name": "clicks", "type": "BIGINT"}]""";

    private static final List<CaseResult> RESULTS = List.of(
            new CaseResult(
                    "clicks/counts", "late click dropped", 200, json("""
                    {"passed": true, %s, "actual": [], "missing": [], "unexpected": [], "diagnostics": []}
                    """.formatted(COLUMNS)), Duration.ofMillis(812)),
            new CaseResult(
                    "clicks/counts", "late click counted", 200, json("""
                    {"passed": false, %s, "actual": [],
                     "missing": [{"user_id": "u1", "window_start": "2026-12-07T10:00:00.000", "clicks": "2"}],
                     "unexpected": [{"user_id": "u1", "window_start": "2026-12-07T10:00:00.000", "clicks": "1"},
                                    {"user_id": null, "window_start": "2026-12-07T10:00:10.000", "clicks": "1"}],
                     "diagnostics": [{"severity": "warning", "code": "IDLE_SOURCE_STALLS_WATERMARK", "message": "w"}]}
                    """.formatted(COLUMNS)), Duration.ofMillis(745)),
            new CaseResult("views", "updates", 200, json("""
                    {"passed": false, "columns": [{"name": "n", "type": "BIGINT"}], "actual": [],
                     "missing": [{"kind": "-U", "row": {"n": "1"}}], "unexpected": [],
                     "diagnostics": [{"severity": "error", "code": "SQL_VALIDATION", "message": "Unknown <column>",
                                      "line": 3, "column": 8, "hint": "Check \\"n\\""}]}
                    """), Duration.ofMillis(50)),
            new CaseResult("views", "typo", 400, json("""
                    {"error": {"code": "INVALID_REQUEST", "message": "Table clicks has no column 'usr_id'.",
                               "field": "inputs.clicks[1].usr_id", "hint": "Did you mean 'user_id'?"}}
                    """), Duration.ofMillis(20)));

    @Test
    void theReportShowsEachCaseAndTheRowsThatDiffer() {
        assertThat(TextReport.render(RESULTS)).isEqualTo("""
                        clicks/counts
                          PASS  late click dropped (0.8 s)
                          FAIL  late click counted (0.7 s)
                                missing (expected, not produced):
                                  user_id | window_start            | clicks
                                  --------+-------------------------+-------
                                  u1      | 2026-12-07T10:00:00.000 | 2
                                unexpected (produced, not expected):
                                  user_id | window_start            | clicks
                                  --------+-------------------------+-------
                                  u1      | 2026-12-07T10:00:00.000 | 1
                                  NULL    | 2026-12-07T10:00:10.000 | 1
                        views
                          FAIL  updates (0.1 s)
                                missing (expected, not produced):
                                  kind | n
                                  -----+--
                                  -U   | 1
                                error SQL_VALIDATION at line 3, column 8: Unknown <column>
                                  hint: Check "n"
                          FAIL  typo (0.0 s)
                                refused (400 INVALID_REQUEST) at inputs.clicks[1].usr_id: Table clicks has no column 'usr_id'.
                                  hint: Did you mean 'user_id'?

                        1 passed, 3 failed
                        """);
    }

    @Test
    void theJUnitXmlHasASuitePerFileACasePerCaseAndTheDiffInEachFailure() {
        assertThat(JUnitXml.render(RESULTS)).isEqualTo("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <testsuites name="sluice sql-test" tests="4" failures="3" time="1.627">
                          <testsuite name="clicks/counts" tests="2" failures="1" errors="0" skipped="0" time="1.557">
                            <testcase name="late click dropped" classname="clicks/counts" time="0.812"/>
                            <testcase name="late click counted" classname="clicks/counts" time="0.745">
                              <failure message="1 missing row, 2 unexpected rows" type="statement-test">missing (expected, not produced):
                          user_id | window_start            | clicks
                          --------+-------------------------+-------
                          u1      | 2026-12-07T10:00:00.000 | 2
                        unexpected (produced, not expected):
                          user_id | window_start            | clicks
                          --------+-------------------------+-------
                          u1      | 2026-12-07T10:00:00.000 | 1
                          NULL    | 2026-12-07T10:00:10.000 | 1</failure>
                            </testcase>
                          </testsuite>
                          <testsuite name="views" tests="2" failures="2" errors="0" skipped="0" time="0.070">
                            <testcase name="updates" classname="views" time="0.050">
                              <failure message="1 missing row, 1 error" type="statement-test">missing (expected, not produced):
                          kind | n
                          -----+--
                          -U   | 1
                        error SQL_VALIDATION at line 3, column 8: Unknown &lt;column&gt;
                          hint: Check &quot;n&quot;</failure>
                            </testcase>
                            <testcase name="typo" classname="views" time="0.020">
                              <failure message="refused (400 INVALID_REQUEST): Table clicks has no column &apos;usr_id&apos;." type="refused">refused (400 INVALID_REQUEST) at inputs.clicks[1].usr_id: Table clicks has no column &apos;usr_id&apos;.
                          hint: Did you mean &apos;user_id&apos;?</failure>
                            </testcase>
                          </testsuite>
                        </testsuites>
                        """);
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
