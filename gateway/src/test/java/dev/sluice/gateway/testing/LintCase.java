package dev.sluice.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One lint's example, read from {@code src/test/resources/lints/<CODE>.sql}: a script that triggers the lint, the
 * same script fixed, and what the trigger should report. The file holds
 * {@code -- trigger: <severity> at line <n>}, the trigger script, {@code -- fix}, the fixed script; the line counts
 * from the trigger script's first line. Any client (the API, the JDBC driver) can run the two scripts.
 */
public record LintCase(String code, String severity, int line, String trigger, String fix) {

    private static final Pattern FILE =
            Pattern.compile("-- trigger: (error|warning) at line (\\d+)\\R(.*?)\\R-- fix\\R(.*)", Pattern.DOTALL);

    /** Every lint's example, in the order docs/lints.md lists them. */
    public static List<LintCase> all() {
        return Stream.of(
                        "UNBOUNDED_JOIN_STATE",
                        "UNBOUNDED_AGGREGATE_STATE",
                        "UNBOUNDED_RANK_STATE",
                        "CROSS_JOIN",
                        "INTERVAL_JOIN_NOT_ON_TIME_ATTRIBUTE",
                        "PROCTIME_WINDOW_ON_EVENT_TIME_TABLE",
                        "LATE_EVENTS_DROPPED",
                        "NON_DETERMINISTIC_UPDATE",
                        "SINK_UPSERT_MATERIALIZE",
                        "IDLE_SOURCE_STALLS_WATERMARK",
                        "ASYNC_CALL_LOSES_NULLS",
                        "SINK_SCHEMA_MISMATCH",
                        "WINDOW_WITHOUT_WATERMARK")
                .map(LintCase::load)
                .toList();
    }

    /**
     * Creates the catalog functions the examples call ({@code lints/functions.json}, one {@code POST
     * /api/v1/functions} body each): a client runs the examples after this.
     */
    public static void createFunctions(ApiClient api) {
        JsonNode functions;
        try (InputStream in = LintCase.class.getResourceAsStream("/lints/functions.json")) {
            functions = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read /lints/functions.json", e);
        }
        for (JsonNode function : functions) {
            ApiClient.Response created = api.post("/api/v1/functions", function);
            if (created.status() != 201) {
                throw new IllegalStateException("Cannot create " + function.get("name") + ": " + created.body());
            }
        }
    }

    public static LintCase load(String code) {
        String resource = "/lints/" + code + ".sql";
        try (InputStream in = LintCase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No example for lint " + code + " at " + resource);
            }
            Matcher parts = FILE.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!parts.matches()) {
                throw new IllegalArgumentException(
                        resource + " is not '-- trigger: <severity> at line <n>', script, '-- fix', script");
            }
            return new LintCase(code, parts.group(1), Integer.parseInt(parts.group(2)), parts.group(3), parts.group(4));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + resource, e);
        }
    }

    @Override
    public String toString() {
        return code;
    }
}
