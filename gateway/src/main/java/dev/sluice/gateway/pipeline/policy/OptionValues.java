package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.policy.JdbcUrl.HostAndPort;
import dev.sluice.udf.net.OutboundDeniedException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Applies an {@link OptionRule} to the value of one table option: the first problem, as a denial at the option. */
final class OptionValues {

    private OptionValues() {}

    static Optional<Denial> check(
            TenantRules tenant, String table, String key, String value, OptionRule rule, SqlPosition where) {
        String about = "Table '" + table + "' sets option '" + key + "'";
        return switch (rule.kind()) {
            case ANY -> Optional.empty();
            case ONE_OF ->
                rule.values().contains(value.strip().toLowerCase(Locale.ROOT))
                        ? Optional.empty()
                        : Optional.of(valueNotAllowed(tenant, about, value, rule, where));
            case SUBSET_OF ->
                Arrays.stream(value.split(","))
                                .map(part -> part.strip().toLowerCase(Locale.ROOT))
                                .allMatch(rule.values()::contains)
                        ? Optional.empty()
                        : Optional.of(valueNotAllowed(tenant, about, value, rule, where));
            case REFUSED ->
                Optional.of(new Denial(
                        ErrorCode.POLICY_OPTION_FORBIDDEN,
                        about + ", which no table of tenant '" + tenant.name()
                                + "' may set (rule table options allowlist): " + rule.reason() + ".",
                        where,
                        "Leave the option out; docs/policy.md lists the options each connector allows."));
            case PATH ->
                tenant.pathProblem(value)
                        .map(problem -> new Denial(
                                ErrorCode.POLICY_PATH_NOT_ALLOWED,
                                about + " to path '" + value + "', which tenant '" + tenant.name()
                                        + "' may not use (rule " + problem.rule() + "): it " + problem.reason() + ".",
                                where,
                                storageRootsHint(tenant)));
            case FILE_NAME ->
                value.isBlank()
                                || value.contains("/")
                                || value.contains("\\")
                                || value.strip().equals(".")
                                || value.strip().equals("..")
                        ? Optional.of(new Denial(
                                ErrorCode.POLICY_PATH_NOT_ALLOWED,
                                about + " to '" + value + "', which tenant '" + tenant.name()
                                        + "' may not use (rule table options allowlist):"
                                        + " it is not a plain file name, and the file would be written outside the table's directory.",
                                where,
                                "Give a file name without directories, e.g. '_SUCCESS'."))
                        : Optional.empty();
            case HOSTS ->
                NamedHosts.parse(value)
                        .map(hosts -> firstHostProblem(tenant, about, hosts, where))
                        .orElseGet(() -> Optional.of(new Denial(
                                ErrorCode.POLICY_HOST_NOT_ALLOWED,
                                about + " to '" + value + "', which tenant '" + tenant.name()
                                        + "' may not use (rule allowedHosts): it is not"
                                        + " a list of host:port or URLs the gateway can check.",
                                where,
                                "Write hosts as host:port, separated by commas.")));
            case JDBC_URL -> jdbcUrl(tenant, about, value, where);
        };
    }

    private static Optional<Denial> jdbcUrl(TenantRules tenant, String about, String value, SqlPosition where) {
        JdbcUrl.Parsed parsed = JdbcUrl.parse(value.strip());
        if (parsed instanceof JdbcUrl.Valid valid) {
            return firstHostProblem(tenant, about, valid.url().hosts(), where);
        }
        return Optional.of(new Denial(
                ErrorCode.POLICY_OPTION_FORBIDDEN,
                about + " to a URL tenant '" + tenant.name() + "' may not use (rule table options allowlist): it "
                        + ((JdbcUrl.Invalid) parsed).problem() + ".",
                where,
                "Use jdbc:postgresql://host[:port]/database, with parameters docs/policy.md lists."));
    }

    private static Denial valueNotAllowed(
            TenantRules tenant, String about, String value, OptionRule rule, SqlPosition where) {
        return new Denial(
                ErrorCode.POLICY_OPTION_FORBIDDEN,
                about + " to '" + value + "', which tenant '" + tenant.name()
                        + "' may not use (rule table options allowlist): other values"
                        + " name classes or need parts Sluice has not.",
                where,
                "Allowed values: "
                        + String.join(", ", rule.values().stream().sorted().toList())
                        + (rule.kind() == OptionRule.Kind.SUBSET_OF ? ", comma-separated" : "") + ".");
    }

    private static Optional<Denial> firstHostProblem(
            TenantRules tenant, String about, List<HostAndPort> hosts, SqlPosition where) {
        for (HostAndPort host : hosts) {
            Optional<OutboundDeniedException> problem = tenant.hostProblem(host);
            if (problem.isPresent()) {
                return Optional.of(new Denial(
                        ErrorCode.POLICY_HOST_NOT_ALLOWED,
                        about + " to connect to " + host + ", which tenant '" + tenant.name() + "' may not reach: "
                                + problem.get().reason() + " (rule allowedHosts).",
                        where,
                        "Public hosts are open to every tenant; an admin can allow an internal one with POST /api/v1/tenants/"
                                + tenant.name() + "/hosts {\"host\": \"" + host + "\"}."));
            }
        }
        return Optional.empty();
    }

    private static String storageRootsHint(TenantRules tenant) {
        List<String> roots = tenant.policy().allowedPaths();
        return (roots.isEmpty()
                        ? "Tenant '" + tenant.name() + "' has no storage root."
                        : "Storage roots: " + String.join(", ", roots) + ".")
                + " Use an absolute path or URI under one, away from the gateway's own files; an admin grants a root with"
                + " POST /api/v1/tenants/" + tenant.name() + "/storage-roots {\"path\": \"...\"}.";
    }
}
