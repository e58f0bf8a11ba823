package dev.sluice.gateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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

    /**
     * Storage roots became deny by default: a policy stored with the old default root, the whole file system, loses it
     * (V17, run again here on policies stored as the gateway writes them); roots an admin chose stay.
     */
    @StoreTest
    void theMigrationToNoDefaultRootDropsTheOldDefaultOnly(MetadataStore store) throws IOException, SQLException {
        PolicyRepository policies = store.policyRepository();
        policies.save("legacy", "{\"allowedConnectors\":[\"kafka\"],\"allowedPaths\":[\"/\"],\"forbiddenOptions\":[]}");
        policies.save(
                "chosen",
                "{\"allowedConnectors\":[\"kafka\"],\"allowedPaths\":[\"/srv/data\",\"/\"],\"forbiddenOptions\":[]}");

        try (InputStream in = PolicyRepositoryTest.class.getResourceAsStream(
                        "/db/migration/V17__no_default_storage_root.sql");
                Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            String migration = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.startsWith("--"))
                    .reduce("", String::concat);
            statement.execute(migration.replace(";", ""));
        }

        assertThat(policies.find("legacy"))
                .contains("{\"allowedConnectors\":[\"kafka\"],\"allowedPaths\":[],\"forbiddenOptions\":[]}");
        assertThat(policies.find("chosen"))
                .contains(
                        "{\"allowedConnectors\":[\"kafka\"],\"allowedPaths\":[\"/srv/data\",\"/\"],\"forbiddenOptions\":[]}");
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
