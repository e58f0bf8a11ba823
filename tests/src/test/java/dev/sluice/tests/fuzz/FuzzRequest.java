package dev.sluice.tests.fuzz;

import javax.annotation.Nullable;

/**
 * One request the fuzzer sends to {@code POST /api/v1/statements:validate}.
 *
 * @param index its number in the run; with the seed it regenerates exactly this request
 * @param mutation how it was made from the corpus
 * @param script the SQL the body carries, for checking positions, or null when the body is not a well-formed request
 * @param body the raw bytes sent
 */
record FuzzRequest(int index, Mutation mutation, @Nullable String script, byte[] body) {

    /** Ways to make a request from a valid script. Weights favour the cheap ones, as each big script costs seconds. */
    enum Mutation {
        TRUNCATE_AT_CHARACTER(14),
        TRUNCATE_AT_TOKEN(10),
        DELETE_TOKEN(10),
        REPEAT_TOKEN(8),
        SWAP_TOKENS(8),
        REPLACE_TOKEN(10),
        INSERT_UNICODE(12),
        UNTERMINATED(6),
        DAMAGED_JSON(12),
        DEEP_NESTING(4),
        MANY_STATEMENTS(1),
        LONG_IDENTIFIER(1),
        HUGE_LITERAL(1);

        final int weight;

        Mutation(int weight) {
            this.weight = weight;
        }
    }
}
