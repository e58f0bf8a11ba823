package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.pgwire.SqlTokens.Kind;
import dev.sluice.gateway.pgwire.SqlTokens.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static java.util.Objects.requireNonNull;

/**
 * The {@code $1..$n} placeholders of a statement (outside literals, quoted identifiers and comments), and the
 * statement with each replaced: by {@code ?} to let Flink's validator infer their types, or by the literal of a bound
 * value to run it.
 */
public final class Placeholders {

    private final String sql;
    private final List<Token> placeholders;
    private final int count;

    private Placeholders(String sql, List<Token> placeholders) {
        this.sql = sql;
        this.placeholders = placeholders;
        int highest = 0;
        for (Token placeholder : placeholders) {
            highest = Math.max(highest, number(placeholder));
        }
        this.count = highest;
    }

    public static Placeholders of(String sql) {
        requireNonNull(sql, "sql is null");
        List<Token> placeholders = SqlTokens.of(sql).stream()
                .filter(token -> token.kind() == Kind.PARAMETER)
                .toList();
        for (Token placeholder : placeholders) {
            if (number(placeholder) < 1) {
                throw new PgException(
                        SqlState.UNDEFINED_PARAMETER,
                        "there is no parameter $" + placeholder.value(),
                        null,
                        null,
                        placeholder.start() + 1);
            }
        }
        return new Placeholders(sql, placeholders);
    }

    private static int number(Token placeholder) {
        try {
            return Integer.parseInt(placeholder.value());
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** The highest n of a {@code $n} in the statement: how many parameters it takes. */
    public int count() {
        return count;
    }

    /** The parameter number (1-based) of each placeholder, in the order they appear. */
    public List<Integer> order() {
        return placeholders.stream().map(Placeholders::number).toList();
    }

    /** The statement with placeholder {@code $n} replaced by {@code replacement.apply(n)}. */
    public EditedText replace(IntFunction<String> replacement) {
        List<EditedText.Edit> edits = new ArrayList<>();
        for (Token placeholder : placeholders) {
            edits.add(new EditedText.Edit(
                    placeholder.start(), placeholder.end(), replacement.apply(number(placeholder))));
        }
        return EditedText.of(sql, edits);
    }
}
