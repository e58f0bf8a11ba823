package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.session.SessionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The PostgreSQL protocol listener: accepts connections on the bind address and serves each on its own thread
 * ({@link PgConnection}). It holds at most {@code maxConnections} at once, authenticated or not, and closes a
 * connection that has not authenticated within the startup timeout, so neither a flood of connections nor a client
 * that never finishes its startup can take more than that. Cancel requests find their connection by its process id
 * and work only with its secret key. An open connection keeps its session from being closed as idle, and ends when
 * its session is closed (e.g. its token revoked).
 */
public final class PgWireServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgWireServer.class);

    /** How often open connections are checked for sessions that closed, and how many checks between two touches. */
    private static final long CHECK_SECONDS = 2;

    private static final long CHECKS_PER_TOUCH = 30;

    private final PgWireSettings settings;
    private final SessionService sessions;
    private final StatementPipeline pipeline;
    private final TokenAuthenticator authenticator;
    private final LocalAnswers answers;
    private final ServerSocket serverSocket;
    private final ExecutorService connectionThreads;
    private final ScheduledExecutorService timers;
    private final Thread acceptor;
    private final Map<Integer, PgConnection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicLong checks = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    private PgWireServer(
            PgWireSettings settings,
            SessionService sessions,
            StatementPipeline pipeline,
            TokenAuthenticator authenticator,
            LocalAnswers answers)
            throws IOException {
        this.settings = requireNonNull(settings, "settings is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.answers = requireNonNull(answers, "answers is null");
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()), 128);
        this.connectionThreads = Executors.newCachedThreadPool(daemon("sluice-pg-connection"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("sluice-pg-timers"));
        timers.scheduleWithFixedDelay(this::checkSessions, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
        this.acceptor = daemon("sluice-pg-accept").newThread(this::accept);
        acceptor.start();
    }

    /** Starts listening; the port is {@link #port()} (settings' port 0 picks a free one). */
    public static PgWireServer start(
            PgWireSettings settings,
            SessionService sessions,
            StatementPipeline pipeline,
            TokenAuthenticator authenticator,
            LocalAnswers answers)
            throws IOException {
        PgWireServer server = new PgWireServer(settings, sessions, pipeline, authenticator, answers);
        LOG.info(
                "PostgreSQL protocol listener on {}:{}{}",
                settings.bindAddress(),
                server.port(),
                settings.tls() == null ? " (no TLS)" : " (TLS available)");
        if (!settings.passwordWithoutTls() && settings.tls() == null) {
            LOG.warn(
                    "The PostgreSQL listener is bound to {}, which is not a loopback address, without TLS: it refuses every"
                            + " token. Configure sluice.pg.tls.key-store, or set sluice.pg.allow-password-without-tls.",
                    settings.bindAddress());
        }
        return server;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Accepting a PostgreSQL connection failed: {}", e.getMessage());
                }
                continue;
            }
            if (live.incrementAndGet() > settings.maxConnections()) {
                live.decrementAndGet();
                refuse(socket);
                continue;
            }
            PgConnection connection = new PgConnection(
                    this,
                    socket,
                    sessions,
                    pipeline,
                    authenticator,
                    answers,
                    settings,
                    newProcessId(),
                    random.nextInt());
            connections.put(connection.processId(), connection);
            timers.schedule(
                    () -> {
                        if (!connection.isAuthenticated()) {
                            LOG.debug(
                                    "Connection {} did not authenticate within {}",
                                    connection.processId(),
                                    settings.startupTimeout());
                            connection.abort();
                        }
                    },
                    settings.startupTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                connectionThreads.execute(connection);
            } catch (RuntimeException e) {
                // Shutting down.
                connection.abort();
                ended(connection);
            }
        }
    }

    /** Over the connection cap: PostgreSQL's answer, after the startup packet it has sent is read (or a moment). */
    private void refuse(Socket socket) {
        try (socket) {
            socket.setSoTimeout(100);
            drain(socket.getInputStream());
            ByteArrayOutputStream error = new ByteArrayOutputStream();
            new BackendMessages(error)
                    .error(
                            new PgException(
                                    SqlState.TOO_MANY_CONNECTIONS,
                                    "sorry, too many clients already",
                                    "The listener holds at most " + settings.maxConnections()
                                            + " connections (sluice.pg.max-connections)."),
                            true);
            socket.getOutputStream().write(error.toByteArray());
            socket.getOutputStream().flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            LOG.debug("Refusing a connection over the cap failed: {}", e.getMessage());
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[MessageReader.MAX_STARTUP_PACKET];
        try {
            in.read(buffer);
        } catch (SocketTimeoutException e) {
            // Nothing sent yet: answered anyway.
        }
    }

    private int newProcessId() {
        while (true) {
            int id = 1 + random.nextInt(Integer.MAX_VALUE - 1);
            if (!connections.containsKey(id)) {
                return id;
            }
        }
    }

    /** A CancelRequest: cancels what the connection with that process id runs, if the key is that connection's. */
    void cancel(int processId, int secretKey) {
        PgConnection connection = connections.get(processId);
        if (connection != null && connection.isAuthenticated() && connection.hasSecret(secretKey)) {
            LOG.debug("Cancel request for connection {}", processId);
            connection.cancel();
        } else {
            LOG.debug("Cancel request with an unknown process id or a wrong key ignored");
        }
    }

    void ended(PgConnection connection) {
        if (connections.remove(connection.processId(), connection)) {
            live.decrementAndGet();
        }
    }

    private void checkSessions() {
        boolean touch = checks.incrementAndGet() % CHECKS_PER_TOUCH == 0;
        for (PgConnection connection : List.copyOf(connections.values())) {
            try {
                connection.keepAlive(touch);
            } catch (RuntimeException e) {
                LOG.warn("Checking the session of connection {} failed: {}", connection.processId(), e.getMessage());
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops accepting and ends every connection: their queries are cancelled and their sessions closed. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("Closing the PostgreSQL listener's socket failed: {}", e.getMessage());
        }
        List.copyOf(connections.values()).forEach(PgConnection::abort);
        timers.shutdownNow();
        connectionThreads.shutdown();
        try {
            if (!connectionThreads.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("PostgreSQL connections still closing after 10 s");
            }
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
