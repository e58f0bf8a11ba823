package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.config.TlsKeyStore;
import org.apache.flink.configuration.Configuration;

import javax.annotation.Nullable;
import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The listener's settings, read from the options once at start (see {@code sluice.pg.*} in SluiceOptions).
 *
 * @param tls the server's TLS context, or null when TLS is not configured (SSLRequest is answered 'N')
 * @param passwordWithoutTls whether a token may come over a connection without TLS: always on a loopback bind
 *     address, elsewhere only when the operator allows it
 * @param maxMessageBytes the largest message a client may send
 * @param maxStatementBytes the longest statement, as on the other listeners
 * @param startupTimeout how long a client has from connecting to being authenticated
 * @param fetchTimeout how long FETCH n waits for a cursor's first row
 */
public record PgWireSettings(
        String bindAddress,
        int port,
        @Nullable SSLContext tls,
        boolean passwordWithoutTls,
        int maxConnections,
        long maxMessageBytes,
        long maxStatementBytes,
        Duration startupTimeout,
        Duration fetchTimeout) {

    public PgWireSettings {
        requireNonNull(bindAddress, "bindAddress is null");
        requireNonNull(startupTimeout, "startupTimeout is null");
        requireNonNull(fetchTimeout, "fetchTimeout is null");
        if (maxConnections < 1 || maxMessageBytes < 1 || maxStatementBytes < 1) {
            throw new IllegalArgumentException("Connection and size limits must be at least 1");
        }
    }

    /**
     * The settings the options give: the port, the limits, TLS from the key store (its password read from its file),
     * and whether tokens may come without TLS (a loopback bind address, or the operator's say-so).
     *
     * @param maxStatementBytes the longest statement the other listeners accept
     */
    public static PgWireSettings fromOptions(Configuration options, long maxStatementBytes) throws IOException {
        String bindAddress = options.get(SluiceOptions.BIND_ADDRESS);
        SSLContext tls = TlsKeyStore.fromOptions(
                        options, SluiceOptions.PG_TLS_KEY_STORE, SluiceOptions.PG_TLS_KEY_STORE_PASSWORD_FILE)
                .map(TlsKeyStore::context)
                .orElse(null);
        boolean loopback = InetAddress.getByName(bindAddress).isLoopbackAddress();
        return new PgWireSettings(
                bindAddress,
                options.get(SluiceOptions.PG_PORT),
                tls,
                loopback || options.get(SluiceOptions.PG_ALLOW_PASSWORD_WITHOUT_TLS),
                options.get(SluiceOptions.PG_MAX_CONNECTIONS),
                options.get(SluiceOptions.PG_MAX_MESSAGE_SIZE).getBytes(),
                maxStatementBytes,
                options.get(SluiceOptions.PG_STARTUP_TIMEOUT),
                options.get(SluiceOptions.PG_CURSOR_FETCH_TIMEOUT));
    }
}
