package dev.sluice.gateway.pgwire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * One message a client sent: its type byte ({@code 0} for the untyped startup packets) and its body, read field by
 * field. A body shorter than its fields, or a string without its terminating NUL, is a protocol violation (08P01).
 */
public final class FrontendMessage {

    private final char type;
    private final ByteBuffer body;

    public FrontendMessage(char type, byte[] body) {
        this.type = type;
        this.body = ByteBuffer.wrap(requireNonNull(body, "body is null"));
    }

    public char type() {
        return type;
    }

    public int readInt() {
        try {
            return body.getInt();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    public short readShort() {
        try {
            return body.getShort();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    /** A count of items to follow, refused when negative or when the rest of the body cannot hold that many. */
    public int readCount(int minimumBytesPerItem) {
        int count = readShort() & 0xFFFF;
        if ((long) count * minimumBytesPerItem > body.remaining()) {
            throw truncated();
        }
        return count;
    }

    /** A NUL-terminated string in UTF-8 (invalid UTF-8 is refused). */
    public String readString() {
        int start = body.position();
        for (int i = start; i < body.limit(); i++) {
            if (body.get(i) == 0) {
                byte[] bytes = Arrays.copyOfRange(body.array(), start, i);
                body.position(i + 1);
                return ParameterValues.utf8(bytes);
            }
        }
        throw new PgException(SqlState.PROTOCOL_VIOLATION, "invalid string in message: no terminating NUL");
    }

    /** {@code length} bytes, or null when {@code length} is -1 (SQL NULL). */
    public byte[] readBytes(int length) {
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > body.remaining()) {
            throw truncated();
        }
        byte[] bytes = new byte[length];
        body.get(bytes);
        return bytes;
    }

    public boolean hasRemaining() {
        return body.hasRemaining();
    }

    private PgException truncated() {
        return new PgException(
                SqlState.PROTOCOL_VIOLATION,
                "invalid message format: message '" + type + "' is too short for its fields");
    }
}
