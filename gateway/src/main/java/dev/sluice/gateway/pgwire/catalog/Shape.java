package dev.sluice.gateway.pgwire.catalog;

import dev.sluice.gateway.pgwire.SqlTokens;
import dev.sluice.gateway.pgwire.SqlTokens.Kind;
import dev.sluice.gateway.pgwire.SqlTokens.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shape of a statement a client sends, with holes: a template's tokens must equal the statement's (as
 * {@link SqlTokens} splits them: layout and comments dropped, unquoted words compared in lower case, as PostgreSQL
 * folds them), except that {@code ?name} takes one literal or parameter and {@code ??name} a comma-separated list of
 * them (capturing their values), {@code [[ ... ]]} may be absent, and {@code {{ ... }}} may repeat any number of
 * times. An {@code @label} inside a group is recorded when the group matches, so an answer can tell which of a
 * client's optional clauses were there.
 *
 * <p>Literals the template writes out must equal the statement's: a shape that filters on {@code relkind = 'r'}
 * does not match a statement filtering on {@code 'v'}.
 */
final class Shape {

    private sealed interface Node permits Literal, Capture, CaptureList, OptionalGroup, RepeatedGroup, Label {}

    private record Literal(Token token) implements Node {}

    private record Capture(String name) implements Node {}

    private record CaptureList(String name) implements Node {}

    private record OptionalGroup(List<Node> nodes) implements Node {}

    private record RepeatedGroup(List<Node> nodes) implements Node {}

    private record Label(String name) implements Node {}

    private final List<Node> nodes;

    private Shape(List<Node> nodes) {
        this.nodes = nodes;
    }

    static Shape of(String template) {
        List<Token> tokens = withoutTrailingSemicolons(SqlTokens.of(template));
        int[] at = {0};
        List<Node> nodes = parse(tokens, at, null);
        if (at[0] != tokens.size()) {
            throw new IllegalArgumentException("unbalanced group in template: " + template);
        }
        return new Shape(nodes);
    }

    /** The statement's captures and labels if it has this shape; parameters are the bound values of {@code $n}. */
    Optional<ShapeMatch> match(List<Token> statement, List<?> parameters) {
        List<Token> tokens = withoutTrailingSemicolons(statement);
        ShapeMatch[] found = {null};
        boolean matched = match(nodes, 0, tokens, 0, ShapeMatch.EMPTY, parameters, (end, captures) -> {
            if (end != tokens.size()) {
                return false;
            }
            found[0] = captures;
            return true;
        });
        return matched ? Optional.of(found[0]) : Optional.empty();
    }

    private static List<Token> withoutTrailingSemicolons(List<Token> tokens) {
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).isSymbol(";")) {
            end--;
        }
        return tokens.subList(0, end);
    }

    /** The markers of a template: {@code [[ ]] {{ }}} and {@code ?name ??name @label}, written without spaces. */
    private enum Marker {
        OPTIONAL_START,
        OPTIONAL_END,
        REPEAT_START,
        REPEAT_END
    }

    private static List<Node> parse(List<Token> tokens, int[] at, Marker closing) {
        List<Node> nodes = new ArrayList<>();
        while (at[0] < tokens.size()) {
            Token token = tokens.get(at[0]);
            Marker marker = marker(tokens, at[0]);
            if (marker != null) {
                at[0] += 2;
                switch (marker) {
                    case OPTIONAL_START -> nodes.add(new OptionalGroup(parse(tokens, at, Marker.OPTIONAL_END)));
                    case REPEAT_START -> nodes.add(new RepeatedGroup(parse(tokens, at, Marker.REPEAT_END)));
                    default -> {
                        if (marker != closing) {
                            throw new IllegalArgumentException("unexpected " + marker + " in template");
                        }
                        return nodes;
                    }
                }
            } else if (token.isSymbol("?")
                    && adjacent(tokens, at[0], Kind.SYMBOL)
                    && tokens.get(at[0] + 1).isSymbol("?")
                    && adjacent(tokens, at[0] + 1, Kind.WORD)) {
                nodes.add(new CaptureList(tokens.get(at[0] + 2).name()));
                at[0] += 3;
            } else if (token.isSymbol("?") && adjacent(tokens, at[0], Kind.WORD)) {
                nodes.add(new Capture(tokens.get(at[0] + 1).name()));
                at[0] += 2;
            } else if (token.isSymbol("@") && adjacent(tokens, at[0], Kind.WORD)) {
                nodes.add(new Label(tokens.get(at[0] + 1).name()));
                at[0] += 2;
            } else {
                nodes.add(new Literal(token));
                at[0]++;
            }
        }
        if (closing != null) {
            throw new IllegalArgumentException("unclosed group in template");
        }
        return nodes;
    }

    private static Marker marker(List<Token> tokens, int at) {
        if (!adjacent(tokens, at, Kind.SYMBOL)) {
            return null;
        }
        String pair = tokens.get(at).value() + tokens.get(at + 1).value();
        return switch (pair) {
            case "[[" -> Marker.OPTIONAL_START;
            case "]]" -> Marker.OPTIONAL_END;
            case "{{" -> Marker.REPEAT_START;
            case "}}" -> Marker.REPEAT_END;
            default -> null;
        };
    }

    /** Whether the token after {@code at} is of {@code kind} and written right after it, with no space between. */
    private static boolean adjacent(List<Token> tokens, int at, Kind kind) {
        return at + 1 < tokens.size()
                && tokens.get(at + 1).kind() == kind
                && tokens.get(at + 1).start() == tokens.get(at).end();
    }

    /** What to do once a sequence of nodes has matched up to {@code end}: match the rest, or accept. */
    private interface Then {
        boolean match(int end, ShapeMatch captures);
    }

    // Continuation passing: a group that matches in more than one way is retried with the next way when what follows
    // fails, so optional and repeated groups need no lookahead. Templates are small, so the backtracking is too.
    private static boolean match(
            List<Node> nodes,
            int node,
            List<Token> tokens,
            int at,
            ShapeMatch captures,
            List<?> parameters,
            Then then) {
        if (node == nodes.size()) {
            return then.match(at, captures);
        }
        Node current = nodes.get(node);
        if (current instanceof Literal literal) {
            return at < tokens.size()
                    && same(literal.token(), tokens.get(at))
                    && match(nodes, node + 1, tokens, at + 1, captures, parameters, then);
        }
        if (current instanceof Capture capture) {
            return at < tokens.size()
                    && isLiteral(tokens.get(at))
                    && match(
                            nodes,
                            node + 1,
                            tokens,
                            at + 1,
                            captures.with(capture.name(), value(tokens.get(at), parameters)),
                            parameters,
                            then);
        }
        if (current instanceof CaptureList list) {
            if (at >= tokens.size() || !isLiteral(tokens.get(at))) {
                return false;
            }
            ShapeMatch withItems = captures.with(list.name(), value(tokens.get(at), parameters));
            int end = at + 1;
            while (end + 1 < tokens.size() && tokens.get(end).isSymbol(",") && isLiteral(tokens.get(end + 1))) {
                withItems = withItems.with(list.name(), value(tokens.get(end + 1), parameters));
                end += 2;
            }
            return match(nodes, node + 1, tokens, end, withItems, parameters, then);
        }
        if (current instanceof OptionalGroup optional) {
            return match(
                            optional.nodes(),
                            0,
                            tokens,
                            at,
                            captures,
                            parameters,
                            (end, inner) -> match(nodes, node + 1, tokens, end, inner, parameters, then))
                    || match(nodes, node + 1, tokens, at, captures, parameters, then);
        }
        if (current instanceof RepeatedGroup repeat) {
            return match(
                            repeat.nodes(),
                            0,
                            tokens,
                            at,
                            captures,
                            parameters,
                            (end, inner) -> end > at && match(nodes, node, tokens, end, inner, parameters, then))
                    || match(nodes, node + 1, tokens, at, captures, parameters, then);
        }
        Label label = (Label) current;
        return match(nodes, node + 1, tokens, at, captures.withLabel(label.name()), parameters, then);
    }

    private static boolean same(Token template, Token statement) {
        return template.kind() == statement.kind() && template.name().equals(statement.name());
    }

    private static boolean isLiteral(Token token) {
        return token.kind() == Kind.STRING || token.kind() == Kind.NUMBER || token.kind() == Kind.PARAMETER;
    }

    /** A literal's value, or the value bound to a parameter ({@code null} when unbound or NULL). */
    private static Object value(Token token, List<?> parameters) {
        if (token.kind() != Kind.PARAMETER) {
            return token.value();
        }
        // $n with more digits than any client binds parameters is no parameter of ours.
        int index = token.value().length() > 5 ? -1 : Integer.parseInt(token.value()) - 1;
        return index >= 0 && index < parameters.size() ? parameters.get(index) : null;
    }
}
