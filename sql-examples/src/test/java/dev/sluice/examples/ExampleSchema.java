package dev.sluice.examples;

import dev.sluice.tests.harness.TestPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A PostgreSQL schema of one test class's own in the database {@code ./sluice test} started, holding the tables of
 * the example's DDL files ({@code ${SCHEMA}} filled in): created before the class's tests, dropped after them.
 */
final class ExampleSchema implements BeforeAllCallback, AfterAllCallback {

    private final String prefix;
    private final List<String> tableFiles;
    private TestPostgres postgres;

    /** {@code tableFiles}: paths under sql-examples/ of PostgreSQL DDL to run in the schema, in order. */
    ExampleSchema(String prefix, String... tableFiles) {
        this.prefix = prefix;
        this.tableFiles = List.of(tableFiles);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = TestPostgres.fromEnvironment(prefix);
        postgres.execute("CREATE SCHEMA " + postgres.schema());
        for (String file : tableFiles) {
            postgres.execute(Files.readString(Path.of(System.getProperty("sluice.examplesDir"), file))
                    .replace("${SCHEMA}", postgres.schema()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (postgres != null) {
            postgres.execute("DROP SCHEMA " + postgres.schema() + " CASCADE");
        }
    }

    TestPostgres postgres() {
        return requireNonNull(postgres, "the schema is created before the class's tests");
    }
}
