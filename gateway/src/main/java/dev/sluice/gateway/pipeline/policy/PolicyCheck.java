package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.pipeline.Diagnostic;
import dev.sluice.gateway.pipeline.ValidatedStatement;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The policy step: decides whether the tenant of a session may run a validated statement, by the tenant's stored
 * {@link Policy}. Every rule is decided on what Flink parsed and planned (operations, options, plans), never on the SQL
 * text, which only locates a denial for the message.
 */
public final class PolicyCheck {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyCheck.class);

    private final TenantPolicies policies;
    private final Function<SessionHandle, String> tenantOfSession;

    public PolicyCheck(TenantPolicies policies, Function<SessionHandle, String> tenantOfSession) {
        this.policies = requireNonNull(policies, "policies is null");
        this.tenantOfSession = requireNonNull(tenantOfSession, "tenantOfSession is null");
    }

    /** Every rule the statement breaks, as error diagnostics; empty when it may run. */
    public List<Diagnostic> diagnostics(SessionHandle session, ValidatedStatement statement) {
        String tenant = tenantOfSession.apply(session);
        return denials(policies.get(tenant), tenant, statement).stream().map(Denial::toDiagnostic).toList();
    }

    /**
     * Throws the first rule the statement, or the execution config it would run with, breaks.
     *
     * @throws dev.sluice.gateway.error.GatewayException with a {@code POLICY_...} code
     */
    public void enforce(SessionHandle session, ValidatedStatement statement, Map<String, String> executionConfig) {
        String tenant = tenantOfSession.apply(session);
        Policy policy = policies.get(tenant);
        List<Denial> denials = new ArrayList<>(SettingRules.check(policy, tenant, executionConfig));
        denials.addAll(denials(policy, tenant, statement));
        refuseIfDenied("session " + session, tenant, denials);
    }

    /**
     * The properties a session of the tenant may be opened with: protected keys are dropped, since clients such as the
     * SQL Client send their whole local configuration ({@code rest.port}, {@code execution.target}, ...) and the
     * gateway's own values must stay in force. Any other rule a property breaks refuses the session.
     */
    public Map<String, String> sessionProperties(String tenant, Map<String, String> properties) {
        Policy policy = policies.get(tenant);
        Map<String, String> kept = new HashMap<>();
        properties.forEach((key, value) -> {
            if (policy.protection(key).isPresent()) {
                LOG.warn("Ignored session property '{}': it is protected by the policy of tenant '{}'", key, tenant);
            } else {
                kept.put(key, value);
            }
        });
        refuseIfDenied("a new session", tenant, SettingRules.check(policy, tenant, kept));
        return kept;
    }

    private static List<Denial> denials(Policy policy, String tenant, ValidatedStatement statement) {
        List<Denial> denials = new ArrayList<>(StatementRules.check(policy, tenant, statement));
        denials.addAll(TableRules.check(policy, tenant, statement));
        denials.addAll(QueryRules.check(policy, tenant, statement));
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
