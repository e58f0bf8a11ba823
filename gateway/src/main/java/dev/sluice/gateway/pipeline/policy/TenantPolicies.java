package dev.sluice.gateway.pipeline.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.execute.StoragePath;
import dev.sluice.gateway.store.PolicyRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Each tenant's policy, read from the metadata store on every use. Not cached: an admin's change applies to the next
 * statement on every gateway sharing the store, and one lookup by primary key costs little next to planning. A policy
 * is stored only when its storage roots are usable: none is, or lies inside, a location the gateway protects.
 */
public final class TenantPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(TenantPolicies.class);

    // The stored document is the policy's own JSON form, written by this class only.
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final PolicyRepository repository;
    private final StorageLocations storage;

    public TenantPolicies(PolicyRepository repository, StorageLocations storage) {
        this.repository = requireNonNull(repository, "repository is null");
        this.storage = requireNonNull(storage, "storage is null");
    }

    /** The tenant's stored policy, or {@link Policy#defaults()} when no admin has stored one. */
    public Policy get(String tenant) {
        return repository.find(tenant).map(TenantPolicies::read).orElseGet(Policy::defaults);
    }

    /**
     * Stores the tenant's policy, replacing the one before; returns it as stored.
     *
     * @throws GatewayException naming {@code allowedPaths[i]} when a storage root is, or lies inside, a protected location
     */
    public Policy put(String tenant, Policy policy) {
        requireNonNull(policy, "policy is null");
        List<String> roots = policy.allowedPaths();
        for (int i = 0; i < roots.size(); i++) {
            checkStorageRoot(roots.get(i), "allowedPaths[" + i + "]");
        }
        repository.save(tenant, write(policy));
        LOG.info("Stored a new policy for tenant '{}'", tenant);
        return get(tenant);
    }

    /**
     * Changes one part of the tenant's policy and stores it, unless the change answers empty (nothing to change); returns
     * the policy as stored, or empty. Changes on this gateway are made one at a time, so two grants do not lose one.
     */
    public synchronized Optional<Policy> update(String tenant, Function<Policy, Optional<Policy>> change) {
        return change.apply(get(tenant)).map(changed -> put(tenant, changed));
    }

    /**
     * Refuses a storage root no statement could use: one that is, or lies inside, a location the gateway protects. A
     * root that holds such a location is a root: the protected locations inside it stay out of reach.
     */
    public void checkStorageRoot(String root, String field) {
        List<StoragePath> forms = storage.forms(root)
                .orElseThrow(() -> GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        field,
                        "Field '" + field + "' is a path the gateway cannot resolve: '" + root + "'.",
                        "Give an absolute path or URI whose directories the gateway can read."));
        storage.holding(forms).ifPresent(location -> {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    field,
                    "Field '" + field + "' is '" + root + "', which is or lies inside " + location.what() + " ("
                            + location.location() + "): no statement may reach it, whatever a policy says.",
                    "Grant a directory of its own for the tenant's data, outside the gateway's data directory, checkpoints,"
                            + " savepoints, functions, console and code.");
        });
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
