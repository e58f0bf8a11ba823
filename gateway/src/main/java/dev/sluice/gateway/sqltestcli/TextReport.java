package dev.sluice.gateway.sqltestcli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report {@code sql-test} prints: each file's cases passed or failed, the details of each failure, a total. */
final class TextReport {

    private TextReport() {}

    static String render(List<CaseResult> results) {
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, List<CaseResult>> suite : bySuite(results).entrySet()) {
            report.append(suite.getKey()).append('\n');
            for (CaseResult result : suite.getValue()) {
                report.append(result.passed() ? "  PASS  " : "  FAIL  ")
                        .append(result.testCase())
                        .append(" (")
                        .append(seconds(result.time()))
                        .append(" s)\n");
                if (!result.passed()) {
                    FailureDetails.lines(result)
                            .forEach(line ->
                                    report.append("        ").append(line).append('\n'));
                }
            }
        }
        long failed = results.stream().filter(result -> !result.passed()).count();
        report.append('\n')
                .append(results.size() - failed)
                .append(" passed, ")
                .append(failed)
                .append(" failed\n");
        return report.toString();
    }

    static Map<String, List<CaseResult>> bySuite(List<CaseResult> results) {
        Map<String, List<CaseResult>> suites = new LinkedHashMap<>();
        results.forEach(result -> suites.computeIfAbsent(result.suite(), name -> new ArrayList<>())
                .add(result));
        return suites;
    }

    static String seconds(Duration time) {
        return String.format(Locale.ROOT, "%.1f", time.toMillis() / 1000.0);
    }
}
