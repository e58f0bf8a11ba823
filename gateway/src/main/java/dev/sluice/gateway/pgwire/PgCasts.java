package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.pgwire.SqlTokens.Kind;
import dev.sluice.gateway.pgwire.SqlTokens.Token;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * PostgreSQL's cast syntax {@code x::type}, which Flink does not parse, written as Flink's {@code CAST(x AS type)}.
 * Clients write it themselves: psycopg2 sends a Python date as {@code '2024-01-01'::date}, a datetime as
 * {@code '...'::timestamp}, bytes as {@code '\x..'::bytea}; pgjdbc's simple mode and SQLAlchemy do likewise. A string
 * literal cast to a type becomes that type's literal, read as PostgreSQL reads input of the type; any other operand (a
 * number, a {@code $n}, a column, a parenthesised expression or function call) is wrapped in a CAST. Casts to types
 * Flink has no counterpart for (intervals, arrays, PostgreSQL's catalog types) are left for Flink to refuse.
 */
final class PgCasts {

    private PgCasts() {}

    /** A PostgreSQL type a cast names: the PostgreSQL type (to read a literal) and the Flink type it becomes. */
    private record Target(PgType pgType, LogicalType flinkType, int endToken, boolean ownPrecision) {
        Target(PgType pgType, LogicalType flinkType, int endToken) {
            this(pgType, flinkType, endToken, false);
        }
    }

    static EditedText rewrite(String sql, ZoneId zone) {
        List<Token> tokens = SqlTokens.of(sql);
        List<EditedText.Edit> edits = new ArrayList<>();
        int editedUpTo = -1;
        for (int i = 1; i < tokens.size(); i++) {
            if (!tokens.get(i).isSymbol("::")) {
                continue;
            }
            Optional<Target> target = target(tokens, i + 1);
            if (target.isEmpty()) {
                continue;
            }
            int operandStart = operandStart(tokens, i - 1);
            if (operandStart < 0 || tokens.get(operandStart).start() < editedUpTo) {
                continue;
            }
            Token operand = tokens.get(i - 1);
            int typeEnd = tokens.get(target.get().endToken() - 1).end();
            if (operandStart == i - 1 && operand.kind() == Kind.STRING) {
                edits.add(new EditedText.Edit(operand.start(), typeEnd, literal(operand, target.get(), zone)));
            } else {
                LogicalType type = target.get().flinkType();
                edits.add(new EditedText.Edit(
                        tokens.get(operandStart).start(),
                        tokens.get(operandStart).start(),
                        "CAST("));
                edits.add(new EditedText.Edit(
                        tokens.get(i).start(), typeEnd, " AS " + FlinkLiterals.typeName(type) + ")"));
            }
            editedUpTo = typeEnd;
            i = target.get().endToken() - 1;
        }
        return edits.isEmpty() ? EditedText.unchanged(sql) : EditedText.of(sql, edits);
    }

    /** A string literal as the literal of the cast's type; what is no value of the type is refused where it is. */
    private static String literal(Token operand, Target target, ZoneId zone) {
        Object value;
        try {
            value = ParameterValues.fromText(target.pgType(), operand.value(), zone);
        } catch (PgException e) {
            throw e.at(operand.start() + 1);
        }
        LogicalType type = target.ownPrecision() && value instanceof BigDecimal decimal
                ? FlinkLiterals.decimalTypeOf(decimal)
                : target.flinkType();
        return FlinkLiterals.of(value, type);
    }

    /** The first token of the operand that ends at {@code last}, or -1 when it is not one this rewrites. */
    private static int operandStart(List<Token> tokens, int last) {
        Token token = tokens.get(last);
        if (token.kind() == Kind.STRING || token.kind() == Kind.NUMBER || token.kind() == Kind.PARAMETER) {
            return last;
        }
        if (token.kind() == Kind.WORD || token.kind() == Kind.QUOTED_IDENTIFIER) {
            int start = last;
            while (start >= 2
                    && tokens.get(start - 1).isSymbol(".")
                    && (tokens.get(start - 2).kind() == Kind.WORD
                            || tokens.get(start - 2).kind() == Kind.QUOTED_IDENTIFIER)) {
                start -= 2;
            }
            return start;
        }
        if (token.isSymbol(")")) {
            int depth = 0;
            for (int i = last; i >= 0; i--) {
                if (tokens.get(i).isSymbol(")")) {
                    depth++;
                } else if (tokens.get(i).isSymbol("(") && --depth == 0) {
                    // A function call's name (maybe qualified) belongs to the operand.
                    return i > 0 && tokens.get(i - 1).kind() == Kind.WORD ? operandStart(tokens, i - 1) : i;
                }
            }
        }
        return -1;
    }

    /** The type named from token {@code at} on, if Flink has a counterpart: {@code int4}, {@code numeric(10,2)}, ... */
    private static Optional<Target> target(List<Token> tokens, int at) {
        int i = at;
        if (i + 1 < tokens.size()
                && tokens.get(i).isWord("pg_catalog")
                && tokens.get(i + 1).isSymbol(".")) {
            i += 2;
        }
        if (i >= tokens.size() || tokens.get(i).kind() != Kind.WORD) {
            return Optional.empty();
        }
        String name = tokens.get(i++).value().toLowerCase(Locale.ROOT);
        if ((name.equals("double") && isWord(tokens, i, "precision"))
                || (name.equals("character") && isWord(tokens, i, "varying"))) {
            name = name + " " + tokens.get(i++).value().toLowerCase(Locale.ROOT);
        }
        List<Integer> modifiers = new ArrayList<>();
        if (i < tokens.size() && tokens.get(i).isSymbol("(")) {
            i++;
            while (i < tokens.size() && tokens.get(i).kind() == Kind.NUMBER) {
                modifiers.add(Integer.parseInt(tokens.get(i++).value()));
                if (i < tokens.size() && tokens.get(i).isSymbol(",")) {
                    i++;
                }
            }
            if (i >= tokens.size() || !tokens.get(i).isSymbol(")") || modifiers.isEmpty()) {
                return Optional.empty();
            }
            i++;
        }
        boolean withTimeZone = false;
        if ((name.equals("timestamp") || name.equals("time"))
                && (isWord(tokens, i, "with") || isWord(tokens, i, "without"))) {
            if (!isWord(tokens, i + 1, "time") || !isWord(tokens, i + 2, "zone")) {
                return Optional.empty();
            }
            withTimeZone = tokens.get(i).isWord("with");
            i += 3;
        }
        if (i < tokens.size() && tokens.get(i).isSymbol("[")) {
            return Optional.empty();
        }
        int end = i;
        Integer first = modifiers.isEmpty() ? null : modifiers.get(0);
        return Optional.ofNullable(
                switch (name) {
                    case "smallint", "int2" -> new Target(PgType.INT2, new SmallIntType(), end);
                    case "integer", "int", "int4" -> new Target(PgType.INT4, new IntType(), end);
                    case "bigint", "int8" -> new Target(PgType.INT8, new BigIntType(), end);
                    case "real", "float4" -> new Target(PgType.FLOAT4, new FloatType(), end);
                    case "double precision", "float8", "float" -> new Target(PgType.FLOAT8, new DoubleType(), end);
                    case "numeric", "decimal" ->
                        first == null
                                ? new Target(PgType.NUMERIC, new DecimalType(DecimalType.MAX_PRECISION, 18), end, true)
                                : new Target(
                                        PgType.NUMERIC,
                                        new DecimalType(first, modifiers.size() > 1 ? modifiers.get(1) : 0),
                                        end);
                    case "text", "json", "jsonb" ->
                        new Target(PgType.TEXT, new VarCharType(VarCharType.MAX_LENGTH), end);
                    case "varchar", "character varying" ->
                        new Target(
                                PgType.VARCHAR,
                                first == null ? new VarCharType(VarCharType.MAX_LENGTH) : new VarCharType(first),
                                end);
                    case "char", "character", "bpchar" ->
                        new Target(PgType.BPCHAR, new CharType(first == null ? 1 : first), end);
                    case "boolean", "bool" -> new Target(PgType.BOOL, new BooleanType(), end);
                    case "bytea" -> new Target(PgType.BYTEA, new VarBinaryType(VarBinaryType.MAX_LENGTH), end);
                    case "date" -> new Target(PgType.DATE, new DateType(), end);
                    case "time" ->
                        withTimeZone
                                ? null
                                : new Target(PgType.TIME, new TimeType(Math.min(first == null ? 3 : first, 3)), end);
                    case "timestamp" ->
                        withTimeZone
                                ? new Target(
                                        PgType.TIMESTAMPTZ, new LocalZonedTimestampType(first == null ? 6 : first), end)
                                : new Target(PgType.TIMESTAMP, new TimestampType(first == null ? 6 : first), end);
                    case "timestamptz" ->
                        new Target(PgType.TIMESTAMPTZ, new LocalZonedTimestampType(first == null ? 6 : first), end);
                    default -> null;
                });
    }

    private static boolean isWord(List<Token> tokens, int index, String word) {
        return index < tokens.size() && tokens.get(index).isWord(word);
    }
}
