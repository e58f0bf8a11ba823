package dev.sluice.gateway.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Where the metadata store lives, how many connections it may hold and how long a call waits for one.
 *
 * @param jdbcUrl an H2 or PostgreSQL JDBC URL
 * @param user the database user
 * @param password the database password, possibly empty; never printed
 * @param maximumPoolSize the most connections the pool opens
 * @param connectionTimeout how long a call waits for a connection (the store away, or every connection busy) before
 *     it fails
 */
public record StoreConfig(
        String jdbcUrl, String user, String password, int maximumPoolSize, Duration connectionTimeout) {

    /** Embedded H2 serves one gateway process; a few connections are plenty. */
    static final int EMBEDDED_POOL_SIZE = 4;

    /** The pool cannot wait less (HikariCP's floor). */
    static final Duration MINIMUM_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    public StoreConfig {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(connectionTimeout, "connectionTimeout is null");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "jdbcUrl must start with jdbc:h2: or jdbc:postgresql:, got " + redact(jdbcUrl));
        }
        if (user.isBlank()) {
            throw new IllegalArgumentException("user is blank");
        }
        if (maximumPoolSize < 1) {
            throw new IllegalArgumentException("maximumPoolSize must be at least 1, got " + maximumPoolSize);
        }
        if (connectionTimeout.compareTo(MINIMUM_CONNECTION_TIMEOUT) < 0) {
            throw new IllegalArgumentException("connectionTimeout must be at least "
                    + MINIMUM_CONNECTION_TIMEOUT.toMillis() + " ms, got " + connectionTimeout);
        }
    }

    /**
     * The embedded default: an H2 file database under {@code dataDir}. Its file is read and written through H2's
     * {@code async:} file system: with the default one, a thread interrupted during a read or write (Flink interrupts
     * an operation's thread when the operation is closed or canceled, which any analyst can do) closes the file
     * channel, and H2 then closes the whole database for every caller; {@code async:} waits such an operation out and
     * keeps the thread's interrupt. {@code WRITE_DELAY=0} makes every commit reach the file before it returns (H2's
     * default delay of 500 ms loses committed rows when the process is killed); {@code AUTO_SERVER=FALSE} and H2's
     * file lock keep a second process out; {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to
     * {@link MetadataStore#close()} so that shutdown hooks can still write.
     */
    public static StoreConfig embedded(Path dataDir, Duration connectionTimeout) {
        requireNonNull(dataDir, "dataDir is null");
        String directory = dataDir.toAbsolutePath().normalize().toString();
        if (directory.contains(";")) {
            // H2 would read the rest of the path as URL settings.
            throw new IllegalArgumentException("dataDir must not contain ';': " + directory);
        }
        String url = "jdbc:h2:async:" + directory + "/metadata;AUTO_SERVER=FALSE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        return new StoreConfig(url, "sluice", "", EMBEDDED_POOL_SIZE, connectionTimeout);
    }

    /** Leaves the password out, also when the URL carries one. */
    @Override
    public String toString() {
        return "StoreConfig[jdbcUrl=" + redact(jdbcUrl) + ", user=" + user + ", maximumPoolSize=" + maximumPoolSize
                + ", connectionTimeout=" + connectionTimeout + "]";
    }

    private static String redact(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1***");
    }
}
