package dev.sluice.tests.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.tests.fuzz.AnswerCheck.Answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** What a fuzz run reached, counted from several client threads at once, and its report. */
final class FuzzTally {

    /** The slowest answer and the request it answered. */
    record Slowest(long millis, int index, FuzzRequest.Mutation mutation, int status) {}

    private static final int MAX_PROBLEMS_SHOWN = 30;
    private static final int MAX_MESSAGE_SHOWN = 160;

    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> diagnosticCodes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errorCodes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> mutations = new ConcurrentHashMap<>();
    // One message per code, so the report shows what each code means to a user.
    private final Map<String, String> exampleMessages = new ConcurrentHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private Slowest slowest = new Slowest(-1, -1, null, 0);

    void record(FuzzRequest request, Answer answer, List<String> answerProblems) {
        count(statuses, String.valueOf(answer.status()));
        count(mutations, request.mutation().name());
        JsonNode body = answer.body();
        if (body != null && body.has("diagnostics")) {
            body.get("diagnostics").forEach(diagnostic -> count(diagnosticCodes, diagnostic));
        }
        if (body != null && body.has("error")) {
            count(errorCodes, body.get("error"));
        }
        synchronized (this) {
            if (answer.elapsed().toMillis() > slowest.millis()) {
                slowest =
                        new Slowest(answer.elapsed().toMillis(), request.index(), request.mutation(), answer.status());
            }
            answerProblems.forEach(problem ->
                    problems.add("request " + request.index() + " (" + request.mutation() + "): " + problem));
        }
    }

    synchronized void unanswered(String problem) {
        problems.add(problem);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized Slowest slowest() {
        return slowest;
    }

    int distinctDiagnosticCodes() {
        return diagnosticCodes.size();
    }

    int distinctErrorCodes() {
        return errorCodes.size();
    }

    String report(long seed, long runMillis) {
        return String.join(
                "\n",
                "Validation fuzz: seed " + seed + ", " + total() + " requests in " + runMillis + " ms",
                "  statuses:         " + sorted(statuses),
                "  mutations:        " + sorted(mutations),
                "  diagnostic codes: " + diagnosticCodes.size() + " " + sorted(diagnosticCodes),
                "  error codes:      " + errorCodes.size() + " " + sorted(errorCodes),
                "  slowest answer:   " + slowest(),
                "  a message per code:",
                new TreeMap<>(exampleMessages)
                        .entrySet().stream()
                                .map(entry -> "    " + entry.getKey() + ": " + entry.getValue())
                                .collect(Collectors.joining("\n")),
                "  problems:         " + problems().size(),
                problems().stream()
                        .limit(MAX_PROBLEMS_SHOWN)
                        .map(problem -> "    " + problem)
                        .collect(Collectors.joining("\n")));
    }

    private long total() {
        return statuses.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private void count(Map<String, LongAdder> counts, JsonNode diagnosticOrError) {
        String code = diagnosticOrError.path("code").asText();
        count(counts, code);
        String message = diagnosticOrError.path("message").asText();
        exampleMessages.putIfAbsent(
                code, message.length() > MAX_MESSAGE_SHOWN ? message.substring(0, MAX_MESSAGE_SHOWN) + "..." : message);
    }

    private static void count(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, ignored -> new LongAdder()).increment();
    }

    private static String sorted(Map<String, LongAdder> counts) {
        return new TreeMap<>(counts)
                .entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue().sum())
                        .collect(Collectors.joining(", ", "{", "}"));
    }
}
