package dev.sluice.gateway.api;

import dev.sluice.gateway.api.model.ErrorResponse;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.Role;
import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.flinkapi.SluiceSqlGatewayService;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.policy.TenantPolicies;
import dev.sluice.gateway.pipeline.validate.ScriptValidator;
import dev.sluice.gateway.track.JobLifecycle;
import dev.sluice.gateway.track.JobTracker;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The Sluice API under {@code /api/v1}: the whole route table is {@link #routes()}, every error leaves through
 * {@link #render}, and the OpenAPI document describing these routes is served at {@code /api/v1/openapi.json}.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** Who may call a route. */
    public enum Access {
        /** Anyone: the API's description only. */
        PUBLIC,
        /** Any caller with a valid token. */
        AUTHENTICATED,
        /** A caller whose token has the admin role. */
        ADMIN
    }

    /** One row of the route table. */
    public record Route(HandlerType method, String path, Access access, Handler handler) {}


    private final Json json = new Json();
    private final List<Route> routes;
    private final Javalin app;

    public ApiServer(
            SluiceSqlGatewayService gateway,
            TokenAuthenticator authenticator,
            StatementPipeline pipeline,
            ScriptValidator validator,
            JobTracker jobs,
            JobLifecycle lifecycle,
            TenantPolicies policies,
            int maxRowsPerPage,
            long maxBodyBytes) {
        requireNonNull(authenticator, "authenticator is null");
        requireNonNull(gateway, "gateway is null");
        StatementsApi statements = new StatementsApi(gateway, pipeline, validator, jobs, json, maxRowsPerPage);
        JobsApi jobsApi = new JobsApi(jobs, lifecycle, json);
        PolicyApi policyApi = new PolicyApi(policies, json);
        String openApi = readOpenApiDocument();
        this.routes =
                List.of(
                        new Route(HandlerType.GET, "/api/v1/openapi.json", Access.PUBLIC, ctx -> ctx.contentType("application/json").result(openApi)),
                        new Route(HandlerType.POST, "/api/v1/sessions", Access.AUTHENTICATED, statements::openSession),
                        new Route(HandlerType.DELETE, "/api/v1/sessions/{sessionId}", Access.AUTHENTICATED, statements::closeSession),
                        new Route(HandlerType.POST, "/api/v1/statements", Access.AUTHENTICATED, statements::runScript),
                        new Route(HandlerType.POST, "/api/v1/statements:validate", Access.AUTHENTICATED, statements::validateScript),
                        new Route(HandlerType.GET, "/api/v1/statements/{statementId}/results", Access.AUTHENTICATED, statements::results),
                        new Route(HandlerType.DELETE, "/api/v1/statements/{statementId}", Access.AUTHENTICATED, statements::cancel),
                        new Route(HandlerType.GET, "/api/v1/jobs", Access.AUTHENTICATED, jobsApi::list),
                        new Route(HandlerType.GET, "/api/v1/jobs/{jobId}", Access.AUTHENTICATED, jobsApi::get),
                        new Route(HandlerType.POST, "/api/v1/jobs/{jobId}:stop", Access.AUTHENTICATED, jobsApi::stop),
                        new Route(HandlerType.POST, "/api/v1/jobs/{jobId}:resume", Access.AUTHENTICATED, jobsApi::resume),
                        new Route(HandlerType.GET, "/api/v1/tenants/{tenant}/policy", Access.ADMIN, policyApi::get),
                        new Route(HandlerType.PUT, "/api/v1/tenants/{tenant}/policy", Access.ADMIN, policyApi::put));
        this.app =
                Javalin.create(config -> {
                    config.showJavalinBanner = false;
                    config.http.maxRequestSize = maxBodyBytes;
                    config.http.prefer405over404 = true;
                    config.jsonMapper(new JavalinJackson(json.mapper(), false));
                    for (Route route : routes) {
                        Handler handler = route.access() == Access.PUBLIC
                                ? route.handler()
                                : ctx -> {
                                    Principal principal = authenticator.authenticate(bearerToken(ctx));
                                    if (route.access() == Access.ADMIN && principal.role() != Role.ADMIN) {
                                        throw new GatewayException(ErrorCode.FORBIDDEN, "Only an admin may do this.");
                                    }
                                    route.handler().handle(ctx);
                                };
                        config.router.mount(router -> router.addHttpHandler(route.method(), route.path(), handler));
                    }
                });
        app.exception(GatewayException.class, (e, ctx) -> render(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> render(ctx, fromHttp(e)));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
            render(ctx, new GatewayException(ErrorCode.INTERNAL, "The gateway failed to serve this request; the failure is in its log."));
        });
    }

    public List<Route> routes() {
        return routes;
    }

    public ApiServer start(String host, int port) {
        app.start(host, port);
        return this;
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
            case 404 -> new GatewayException(ErrorCode.NOT_FOUND, "There is no such resource.", null, null,
                    "GET /api/v1/openapi.json lists every call.", null);
            case 405 -> new GatewayException(ErrorCode.METHOD_NOT_ALLOWED, "This resource does not take that method.", null, null,
                    "GET /api/v1/openapi.json lists every call.", null);
            case 413 -> GatewayException.forField(ErrorCode.BODY_TOO_LARGE, "body", "The request body is too large.",
                    "Split the script, or raise sluice.api.max-body-size.");
            case 415 -> new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
            default -> new GatewayException(e.getStatus() >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST, e.getMessage());
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
