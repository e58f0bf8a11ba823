package dev.sluice.gateway.pipeline.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.store.PolicyRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Each tenant's policy, read from the metadata store on every use. Not cached: an admin's change applies to the next
 * statement on every gateway sharing the store, and one lookup by primary key costs little next to planning.
 */
public final class TenantPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(TenantPolicies.class);

    // The stored document is the policy's own JSON form, written by this class only.
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final PolicyRepository repository;

    public TenantPolicies(PolicyRepository repository) {
        this.repository = requireNonNull(repository, "repository is null");
    }

    /** The tenant's stored policy, or {@link Policy#defaults()} when no admin has stored one. */
    public Policy get(String tenant) {
        return repository.find(tenant).map(TenantPolicies::read).orElseGet(Policy::defaults);
    }

    /** Stores the tenant's policy, replacing the one before; returns it as stored. */
    public Policy put(String tenant, Policy policy) {
        requireNonNull(policy, "policy is null");
        repository.save(tenant, write(policy));
        LOG.info("Stored a new policy for tenant '{}'", tenant);
        return get(tenant);
    }

    private static Policy read(String document) {
        try {
            return MAPPER.readValue(document, Policy.class);
        } catch (JsonProcessingException e) {
            // Only this class writes the document, so this is a bug or a hand-edited row: refuse rather than guess.
            throw new IllegalStateException("Stored policy is not valid: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Policy policy) {
        try {
            return MAPPER.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a policy as JSON", e);
        }
    }
}
