package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pgwire.BackendMessages.TransactionStatus;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.statement.FlinkErrors;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;
import dev.sluice.gateway.session.Listener;
import dev.sluice.gateway.session.SessionService;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocket;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * One client's connection, from its first byte to its last: TLS or not, startup, the password (a Sluice token), then
 * its messages in the simple and the extended query protocol, until it terminates, goes away or its session closes.
 * The connection has one session of the session service, opened when it authenticates and closed with it.
 *
 * <p>Two threads serve it: this one, which answers messages in order, and a reader, which reads the next messages
 * while a statement runs so that a client going away is noticed at once (its running query is then cancelled).
 */
final class PgConnection implements Runnable, PgSessionView, Interruptions, StatementRunner.Connection {

    private static final Logger LOG = LoggerFactory.getLogger(PgConnection.class);

    static final int SSL_REQUEST = 80877103;
    static final int GSSENC_REQUEST = 80877104;
    static final int CANCEL_REQUEST = 80877102;
    static final int PROTOCOL_3_0 = 196608;

    /** Messages read ahead while a statement runs; the reader waits when this many are queued. */
    private static final int INBOX_CAPACITY = 64;

    private final PgWireServer server;
    private final SessionService sessions;
    private final StatementPipeline pipeline;
    private final TokenAuthenticator authenticator;
    private final LocalAnswers answers;
    private final PgWireSettings settings;
    private final int processId;
    private final int secretKey;
    private final Object wakeup = new Object();
    private final BlockingQueue<Inbound> inbox = new ArrayBlockingQueue<>(INBOX_CAPACITY);
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, Prepared> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();

    private volatile Socket socket;
    private volatile boolean authenticated;
    private volatile boolean cancelRequested;
    private volatile boolean clientGone;
    private volatile String sessionEnded;
    private MessageReader reader;
    private BackendMessages messages;
    private PgValues values = new PgValues(ZoneId.of("UTC"));
    private String user = "";
    private String database = "";
    private Principal principal;
    private volatile SessionHandle session;
    private StatementRunner runner;
    private boolean inTransaction;
    private boolean skipToSync;

    /** A message the reader passes on, or news that there will be no more: the client went away or broke the protocol. */
    private record Inbound(FrontendMessage message, PgException fatal) {}

    /** A statement a client prepared (Parse): its text, its placeholders and the types it named for them. */
    private record Prepared(String sql, List<PgType> declared, int parameterCount) {}

    /** A portal (Bind): a prepared statement with values, the formats of its result, and its execution once started. */
    private static final class Portal {
        final Prepared statement;
        final BoundParameters parameters;
        final List<Integer> resultFormats;
        Execution execution;
        boolean done;

        Portal(Prepared statement, BoundParameters parameters, List<Integer> resultFormats) {
            this.statement = statement;
            this.parameters = parameters;
            this.resultFormats = resultFormats;
        }
    }

    PgConnection(
            PgWireServer server,
            Socket socket,
            SessionService sessions,
            StatementPipeline pipeline,
            TokenAuthenticator authenticator,
            LocalAnswers answers,
            PgWireSettings settings,
            int processId,
            int secretKey) {
        this.server = requireNonNull(server, "server is null");
        this.socket = requireNonNull(socket, "socket is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.answers = requireNonNull(answers, "answers is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.processId = processId;
        this.secretKey = secretKey;
    }

    int processId() {
        return processId;
    }

    /** Whether {@code key} is this connection's secret, compared in constant time like any secret. */
    boolean hasSecret(int key) {
        return MessageDigest.isEqual(
                ByteBuffer.allocate(4).putInt(key).array(),
                ByteBuffer.allocate(4).putInt(secretKey).array());
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    @Override
    public void run() {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.max(1, settings.startupTimeout().toMillis()));
            streams();
            if (!startup()) {
                return;
            }
            socket.setSoTimeout(0);
            Thread readerThread = new Thread(this::readAhead, "sluice-pg-reader-" + processId);
            readerThread.setDaemon(true);
            readerThread.start();
            serve();
        } catch (PgException e) {
            fatal(e);
        } catch (Interruptions.ClientGone | IOException e) {
            LOG.debug("Connection {} ended: {}", processId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Connection {} failed", processId, e);
            fatal(new PgException(
                    SqlState.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName()));
        } finally {
            end();
        }
    }

    private void streams() throws IOException {
        reader = new MessageReader(socket.getInputStream(), settings.maxMessageBytes());
        messages = new BackendMessages(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
    }

    /**
     * TLS negotiation, the startup packet, authentication and the session; false for a connection that only cancels.
     */
    private boolean startup() throws IOException {
        boolean tls = false;
        FrontendMessage packet;
        int code;
        while (true) {
            packet = reader.readStartupPacket();
            code = packet.readInt();
            if (code == SSL_REQUEST && !tls) {
                if (settings.tls() == null) {
                    messages.sslResponse(false);
                    continue;
                }
                messages.sslResponse(true);
                Socket plain = socket;
                SSLSocket secure = (SSLSocket) settings.tls()
                        .getSocketFactory()
                        .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
                secure.setUseClientMode(false);
                secure.startHandshake();
                socket = secure;
                streams();
                tls = true;
                continue;
            }
            if (code == GSSENC_REQUEST && !tls) {
                messages.sslResponse(false);
                continue;
            }
            if (code == CANCEL_REQUEST) {
                server.cancel(packet.readInt(), packet.readInt());
                return false;
            }
            if (code >>> 16 != 3) {
                throw new PgException(
                        SqlState.FEATURE_NOT_SUPPORTED,
                        "unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xFFFF)
                                + ": server supports 3.0 to 3.0");
            }
            break;
        }
        int minor = code & 0xFFFF;
        Map<String, String> startup = new LinkedHashMap<>();
        while (true) {
            String name = packet.readString();
            if (name.isEmpty()) {
                break;
            }
            startup.put(name, packet.readString());
        }
        List<String> protocolOptions = startup.keySet().stream()
                .filter(name -> name.startsWith("_pq_."))
                .toList();
        if (minor > 0 || !protocolOptions.isEmpty()) {
            messages.negotiateProtocolVersion(protocolOptions);
        }
        user = startup.getOrDefault("user", "");
        if (user.isEmpty()) {
            throw new PgException(
                    SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    "no PostgreSQL user name specified in startup packet",
                    "Any user name will do; the password (a Sluice token) says who you are.");
        }
        database = startup.getOrDefault("database", user);
        parameters.putAll(ClientParameters.defaults(user));
        startup.forEach((name, value) -> ClientParameters.canonicalName(name).ifPresent(canonical -> {
            try {
                parameters.put(canonical, ClientParameters.accept(canonical, value));
            } catch (PgException e) {
                if (e.state() != SqlState.CANT_CHANGE_RUNTIME_PARAM) {
                    throw e;
                }
            }
        }));
        values = new PgValues(zone());
        authenticate(tls);
        return true;
    }

    /** The password is a token, so it travels in clear: over TLS, or where the operator allows it (loopback). */
    private void authenticate(boolean tls) throws IOException {
        if (!tls && !settings.passwordWithoutTls()) {
            throw new PgException(
                    SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    "this server accepts tokens over TLS only",
                    settings.tls() == null
                            ? "The operator must configure TLS (sluice.pg.tls.key-store) or allow tokens without it."
                            : "Connect with sslmode=require (psql, libpq) or ssl=true (JDBC).");
        }
        messages.authenticationCleartextPassword();
        messages.flush();
        FrontendMessage password = reader.readMessage();
        if (password == null) {
            throw new Interruptions.ClientGone();
        }
        if (password.type() != 'p') {
            throw new PgException(
                    SqlState.PROTOCOL_VIOLATION, "expected password response, got message type " + password.type());
        }
        try {
            principal = authenticator.authenticate(password.readString());
        } catch (GatewayException e) {
            if (e.code() == ErrorCode.UNAUTHENTICATED) {
                throw new PgException(
                        SqlState.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\"");
            }
            throw e;
        }
        try {
            session = sessions.open(principal, Listener.POSTGRES, Map.of());
        } catch (GatewayException e) {
            throw new PgException(
                    e.code() == ErrorCode.TENANT_LIMIT_REACHED ? SqlState.TOO_MANY_CONNECTIONS : PgErrors.stateOf(e),
                    e.getMessage(),
                    e.hint());
        }
        runner = new StatementRunner(
                sessions, pipeline, answers, session, this, settings.fetchTimeout(), settings.maxStatementBytes());
        messages.authenticationOk();
        for (String name : ClientParameters.reported()) {
            messages.parameterStatus(name, parameters.get(name));
        }
        messages.backendKeyData(processId, secretKey);
        messages.readyForQuery(TransactionStatus.IDLE);
        messages.flush();
        authenticated = true;
        LOG.debug(
                "Connection {} authenticated as token {} of tenant '{}'",
                processId,
                principal.tokenId(),
                principal.tenant());
    }

    /** The reader: passes messages on until the client goes away or breaks the protocol. */
    private void readAhead() {
        try {
            while (true) {
                FrontendMessage message = reader.readMessage();
                if (message == null) {
                    break;
                }
                inbox.put(new Inbound(message, null));
            }
        } catch (PgException e) {
            passOn(new Inbound(null, e));
            return;
        } catch (IOException e) {
            LOG.debug("Reading from connection {} ended: {}", processId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clientGone = true;
        wake();
        passOn(new Inbound(null, null));
    }

    private void passOn(Inbound inbound) {
        try {
            inbox.put(inbound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers messages in order until the client terminates or goes away, or the session closes. */
    private void serve() throws IOException {
        while (true) {
            Inbound next;
            try {
                next = inbox.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (sessionEnded != null) {
                throw new PgException(
                        SqlState.ADMIN_SHUTDOWN,
                        "terminating connection: " + sessionEnded,
                        "Connect again; if the token was revoked, with another one.");
            }
            if (next == null) {
                continue;
            }
            if (next.fatal() != null) {
                throw next.fatal();
            }
            if (next.message() == null) {
                return;
            }
            FrontendMessage message = next.message();
            if (message.type() == 'X') {
                return;
            }
            if (skipToSync && message.type() != 'S') {
                continue;
            }
            try {
                dispatch(message);
            } catch (Interruptions.ClientGone e) {
                throw e;
            } catch (PgException e) {
                refuse(message, e);
            } catch (GatewayException e) {
                refuse(
                        message,
                        new PgException(
                                PgErrors.stateOf(e),
                                e.getMessage(),
                                "Sluice error code: " + e.code() + ".",
                                e.hint(),
                                0));
            } catch (RuntimeException e) {
                LOG.warn("A statement of connection {} failed", processId, e);
                refuse(
                        message,
                        new PgException(SqlState.INTERNAL_ERROR, "internal error: " + FlinkErrors.rootMessage(e)));
            }
        }
    }

    /**
     * An error in answering a message: a protocol violation ends the connection; else the client reads the error and,
     * in the extended protocol, everything up to its next Sync is skipped.
     */
    private void refuse(FrontendMessage message, PgException error) throws IOException {
        if (error.state() == SqlState.PROTOCOL_VIOLATION) {
            throw error;
        }
        messages.error(error, false);
        if (message.type() == 'Q') {
            ready();
        } else {
            skipToSync = true;
        }
    }

    private void dispatch(FrontendMessage message) throws IOException {
        switch (message.type()) {
            case 'Q' -> simpleQuery(message.readString());
            case 'P' -> parse(message);
            case 'B' -> bind(message);
            case 'D' -> describe(message);
            case 'E' -> execute(message);
            case 'C' -> close(message);
            case 'H' -> messages.flush();
            case 'S' -> sync();
            case 'F' -> {
                messages.error(
                        new PgException(
                                SqlState.FEATURE_NOT_SUPPORTED,
                                "function calls are not supported",
                                "Call the function in a SELECT."),
                        false);
                ready();
            }
            // Copy messages outside a COPY are ignored, as PostgreSQL does.
            case 'd', 'c', 'f' -> {}
            default ->
                throw new PgException(
                        SqlState.PROTOCOL_VIOLATION, "invalid frontend message type " + (int) message.type());
        }
    }

    // ---- the simple query protocol

    private void simpleQuery(String text) throws IOException {
        cancelRequested = false;
        closeUnnamedPortal();
        List<ScriptStatement> script = SqlScript.split(text);
        if (script.isEmpty()) {
            messages.emptyQueryResponse();
        }
        for (ScriptStatement statement : script) {
            Execution execution = null;
            try {
                execution = runner.start(statement.sql(), statement.offset(), BoundParameters.NONE);
                List<Boolean> formats = Collections.nCopies(execution.columns().size(), false);
                if (!execution.columns().isEmpty()) {
                    messages.rowDescription(execution.columns(), formats);
                }
                long rows = sendAll(execution, formats);
                complete(execution.tag(rows));
            } catch (PgException e) {
                messages.error(e, false);
                break;
            } finally {
                if (execution != null) {
                    execution.close();
                }
            }
        }
        ready();
    }

    /** Every row until the result ends, each batch flushed as it comes, so a stream's rows reach the client live. */
    private long sendAll(Execution execution, List<Boolean> formats) throws IOException {
        long sent = 0;
        while (!execution.ended()) {
            List<List<Object>> rows = execution.take(Integer.MAX_VALUE, Execution.FOREVER);
            send(rows, execution.columns(), formats);
            sent += rows.size();
            messages.flush();
        }
        return sent;
    }

    private void send(List<List<Object>> rows, List<PgColumn> columns, List<Boolean> formats) throws IOException {
        for (List<Object> row : rows) {
            List<byte[]> encoded = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                Object value = row.get(i);
                PgType type = columns.get(i).type();
                encoded.add(
                        value == null ? null : formats.get(i) ? values.binary(type, value) : values.text(type, value));
            }
            messages.dataRow(encoded);
        }
    }

    /** CommandComplete, and what a transaction statement means for the connection's portals and cursors. */
    private void complete(String tag) throws IOException {
        messages.commandComplete(tag);
        if (tag.equals("BEGIN")) {
            inTransaction = true;
        } else if (tag.equals("COMMIT") || tag.equals("ROLLBACK")) {
            inTransaction = false;
            runner.transactionEnded();
        }
    }

    private void ready() throws IOException {
        messages.readyForQuery(inTransaction ? TransactionStatus.IN_TRANSACTION : TransactionStatus.IDLE);
        messages.flush();
    }

    // ---- the extended query protocol

    private void parse(FrontendMessage message) throws IOException {
        String name = message.readString();
        String text = message.readString();
        int count = message.readCount(4);
        List<PgType> declared = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int oid = message.readInt();
            declared.add(oid == 0 ? null : PgType.byOid(oid).orElse(null));
        }
        if (!name.isEmpty() && statements.containsKey(name)) {
            throw new PgException(
                    SqlState.DUPLICATE_PREPARED_STATEMENT, "prepared statement \"" + name + "\" already exists");
        }
        List<ScriptStatement> script = SqlScript.split(text);
        if (script.size() > 1) {
            throw new PgException(
                    SqlState.SYNTAX_ERROR,
                    "cannot insert multiple commands into a prepared statement",
                    null,
                    "Send the statements one by one.",
                    script.get(1).offset() + 1);
        }
        String sql = script.isEmpty() ? "" : script.get(0).sql();
        int parameterCount = Math.max(count, Placeholders.of(sql).count());
        while (declared.size() < parameterCount) {
            declared.add(null);
        }
        statements.put(name, new Prepared(sql, declared, parameterCount));
        messages.parseComplete();
    }

    private void bind(FrontendMessage message) throws IOException {
        String portalName = message.readString();
        String statementName = message.readString();
        List<Integer> formats = formats(message);
        int count = message.readCount(4);
        List<byte[]> raw = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            raw.add(message.readBytes(message.readInt()));
        }
        List<Integer> resultFormats = formats(message);
        Prepared statement = statements.get(statementName);
        if (statement == null) {
            throw new PgException(
                    SqlState.INVALID_SQL_STATEMENT_NAME, "prepared statement \"" + statementName + "\" does not exist");
        }
        if (count != statement.parameterCount()) {
            throw new PgException(
                    SqlState.PROTOCOL_VIOLATION,
                    "bind message supplies " + count + " parameters, but prepared statement \"" + statementName
                            + "\" requires " + statement.parameterCount());
        }
        if (formats.size() > 1 && formats.size() != count) {
            throw new PgException(
                    SqlState.PROTOCOL_VIOLATION,
                    "bind message has " + formats.size() + " parameter formats but " + count + " parameters");
        }
        List<Boolean> binary = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            binary.add(format(formats, i));
        }
        if (!portalName.isEmpty() && portals.containsKey(portalName)) {
            throw new PgException(SqlState.DUPLICATE_CURSOR, "portal \"" + portalName + "\" already exists");
        }
        closePortal(portalName);
        portals.put(
                portalName,
                new Portal(statement, new BoundParameters(statement.declared(), raw, binary), resultFormats));
        messages.bindComplete();
    }

    private static List<Integer> formats(FrontendMessage message) {
        int count = message.readCount(2);
        List<Integer> formats = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int format = message.readShort();
            if (format != 0 && format != 1) {
                throw new PgException(SqlState.PROTOCOL_VIOLATION, "unsupported format code: " + format);
            }
            formats.add(format);
        }
        return formats;
    }

    /** Whether item {@code index} is binary, by PostgreSQL's rule: no codes is all text, one code is for all. */
    private static boolean format(List<Integer> formats, int index) {
        return !formats.isEmpty() && formats.get(formats.size() == 1 ? 0 : index) == 1;
    }

    private void describe(FrontendMessage message) throws IOException {
        char kind = (char) message.readBytes(1)[0];
        String name = message.readString();
        if (kind == 'S') {
            Prepared statement = statements.get(name);
            if (statement == null) {
                throw new PgException(
                        SqlState.INVALID_SQL_STATEMENT_NAME, "prepared statement \"" + name + "\" does not exist");
            }
            StatementRunner.Description description = runner.describe(statement.sql(), statement.declared());
            messages.parameterDescription(description.parameterTypes());
            describeColumns(
                    description.columns(),
                    Collections.nCopies(description.columns().size(), false));
        } else if (kind == 'P') {
            Portal portal = portal(name);
            Execution execution = started(portal);
            describeColumns(execution == null ? List.of() : execution.columns(), resultFormats(portal, execution));
        } else {
            throw new PgException(SqlState.PROTOCOL_VIOLATION, "invalid DESCRIBE message subtype " + (int) kind);
        }
    }

    private void describeColumns(List<PgColumn> columns, List<Boolean> formats) throws IOException {
        if (columns.isEmpty()) {
            messages.noData();
        } else {
            messages.rowDescription(columns, formats);
        }
    }

    private Portal portal(String name) {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw new PgException(SqlState.INVALID_CURSOR_NAME, "portal \"" + name + "\" does not exist");
        }
        return portal;
    }

    /** The portal's execution, started on first use (Describe or Execute); null for an empty statement. */
    private Execution started(Portal portal) {
        if (portal.execution == null && !portal.statement.sql().isEmpty()) {
            cancelRequested = false;
            portal.execution = runner.start(portal.statement.sql(), 0, portal.parameters);
        }
        return portal.execution;
    }

    private List<Boolean> resultFormats(Portal portal, Execution execution) {
        if (execution == null) {
            return List.of();
        }
        List<PgColumn> columns = execution.columns();
        if (portal.resultFormats.size() > 1 && portal.resultFormats.size() != columns.size()) {
            throw new PgException(
                    SqlState.PROTOCOL_VIOLATION,
                    "bind message has " + portal.resultFormats.size() + " result formats but query has "
                            + columns.size() + " columns");
        }
        List<Boolean> formats = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            boolean binary = format(portal.resultFormats, i);
            if (binary && !PgValues.hasBinary(columns.get(i).type())) {
                throw new PgException(
                        SqlState.FEATURE_NOT_SUPPORTED,
                        "no binary output function available for type "
                                + columns.get(i).type().name());
            }
            formats.add(binary);
        }
        return formats;
    }

    private void execute(FrontendMessage message) throws IOException {
        String name = message.readString();
        int maxRows = message.readInt();
        Portal portal = portal(name);
        if (portal.statement.sql().isEmpty()) {
            messages.emptyQueryResponse();
            return;
        }
        cancelRequested = false;
        try {
            Execution execution = started(portal);
            List<Boolean> formats = resultFormats(portal, execution);
            if (portal.done) {
                messages.commandComplete(execution.tag(0));
                return;
            }
            long rows;
            if (maxRows <= 0) {
                rows = sendAll(execution, formats);
            } else {
                List<List<Object>> batch = execution.take(maxRows, Execution.FOREVER);
                send(batch, execution.columns(), formats);
                rows = batch.size();
                if (!execution.ended()) {
                    messages.portalSuspended();
                    return;
                }
            }
            portal.done = true;
            execution.close();
            complete(execution.tag(rows));
        } catch (RuntimeException e) {
            closePortal(name);
            throw e;
        }
    }

    private void close(FrontendMessage message) throws IOException {
        char kind = (char) message.readBytes(1)[0];
        String name = message.readString();
        if (kind == 'S') {
            statements.remove(name);
        } else if (kind == 'P') {
            closePortal(name);
        } else {
            throw new PgException(SqlState.PROTOCOL_VIOLATION, "invalid CLOSE message subtype " + (int) kind);
        }
        messages.closeComplete();
    }

    /** Sync ends the client's implicit transaction: outside a transaction block its portals are closed, as in PostgreSQL. */
    private void sync() throws IOException {
        skipToSync = false;
        if (!inTransaction) {
            new ArrayList<>(portals.keySet()).forEach(this::closePortal);
        }
        ready();
    }

    private void closePortal(String name) {
        Portal portal = portals.remove(name);
        if (portal != null && portal.execution != null) {
            portal.execution.close();
        }
    }

    private void closeUnnamedPortal() {
        closePortal("");
    }

    // ---- what statements see of the connection

    @Override
    public PgSessionView view() {
        return this;
    }

    @Override
    public Interruptions interruptions() {
        return this;
    }

    @Override
    public ZoneId zone() {
        return ZoneId.of(parameters.getOrDefault("TimeZone", "UTC"));
    }

    @Override
    public boolean rowKinds() {
        return ClientParameters.isOn(parameters.get(ClientParameters.ROW_KIND));
    }

    @Override
    public boolean inTransaction() {
        return inTransaction;
    }

    @Override
    public void notice(String message, String detail, String hint) {
        try {
            messages.notice(message, detail, hint);
        } catch (IOException e) {
            throw new Interruptions.ClientGone();
        }
    }

    @Override
    public void warning(String message, String hint) {
        try {
            messages.warning(message, hint);
        } catch (IOException e) {
            throw new Interruptions.ClientGone();
        }
    }

    @Override
    public void check() {
        if (clientGone || sessionEnded != null) {
            throw new Interruptions.ClientGone();
        }
        if (cancelRequested) {
            cancelRequested = false;
            throw new PgException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
        }
    }

    @Override
    public void pause(long millis) {
        synchronized (wakeup) {
            if (clientGone || cancelRequested || sessionEnded != null) {
                return;
            }
            try {
                wakeup.wait(Math.max(1, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Interruptions.ClientGone();
            }
        }
    }

    private void wake() {
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
    }

    /** A CancelRequest with this connection's key: the statement running now, if any, stops with 57014. */
    void cancel() {
        cancelRequested = true;
        wake();
    }

    /**
     * Called now and then by the listener: ends the connection when its session was closed (its token revoked here, or
     * found revoked by the session service's sweep), and now and again touches the session, so that a connection that
     * is open but idle keeps it from Flink's idle timeout.
     */
    void keepAlive(boolean touch) {
        SessionHandle current = session;
        if (current == null || sessionEnded != null) {
            return;
        }
        try {
            if (!sessions.isOpen(current)) {
                throw new GatewayException(ErrorCode.NOT_FOUND, "session closed");
            }
            if (touch) {
                sessions.settings(current);
            }
        } catch (GatewayException e) {
            sessionEnded = "its session was closed (its token may have been revoked)";
            wake();
        }
    }

    /** Closes the socket, which ends both threads: for a client that never authenticated in time, or at shutdown. */
    void abort() {
        clientGone = true;
        wake();
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing connection {} failed: {}", processId, e.getMessage());
        }
    }

    private void fatal(PgException error) {
        if (error.state() != SqlState.INVALID_PASSWORD) {
            LOG.debug("Connection {} refused: {} {}", processId, error.state().code(), error.getMessage());
        }
        try {
            if (messages != null && !clientGone) {
                messages.error(error, true);
                messages.flush();
            }
        } catch (IOException e) {
            LOG.debug("Could not tell connection {} why it ends: {}", processId, e.getMessage());
        }
    }

    /** Everything the connection held goes with it: its queries are cancelled, its session closed. */
    private void end() {
        clientGone = true;
        wake();
        try {
            new ArrayList<>(portals.keySet()).forEach(this::closePortal);
            if (runner != null) {
                runner.close();
            }
        } catch (RuntimeException e) {
            LOG.debug("Closing the statements of connection {} failed: {}", processId, e.getMessage());
        }
        SessionHandle current = session;
        if (current != null) {
            try {
                sessions.close(current);
            } catch (RuntimeException e) {
                LOG.debug("Closing the session of connection {} failed: {}", processId, e.getMessage());
            }
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing connection {} failed: {}", processId, e.getMessage());
        }
        server.ended(this);
    }

    // ---- PgSessionView

    @Override
    public String user() {
        return user;
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public String tenant() {
        return principal.tenant();
    }

    @Override
    public Map<String, String> parameters() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    @Override
    public void setParameter(String name, String value) {
        String canonical = ClientParameters.canonicalName(name).orElse(name);
        String accepted = ClientParameters.accept(canonical, value);
        String before = parameters.put(canonical, accepted);
        if (canonical.equals("TimeZone")) {
            values = new PgValues(zone());
        }
        if (!accepted.equals(before) && ClientParameters.reported().contains(canonical)) {
            try {
                messages.parameterStatus(canonical, accepted);
            } catch (IOException e) {
                throw new Interruptions.ClientGone();
            }
        }
    }

    @Override
    public String currentCatalog() {
        return sessions.readCatalog(session, CatalogManager::getCurrentCatalog);
    }

    @Override
    public String currentSchema() {
        return sessions.readCatalog(session, CatalogManager::getCurrentDatabase);
    }

    @Override
    public List<PgTable> tables() {
        return sessions.readCatalog(session, PgConnection::tables);
    }

    /** Every table and view of the current catalog's databases, temporary ones included, with resolved columns. */
    private static List<PgTable> tables(CatalogManager catalogs) {
        String catalogName = catalogs.getCurrentCatalog();
        Optional<Catalog> catalog = catalogs.getCatalog(catalogName);
        if (catalog.isEmpty()) {
            return List.of();
        }
        List<PgTable> tables = new ArrayList<>();
        for (String database : catalog.get().listDatabases()) {
            for (String name : catalogs.listTables(catalogName, database)) {
                ObjectIdentifier identifier = ObjectIdentifier.of(catalogName, database, name);
                Optional<ContextResolvedTable> resolved;
                try {
                    resolved = catalogs.getTable(identifier);
                } catch (ValidationException | TableException e) {
                    // A view over a table dropped since cannot be resolved; one such view must not hide every table
                    // from a tool's listing. Querying it still says what is wrong.
                    LOG.debug("Leaving {} out of the catalog listing: {}", identifier, e.getMessage());
                    continue;
                }
                resolved.ifPresent(table -> tables.add(pgTable(database, name, table)));
            }
        }
        return tables;
    }

    private static PgTable pgTable(String database, String name, ContextResolvedTable table) {
        List<PgTable.Column> columns = new ArrayList<>();
        for (Column column : table.getResolvedSchema().getColumns()) {
            columns.add(new PgTable.Column(
                    column.getName(),
                    PgTypes.of(column.getDataType().getLogicalType()),
                    column.getDataType().getLogicalType().isNullable(),
                    column.getDataType().getLogicalType().asSummaryString()));
        }
        PgTable.Kind kind = table.getResolvedTable().getTableKind() == CatalogBaseTable.TableKind.VIEW
                ? PgTable.Kind.VIEW
                : PgTable.Kind.TABLE;
        return new PgTable(database, name, kind, columns);
    }

    @Override
    public String toString() {
        return "PostgreSQL connection " + processId;
    }
}
