package dev.sluice.gateway.api;

import dev.sluice.gateway.api.model.ErrorResponse;
import dev.sluice.gateway.audit.AuditLog;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.error.StoreFailures;
import dev.sluice.gateway.metrics.RequestMetrics;
import dev.sluice.gateway.metrics.ScrapeToken;
import dev.sluice.gateway.store.StoreException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

/**
 * The Sluice API under {@code /api/v1}, and the health probes under {@code /healthz}: the whole route table is
 * {@link #routes()}, made of the {@link RouteGroup}s the wiring gives it; every error leaves through {@link #render}, and
 * the OpenAPI document describing these routes is served at {@code /api/v1/openapi.json}.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** Who may call a route. */
    public enum Access {
        /** Anyone: the API's description and the health probes only. */
        PUBLIC,
        /** Any caller with a valid token. */
        AUTHENTICATED,
        /** A caller whose token has the admin role. */
        ADMIN,
        /** An admin, or a Prometheus server holding the scrape token (which opens these routes and no other). */
        ADMIN_OR_SCRAPER
    }

    /**
     * One row of the route table. A route that changes something (any method but GET) names its action in the audit
     * log; a GET has none.
     */
    public record Route(
            HandlerType method,
            String path,
            Access access,
            @Nullable String action,
            Handler handler) {
        public Route {
            requireNonNull(method, "method is null");
            requireNonNull(path, "path is null");
            requireNonNull(access, "access is null");
            requireNonNull(handler, "handler is null");
            if ((method == HandlerType.GET) != (action == null)) {
                throw new IllegalArgumentException(
                        method + " " + path + ": every call but a GET names its audit action");
            }
            if (access == Access.ADMIN_OR_SCRAPER && method != HandlerType.GET) {
                throw new IllegalArgumentException(method + " " + path + ": the scrape token opens reads only");
            }
        }
    }

    private static final String CALLER = "sluice.caller";
    private static final String AUDIT_TARGET = "sluice.audit-target";
    private static final String AUDIT_APPROVAL = "sluice.audit-approval";
    private static final String ROUTE = "sluice.route";

    private final Json json = new Json();
    private final List<Route> routes;
    private final Javalin app;

    @Nullable
    private final SSLContext tls;

    /**
     * @param authenticator who a token belongs to, for every route that is not {@link Access#PUBLIC}
     * @param audit where every call that changes something is recorded, refusals included
     * @param groups the rows of the route table, served in this order after the API's description and {@code whoami}
     * @param maxBodyBytes the largest request body taken
     * @param consoleDir the built web console, served at {@code /} when it is there
     * @param scrapeToken the token that opens {@link Access#ADMIN_OR_SCRAPER} routes besides admins' tokens
     * @param requests where every request is counted and timed, by route template and status
     * @param tls the server's TLS context: set, the API is served over HTTPS only; null, over plain HTTP
     */
    public ApiServer(
            TokenAuthenticator authenticator,
            AuditLog audit,
            List<RouteGroup> groups,
            long maxBodyBytes,
            Path consoleDir,
            ScrapeToken scrapeToken,
            RequestMetrics requests,
            @Nullable SSLContext tls) {
        requireNonNull(authenticator, "authenticator is null");
        this.tls = tls;
        requireNonNull(audit, "audit is null");
        requireNonNull(consoleDir, "consoleDir is null");
        requireNonNull(scrapeToken, "scrapeToken is null");
        requireNonNull(requests, "requests is null");
        String openApi = readOpenApiDocument();
        List<Route> table = new ArrayList<>(List.of(
                new Route(
                        HandlerType.GET,
                        "/api/v1/openapi.json",
                        Access.PUBLIC,
                        null,
                        ctx -> ctx.contentType("application/json").result(openApi)),
                new Route(
                        HandlerType.GET,
                        "/api/v1/whoami",
                        Access.AUTHENTICATED,
                        null,
                        ctx -> ctx.json(WhoAmI.of(caller(ctx))))));
        groups.forEach(group -> table.addAll(group.routes()));
        this.routes = List.copyOf(table);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.modifyHttpConfiguration(ApiServer::exactHeaders);
            config.http.maxRequestSize = maxBodyBytes;
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(json.mapper(), false));
            serveConsole(config, consoleDir);
            for (Route route : routes) {
                Handler handler = route.access() == Access.PUBLIC
                        ? route.handler()
                        : guarded(route, authenticator, audit, scrapeToken);
                config.router.mount(router -> router.addHttpHandler(route.method(), route.path(), ctx -> {
                    // The template, not the path: a path holds ids, and every id would be a series of its own.
                    ctx.attribute(ROUTE, route.path());
                    handler.handle(ctx);
                }));
            }
            // Runs once the response is settled, errors rendered included, so the status is the one the caller got.
            config.requestLogger.http((ctx, millis) -> requests.served(
                    ctx.method().name(),
                    requireNonNullElse(ctx.attribute(ROUTE), RequestMetrics.UNMATCHED),
                    ctx.statusCode(),
                    Duration.ofNanos(Math.round(millis * 1_000_000.0))));
        });
        app.exception(GatewayException.class, (e, ctx) -> render(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> render(ctx, fromHttp(e)));
        app.exception(Exception.class, (e, ctx) -> {
            // A failure of the metadata store, however wrapped, is the store's 503, not the gateway's 500.
            GatewayException failure = StoreFailures.find(e).orElseGet(() -> {
                LOG.error("Unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
                return new GatewayException(
                        ErrorCode.INTERNAL, "The gateway failed to serve this request; the failure is in its log.");
            });
            render(ctx, failure);
        });
    }

    /** A route's handler behind its token and role check; a change is recorded in the audit log however it ends. */
    private static Handler guarded(
            Route route, TokenAuthenticator authenticator, AuditLog audit, ScrapeToken scrapeToken) {
        return ctx -> {
            if (route.access() == Access.ADMIN_OR_SCRAPER && scrapeToken.matches(bearerToken(ctx))) {
                // A read with no caller to name: such routes are GETs, which the audit log does not record.
                route.handler().handle(ctx);
                return;
            }
            Principal caller = authenticator.authenticate(bearerToken(ctx));
            ctx.attribute(CALLER, caller);
            if (route.action() == null) {
                authorize(route, caller);
                route.handler().handle(ctx);
                return;
            }
            try {
                authorize(route, caller);
                route.handler().handle(ctx);
            } catch (Exception e) {
                try {
                    audit.record(
                            caller,
                            route.action(),
                            auditTarget(ctx),
                            AuditLog.resultOf(e),
                            ctx.attribute(AUDIT_APPROVAL));
                } catch (StoreException unrecorded) {
                    // The caller hears how the call ended; the store's failure is in the log.
                    e.addSuppressed(unrecorded);
                    LOG.warn(
                            "{} by {} ended without its audit row: {}",
                            route.action(),
                            caller.tokenId(),
                            unrecorded.getMessage());
                }
                throw e;
            }
            try {
                audit.record(caller, route.action(), auditTarget(ctx), AuditLog.OK, ctx.attribute(AUDIT_APPROVAL));
            } catch (StoreException unrecorded) {
                throw new GatewayException(
                        ErrorCode.METADATA_STORE_UNAVAILABLE,
                        "The call was carried out, but the metadata store failed to record it in the audit log.",
                        null,
                        null,
                        "Check what the call did before repeating it.",
                        unrecorded);
            }
        };
    }

    /** Who a token belongs to, so the console can show the caller and hide the admin pages from analysts. */
    record WhoAmI(String tokenId, String name, String tenant, String role) {
        static WhoAmI of(Principal caller) {
            return new WhoAmI(
                    caller.tokenId(),
                    caller.name(),
                    caller.tenant(),
                    caller.role().apiName());
        }
    }

    /**
     * Serves the built console at {@code /}. Its assets are public (the token is entered in the page, never in a URL);
     * every call it makes goes through the authenticated routes above.
     */
    private static void serveConsole(JavalinConfig config, Path consoleDir) {
        if (!Files.isRegularFile(consoleDir.resolve("index.html"))) {
            LOG.warn(
                    "No web console at {} (sluice.console.dir): / answers 404. ./sluice start builds it.",
                    consoleDir.toAbsolutePath());
            return;
        }
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = consoleDir.toAbsolutePath().toString();
            files.location = Location.EXTERNAL;
            // CodeMirror injects its styles at run time, hence inline styles; scripts only from the gateway itself.
            files.headers = Map.of(
                    "Content-Security-Policy",
                            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; frame-ancestors 'none'",
                    "X-Content-Type-Options", "nosniff",
                    "Referrer-Policy", "no-referrer",
                    "Cache-Control", "no-cache");
        });
        LOG.info("Serving the web console from {}", consoleDir.toAbsolutePath());
    }

    /** The authenticated caller of a route that is not {@link Access#PUBLIC}. */
    static Principal caller(Context ctx) {
        return requireNonNull(ctx.attribute(CALLER), "the route is public: no caller");
    }

    /** Names what a call changes in the audit log, when the path alone does not say (e.g. a new token's id). */
    static void auditTarget(Context ctx, @Nullable String target) {
        ctx.attribute(AUDIT_TARGET, target);
    }

    /** Names the approval request a call made or decided on, for the audit log. */
    static void auditApproval(Context ctx, String approvalId) {
        ctx.attribute(AUDIT_APPROVAL, approvalId);
    }

    private static String auditTarget(Context ctx) {
        String target = ctx.attribute(AUDIT_TARGET);
        return target != null ? target : ctx.path();
    }

    private static void authorize(Route route, Principal caller) {
        if ((route.access() == Access.ADMIN || route.access() == Access.ADMIN_OR_SCRAPER) && !caller.isAdmin()) {
            throw new GatewayException(
                    ErrorCode.FORBIDDEN,
                    "Only an admin may do this.",
                    null,
                    null,
                    "Ask an admin of the gateway; your token's role is "
                            + caller.role().apiName() + ".",
                    null);
        }
    }

    public List<Route> routes() {
        return routes;
    }

    /**
     * Jetty reuses the header lines it parsed on a kept-alive connection, and by default matches them ignoring case,
     * values included: a request with {@code Authorization: Bearer ABC...} after one with {@code Bearer abc...} would
     * be read as carrying the earlier, lower-case token. A token is compared byte for byte, so the reuse must be too.
     */
    private static void exactHeaders(HttpConfiguration http) {
        http.setHeaderCacheCaseSensitive(true);
    }

    /** Listens on {@code host:port}: HTTPS only when there is a TLS context, else plain HTTP. */
    public ApiServer start(String host, int port) {
        if (tls == null) {
            app.start(host, port);
            return this;
        }
        // With a connector of our own Javalin adds none, so no plain HTTP is served beside HTTPS.
        Server server = app.jettyServer().server();
        SslContextFactory.Server keys = new SslContextFactory.Server();
        keys.setSslContext(tls);
        HttpConfiguration https = new HttpConfiguration();
        exactHeaders(https);
        https.setSendServerVersion(false);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(
                server,
                new SslConnectionFactory(keys, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        app.start();
        return this;
    }

    /** Whether the API is served over HTTPS. */
    public boolean tls() {
        return tls != null;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. Never logged. */
    private static String bearerToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }

    private static void render(Context ctx, GatewayException e) {
        SqlPosition position = e.position();
        if (e.code() == ErrorCode.UNAUTHENTICATED) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sluice\"");
        }
        ctx.status(e.code().httpStatus())
                .json(new ErrorResponse(new ErrorResponse.Body(
                        e.code().name(),
                        e.getMessage(),
                        position == null ? null : position.line(),
                        position == null ? null : position.column(),
                        position == null ? null : position.endLine(),
                        position == null ? null : position.endColumn(),
                        e.field(),
                        e.hint())));
    }

    private static GatewayException fromHttp(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 ->
                new GatewayException(
                        ErrorCode.NOT_FOUND,
                        "There is no such resource.",
                        null,
                        null,
                        "GET /api/v1/openapi.json lists every call.",
                        null);
            case 405 ->
                new GatewayException(
                        ErrorCode.METHOD_NOT_ALLOWED,
                        "This resource does not take that method.",
                        null,
                        null,
                        "GET /api/v1/openapi.json lists every call.",
                        null);
            case 413 ->
                GatewayException.forField(
                        ErrorCode.BODY_TOO_LARGE,
                        "body",
                        "The request body is too large.",
                        "Split the script, or raise sluice.api.max-body-size.");
            case 415 -> new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
            default ->
                new GatewayException(
                        e.getStatus() >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST, e.getMessage());
        };
    }

    private static String readOpenApiDocument() {
        try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the gateway's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read openapi.json", e);
        }
    }
}
