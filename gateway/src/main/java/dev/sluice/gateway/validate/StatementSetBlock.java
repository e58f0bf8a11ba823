package dev.sluice.gateway.validate;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * The INSERTs of a script's open {@code BEGIN STATEMENT SET} block, as their SQL, while the script is validated: the
 * scratch session never opens the block in Flink (nothing there runs), so the validator keeps it to estimate the
 * block's INSERTs at its END as the one job they run as.
 */
final class StatementSetBlock {

    @Nullable
    private List<String> inserts;

    void begin() {
        inserts = new ArrayList<>();
    }

    boolean isOpen() {
        return inserts != null;
    }

    void add(String insert) {
        if (inserts != null) {
            inserts.add(insert);
        }
    }

    /** Closes the block: its INSERTs in order. */
    List<String> end() {
        List<String> collected = inserts == null ? List.of() : List.copyOf(inserts);
        inserts = null;
        return collected;
    }
}
