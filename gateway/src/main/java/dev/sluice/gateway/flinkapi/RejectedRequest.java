package dev.sluice.gateway.flinkapi;

import dev.sluice.gateway.error.GatewayException;
import org.apache.flink.runtime.rest.handler.RestHandlerException;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;

/**
 * How the Flink-compatible endpoint answers a request Sluice refuses. Flink's REST stack renders any exception
 * other than a {@link RestHandlerException} as "500 Internal server error" with the server's stack trace in the
 * body, and even a RestHandlerException's body is its printed stack trace. This one keeps the gateway's status
 * code and has no stack, so the client reads one line: the code, the position, the message and the hint.
 */
final class RejectedRequest extends RestHandlerException {

    private static final long serialVersionUID = 1L;

    private RejectedRequest(GatewayException cause) {
        super(oneLine(cause.describe()), HttpResponseStatus.valueOf(cause.code().httpStatus()), LoggingBehavior.IGNORE);
    }

    /** The text on one line (Flink's clients show the first), without the names of exceptions it passed through. */
    static String oneLine(String text) {
        return OneLineErrors.oneLine(text.replaceAll("\\s*\\R\\s*", " "));
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    @Override
    public String toString() {
        return getMessage();
    }

    /**
     * Throws the rejection out of a {@code SqlGatewayService} method. The interface declares no checked exceptions,
     * but Flink's handlers catch exactly this checked one to choose the status code, so it is thrown unchecked.
     */
    static RuntimeException rethrow(GatewayException cause) {
        throw RejectedRequest.<RuntimeException>sneakyThrow(new RejectedRequest(cause));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneakyThrow(Throwable failure) throws T {
        throw (T) failure;
    }
}
