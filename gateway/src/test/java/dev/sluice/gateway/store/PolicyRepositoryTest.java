package dev.sluice.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyRepositoryTest {

    @StoreTest
    void aTenantWithoutAPolicyHasNone(MetadataStore store) {
        assertThat(store.policyRepository().find("default")).isEmpty();
    }

    @StoreTest
    void savingReplacesTheTenantsPolicyOnly(MetadataStore store) {
        PolicyRepository policies = store.policyRepository();
        policies.save("default", "{\"allowedConnectors\":[\"datagen\"]}");
        policies.save("other", "{\"allowedConnectors\":[\"kafka\"]}");
        policies.save("default", "{\"allowedConnectors\":[\"print\",\"ünïcödé\"]}");

        assertThat(policies.find("default")).contains("{\"allowedConnectors\":[\"print\",\"ünïcödé\"]}");
        assertThat(policies.find("other")).contains("{\"allowedConnectors\":[\"kafka\"]}");
    }

    @StoreTest
    void savingTheSameDocumentTwiceIsIdempotent(MetadataStore store) {
        PolicyRepository policies = store.policyRepository();
        policies.save("default", "{}");
        policies.save("default", "{}");

        assertThat(policies.find("default")).contains("{}");
    }

    @StoreTest
    void aTenantNameIsABoundValueNotSql(MetadataStore store) {
        PolicyRepository policies = store.policyRepository();
        String hostile = "x'; DROP TABLE tenant_policy; --";
        policies.save(hostile, "{}");

        assertThat(policies.find(hostile)).contains("{}");
        assertThat(policies.find("x")).isEmpty();
    }
}
