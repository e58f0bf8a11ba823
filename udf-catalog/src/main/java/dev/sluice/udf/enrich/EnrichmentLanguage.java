package dev.sluice.udf.enrich;

import dev.sluice.udf.catalog.CheckedVersion;
import dev.sluice.udf.catalog.FunctionContext;
import dev.sluice.udf.catalog.FunctionDefinition;
import dev.sluice.udf.catalog.FunctionDraft;
import dev.sluice.udf.catalog.FunctionException;
import dev.sluice.udf.catalog.FunctionKind;
import dev.sluice.udf.catalog.FunctionLanguage;
import dev.sluice.udf.catalog.FunctionSignature;
import dev.sluice.udf.catalog.FunctionVersion;
import dev.sluice.udf.catalog.Language;
import dev.sluice.udf.net.OutboundRules;
import org.apache.flink.table.functions.UserDefinedFunction;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Enrichment functions in the catalog: a version's payload text is the spec's JSON. Every enrichment function is a
 * scalar {@code (key) -> STRING}; the key's declared type is free (it is bound to the lookup as it is), and
 * without a declaration it is {@code (key STRING) -> STRING}.
 *
 * <p>Where a lookup may connect is the tenant's {@link OutboundRules}: a job's lookups enforce the rules of the tenant
 * that planned it, checking each address after DNS resolution and connecting to exactly that one. Publishing a spec
 * whose host is an internal address the tenant may not reach is refused up front, as a clear early error; the check
 * at lookup time is the defence, since what a name resolves to can change after publishing.
 */
public final class EnrichmentLanguage implements FunctionLanguage {

    /** Larger than any sensible spec, small enough that a spec never weighs on the store. */
    static final int MAX_SPEC_CHARS = 64 * 1024;

    private static final FunctionSignature DEFAULT_SIGNATURE =
            new FunctionSignature(List.of(new FunctionSignature.Parameter("key", "STRING")), "STRING");

    private final EnrichmentSpecParser parser = new EnrichmentSpecParser();
    private final Function<String, OutboundRules> outbound;

    /** @param outbound the outbound rules of a tenant, by name, read at every publish */
    public EnrichmentLanguage(Function<String, OutboundRules> outbound) {
        this.outbound = requireNonNull(outbound, "outbound is null");
    }

    @Override
    public Language language() {
        return Language.ENRICHMENT;
    }

    @Override
    public CheckedVersion check(FunctionDraft draft) {
        if (draft.kind() != null && draft.kind() != FunctionKind.SCALAR) {
            throw FunctionException.invalid(
                    "kind",
                    "an enrichment function is SCALAR, not " + draft.kind(),
                    "leave kind out, or set it to SCALAR");
        }
        FunctionSignature signature = draft.signature() == null ? DEFAULT_SIGNATURE : draft.signature();
        if (signature.parameters().size() != 1) {
            throw FunctionException.invalid(
                    "signature.parameters",
                    "an enrichment function takes one parameter, " + "the key, not "
                            + signature.parameters().size(),
                    "declare one parameter, e.g. (id BIGINT)");
        }
        if (!signature.result().trim().toUpperCase(Locale.ROOT).equals("STRING")) {
            throw FunctionException.invalid(
                    "signature.result",
                    "an enrichment function returns STRING, not " + signature.result(),
                    "declare STRING and CAST the result in SQL where another type is needed");
        }
        String spec = draft.payload().text();
        if (spec == null || spec.isBlank()) {
            throw FunctionException.invalid(
                    "spec", "an enrichment function needs its spec (JSON)", "see README, \"Enrichment functions\"");
        }
        if (spec.length() > MAX_SPEC_CHARS) {
            throw new FunctionException(
                    FunctionException.Reason.TOO_LARGE,
                    "the spec has " + spec.length() + " characters, more than " + MAX_SPEC_CHARS,
                    "spec",
                    0,
                    0,
                    "a spec is a few lines of JSON");
        }
        EnrichmentSpec parsed;
        try {
            parsed = parser.parse(spec);
        } catch (EnrichmentSpecException e) {
            List<SpecError> errors = e.errors();
            throw FunctionException.invalid(
                    errors.get(0).field(),
                    errors.stream().map(SpecError::toString).collect(Collectors.joining("; ")),
                    errors.size() == 1 ? "fix this field" : "fix these " + errors.size() + " fields");
        }
        requireReachable(draft.tenant(), parsed.source());
        return new CheckedVersion(FunctionKind.SCALAR, signature, draft.payload());
    }

    @Override
    public UserDefinedFunction instantiate(
            FunctionDefinition definition, FunctionVersion version, FunctionContext context) {
        return new EnrichmentFunction(definition.name(), version.payload().text(), context.outbound());
    }

    /**
     * Refuses a source whose host is, or resolves only to, addresses the tenant may not reach. A name that does not
     * resolve here passes: the cluster may resolve it, and every lookup checks again.
     */
    private void requireReachable(String tenant, EnrichmentSpec.Source source) {
        OutboundRules rules = outbound.apply(tenant);
        for (Endpoint endpoint : source.endpoints()) {
            String host = endpoint.host();
            InetAddress[] addresses;
            try {
                addresses =
                        InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            } catch (UnknownHostException e) {
                continue;
            }
            if (Arrays.stream(addresses).noneMatch(address -> rules.allows(host, address, endpoint.port()))) {
                throw new FunctionException(
                        FunctionException.Reason.HOST_NOT_ALLOWED,
                        "Tenant '" + tenant
                                + "' may not connect to " + endpoint + ": it is the internal address "
                                + addresses[0].getHostAddress() + " (loopback, private, link-local or cloud metadata).",
                        source.urlField(),
                        0,
                        0,
                        "Use a public host, or ask an admin to allow this host for the tenant (allowedHosts in its policy).");
            }
        }
    }
}
