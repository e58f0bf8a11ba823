package dev.sluice.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.FunctionList;
import dev.sluice.gateway.api.model.FunctionRequest;
import dev.sluice.gateway.api.model.FunctionResponse;
import dev.sluice.gateway.api.model.FunctionVersionList;
import dev.sluice.gateway.api.model.FunctionVersionResponse;
import dev.sluice.gateway.api.model.RollbackRequest;
import dev.sluice.gateway.api.model.SignatureBody;
import dev.sluice.gateway.api.model.TryRequest;
import dev.sluice.gateway.api.model.TryResponse;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.error.StoreFailures;
import dev.sluice.gateway.metrics.FunctionMetrics;
import dev.sluice.gateway.pipeline.policy.TenantPolicies;
import dev.sluice.gateway.store.JobStatus;
import dev.sluice.gateway.track.JobTracker;
import dev.sluice.udf.catalog.FunctionCatalog;
import dev.sluice.udf.catalog.FunctionDraft;
import dev.sluice.udf.catalog.FunctionException;
import dev.sluice.udf.catalog.FunctionKind;
import dev.sluice.udf.catalog.FunctionPayload;
import dev.sluice.udf.catalog.FunctionSignature;
import dev.sluice.udf.catalog.FunctionVersion;
import dev.sluice.udf.catalog.Language;
import dev.sluice.udf.catalog.NewFunction;
import dev.sluice.udf.catalog.StoredFunction;
import dev.sluice.udf.js.JsCallStoppedException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The UDF catalog's REST face: unpacks requests, calls {@link FunctionCatalog}, and maps its
 * {@link FunctionException} to the one error body. Every call acts within the caller's tenant.
 */
public final class FunctionsApi implements RouteGroup {

    private final FunctionCatalog functions;
    private final JobTracker jobs;
    private final TenantPolicies policies;
    private final FunctionMetrics metrics;
    private final Json json = new Json();

    /** @param metrics where the calls this API runs ({@code :try}) are counted */
    public FunctionsApi(FunctionCatalog functions, JobTracker jobs, TenantPolicies policies, FunctionMetrics metrics) {
        this.functions = requireNonNull(functions, "functions is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.POST, "/api/v1/functions", Access.AUTHENTICATED, "function.create", this::create),
                new Route(HandlerType.GET, "/api/v1/functions", Access.AUTHENTICATED, null, this::list),
                new Route(HandlerType.GET, "/api/v1/functions/{name}", Access.AUTHENTICATED, null, this::get),
                new Route(
                        HandlerType.DELETE,
                        "/api/v1/functions/{name}",
                        Access.AUTHENTICATED,
                        "function.delete",
                        this::delete),
                new Route(
                        HandlerType.GET,
                        "/api/v1/functions/{name}/versions",
                        Access.AUTHENTICATED,
                        null,
                        this::versions),
                new Route(
                        HandlerType.POST,
                        "/api/v1/functions/{name}/versions",
                        Access.AUTHENTICATED,
                        "function.publish",
                        this::publish),
                new Route(
                        HandlerType.POST,
                        "/api/v1/functions/{name}:try",
                        Access.AUTHENTICATED,
                        "function.try",
                        this::tryIt),
                new Route(
                        HandlerType.POST,
                        "/api/v1/functions/{name}:rollback",
                        Access.AUTHENTICATED,
                        "function.rollback",
                        this::rollback));
    }

    void create(Context ctx) {
        Principal principal = ApiServer.caller(ctx);
        FunctionRequest request = json.read(utf8Body(ctx), FunctionRequest.class);
        if (request.name() == null) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST, "name", "A function needs a name.", "E.g. \"name\": \"my_upper\".");
        }
        FunctionDraft draft = draft(principal.tenant(), request.name(), request);
        requireMayUpload(principal, draft.language());
        StoredFunction created = call(() -> functions.create(new NewFunction(
                draft, principal.name(), request.description(), Boolean.TRUE.equals(request.reloadable()))));
        ctx.status(201).json(toResponse(created));
    }

    void list(Context ctx) {
        String tenant = ApiServer.caller(ctx).tenant();
        ctx.json(new FunctionList(call(() -> functions.list(tenant)).stream()
                .map(FunctionsApi::toResponse)
                .toList()));
    }

    void get(Context ctx) {
        String tenant = ApiServer.caller(ctx).tenant();
        ctx.json(toResponse(call(() -> functions.get(tenant, ctx.pathParam("name")))));
    }

    void versions(Context ctx) {
        String tenant = ApiServer.caller(ctx).tenant();
        String name = ctx.pathParam("name");
        int current = call(() -> functions.get(tenant, name)).currentVersion();
        ctx.json(new FunctionVersionList(
                name,
                call(() -> functions.versions(tenant, name)).stream()
                        .map(version -> toResponse(version, current))
                        .toList()));
    }

    void publish(Context ctx) {
        Principal principal = ApiServer.caller(ctx);
        String name = ctx.pathParam("name");
        FunctionRequest request = json.read(utf8Body(ctx), FunctionRequest.class);
        String functionOnly = request.name() != null
                ? "name"
                : request.description() != null ? "description" : request.reloadable() != null ? "reloadable" : null;
        if (functionOnly != null) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    functionOnly,
                    "A version has no '" + functionOnly + "' of its own.",
                    "Leave it out; it belongs to the function.");
        }
        String tenant = principal.tenant();
        FunctionRequest withLanguage = request.language() != null
                ? request
                : new FunctionRequest(
                        null,
                        call(() -> functions.get(tenant, name))
                                .definition()
                                .language()
                                .name(),
                        request.kind(),
                        request.signature(),
                        request.className(),
                        request.jar(),
                        request.source(),
                        request.entry(),
                        request.spec(),
                        null,
                        null);
        FunctionDraft draft = draft(tenant, name, withLanguage);
        requireMayUpload(principal, draft.language());
        FunctionVersion version = call(() -> functions.publish(draft, principal.name()));
        ctx.status(201).json(toResponse(version, version.number()));
    }

    void rollback(Context ctx) {
        String tenant = ApiServer.caller(ctx).tenant();
        RollbackRequest request = json.read(utf8Body(ctx), RollbackRequest.class);
        if (request.version() == null || request.version() < 1) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "version",
                    "Give the version to roll back to, a number from 1.",
                    "E.g. {\"version\": 2}.");
        }
        ctx.json(toResponse(call(() -> functions.rollback(tenant, ctx.pathParam("name"), request.version()))));
    }

    /** Runs the current version once on sample arguments in the JavaScript sandbox: the console's try-it box. */
    void tryIt(Context ctx) {
        String tenant = ApiServer.caller(ctx).tenant();
        String name = ctx.pathParam("name");
        TryRequest request = json.read(utf8Body(ctx), TryRequest.class);
        if (request.arguments() == null) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "arguments",
                    "Give the sample arguments as a JSON array.",
                    "E.g. {\"arguments\": [\"hello\"]}.");
        }
        int version = call(() -> functions.get(tenant, name)).currentVersion();
        // Counted only from here: the function exists, so its name is the catalog's, not any name a caller sends.
        Object result;
        try {
            result = call(() -> functions.tryOnce(tenant, name, request.arguments()));
        } catch (GatewayException e) {
            metrics.called(tenant, name, outcome(e));
            throw e;
        }
        metrics.called(tenant, name, FunctionMetrics.Outcome.RETURNED);
        ctx.json(new TryResponse(version, result));
    }

    /** A call the sandbox stopped (a time or statement limit) apart from one that failed of itself. */
    private static FunctionMetrics.Outcome outcome(GatewayException failure) {
        return failure.getCause() != null && failure.getCause().getCause() instanceof JsCallStoppedException
                ? FunctionMetrics.Outcome.STOPPED
                : FunctionMetrics.Outcome.FAILED;
    }

    void delete(Context ctx) {
        String tenant = ApiServer.caller(ctx).tenant();
        call(() -> {
            functions.delete(
                    tenant,
                    ctx.pathParam("name"),
                    jobId -> jobs.find(jobId)
                            .map(job -> JobStatus.ACTIVE.contains(job.status()))
                            .orElse(false));
            return null;
        });
        ctx.status(204);
    }

    /**
     * A Java function's code runs unsandboxed, in the gateway when a statement using it is planned and on the cluster:
     * an analyst may upload one only where the tenant's policy allows it. Admins always may.
     */
    private void requireMayUpload(Principal caller, Language language) {
        if (language == Language.JAVA
                && !caller.isAdmin()
                && !policies.get(caller.tenant()).allowJavaFunctions()) {
            throw GatewayException.forField(
                    ErrorCode.POLICY_JAVA_FUNCTIONS_NOT_ALLOWED,
                    "language",
                    "Tenant '" + caller.tenant() + "' may not upload Java functions: their code runs unsandboxed.",
                    "Write the function in JavaScript, which runs sandboxed, or ask an admin to allow Java functions"
                            + " (allowJavaFunctions in the tenant's policy).");
        }
    }

    private FunctionDraft draft(String tenant, String name, FunctionRequest request) {
        Language language = enumField("language", request.language(), Language.class);
        FunctionKind kind = request.kind() == null ? null : enumField("kind", request.kind(), FunctionKind.class);
        FunctionPayload payload = switch (language) {
            case JAVA -> FunctionPayload.jar(request.className(), base64("jar", request.jar()));
            case JAVASCRIPT -> FunctionPayload.source(request.entry(), request.source());
            case ENRICHMENT -> new FunctionPayload(null, request.spec() == null ? null : spec(request), null);
        };
        return new FunctionDraft(tenant, name, language, kind, signature(request.signature()), payload);
    }

    private String spec(FunctionRequest request) {
        try {
            return json.mapper().writeValueAsString(request.spec());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON tree is always writable", e);
        }
    }

    private static FunctionSignature signature(SignatureBody body) {
        if (body == null) {
            return null;
        }
        if (body.result() == null || body.result().isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "signature.result",
                    "The signature needs a result type.",
                    "E.g. \"STRING\".");
        }
        List<FunctionSignature.Parameter> parameters = new ArrayList<>();
        List<SignatureBody.Parameter> declared = body.parameters() == null ? List.of() : body.parameters();
        for (int i = 0; i < declared.size(); i++) {
            SignatureBody.Parameter parameter = declared.get(i);
            if (parameter == null
                    || parameter.type() == null
                    || parameter.type().isBlank()) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        "signature.parameters[" + i + "].type",
                        "Every parameter needs a type.",
                        "E.g. {\"name\": \"s\", \"type\": \"STRING\"}.");
            }
            String name = parameter.name() == null ? "arg" + i : parameter.name();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        "signature.parameters[" + i + "].name",
                        "'" + name + "' is not a parameter name.",
                        "Use letters, digits and '_'.");
            }
            parameters.add(new FunctionSignature.Parameter(name, parameter.type()));
        }
        return new FunctionSignature(parameters, body.result());
    }

    private static <E extends Enum<E>> E enumField(String field, String value, Class<E> type) {
        String allowed = Arrays.toString(type.getEnumConstants());
        if (value == null) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST, field, "'" + field + "' is required.", "One of " + allowed + ".");
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    field,
                    "'" + value + "' is not a " + field + ".",
                    "One of " + allowed + ".");
        }
    }

    private static byte[] base64(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    field,
                    "'" + field + "' is not base64: " + e.getMessage(),
                    "Encode the jar's bytes with base64 (e.g. base64 -w0 my.jar).");
        }
    }

    /** The body as text, refusing bytes that are not UTF-8 instead of replacing them. */
    private static String utf8Body(Context ctx) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(ctx.bodyAsBytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST, "body", "The body is not valid UTF-8.", "Send JSON encoded as UTF-8.");
        }
    }

    /** Runs a catalog call; its errors become the API's. */
    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (FunctionException e) {
            ErrorCode code = switch (e.reason()) {
                case INVALID -> ErrorCode.INVALID_REQUEST;
                case HOST_NOT_ALLOWED -> ErrorCode.POLICY_HOST_NOT_ALLOWED;
                case NOT_FOUND -> ErrorCode.NOT_FOUND;
                case CONFLICT -> ErrorCode.CONFLICT;
                case TOO_LARGE -> ErrorCode.BODY_TOO_LARGE;
                // Said as every listener says the metadata store's failures.
                case STORE_FAILED -> throw StoreFailures.find(e).orElseThrow();
            };
            SqlPosition position = e.line() > 0 ? SqlPosition.at(e.line(), Math.max(1, e.column())) : null;
            throw new GatewayException(code, e.getMessage(), position, e.field(), e.hint(), e);
        }
    }

    private static FunctionResponse toResponse(StoredFunction function) {
        var definition = function.definition();
        return new FunctionResponse(
                definition.name(),
                definition.kind().name(),
                definition.language().name(),
                toBody(definition.signature()),
                definition.signature().text(),
                definition.owner(),
                definition.description(),
                definition.reloadable(),
                function.currentVersion(),
                function.latestVersion(),
                function.createdAt(),
                function.updatedAt());
    }

    private static FunctionVersionResponse toResponse(FunctionVersion version, int current) {
        FunctionPayload payload = version.payload();
        return new FunctionVersionResponse(
                version.number(),
                version.number() == current,
                toBody(version.signature()),
                payload.entry(),
                payload.text(),
                version.sha256(),
                payload.size(),
                version.createdAt(),
                version.createdBy());
    }

    private static SignatureBody toBody(FunctionSignature signature) {
        return new SignatureBody(
                signature.parameters().stream()
                        .map(p -> new SignatureBody.Parameter(p.name(), p.type()))
                        .toList(),
                signature.result());
    }
}
