package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The policy step: decides whether the tenant of a session may run a validated statement, by the tenant's stored
 * {@link Policy} and what the gateway protects whatever a policy says ({@link StorageLocations}). Every rule is decided
 * on what Flink parsed and planned (operations, options, plans), never on the SQL text, which only locates a denial for
 * the message.
 */
public final class PolicyCheck {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyCheck.class);

    private final TenantPolicies policies;
    private final Function<SessionHandle, String> tenantOfSession;
    private final StorageLocations storage;
    private final RestorePoints restorePoints;
    private final SettingAllowlist settings;
    private final BiPredicate<String, String> testPasses;

    /** @param testPasses whether an INSERT's text (by tenant and fingerprint) has passed a statement test */
    public PolicyCheck(
            TenantPolicies policies,
            Function<SessionHandle, String> tenantOfSession,
            StorageLocations storage,
            RestorePoints restorePoints,
            SettingAllowlist settings,
            BiPredicate<String, String> testPasses) {
        this.policies = requireNonNull(policies, "policies is null");
        this.tenantOfSession = requireNonNull(tenantOfSession, "tenantOfSession is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.restorePoints = requireNonNull(restorePoints, "restorePoints is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.testPasses = requireNonNull(testPasses, "testPasses is null");
    }

    /** Every rule the statement breaks, as error diagnostics; empty when it may run. */
    public List<Diagnostic> diagnostics(SessionHandle session, ValidatedStatement statement) {
        return denials(rulesOf(tenantOfSession.apply(session)), statement).stream()
                .map(Denial::toDiagnostic)
                .toList();
    }

    /**
     * Throws the first rule the statement, or the execution config a client sent with it, breaks.
     *
     * @throws dev.sluice.gateway.error.GatewayException with a {@code POLICY_...} code
     */
    public void enforce(SessionHandle session, ValidatedStatement statement, Map<String, String> executionConfig) {
        TenantRules tenant = rulesOf(tenantOfSession.apply(session));
        List<Denial> denials = new ArrayList<>(SettingRules.check(tenant, executionConfig));
        denials.addAll(denials(tenant, statement));
        // Only where a statement is to run: validation and statement tests check an INSERT before any test has passed.
        denials.addAll(TestRules.check(tenant, statement, testPasses));
        refuseIfDenied("session " + session, tenant.name(), denials);
    }

    /**
     * The properties a session of the tenant may be opened with: keys a session may not change are dropped, since
     * clients such as the SQL Client send their whole local configuration ({@code rest.port}, {@code execution.target},
     * ...) and the gateway's own values must stay in force. Any other rule a kept property breaks refuses the session.
     */
    public Map<String, String> sessionProperties(String tenant, Map<String, String> properties) {
        TenantRules rules = rulesOf(tenant);
        Map<String, String> kept = new HashMap<>();
        TreeSet<String> dropped = new TreeSet<>();
        properties.forEach((key, value) -> {
            if (SettingRules.isSettable(rules, key)) {
                kept.put(key, value);
            } else {
                dropped.add(key);
            }
        });
        if (!dropped.isEmpty()) {
            LOG.warn(
                    "Ignored session properties {}: tenant '{}' may not change them (docs/policy.md lists the settings a session may"
                            + " change)",
                    dropped,
                    tenant);
        }
        refuseIfDenied("a new session", tenant, SettingRules.check(rules, kept));
        return kept;
    }

    private TenantRules rulesOf(String tenant) {
        return new TenantRules(tenant, policies.get(tenant), storage, restorePoints, settings);
    }

    private static List<Denial> denials(TenantRules tenant, ValidatedStatement statement) {
        List<Denial> denials = new ArrayList<>(StatementRules.check(tenant, statement));
        denials.addAll(TableRules.check(tenant, statement));
        denials.addAll(QueryRules.check(tenant, statement));
        return denials;
    }

    private static void refuseIfDenied(String what, String tenant, List<Denial> denials) {
        if (!denials.isEmpty()) {
            Denial first = denials.get(0);
            LOG.info("Refused {} (tenant '{}'): {}", what, tenant, first.message());
            throw first.toException();
        }
    }
}
