package dev.sluice.gateway.pgwire;

import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A result that is complete when the statement answers: a local answer, or a Flink command's rows. */
final class LocalExecution implements Execution {

    private final PgResult result;
    private int next;

    LocalExecution(PgResult result) {
        this.result = requireNonNull(result, "result is null");
    }

    @Override
    public List<PgColumn> columns() {
        return result.columns();
    }

    @Override
    public List<List<Object>> take(int max, Duration maxWait) {
        int end = (int) Math.min(result.rows().size(), (long) next + max);
        List<List<Object>> rows = result.rows().subList(next, end);
        next = end;
        return rows;
    }

    @Override
    public boolean ended() {
        return next >= result.rows().size();
    }

    @Override
    public String tag(long rows) {
        return result.hasResult() && result.commandTag().startsWith("SELECT ") ? "SELECT " + rows : result.commandTag();
    }

    @Override
    public void close() {
        next = result.rows().size();
    }
}
