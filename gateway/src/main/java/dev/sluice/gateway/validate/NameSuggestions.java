package dev.sluice.gateway.validate;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Column;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * "Did you mean ...?" for the names Flink's validator could not resolve: a column or a table or view here, a function
 * in {@link UnknownFunctions}. Candidates are the names in scope (the current database's tables, the columns of the
 * tables the statement mentions, the functions it can call), ranked by edit distance and kept only when they are
 * close.
 */
public final class NameSuggestions {

    private static final Pattern UNKNOWN_COLUMN =
            Pattern.compile("Column '([^']+)' not found in (?:any table|table '([^']+)')");
    private static final Pattern UNKNOWN_OBJECT = Pattern.compile("Object '([^']+)' not found");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_SUGGESTIONS = 3;

    private NameSuggestions() {}

    /** A hint naming the nearest known names, when the message is about an unknown one and some are close. */
    static Optional<String> forMessage(String message, String statement, TableEnvironment tableEnv) {
        Matcher column = UNKNOWN_COLUMN.matcher(message);
        if (column.find()) {
            List<String> tables =
                    column.group(2) != null ? List.of(column.group(2)) : mentionedTables(statement, tableEnv);
            return didYouMean(column.group(1), tables.stream().flatMap(table -> columnsOf(table, tableEnv)));
        }
        Matcher object = UNKNOWN_OBJECT.matcher(message);
        if (object.find()) {
            return didYouMean(object.group(1), Arrays.stream(tableEnv.listTables()));
        }
        return Optional.empty();
    }

    /** "Did you mean `x`?" for the candidates a few edits away from {@code unknown}, or empty if none is. */
    public static Optional<String> didYouMean(String unknown, Stream<String> candidates) {
        String wanted = unknown.toLowerCase(Locale.ROOT);
        int tolerance = Math.max(1, Math.min(3, wanted.length() / 3));
        List<String> nearest = candidates
                .distinct()
                .map(candidate -> new Candidate(candidate, distance(wanted, candidate.toLowerCase(Locale.ROOT))))
                .filter(candidate ->
                        candidate.distance() <= tolerance && !candidate.name().equals(unknown))
                .sorted(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
                .limit(MAX_SUGGESTIONS)
                .map(candidate -> "`" + candidate.name() + "`")
                .toList();
        return nearest.isEmpty() ? Optional.empty() : Optional.of("Did you mean " + String.join(" or ", nearest) + "?");
    }

    private record Candidate(String name, int distance) {}

    /** The tables of the current database whose names appear as words in the statement. */
    private static List<String> mentionedTables(String statement, TableEnvironment tableEnv) {
        Set<String> words = new HashSet<>();
        WORD.matcher(statement).results().forEach(word -> words.add(word.group().toLowerCase(Locale.ROOT)));
        return Arrays.stream(tableEnv.listTables())
                .filter(table -> words.contains(table.toLowerCase(Locale.ROOT)))
                .toList();
    }

    private static Stream<String> columnsOf(String table, TableEnvironment tableEnv) {
        try {
            return tableEnv.from("`" + table.replace("`", "``") + "`").getResolvedSchema().getColumns().stream()
                    .map(Column::getName);
        } catch (RuntimeException e) {
            return Stream.empty();
        }
    }

    /** Optimal string alignment distance: edits, with a swap of two neighbours counted as one. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
