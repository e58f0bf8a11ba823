package dev.sluice.gateway.api;

import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.QuotaRequest;
import dev.sluice.gateway.api.model.QuotaResponse;
import dev.sluice.gateway.auth.TenantDirectory;
import dev.sluice.gateway.pipeline.admit.AdmissionControl;
import dev.sluice.gateway.store.QuotaRecord;
import dev.sluice.gateway.store.QuotaRepository;
import dev.sluice.gateway.store.Resources;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import javax.annotation.Nullable;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The tenants' quotas: admins read and replace them, and see what each tenant's active jobs and running queries hold,
 * with the caps on queries and pending approval requests.
 */
public final class QuotaApi implements RouteGroup {

    private final AdmissionControl admission;
    private final TenantDirectory tenants;
    private final Json json = new Json();

    public QuotaApi(AdmissionControl admission, TenantDirectory tenants) {
        this.admission = requireNonNull(admission, "admission is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(
                // An analyst reads their own tenant's quota (the console shows what is left); 404 for others.
                new Route(HandlerType.GET, "/api/v1/tenants/{tenant}/quota", Access.AUTHENTICATED, null, this::get),
                new Route(HandlerType.PUT, "/api/v1/tenants/{tenant}/quota", Access.ADMIN, "quota.update", this::put));
    }

    /** An analyst reads their own tenant's quota; any other tenant is a 404 to them, as if it did not exist. */
    void get(Context ctx) {
        ctx.json(describe(PolicyApi.readableTenant(ctx, "quota")));
    }

    void put(Context ctx) {
        String tenant = PolicyApi.tenant(ctx);
        // A quota for a tenant that does not exist would wait for one created later under that name.
        tenants.requireExists(tenant, "tenant");
        QuotaRequest request = json.read(ctx.body(), QuotaRequest.class);
        admission.setQuota(
                tenant,
                new QuotaRecord(
                        request.maxJobs(),
                        new Resources(
                                request.maxTaskSlots(),
                                Math.round(request.maxCpuCores() * 1000),
                                request.maxMemoryBytes(),
                                request.maxStateBytes())));
        ctx.json(describe(tenant));
    }

    private QuotaResponse describe(String tenant) {
        QuotaRecord quota = admission.quota(tenant);
        AdmissionControl.Limits limits = admission.limits();
        QuotaRepository.Usage usage = admission.usage(tenant);
        return new QuotaResponse(
                tenant,
                admission.hasOwnQuota(tenant) ? "tenant" : "default",
                amounts(
                        quota.maxJobs(),
                        quota.max(),
                        limits.maxQueriesPerTenant(),
                        limits.maxPendingApprovalsPerTenant()),
                amounts(usage.jobs(), usage.resources(), usage.queries(), admission.pendingApprovals(tenant)));
    }

    /** What one job asks for, as an approval request shows it. */
    static QuotaResponse.Amounts amounts(int jobs, Resources resources) {
        return amounts(jobs, resources, null, null);
    }

    private static QuotaResponse.Amounts amounts(
            int jobs, Resources resources, @Nullable Integer queries, @Nullable Integer pendingApprovals) {
        return new QuotaResponse.Amounts(
                jobs,
                resources.taskSlots(),
                resources.cpuMillis() / 1000.0,
                resources.memoryBytes(),
                resources.stateBytes(),
                queries,
                pendingApprovals);
    }
}
