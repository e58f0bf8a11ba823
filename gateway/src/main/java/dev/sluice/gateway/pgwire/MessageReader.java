package dev.sluice.gateway.pgwire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a client's messages from its connection: the untyped startup packets, then typed messages. Every length is
 * checked before anything is allocated: a startup packet over PostgreSQL's own 10,000 bytes or a message over the
 * configured limit is refused (54000) and the connection closed, so a client cannot make the listener hold more
 * than the limit for it.
 */
final class MessageReader {

    /** PostgreSQL's own limit for a startup packet. */
    static final int MAX_STARTUP_PACKET = 10_000;

    private final DataInputStream in;
    private final long maxMessageBytes;

    MessageReader(InputStream in, long maxMessageBytes) {
        this.in = new DataInputStream(in);
        this.maxMessageBytes = maxMessageBytes;
    }

    /** A startup packet (StartupMessage, SSLRequest, GSSENCRequest or CancelRequest), its length word left out. */
    FrontendMessage readStartupPacket() throws IOException {
        int length = in.readInt();
        if (length < 8 || length > MAX_STARTUP_PACKET) {
            throw new PgException(SqlState.PROTOCOL_VIOLATION, "invalid length of startup packet: " + length);
        }
        return new FrontendMessage('\0', readBody(length - 4));
    }

    /**
     * The next typed message, or null when the client closed the connection between messages.
     *
     * @throws PgException 54000 when it is larger than the limit, 08P01 when its length is impossible
     */
    FrontendMessage readMessage() throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length = in.readInt();
        if (length < 4) {
            throw new PgException(
                    SqlState.PROTOCOL_VIOLATION,
                    "invalid message length " + length + " for message '" + (char) type + "'");
        }
        if (length - 4L > maxMessageBytes) {
            throw new PgException(
                    SqlState.PROGRAM_LIMIT_EXCEEDED,
                    "message '" + (char) type + "' of " + (length - 4) + " bytes exceeds the limit of "
                            + maxMessageBytes + " bytes",
                    "Send smaller statements or parameter values; the limit is sluice.pg.max-message-size.");
        }
        return new FrontendMessage((char) type, readBody(length - 4));
    }

    private byte[] readBody(int length) throws IOException {
        byte[] body = new byte[length];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new EOFException("The client closed the connection in the middle of a message");
        }
        return body;
    }
}
