package dev.sluice.tests.process;

import dev.sluice.tests.pgclients.ClientProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Five-minute tour", and the examples of {@code docs/} marked the same way, run as written and answer
 * what they show. A page's runnable blocks are the {@code ```sh} blocks right after a line
 * {@code <!-- ReadmeTourIT: name -->} (see {@link TourBlock} for their {@code # -> } lines). They run in order in one
 * bash ({@code -euo pipefail}, so a failing command fails the test), as a reader runs them in one terminal, in a fresh
 * directory, against a gateway started as {@code ./sluice start} starts it in a fresh data directory. The tour's
 * unmarked first blocks, {@code ./sluice start} and the lines that set {@code TOKEN} and {@code API}, are this test's
 * part: it starts the gateway on free ports and gives bash {@code TOKEN} (the admin token) and {@code API} (the
 * gateway's {@code /api/v1} address) in its environment.
 */
class ReadmeTourIT {

    private static final String BLOCK_START = "@@ block ";

    @TempDir
    static Path dataDir;

    private static GatewayProcess gateway;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startTheGateway() throws Exception {
        gateway = GatewayProcess.start(dataDir);
    }

    @AfterAll
    static void stopTheGateway() {
        gateway.close();
    }

    @Test
    void theReadmeTour() throws Exception {
        runsAsWritten(Path.of("../README.md"));
    }

    @Test
    void thePolicyPage() throws Exception {
        runsAsWritten(Path.of("../docs/policy.md"));
    }

    @Test
    void theOperationsPage() throws Exception {
        runsAsWritten(Path.of("../docs/operations.md"), MetadataBackupIT.BLOCKS);
    }

    private void runsAsWritten(Path page) throws Exception {
        runsAsWritten(page, List.of());
    }

    /** Runs the page's blocks but those named in {@code runElsewhere}, which another test runs as written. */
    private void runsAsWritten(Path page, List<String> runElsewhere) throws Exception {
        List<TourBlock> blocks = TourBlock.in(Files.readString(page)).stream()
                .filter(block -> !runElsewhere.contains(block.name()))
                .toList();
        assertThat(blocks)
                .as("runnable blocks in %s", page)
                .isNotEmpty()
                .allSatisfy(block -> assertThat(block.expected())
                        .as("'# -> ' lines of block '%s'", block.name())
                        .isNotEmpty());
        StringBuilder script = new StringBuilder("cd '" + workDir + "'\n");
        for (TourBlock block : blocks) {
            script.append("printf '\\n%s\\n' '")
                    .append(BLOCK_START)
                    .append(block.name())
                    .append("'\n")
                    .append(block.script());
        }
        Map<String, String> environment = Map.of("TOKEN", gateway.adminToken(), "API", gateway.api() + "/api/v1");
        String output = new ClientProcess(
                        List.of("bash", "-euo", "pipefail", "-c", script.toString()),
                        environment,
                        Duration.ofMinutes(2))
                .output();
        Map<String, String> printed = byBlock(output);
        for (TourBlock block : blocks) {
            block.assertPrinted(printed.getOrDefault(block.name(), ""));
        }
    }

    /** What each block printed: the lines after its start line up to the next block's. */
    private static Map<String, String> byBlock(String output) {
        Map<String, String> printed = new HashMap<>();
        String name = null;
        StringBuilder lines = new StringBuilder();
        for (String line : output.lines().toList()) {
            if (line.startsWith(BLOCK_START)) {
                if (name != null) {
                    printed.put(name, lines.toString());
                }
                name = line.substring(BLOCK_START.length());
                lines.setLength(0);
            } else {
                lines.append(line).append('\n');
            }
        }
        if (name != null) {
            printed.put(name, lines.toString());
        }
        return printed;
    }
}
