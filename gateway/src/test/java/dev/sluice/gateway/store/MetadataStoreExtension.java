package dev.sluice.gateway.store;

import dev.sluice.gateway.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs each {@link StoreTest} once per {@link Backend}, and gives every run a fresh, empty, migrated store: H2 in a
 * new temporary directory, or a new schema of the PostgreSQL database named by {@code SLUICE_TEST_POSTGRES_URL}
 * (with {@code SLUICE_TEST_POSTGRES_USER} and {@code SLUICE_TEST_POSTGRES_PASSWORD}). The store is closed and its
 * directory or schema removed after the run.
 *
 * <p>Without {@code SLUICE_TEST_POSTGRES_URL} the PostgreSQL runs are skipped, unless {@code
 * SLUICE_REQUIRE_POSTGRES=true}: then they fail, so that a CI run cannot pass without PostgreSQL by accident. Start a
 * throw-away server with {@code scripts/postgres.sh start <dir>}.
 */
public final class MetadataStoreExtension implements TestTemplateInvocationContextProvider {

    public static final String POSTGRES_URL = TestPostgres.URL;
    public static final String REQUIRE_POSTGRES = TestPostgres.REQUIRE;

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MetadataStoreExtension.class);

    /** The databases the store runs on. */
    public enum Backend {
        H2,
        POSTGRESQL;

        String displayName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(Backend.values()).map(BackendInvocation::new);
    }

    /** One run of a test on one backend. */
    private record BackendInvocation(Backend backend) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + backend.displayName() + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new BackendResolver(backend));
        }
    }

    private record BackendResolver(Backend backend) implements BeforeEachCallback, ParameterResolver {

        @Override
        public void beforeEach(ExtensionContext context) {
            if (backend == Backend.POSTGRESQL && System.getenv(POSTGRES_URL) == null) {
                String message = POSTGRES_URL + " is not set; start PostgreSQL with scripts/postgres.sh start <dir>";
                if (Boolean.parseBoolean(System.getenv(REQUIRE_POSTGRES))) {
                    throw new IllegalStateException(REQUIRE_POSTGRES + "=true but " + message);
                }
                Assumptions.abort("PostgreSQL run skipped: " + message);
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == MetadataStore.class || type == StoreConfig.class || type == Backend.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            if (type == Backend.class) {
                return backend;
            }
            // One store per run, shared by all parameters of the run and closed by JUnit when the run ends.
            FreshStore fresh = context.getStore(NAMESPACE)
                    .getOrComputeIfAbsent(FreshStore.class, key -> FreshStore.create(backend), FreshStore.class);
            return type == MetadataStore.class ? fresh.store() : fresh.config();
        }
    }

    /** An open store on an empty database, and how to remove that database afterwards. */
    private record FreshStore(StoreConfig config, MetadataStore store, Cleanup cleanup)
            implements ExtensionContext.Store.CloseableResource {

        @FunctionalInterface
        interface Cleanup {
            void run() throws Exception;
        }

        static FreshStore create(Backend backend) {
            return switch (backend) {
                case H2 -> h2();
                case POSTGRESQL -> postgresql();
            };
        }

        private static FreshStore h2() {
            Path directory;
            try {
                directory = Files.createTempDirectory("sluice-store-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return open(StoreConfig.embedded(directory, CONNECTION_TIMEOUT), () -> deleteRecursively(directory));
        }

        private static FreshStore postgresql() {
            TestPostgres postgres = TestPostgres.fromEnvironment()
                    .orElseThrow(() -> new IllegalStateException(POSTGRES_URL + " is null"));
            TestPostgres.Schema schema = postgres.createSchema();
            return open(
                    new StoreConfig(schema.url(), postgres.user(), postgres.password(), 2, CONNECTION_TIMEOUT),
                    schema::drop);
        }

        private static FreshStore open(StoreConfig config, Cleanup cleanup) {
            try {
                return new FreshStore(config, MetadataStore.open(config, new SimpleMeterRegistry()), cleanup);
            } catch (RuntimeException e) {
                try {
                    cleanup.run();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            try {
                store.close();
            } finally {
                cleanup.run();
            }
        }

        private static void deleteRecursively(Path directory) throws IOException {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
