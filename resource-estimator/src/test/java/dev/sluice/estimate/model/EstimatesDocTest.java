package dev.sluice.estimate.model;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docs/estimates.md} has a row for every operator kind, with the kind whose costs it borrows. */
class EstimatesDocTest {

    @Test
    void everyOperatorKindHasItsRow() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "estimates.md"));
        for (OperatorKind kind : OperatorKind.values()) {
            String costsLike = kind.calibratedAs() == kind ? "itself" : "`" + kind.calibratedAs() + "`";
            assertThat(page)
                    .as("the row of %s", kind)
                    .containsPattern("(?m)^\\| `" + kind + "` \\|.*\\| " + costsLike + " \\|$");
        }
    }
}
