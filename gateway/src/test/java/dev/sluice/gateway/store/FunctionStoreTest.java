package dev.sluice.gateway.store;

import dev.sluice.udf.catalog.FunctionDefinition;
import dev.sluice.udf.catalog.FunctionException;
import dev.sluice.udf.catalog.FunctionKind;
import dev.sluice.udf.catalog.FunctionPayload;
import dev.sluice.udf.catalog.FunctionSignature;
import dev.sluice.udf.catalog.FunctionStore;
import dev.sluice.udf.catalog.FunctionUse;
import dev.sluice.udf.catalog.FunctionVersion;
import dev.sluice.udf.catalog.JdbcVersionSource;
import dev.sluice.udf.catalog.Language;
import dev.sluice.udf.catalog.StoredFunction;
import dev.sluice.udf.catalog.VersionSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The UDF catalog's tables (migrations V10, V11 from udf-catalog) on H2 and PostgreSQL. */
class FunctionStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final FunctionSignature UPPER = new FunctionSignature(
            List.of(
                    new FunctionSignature.Parameter("s", "STRING"),
                    new FunctionSignature.Parameter("n", "DECIMAL(10, 2)")),
            "ROW<a STRING, b INT>");

    @StoreTest
    void createdFunctionReadsBackWithItsFirstVersionAndJarBytes(MetadataStore store) {
        FunctionStore functions = new FunctionStore(store.dataSource());
        byte[] jar = {'P', 'K', 3, 4, 0, -1, 127, -128};
        functions.create(definition("default", "shout"), version(1, FunctionPayload.jar("a.Shout", jar)));

        StoredFunction stored = functions.find("default", "shout").orElseThrow();
        assertThat(stored.definition()).isEqualTo(definition("default", "shout"));
        assertThat(stored.currentVersion()).isEqualTo(1);
        assertThat(stored.latestVersion()).isEqualTo(1);
        FunctionVersion first = functions.version("default", "shout", 1).orElseThrow();
        assertThat(first.payload().binary()).containsExactly(jar);
        assertThat(first.payload().entry()).isEqualTo("a.Shout");
        assertThat(first.payload().text()).isNull();
        assertThat(first.signature()).isEqualTo(UPPER);
        assertThat(first.createdAt()).isEqualTo(T0);
        assertThat(functions.find("other", "shout"))
                .as("another tenant's namespace")
                .isEmpty();
    }

    @StoreTest
    void publishAddsVersionsAndRollbackMovesOnlyThePointer(MetadataStore store) {
        FunctionStore functions = new FunctionStore(store.dataSource());
        functions.create(definition("default", "f"), version(1, FunctionPayload.source("f", "v1 ünïcödé")));
        functions.publish("default", "f", version(2, FunctionPayload.source("f", "v2")));
        functions.publish("default", "f", version(3, FunctionPayload.source("f", "v3")));

        assertThat(functions.setCurrent("default", "f", 1, T0.plusSeconds(5))).isTrue();
        assertThat(functions.setCurrent("default", "f", 9, T0.plusSeconds(5)))
                .as("no version 9")
                .isFalse();

        StoredFunction stored = functions.find("default", "f").orElseThrow();
        assertThat(stored.currentVersion()).isEqualTo(1);
        assertThat(stored.latestVersion()).isEqualTo(3);
        assertThat(functions.versions("default", "f"))
                .extracting(v -> v.payload().text())
                .containsExactly("v1 ünïcödé", "v2", "v3");
    }

    @StoreTest
    void aSecondPublishOfTheSameNumberStoresNothing(MetadataStore store) {
        FunctionStore functions = new FunctionStore(store.dataSource());
        functions.create(definition("default", "f"), version(1, FunctionPayload.source("f", "v1")));
        functions.publish("default", "f", version(2, FunctionPayload.source("f", "v2")));

        assertThatThrownBy(() -> functions.publish("default", "f", version(2, FunctionPayload.source("f", "other"))))
                .isInstanceOf(FunctionException.class)
                .extracting(e -> ((FunctionException) e).reason())
                .isEqualTo(FunctionException.Reason.CONFLICT);
        assertThat(functions.versions("default", "f"))
                .extracting(v -> v.payload().text())
                .containsExactly("v1", "v2");
    }

    @StoreTest
    void creatingAnExistingNameConflictsAndKeepsTheFirst(MetadataStore store) {
        FunctionStore functions = new FunctionStore(store.dataSource());
        functions.create(definition("default", "f"), version(1, FunctionPayload.source("f", "first")));

        assertThatThrownBy(() ->
                        functions.create(definition("default", "f"), version(1, FunctionPayload.source("f", "second"))))
                .isInstanceOf(FunctionException.class)
                .extracting(e -> ((FunctionException) e).field())
                .isEqualTo("name");
        assertThat(functions.versions("default", "f"))
                .extracting(v -> v.payload().text())
                .containsExactly("first");
    }

    @StoreTest
    void deleteRemovesEveryVersionButKeepsJobRecords(MetadataStore store) {
        FunctionStore functions = new FunctionStore(store.dataSource());
        functions.create(definition("default", "f"), version(1, FunctionPayload.source("f", "v1")));
        functions.publish("default", "f", version(2, FunctionPayload.source("f", "v2")));
        functions.recordUses("job-1", List.of(new FunctionUse("default", "f", 2), new FunctionUse("default", "f", 2)));

        assertThat(functions.jobsUsing("default", "f")).containsExactly("job-1");
        assertThat(functions.delete("default", "f")).isTrue();
        assertThat(functions.delete("default", "f")).isFalse();

        assertThat(functions.find("default", "f")).isEmpty();
        assertThat(functions.versions("default", "f")).isEmpty();
        assertThat(functions.usesOf("job-1")).containsExactly(new FunctionUse("default", "f", 2));
    }

    @StoreTest
    void namesAreBoundValuesNotSql(MetadataStore store) {
        FunctionStore functions = new FunctionStore(store.dataSource());
        String hostile = "x'; DROP TABLE udf_function; --";
        functions.create(definition(hostile, hostile), version(1, FunctionPayload.source("f", "v1")));

        assertThat(functions.list(hostile))
                .extracting(f -> f.definition().name())
                .containsExactly(hostile);
        assertThat(functions.list("default")).isEmpty();
    }

    @StoreTest
    void aJdbcVersionSourceReadsTheCurrentVersionFromInsideAJob(MetadataStore store, StoreConfig config)
            throws Exception {
        FunctionStore functions = new FunctionStore(store.dataSource());
        functions.create(definition("default", "f"), version(1, FunctionPayload.source("f", "v1")));
        functions.publish("default", "f", version(2, FunctionPayload.source("f", "v2")));
        // As a reloadable function carries it: serialized into the job graph, read back on a task manager.
        VersionSource source = roundTrip(new JdbcVersionSource(config.jdbcUrl(), config.user(), config.password()));

        assertThat(source.current("default", "f").orElseThrow().payload().text())
                .isEqualTo("v2");
        functions.setCurrent("default", "f", 1, T0);
        assertThat(source.current("default", "f").orElseThrow().number()).isEqualTo(1);
        assertThat(source.current("default", "missing")).isEmpty();
    }

    private static VersionSource roundTrip(VersionSource source) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(source);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (VersionSource) in.readObject();
        }
    }

    private static FunctionDefinition definition(String tenant, String name) {
        return new FunctionDefinition(
                tenant, name, FunctionKind.SCALAR, Language.JAVA, UPPER, "alice", "shouts", false);
    }

    private static FunctionVersion version(int number, FunctionPayload payload) {
        return new FunctionVersion(number, UPPER, payload, "0".repeat(64), T0, "alice");
    }
}
