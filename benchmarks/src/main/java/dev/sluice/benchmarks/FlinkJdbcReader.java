package dev.sluice.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Reads one query to its end with the Flink JDBC driver, in a JVM of its own (the driver's bundle carries Flink 2.3
 * classes that cannot share the gateway's JVM), as a notebook on the JVM would: connected first, then timed from
 * {@code executeQuery} to the first row and to the last, every value read with {@code getObject}. Prints
 * {@code rows firstRowNanos lastRowNanos}. Uses only {@code java.sql}; the driver is on its class path.
 *
 * <p>Arguments: the endpoint ({@code host:port}), the token, the query.
 */
public final class FlinkJdbcReader {

    private FlinkJdbcReader() {}

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("sluice.token", args[1]);
        try (Connection connection = DriverManager.getConnection("jdbc:flink://" + args[0], properties);
                Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            long firstRow = 0;
            long rows = 0;
            try (ResultSet result = statement.executeQuery(args[2])) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    if (rows++ == 0) {
                        firstRow = System.nanoTime();
                    }
                    for (int i = 1; i <= columns; i++) {
                        result.getObject(i);
                    }
                }
            }
            System.out.println(rows + " " + (firstRow - start) + " " + (System.nanoTime() - start));
        }
    }
}
