package dev.sluice.tests.fuzz;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;
import dev.sluice.tests.fuzz.FuzzRequest.Mutation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes malformed or mutated validation requests from {@link StreamingSqlCorpus}. Request {@code i} depends only on
 * the seed and {@code i}, so a failing request can be regenerated alone, whichever thread sent it.
 */
final class RequestGenerator {

    // Strings, quoted identifiers, comments, words, numbers, white space, then any single character.
    private static final Pattern TOKEN = Pattern.compile(
            "'(?:[^']|'')*'|`(?:[^`]|``)*`|\"(?:[^\"]|\"\")*\"|--[^\\n]*|/\\*.*?\\*/|[A-Za-z_][A-Za-z0-9_]*|\\d+(?:\\.\\d+)?|\\s+|.",
            Pattern.DOTALL);
    private static final List<String> KEYWORDS = List.of(
            "SELECT",
            "FROM",
            "WHERE",
            "GROUP",
            "BY",
            "JOIN",
            "ON",
            "TABLE",
            "CREATE",
            "INSERT",
            "INTO",
            "WATERMARK",
            "FOR",
            "AS",
            "INTERVAL",
            "TUMBLE",
            "DESCRIPTOR",
            "(",
            ")",
            ",",
            ";",
            "'",
            "`",
            "*",
            "END",
            "BEGIN",
            "SET",
            "NULL",
            "CAST",
            "OVER",
            "PARTITION",
            "MATCH_RECOGNIZE",
            "LATERAL",
            "UNNEST",
            "VALUES",
            "1e309",
            "-");
    // NUL, lone surrogates, a pair, RTL and zero-width marks, BOM, line separators, combining marks, and letters
    // whose upper case is longer (ß, ﬃ) or dotted (İ), which matter as the parser upper-cases identifiers.
    private static final List<String> ODD_TEXT = List.of(
            "\u0000",
            "\uD800",
            "\uDFFF",
            "\uD83D\uDE00",
            "\u202E",
            "\u200F",
            "\u200B",
            "\uFEFF",
            "\u2028",
            "\u0085",
            "\r",
            "\r\n",
            "\t",
            "\u0301",
            "\uFFFF",
            "\uFB03",
            "\u0130",
            "\u00DF",
            "\u0007",
            "\u001B[31m",
            "\\",
            "\u00A0");
    private static final List<IntFunction<String>> DEEP_SHAPES = List.of(
            depth -> "(".repeat(depth) + "1" + ")".repeat(depth),
            depth -> "ABS(".repeat(depth) + "1" + ")".repeat(depth),
            depth -> "NOT ".repeat(depth) + "TRUE",
            depth -> "- ".repeat(depth) + "1",
            depth -> String.join(" + ", Collections.nCopies(depth, "1")),
            depth -> String.join(" AND ", Collections.nCopies(depth, "TRUE")),
            depth -> "CASE WHEN TRUE THEN ".repeat(depth) + "1" + " END".repeat(depth),
            depth -> "(SELECT ".repeat(depth) + "1" + ")".repeat(depth));
    private static final int[] DEPTHS = {20, 200, 1_000, 5_000, 20_000};
    private static final ObjectMapper ESCAPING =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final long seed;
    private final int totalWeight = Arrays.stream(Mutation.values())
            .mapToInt(mutation -> mutation.weight)
            .sum();

    RequestGenerator(long seed) {
        this.seed = seed;
    }

    FuzzRequest request(int index) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        Mutation mutation = pick(random);
        String script = leadingStatements(
                StreamingSqlCorpus.script(random.nextInt(StreamingSqlCorpus.SCRIPTS.size()), index), random);
        if (mutation == Mutation.DAMAGED_JSON) {
            return new FuzzRequest(index, mutation, null, damagedJson(script, random));
        }
        String mutated = mutate(mutation, script, random);
        return new FuzzRequest(index, mutation, mutated, body(mutated, random.nextBoolean()));
    }

    /** The cases a random run might miss: each extreme named in the issue, once, numbered from {@code firstIndex}. */
    static List<FuzzRequest> landmarks(int firstIndex) {
        String orders = StreamingSqlCorpus.script(1, firstIndex);
        List<Landmark> landmarks = List.of(
                new Landmark(
                        Mutation.DEEP_NESTING, "SELECT " + DEEP_SHAPES.get(0).apply(5_000)),
                new Landmark(
                        Mutation.DEEP_NESTING, "SELECT " + DEEP_SHAPES.get(4).apply(5_000)),
                new Landmark(
                        Mutation.DEEP_NESTING, "SELECT " + DEEP_SHAPES.get(2).apply(100_000)),
                new Landmark(Mutation.LONG_IDENTIFIER, "SELECT 1 AS " + "x".repeat(100 * 1024)),
                new Landmark(Mutation.LONG_IDENTIFIER, "SELECT `" + "\u00e9".repeat(100 * 1024) + "` FROM clicks"),
                new Landmark(Mutation.HUGE_LITERAL, "SELECT " + "9".repeat(500_000)),
                new Landmark(Mutation.HUGE_LITERAL, "SELECT '" + "z".repeat(900_000) + "'"),
                new Landmark(Mutation.HUGE_LITERAL, "SELECT INTERVAL '" + "9".repeat(1000) + "' DAY"),
                new Landmark(Mutation.MANY_STATEMENTS, ";".repeat(500_000)),
                new Landmark(Mutation.MANY_STATEMENTS, "SELECT 1;\n".repeat(5_000)),
                new Landmark(Mutation.MANY_STATEMENTS, orders.repeat(200)),
                new Landmark(Mutation.UNTERMINATED, "SELECT 'never closed"),
                new Landmark(Mutation.UNTERMINATED, "SELECT 1 /* never closed"),
                new Landmark(Mutation.UNTERMINATED, "SELECT `never closed"),
                new Landmark(Mutation.UNTERMINATED, "EXECUTE STATEMENT SET BEGIN INSERT INTO t SELECT 1;"),
                new Landmark(Mutation.INSERT_UNICODE, "\u0000".repeat(1000)),
                new Landmark(Mutation.INSERT_UNICODE, "\uD800\uDC00\uDBFF".repeat(10_000)));
        List<FuzzRequest> requests = new ArrayList<>();
        for (Landmark landmark : landmarks) {
            requests.add(new FuzzRequest(
                    firstIndex + requests.size(),
                    landmark.mutation(),
                    landmark.script(),
                    body(landmark.script(), true)));
        }
        // Over the 1 MiB limit: answered 413 before anything reads the SQL.
        byte[] oversized = body("SELECT '" + "y".repeat(1024 * 1024) + "'", false);
        requests.add(new FuzzRequest(firstIndex + requests.size(), Mutation.DAMAGED_JSON, null, oversized));
        return requests;
    }

    private record Landmark(Mutation mutation, String script) {}

    /**
     * The script's first statements, one to all, fewer more often: still valid, as each statement needs only the ones
     * before it, and short on average, since every statement costs a scratch-session step whatever its mutation.
     */
    private static String leadingStatements(String script, SplittableRandom random) {
        List<ScriptStatement> statements = SqlScript.split(script);
        ScriptStatement last =
                statements.get(Math.min(random.nextInt(statements.size()), random.nextInt(statements.size())));
        return script.substring(0, last.offset() + last.sql().length()) + ";\n";
    }

    private Mutation pick(SplittableRandom random) {
        int ticket = random.nextInt(totalWeight);
        for (Mutation mutation : Mutation.values()) {
            ticket -= mutation.weight;
            if (ticket < 0) {
                return mutation;
            }
        }
        throw new IllegalStateException("weights add up to " + totalWeight);
    }

    private static String mutate(Mutation mutation, String script, SplittableRandom random) {
        List<String> tokens = tokens(script);
        return switch (mutation) {
            case TRUNCATE_AT_CHARACTER -> script.substring(0, random.nextInt(script.length()));
            case TRUNCATE_AT_TOKEN -> String.join("", tokens.subList(0, random.nextInt(tokens.size())));
            case DELETE_TOKEN -> edit(tokens, random, (list, at) -> list.remove(at));
            case REPEAT_TOKEN ->
                edit(tokens, random, (list, at) -> list.add(at, list.get(at).repeat(1 + random.nextInt(3))));
            case SWAP_TOKENS ->
                edit(tokens, random, (list, at) -> {
                    int other = random.nextInt(list.size());
                    String swapped = list.get(at);
                    list.set(at, list.get(other));
                    list.set(other, swapped);
                });
            case REPLACE_TOKEN ->
                edit(tokens, random, (list, at) -> list.set(at, KEYWORDS.get(random.nextInt(KEYWORDS.size()))));
            case INSERT_UNICODE -> insertOddText(script, random);
            case UNTERMINATED -> {
                String opener = List.of("'", "\"", "`", "/*", "(", "X'", "EXECUTE STATEMENT SET BEGIN ")
                        .get(random.nextInt(7));
                int at = random.nextInt(script.length());
                yield script.substring(0, at) + opener + script.substring(at);
            }
            case DEEP_NESTING -> {
                String expression = DEEP_SHAPES
                        .get(random.nextInt(DEEP_SHAPES.size()))
                        .apply(DEPTHS[random.nextInt(DEPTHS.length)]);
                yield script + "\nSELECT " + expression + " AS deep;";
            }
            case MANY_STATEMENTS ->
                ";".repeat(1 + random.nextInt(5_000))
                        + script.repeat(1 + random.nextInt(3))
                        + "\n;".repeat(random.nextInt(5_000));
            case LONG_IDENTIFIER -> replaceWord(script, random, "id_" + "q".repeat(100 * 1024));
            case HUGE_LITERAL ->
                replaceWord(
                        script,
                        random,
                        random.nextBoolean() ? "1" + "0".repeat(200_000) : "'" + "s".repeat(300_000) + "'");
            case DAMAGED_JSON -> throw new IllegalArgumentException("not a change to the script");
        };
    }

    private interface TokenEdit {
        void apply(List<String> tokens, int at);
    }

    /** Applies an edit at one to three random tokens that are not white space. */
    private static String edit(List<String> tokens, SplittableRandom random, TokenEdit edit) {
        List<String> edited = new ArrayList<>(tokens);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && !edited.isEmpty(); i++) {
            int at = random.nextInt(edited.size());
            if (!edited.get(at).isBlank()) {
                edit.apply(edited, at);
            }
        }
        return String.join("", edited);
    }

    private static String insertOddText(String script, SplittableRandom random) {
        StringBuilder text = new StringBuilder(script);
        int insertions = 1 + random.nextInt(5);
        for (int i = 0; i < insertions; i++) {
            String odd = random.nextInt(4) == 0
                    ? new String(Character.toChars(random.nextInt(Character.MAX_CODE_POINT + 1)))
                    : ODD_TEXT.get(random.nextInt(ODD_TEXT.size()));
            text.insert(random.nextInt(text.length() + 1), odd);
        }
        return text.toString();
    }

    private static String replaceWord(String script, SplittableRandom random, String replacement) {
        Matcher words = Pattern.compile("\\b[a-z_]+\\b").matcher(script);
        List<int[]> spans = new ArrayList<>();
        while (words.find()) {
            spans.add(new int[] {words.start(), words.end()});
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return script.substring(0, span[0]) + replacement + script.substring(span[1]);
    }

    private static List<String> tokens(String script) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(script);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    /** Well-formed JSON around damaged requests: cut, mistyped, misnamed, not UTF-8, control characters, ... */
    private static byte[] damagedJson(String script, SplittableRandom random) {
        String good = new String(body(script, false), StandardCharsets.UTF_8);
        String damaged = switch (random.nextInt(12)) {
            case 0 -> good.substring(0, random.nextInt(good.length()));
            case 1 -> good.replace("\"sql\"", "\"query\"");
            case 2 ->
                "{\"sql\": "
                        + List.of("42", "true", "null", "[\"SELECT 1\"]", "{\"text\": \"SELECT 1\"}", "1e999")
                                .get(random.nextInt(6))
                        + "}";
            case 3 -> "[" + good + "]";
            case 4 -> "{\"sql\": \"" + script + "\"}";
            case 5 -> good + List.of("}", ",", " x", "{}", "\u0000").get(random.nextInt(5));
            case 6 ->
                good.replaceFirst(
                        "}$",
                        ", \"sessionId\": \""
                                + List.of(
                                                "not-a-uuid",
                                                UUID.nameUUIDFromBytes(script.getBytes(StandardCharsets.UTF_8))
                                                        .toString(),
                                                "",
                                                "../../etc")
                                        .get(random.nextInt(4))
                                + "\"}");
            case 7 ->
                List.of("", " ", "null", "\"SELECT 1\"", "{}", "{\"sql\": \"\"}", "{\"sql\": \"  -- only a comment\"}")
                        .get(random.nextInt(7));
            case 8 ->
                "{\"sql\": \""
                        + script.replace("\n", "\\n").replace("\"", "\\\"").replace("\t", "\\t") + "\\u12\"}";
            case 9 -> good.replaceFirst("\\{", "{\"sql\": \"SELECT 1\", ");
            case 10 -> "{\"sql\": \"SELECT \u0000\u0001\u001f\"}";
            default -> null;
        };
        if (damaged != null) {
            return damaged.getBytes(StandardCharsets.UTF_8);
        }
        // Bytes that are not UTF-8 in the middle of the SQL: a lone continuation byte, an overlong form, 0xFF.
        byte[] bytes = good.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 9 + random.nextInt(Math.max(1, bytes.length - 11));
        out.write(bytes, 0, at);
        byte[] invalid = List.of(
                        new byte[] {(byte) 0x80},
                        new byte[] {(byte) 0xC0, (byte) 0xAF},
                        new byte[] {(byte) 0xFF, (byte) 0xFE},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})
                .get(random.nextInt(4));
        out.write(invalid, 0, invalid.length);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    /** A well-formed request; escaped, every character outside ASCII is a {@code \\uXXXX}, lone surrogates too. */
    static byte[] body(String script, boolean escapeNonAscii) {
        ObjectMapper mapper = escapeNonAscii ? ESCAPING : PLAIN;
        ObjectNode request = mapper.createObjectNode().put("sql", script);
        try {
            // Through a String: a byte-writing generator refuses lone surrogates, which are part of the test.
            return mapper.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
