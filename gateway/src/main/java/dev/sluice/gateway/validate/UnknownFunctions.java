package dev.sluice.gateway.validate;

import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import org.apache.flink.table.api.TableEnvironment;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says "unknown function" at the function's name where Calcite says something else: for {@code COUNTT(*)} it
 * reports "Unknown identifier '*'" at the star (it types the operands before it looks the name up), and for
 * {@code COUNTT(x)} "No match found for function signature" over the whole call. Both also happen when the name is
 * known but the arguments do not fit it; those are left as Calcite words them.
 */
final class UnknownFunctions {

    private static final String STAR_OPERAND = "Unknown identifier '*'";
    private static final Pattern NO_MATCH = Pattern.compile("No match found for function signature ([^(]+)\\(");
    /** A plain function name and its opening parenthesis, right before a star operand. */
    private static final Pattern CALL_BEFORE_STAR = Pattern.compile("([A-Za-z_][A-Za-z0-9_$]*)\\s*\\(\\s*$");

    private UnknownFunctions() {}

    /** The diagnostic about an unknown function at its name, when {@code diagnostic} is one in Calcite's words. */
    static Optional<Diagnostic> reword(Diagnostic diagnostic, ScriptStatement statement, TableEnvironment tableEnv) {
        if (diagnostic.position() == null) {
            return Optional.empty();
        }
        int at = statement.offsetOf(diagnostic.position());
        if (at < 0) {
            return Optional.empty();
        }
        Optional<Name> name = Optional.empty();
        if (diagnostic.message().equals(STAR_OPERAND)) {
            Matcher call = CALL_BEFORE_STAR.matcher(statement.sql().substring(0, at));
            if (call.find()) {
                name = Optional.of(new Name(call.group(1), call.start(1)));
            }
        } else {
            Matcher noMatch = NO_MATCH.matcher(diagnostic.message());
            String called = noMatch.find() ? noMatch.group(1).strip() : "";
            if (!called.isEmpty() && statement.sql().regionMatches(true, at, called, 0, called.length())) {
                name = Optional.of(new Name(called, at));
            }
        }
        return name.filter(unknown -> !isKnown(unknown.text(), tableEnv))
                .map(unknown -> new Diagnostic(
                        Diagnostic.Severity.ERROR,
                        diagnostic.code(),
                        "Unknown function '" + unknown.text() + "'.",
                        statement.rangeToScript(
                                unknown.offset(),
                                unknown.offset() + unknown.text().length()),
                        suggestion(unknown.text(), tableEnv)
                                .orElse("No built-in or catalog function has this name: check its spelling, or publish"
                                        + " the function to the catalog first.")));
    }

    private static boolean isKnown(String name, TableEnvironment tableEnv) {
        return Arrays.stream(tableEnv.listFunctions()).anyMatch(known -> known.equalsIgnoreCase(name));
    }

    /** Function names are not case-sensitive: the nearest ones are written as the caller writes names. */
    private static Optional<String> suggestion(String unknown, TableEnvironment tableEnv) {
        boolean upper = unknown.equals(unknown.toUpperCase(Locale.ROOT));
        return NameSuggestions.didYouMean(
                unknown,
                Arrays.stream(tableEnv.listFunctions()).map(known -> upper ? known.toUpperCase(Locale.ROOT) : known));
    }

    /** A function's name as written, and where it starts in its statement. */
    private record Name(String text, int offset) {}
}
