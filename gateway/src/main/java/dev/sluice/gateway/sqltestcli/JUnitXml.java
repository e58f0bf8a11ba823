package dev.sluice.gateway.sqltestcli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results in the JUnit XML that CI servers read: one {@code testsuite} per test file, one {@code testcase} per
 * case, and for a case that failed a {@code failure} whose message says what differed and whose text is the report's
 * details (the missing and unexpected rows as tables, the errors, or why the case was refused).
 */
final class JUnitXml {

    private JUnitXml() {}

    static String render(List<CaseResult> results) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuites name=\"sluice sql-test\" tests=\"")
                .append(results.size())
                .append("\" failures=\"")
                .append(failures(results))
                .append("\" time=\"")
                .append(seconds(total(results)))
                .append("\">\n");
        for (Map.Entry<String, List<CaseResult>> suite :
                TextReport.bySuite(results).entrySet()) {
            List<CaseResult> cases = suite.getValue();
            xml.append("  <testsuite name=\"")
                    .append(escape(suite.getKey()))
                    .append("\" tests=\"")
                    .append(cases.size())
                    .append("\" failures=\"")
                    .append(failures(cases))
                    .append("\" errors=\"0\" skipped=\"0\" time=\"")
                    .append(seconds(total(cases)))
                    .append("\">\n");
            for (CaseResult result : cases) {
                xml.append("    <testcase name=\"")
                        .append(escape(result.testCase()))
                        .append("\" classname=\"")
                        .append(escape(suite.getKey()))
                        .append("\" time=\"")
                        .append(seconds(result.time()))
                        .append('"');
                if (result.passed()) {
                    xml.append("/>\n");
                    continue;
                }
                xml.append(">\n      <failure message=\"")
                        .append(escape(FailureDetails.summary(result)))
                        .append("\" type=\"")
                        .append(result.refused() ? "refused" : "statement-test")
                        .append("\">")
                        .append(escape(String.join("\n", FailureDetails.lines(result))))
                        .append("</failure>\n    </testcase>\n");
            }
            xml.append("  </testsuite>\n");
        }
        return xml.append("</testsuites>\n").toString();
    }

    private static long failures(List<CaseResult> results) {
        return results.stream().filter(result -> !result.passed()).count();
    }

    private static Duration total(List<CaseResult> results) {
        return results.stream().map(CaseResult::time).reduce(Duration.ZERO, Duration::plus);
    }

    private static String seconds(Duration time) {
        return String.format(Locale.ROOT, "%.3f", time.toMillis() / 1000.0);
    }

    /** XML text and attribute values; characters XML 1.0 cannot carry at all become U+FFFD. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    boolean allowed = c == '\t'
                            || c == '\n'
                            || c == '\r'
                            || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000;
                    escaped.appendCodePoint(allowed ? c : 0xFFFD);
                }
            }
        });
        return escaped.toString();
    }
}
