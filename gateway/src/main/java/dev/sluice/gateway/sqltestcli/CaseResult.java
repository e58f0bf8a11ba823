package dev.sluice.gateway.sqltestcli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How one case went: the gateway's answer to it, a 200 outcome ({@code passed}, {@code columns}, {@code missing},
 * {@code unexpected}, {@code diagnostics}) or a 400 error body for a case the gateway could not run as given.
 */
public record CaseResult(String suite, String testCase, int status, JsonNode answer, Duration time) {

    public CaseResult {
        requireNonNull(suite, "suite is null");
        requireNonNull(testCase, "testCase is null");
        requireNonNull(answer, "answer is null");
        requireNonNull(time, "time is null");
    }

    public boolean passed() {
        return status == 200 && answer.path("passed").asBoolean(false);
    }

    /** The gateway refused the case (a 4xx error body), rather than running it and comparing. */
    public boolean refused() {
        return status != 200;
    }
}
