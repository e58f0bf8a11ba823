package dev.sluice.gateway.pgwire.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The statements a real client sent to a real PostgreSQL, as captured under {@code pgwire/clients/} (see its README). */
record CapturedStatements(String client, List<Statement> statements) {

    /** A statement as the listener hands it on (without its closing ;), with the values bound to its $n parameters. */
    record Statement(String sql, List<Object> parameters) {}

    static final List<String> CLIENTS = List.of("psql", "pgjdbc", "psycopg2", "pandas", "sqlalchemy");

    private static final Pattern START = Pattern.compile("^-- (?:statement|execute [^\\n]*)$", Pattern.MULTILINE);
    private static final Pattern PARAMETER = Pattern.compile("\\$\\d+ = (?:'((?:[^']|'')*)'|NULL)");

    static CapturedStatements of(String client) {
        String text;
        try (InputStream in = CapturedStatements.class.getResourceAsStream("/pgwire/clients/" + client + ".sql")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Statement> statements = new ArrayList<>();
        String[] parts = START.split(text);
        for (int i = 1; i < parts.length; i++) {
            List<Object> parameters = new ArrayList<>();
            StringBuilder sql = new StringBuilder();
            for (String line : parts[i].split("\n", -1)) {
                if (line.startsWith("-- parameters: ")) {
                    Matcher matcher = PARAMETER.matcher(line);
                    while (matcher.find()) {
                        parameters.add(
                                matcher.group(1) == null
                                        ? null
                                        : matcher.group(1).replace("''", "'"));
                    }
                } else {
                    sql.append(line).append('\n');
                }
            }
            String statement = sql.toString().strip();
            statements.add(new Statement(
                    statement.endsWith(";") ? statement.substring(0, statement.length() - 1) : statement, parameters));
        }
        return new CapturedStatements(client, statements);
    }
}
