package dev.sluice.gateway.pgwire;

/**
 * How a statement that waits for rows learns that it should stop: its connection's cancel request or the client going
 * away. Waiting through {@link #pause} ends early when either happens.
 */
interface Interruptions {

    /**
     * @throws PgException 57014 when the client asked to cancel the statement
     * @throws ClientGone when the client closed the connection
     */
    void check();

    /** Waits up to {@code millis}, or less when a cancel request comes or the client goes away. */
    void pause(long millis);

    /** The client closed its connection while a statement ran: the statement stops, and nothing is sent. */
    final class ClientGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientGone() {
            super("The client closed the connection", null, false, false);
        }
    }
}
