package dev.sluice.gateway.track;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * Runs a recorded job's statement again through the statement pipeline, in a fresh session of the persistent
 * catalog (where the tables it reads live), as a new Flink job under the same job record.
 */
@FunctionalInterface
public interface JobSubmitter {

    /**
     * @param options execution options for the new job, e.g. {@code execution.savepoint.path}
     * @param rewrite turns the statement into the one to run, given the session's tables; returns it unchanged when
     *     nothing is to be rewritten
     * @throws dev.sluice.gateway.error.GatewayException when any step refuses the statement or it fails to start
     */
    void resubmit(
            Resumption resumption,
            String statement,
            Map<String, String> options,
            BiFunction<String, TimestampRestatement.TableOptions, String> rewrite);
}
