package dev.sluice.tests.jdbc;

import dev.sluice.tests.eventtime.RowText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * A notebook's view of Sluice: runs in a JVM of its own with only the unmodified Flink JDBC driver bundle (and
 * slf4j-api, which the bundle needs) on its class path, as the driver cannot share a JVM with the Flink 2.2 gateway.
 * It uses nothing but {@code java.sql}.
 *
 * <p>Input, one instruction a line: {@code SESSION name} opens a connection (a gateway session), {@code PROP base64}
 * adds a {@code key=value} connection property before it, {@code EXEC base64} executes a statement, {@code END}
 * closes the connection. Output: {@code SESSION name}, then per statement its {@code ROW ...} lines (as
 * {@link RowText}), {@code UPDATE n}, or {@code ERROR message}, then {@code DONE name}.
 */
public final class JdbcScriptRunner {

    private JdbcScriptRunner() {}

    public static void main(String[] args) throws IOException, SQLException {
        String url = args[0];
        List<String> instructions = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        Properties properties = new Properties();
        Connection connection = null;
        String session = null;
        boolean refused = false;
        long maxRows = Long.MAX_VALUE;
        for (String line : instructions) {
            String[] parts = line.split(" ", 2);
            switch (parts[0]) {
                case "SESSION" -> {
                    session = parts[1];
                    properties = new Properties();
                    refused = false;
                    maxRows = Long.MAX_VALUE;
                    System.out.println("SESSION " + session);
                }
                case "ROWS" -> maxRows = Long.parseLong(parts[1]);
                case "PROP" -> {
                    String[] keyValue = decode(parts[1]).split("=", 2);
                    properties.setProperty(keyValue[0], keyValue[1]);
                }
                case "EXEC" -> {
                    if (refused) {
                        continue;
                    }
                    if (connection == null) {
                        try {
                            connection = DriverManager.getConnection(url, properties);
                        } catch (Exception e) {
                            // The session could not open (a missing token, say): the rest of it cannot run.
                            printError(e);
                            refused = true;
                            continue;
                        }
                    }
                    execute(connection, decode(parts[1]), maxRows);
                }
                case "END" -> {
                    if (connection != null) {
                        connection.close();
                        connection = null;
                    }
                    System.out.println("DONE " + session);
                }
                default -> throw new IllegalArgumentException("Unknown instruction: " + line);
            }
        }
        System.out.flush();
    }

    private static void execute(Connection connection, String sql, long maxRows) {
        try (Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                try (ResultSet rows = statement.getResultSet()) {
                    int columns = rows.getMetaData().getColumnCount();
                    long read = 0;
                    while (read++ < maxRows && rows.next()) {
                        List<Object> fields = new ArrayList<>(columns);
                        for (int i = 1; i <= columns; i++) {
                            fields.add(rows.getObject(i));
                        }
                        // The driver hands out insert-only results, so every row is an insert.
                        System.out.println("ROW " + RowText.of("+I", fields));
                    }
                }
            } else {
                System.out.println("UPDATE " + statement.getUpdateCount());
            }
        } catch (Exception e) {
            printError(e);
        }
    }

    /** The 2.3.0 driver throws server-side rejections unchecked, with the server's message in a cause. */
    private static void printError(Exception e) {
        StringBuilder message = new StringBuilder(e.getClass().getSimpleName());
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            message.append(" / ").append(String.valueOf(cause.getMessage()).replace('\n', ' '));
        }
        System.out.println("ERROR " + message);
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
