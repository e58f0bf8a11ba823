package dev.sluice.tests.eventtime;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs an event-time case through the PostgreSQL listener with pgjdbc: the case's settings as Flink's quoted
 * {@code SET}s, its DDL, then its query with each row's kind asked for ({@code SET sluice.row_kind = on}), read to the
 * end of the bounded input. The rows must be exactly the expected ones, as through the Sluice API and the Flink JDBC
 * driver.
 */
public final class EventTimeCaseOverPg {

    private EventTimeCaseOverPg() {}

    /** Runs the case on a connection of its own and fails unless the query gives exactly the expected rows. */
    public static void assertExactRows(String jdbcUrl, String token, EventTimeCase eventTimeCase) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "eventtime");
        properties.setProperty("password", token);
        List<String> actual = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
                Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> setting : eventTimeCase.config().entrySet()) {
                statement.execute("SET '" + quoted(setting.getKey()) + "' = '" + quoted(setting.getValue()) + "'");
            }
            for (String setup : eventTimeCase.setupInOwnDatabase()) {
                statement.execute(setup);
            }
            statement.execute("SET sluice.row_kind = on");
            try (ResultSet rows = statement.executeQuery(eventTimeCase.query())) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    List<Object> fields = new ArrayList<>(columns - 1);
                    for (int i = 2; i <= columns; i++) {
                        fields.add(rows.getObject(i));
                    }
                    actual.add(RowText.of(rows.getString("row_kind"), fields));
                }
            }
        }
        eventTimeCase.mismatch(actual).ifPresent(report -> fail(eventTimeCase.name() + ":\n" + report));
    }

    private static String quoted(String text) {
        return text.replace("'", "''");
    }
}
