package dev.sluice.tests.eventtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One event-time case, loaded from its folder by {@link EventTimeCases}: run the setup statements and the query
 * in a session with the config, and the query must produce exactly the expected rows.
 *
 * @param name the folder's name
 * @param config session settings, in the order to apply them: the settings every case shares, then the case's own
 * @param setupStatements the CREATE TABLE statements, with {@code ${dir}} already replaced by the folder's path
 * @param query the one SELECT statement
 * @param expectedRows rows in {@link RowText}'s form
 * @param ordered whether the rows must come in the expected order; if not, they compare as a multiset
 */
public record EventTimeCase(
        String name,
        Map<String, String> config,
        List<String> setupStatements,
        String query,
        List<String> expectedRows,
        boolean ordered) {

    public EventTimeCase {
        requireNonNull(name, "name is null");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(config, "config is null")));
        setupStatements = List.copyOf(setupStatements);
        requireNonNull(query, "query is null");
        expectedRows = List.copyOf(expectedRows);
    }

    /**
     * The setup for a shared, persistent catalog such as Sluice's: the case's tables go into a database of its own,
     * so cases that name their tables alike do not collide.
     */
    public List<String> setupInOwnDatabase() {
        String database = "`" + name.replace("`", "``") + "`";
        List<String> statements = new java.util.ArrayList<>();
        statements.add("CREATE DATABASE IF NOT EXISTS " + database);
        statements.add("USE " + database);
        statements.addAll(setupStatements);
        return statements;
    }

    /** Empty when the actual rows are the expected ones; otherwise a readable report of the difference. */
    public Optional<String> mismatch(List<String> actualRows) {
        return RowComparison.mismatch(expectedRows, actualRows, ordered);
    }
}
