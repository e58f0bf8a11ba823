package dev.sluice.tests.harness;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** One real Kafka broker per test class ({@code @RegisterExtension static}), stopped and deleted after it. */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private Path workDir;
    private KafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        workDir = Files.createTempDirectory("sluice-kafka");
        broker = KafkaBroker.start(workDir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (workDir != null) {
            try (Stream<Path> paths = Files.walk(workDir)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("The broker runs only between beforeAll and afterAll");
        }
        return broker;
    }
}
