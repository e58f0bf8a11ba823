package dev.sluice.gateway.pgwire.catalog;

import dev.sluice.gateway.pgwire.PgColumn;
import dev.sluice.gateway.pgwire.PgResult;
import dev.sluice.gateway.pgwire.PgType;
import dev.sluice.gateway.pgwire.SqlTokens.Token;
import dev.sluice.gateway.pgwire.catalog.CatalogSnapshot.Source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One catalog query a client sends, as a template file: a header saying where its rows come from and what columns it
 * answers, then the client's statement with holes ({@link Shape}). For example:
 *
 * <pre>
 * -- from: relations
 * -- columns: Schema name = nspname | Name name = relname
 * -- order: nspname, relname
 * SELECT n.nspname as "Schema", c.relname as "Name" FROM ... WHERE c.relkind IN (??relkind_in) ...
 * </pre>
 *
 * <p>A column is {@code label type [= value]}: the label as PostgreSQL names the column, its pg_type name, and the
 * row field it shows (the label, lower-cased, when absent) or a constant ({@code null}, {@code true},
 * {@code false}, a number, {@code 'text'}). The rows of the source are kept when they agree with every capture
 * ({@link RowFilter}).
 */
record CatalogQuery(String name, Source source, List<Column> columns, List<String> order, Shape shape) {

    private static final Pattern HEADER = Pattern.compile("^--\\s*(from|columns|order):\\s*(.*)$", Pattern.MULTILINE);
    private static final Pattern COLUMN = Pattern.compile("^(.+?)\\s+(\\w+)(?:\\s*=\\s*(.+))?$");

    CatalogQuery {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        columns = List.copyOf(columns);
        order = List.copyOf(order);
        requireNonNull(shape, "shape is null");
    }

    /** A result column and where its values come from. */
    record Column(PgColumn column, Function<Map<String, Object>, Object> value) {}

    static CatalogQuery load(String resource) {
        try (InputStream in = CatalogQuery.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no catalog query " + resource);
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CatalogQuery parse(String name, String text) {
        Source source = null;
        List<Column> columns = List.of();
        List<String> order = List.of();
        Matcher header = HEADER.matcher(text);
        while (header.find()) {
            String value = header.group(2).trim();
            switch (header.group(1)) {
                case "from" -> source = Source.valueOf(value.toUpperCase(Locale.ROOT));
                case "columns" ->
                    columns = Arrays.stream(value.split("\\|"))
                            .map(String::trim)
                            .map(CatalogQuery::column)
                            .toList();
                default ->
                    order = Arrays.stream(value.split(",")).map(String::trim).toList();
            }
        }
        if (source == null || columns.isEmpty()) {
            throw new IllegalArgumentException(name + ": a catalog query needs '-- from:' and '-- columns:'");
        }
        // The header lines are SQL comments, which the shape's tokens leave out.
        return new CatalogQuery(name, source, columns, order, Shape.of(text));
    }

    private static Column column(String text) {
        Matcher matcher = COLUMN.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("bad column '" + text + "'; expected: label type [= value]");
        }
        String label = matcher.group(1);
        PgType type = CatalogTypes.BY_NAME.get(matcher.group(2));
        if (type == null) {
            throw new IllegalArgumentException("unknown type in column '" + text + "'");
        }
        String value = matcher.group(3) == null
                ? label.toLowerCase(Locale.ROOT)
                : matcher.group(3).trim();
        return new Column(new PgColumn(label, type), valueOf(value));
    }

    private static Function<Map<String, Object>, Object> valueOf(String value) {
        if (value.equals("null")) {
            return row -> null;
        }
        if (value.equals("true") || value.equals("false")) {
            Boolean constant = Boolean.valueOf(value);
            return row -> constant;
        }
        if (value.matches("-?\\d+")) {
            Long constant = Long.valueOf(value);
            return row -> constant;
        }
        if (value.startsWith("'") && value.endsWith("'") && value.length() >= 2) {
            String constant = value.substring(1, value.length() - 1);
            return row -> constant;
        }
        return row -> row.get(value);
    }

    /** What the statement held in this query's holes, if it has this query's shape; the catalog is not read. */
    Optional<ShapeMatch> match(List<Token> statement, List<?> parameters) {
        return shape.match(statement, parameters);
    }

    PgResult result(ShapeMatch match, CatalogSnapshot snapshot) {
        RowFilter filter = new RowFilter(match, snapshot::currentSchema);
        List<Map<String, Object>> rows = new ArrayList<>(
                snapshot.rows(source).stream().filter(filter::keeps).toList());
        if (!order.isEmpty()) {
            rows.sort(order.stream()
                    .map(field ->
                            Comparator.comparing((Map<String, Object> row) -> Objects.toString(row.get(field), "")))
                    .reduce(Comparator::thenComparing)
                    .orElseThrow());
        }
        List<List<Object>> values = rows.stream()
                .map(row -> columns.stream()
                        .map(column -> column.value().apply(row))
                        .toList())
                .toList();
        return PgResult.rows(columns.stream().map(Column::column).toList(), values);
    }
}
