package dev.sluice.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL client that writes the protocol's bytes itself, for what a real driver would never send: a startup
 * that never ends, a malformed or oversized message, a client that goes away in the middle of a stream.
 */
public final class RawPgClient implements AutoCloseable {

    /** A message the server sent: its type and body. */
    public record Message(char type, byte[] body) {

        /** An ErrorResponse's or NoticeResponse's fields by their code ('C' the SQLSTATE, 'M' the message, ...). */
        public Map<Character, String> fields() {
            Map<Character, String> fields = new LinkedHashMap<>();
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char code = (char) body[i++];
                int end = i;
                while (body[end] != 0) {
                    end++;
                }
                fields.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
                i = end + 1;
            }
            return fields;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int processId;
    private int secretKey;

    private RawPgClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawPgClient connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
        return new RawPgClient(socket);
    }

    /** Protocol 3.0's startup packet with the user and database. */
    public void startup(String user) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ByteBuffer.allocate(4).putInt(196608).array());
        for (String part : new String[] {"user", user, "database", "sluice", ""}) {
            body.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        writeUntyped(body.toByteArray());
    }

    /** A packet without a type byte (the startup packets): its length, then its body. */
    public void writeUntyped(byte[] body) throws IOException {
        out.write(ByteBuffer.allocate(4 + body.length)
                .putInt(4 + body.length)
                .put(body)
                .array());
        out.flush();
    }

    public void write(char type, byte[] body) throws IOException {
        out.write(ByteBuffer.allocate(5 + body.length)
                .put((byte) type)
                .putInt(4 + body.length)
                .put(body)
                .array());
        out.flush();
    }

    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One byte, as the server answers an SSLRequest ('S' or 'N'). */
    public char readByte() throws IOException {
        return (char) in.read();
    }

    /** A CancelRequest for a process id and key. */
    public void cancelRequest(int processId, int key) throws IOException {
        writeUntyped(ByteBuffer.allocate(12)
                .putInt(80877102)
                .putInt(processId)
                .putInt(key)
                .array());
    }

    /** Startup and password; answers the message that ends it: ReadyForQuery, or the ErrorResponse. */
    public Message authenticate(String user, String token) throws IOException {
        startup(user);
        Message request = read();
        if (request == null || request.type() != 'R') {
            return request;
        }
        write('p', cString(token));
        return readUntil('Z');
    }

    /** This connection's process id and secret key, from its BackendKeyData. */
    public int processId() {
        return processId;
    }

    public int secretKey() {
        return secretKey;
    }

    public void query(String sql) throws IOException {
        write('Q', cString(sql));
    }

    /** The next message, or null when the server closed the connection. */
    public Message read() throws IOException {
        int type;
        try {
            type = in.read();
        } catch (SocketException e) {
            return null;
        }
        if (type < 0) {
            return null;
        }
        try {
            int length = in.readInt();
            byte[] body = new byte[length - 4];
            in.readFully(body);
            if (type == 'K') {
                ByteBuffer key = ByteBuffer.wrap(body);
                processId = key.getInt();
                secretKey = key.getInt();
            }
            return new Message((char) type, body);
        } catch (EOFException e) {
            return null;
        }
    }

    /** Messages up to and including one of {@code type}, or the first ErrorResponse; null when the server closed. */
    public Message readUntil(char type) throws IOException {
        while (true) {
            Message message = read();
            if (message == null || message.type() == type || message.type() == 'E') {
                return message;
            }
        }
    }

    /** Whether the server closes the connection within {@code timeout}, reading and dropping what it sends until then. */
    public boolean closedWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            while (read() != null) {
                // Dropped.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    public static byte[] cString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
