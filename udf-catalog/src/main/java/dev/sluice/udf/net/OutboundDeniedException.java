package dev.sluice.udf.net;

import static java.util.Objects.requireNonNull;

/** A connection {@link OutboundRules} refuses: to which host and port, and why. */
public final class OutboundDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;
    private final String reason;

    public OutboundDeniedException(String host, int port, String reason) {
        super("Connections to " + host + (port > 0 ? ":" + port : "") + " are not allowed: " + reason + ".");
        this.host = requireNonNull(host, "host is null");
        this.port = port;
        this.reason = requireNonNull(reason, "reason is null");
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String reason() {
        return reason;
    }
}
