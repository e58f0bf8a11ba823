package dev.sluice.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.SavedScriptList;
import dev.sluice.gateway.api.model.SavedScriptResponse;
import dev.sluice.gateway.api.model.ScriptRequest;
import dev.sluice.gateway.api.model.ScriptTestResponse;
import dev.sluice.gateway.api.model.TestCaseBody;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.sqltest.ScriptTests;
import dev.sluice.gateway.store.ScriptRecord;
import dev.sluice.gateway.store.ScriptRepository;
import dev.sluice.gateway.store.StoreException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Saved scripts: each user's own (a user is a token's name in its tenant), with the statement-test cases kept beside
 * each. Another user's script, of the same tenant or another, is a 404 as if its id had never been made; ids are
 * random, so they cannot be guessed either.
 */
public final class ScriptsApi implements RouteGroup {

    private static final TypeReference<List<TestCaseBody>> CASES = new TypeReference<>() {};

    private final ScriptRepository scripts;
    private final ScriptTests tests;
    private final int maxPerUser;
    private final Clock clock;
    private final Json json = new Json();

    /**
     * @param tests runs a script's saved cases, and records its last statement as tested when all pass
     * @param maxPerUser the scripts one user may keep
     */
    public ScriptsApi(ScriptRepository scripts, ScriptTests tests, int maxPerUser, Clock clock) {
        this.scripts = requireNonNull(scripts, "scripts is null");
        this.tests = requireNonNull(tests, "tests is null");
        this.maxPerUser = maxPerUser;
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public List<Route> routes() {
        // Every route is the caller's own: the handlers read and write only the caller's scripts.
        return List.of(
                new Route(HandlerType.GET, "/api/v1/scripts", Access.AUTHENTICATED, null, this::list),
                new Route(HandlerType.POST, "/api/v1/scripts", Access.AUTHENTICATED, "scripts.create", this::create),
                new Route(HandlerType.GET, "/api/v1/scripts/{id}", Access.AUTHENTICATED, null, this::get),
                new Route(
                        HandlerType.PUT, "/api/v1/scripts/{id}", Access.AUTHENTICATED, "scripts.update", this::replace),
                new Route(
                        HandlerType.DELETE,
                        "/api/v1/scripts/{id}",
                        Access.AUTHENTICATED,
                        "scripts.delete",
                        this::delete),
                // Runs as the caller, on their tenant's catalog; each case counts as one of its queries while it runs.
                new Route(
                        HandlerType.POST,
                        "/api/v1/scripts/{id}:test",
                        Access.AUTHENTICATED,
                        "scripts.test",
                        this::test));
    }

    void list(Context ctx) {
        Principal caller = ApiServer.caller(ctx);
        ctx.json(new SavedScriptList(scripts.list(caller.tenant(), caller.name()).stream()
                .map(script -> new SavedScriptList.Entry(script.id(), script.name(), script.updatedAt()))
                .toList()));
    }

    void create(Context ctx) {
        Principal caller = ApiServer.caller(ctx);
        ScriptRequest request = json.read(ctx.body(), ScriptRequest.class);
        Instant now = now();
        ScriptRecord script = new ScriptRecord(
                UUID.randomUUID().toString(),
                caller.tenant(),
                caller.name(),
                request.name(),
                request.sql(),
                casesJson(request.tests()),
                now,
                now);
        boolean stored = uniqueName(request, () -> scripts.insert(script, maxPerUser));
        if (!stored) {
            throw new GatewayException(
                    ErrorCode.TENANT_LIMIT_REACHED,
                    "You keep " + maxPerUser + " saved scripts, as many as one user may.",
                    null,
                    null,
                    "Delete scripts you no longer need (DELETE /api/v1/scripts/{id}), or save over one with PUT.",
                    null);
        }
        ApiServer.auditTarget(ctx, "/api/v1/scripts/" + script.id());
        ctx.status(201).json(toResponse(script));
    }

    void get(Context ctx) {
        ctx.json(toResponse(owned(ctx)));
    }

    /** Replaces the name, SQL and cases: a rename is a PUT with the new name. */
    void replace(Context ctx) {
        Principal caller = ApiServer.caller(ctx);
        ScriptRecord stored = owned(ctx);
        ScriptRequest request = json.read(ctx.body(), ScriptRequest.class);
        ScriptRecord script = new ScriptRecord(
                stored.id(),
                caller.tenant(),
                caller.name(),
                request.name(),
                request.sql(),
                casesJson(request.tests()),
                stored.createdAt(),
                now());
        if (!uniqueName(request, () -> scripts.replace(script))) {
            // Deleted between the read and the write.
            throw noSuchScript(stored.id());
        }
        ctx.json(toResponse(script));
    }

    void delete(Context ctx) {
        Principal caller = ApiServer.caller(ctx);
        String id = ctx.pathParam("id");
        if (!scripts.delete(caller.tenant(), caller.name(), id)) {
            throw noSuchScript(id);
        }
        ctx.status(204);
    }

    /**
     * Runs the script's saved cases on its SQL. When every case passes (and it has one), its last statement is recorded
     * as tested in the tenant: an INSERT that a policy requiring passing tests then admits, from any client.
     */
    void test(Context ctx) {
        ScriptRecord script = owned(ctx);
        List<TestCaseBody> cases = cases(script);
        if (cases.isEmpty()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "tests",
                    "Script '" + script.name() + "' has no test cases to run.",
                    "Save cases with it: PUT /api/v1/scripts/" + script.id() + " with \"tests\": [...].");
        }
        ScriptTests.Outcomes outcomes = tests.run(
                cases.stream().map(test -> test.toTest(script.sql())).toList(), ApiServer.caller(ctx), "tests");
        List<ScriptTestResponse.Case> results = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            TestCaseBody test = cases.get(i);
            results.add(new ScriptTestResponse.Case(
                    test.name(),
                    StatementTestsApi.toResponse(outcomes.cases().get(i), Boolean.TRUE.equals(test.changelog()))));
        }
        ctx.json(new ScriptTestResponse(outcomes.recorded(), results));
    }

    /** The caller's script named by the path; anyone else's, or none, is a 404 that reads the same. */
    private ScriptRecord owned(Context ctx) {
        Principal caller = ApiServer.caller(ctx);
        String id = ctx.pathParam("id");
        return scripts.find(caller.tenant(), caller.name(), id).orElseThrow(() -> noSuchScript(id));
    }

    private static boolean uniqueName(ScriptRequest request, Supplier<Boolean> write) {
        try {
            return write.get();
        } catch (StoreException e) {
            if (e.reason() != StoreException.Reason.ALREADY_EXISTS) {
                throw e;
            }
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "name",
                    "You have another script named '" + request.name() + "'.",
                    "Choose another name, or save over that script with PUT /api/v1/scripts/{id}.");
        }
    }

    private static GatewayException noSuchScript(String id) {
        return GatewayException.forField(
                ErrorCode.NOT_FOUND,
                "id",
                "You have no saved script with id '" + id + "'.",
                "GET /api/v1/scripts lists yours.");
    }

    private String casesJson(List<TestCaseBody> tests) {
        try {
            return json.mapper().writeValueAsString(tests);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SavedScriptResponse toResponse(ScriptRecord script) {
        return new SavedScriptResponse(
                script.id(), script.name(), script.sql(), cases(script), script.createdAt(), script.updatedAt());
    }

    private List<TestCaseBody> cases(ScriptRecord script) {
        try {
            return json.mapper().readValue(script.testsJson(), CASES);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stored times have microseconds on PostgreSQL; answering the stored value keeps a save and a read alike. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
