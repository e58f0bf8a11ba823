package dev.sluice.gateway.pgwire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the messages the listener sends, in protocol version 3's layout: a type byte, a length that counts itself,
 * then the fields. Messages are buffered until {@link #flush()}: the listener flushes when the client waits for an
 * answer (ReadyForQuery, Flush, a batch of a stream's rows, a password request).
 */
final class BackendMessages {

    /** ReadyForQuery's transaction status: idle, or in a transaction block the client opened with BEGIN. */
    enum TransactionStatus {
        IDLE('I'),
        IN_TRANSACTION('T');

        private final char code;

        TransactionStatus(char code) {
            this.code = code;
        }
    }

    private final OutputStream out;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();

    BackendMessages(OutputStream out) {
        this.out = out;
    }

    void authenticationCleartextPassword() throws IOException {
        begin('R');
        int32(3);
        end();
    }

    void authenticationOk() throws IOException {
        begin('R');
        int32(0);
        end();
    }

    void parameterStatus(String name, String value) throws IOException {
        begin('S');
        string(name);
        string(value);
        end();
    }

    void backendKeyData(int processId, int secretKey) throws IOException {
        begin('K');
        int32(processId);
        int32(secretKey);
        end();
    }

    /** Tells a client asking for protocol 3.x (x > 0) or protocol options that this speaks 3.0 without them. */
    void negotiateProtocolVersion(List<String> unsupportedOptions) throws IOException {
        begin('v');
        int32(0);
        int32(unsupportedOptions.size());
        for (String option : unsupportedOptions) {
            string(option);
        }
        end();
    }

    void readyForQuery(TransactionStatus status) throws IOException {
        begin('Z');
        message.write(status.code);
        end();
    }

    /** Columns as PostgreSQL describes them; no table OID or attribute number, as for a computed column. */
    void rowDescription(List<PgColumn> columns, List<Boolean> binary) throws IOException {
        begin('T');
        int16(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            PgColumn column = columns.get(i);
            string(column.name());
            int32(0);
            int16(0);
            int32(column.type().oid());
            int16(column.type().length());
            int32(column.type().modifier());
            int16(binary.get(i) ? 1 : 0);
        }
        end();
    }

    void noData() throws IOException {
        begin('n');
        end();
    }

    void parameterDescription(List<PgType> types) throws IOException {
        begin('t');
        int16(types.size());
        for (PgType type : types) {
            int32(type.oid());
        }
        end();
    }

    /** One row, each value already encoded (null for SQL NULL). */
    void dataRow(List<byte[]> values) throws IOException {
        begin('D');
        int16(values.size());
        for (byte[] value : values) {
            if (value == null) {
                int32(-1);
            } else {
                int32(value.length);
                message.write(value);
            }
        }
        end();
    }

    void commandComplete(String tag) throws IOException {
        begin('C');
        string(tag);
        end();
    }

    void emptyQueryResponse() throws IOException {
        begin('I');
        end();
    }

    void parseComplete() throws IOException {
        begin('1');
        end();
    }

    void bindComplete() throws IOException {
        begin('2');
        end();
    }

    void closeComplete() throws IOException {
        begin('3');
        end();
    }

    void portalSuspended() throws IOException {
        begin('s');
        end();
    }

    /** An ErrorResponse; {@code fatal} when the connection closes after it. */
    void error(PgException error, boolean fatal) throws IOException {
        fields(
                'E',
                fatal ? "FATAL" : "ERROR",
                error.state(),
                error.getMessage(),
                error.detail(),
                error.hint(),
                error.position());
    }

    void notice(String message, String detail, String hint) throws IOException {
        fields('N', "NOTICE", SqlState.SUCCESSFUL_COMPLETION, message, detail, hint, 0);
    }

    void warning(String message, String hint) throws IOException {
        fields('N', "WARNING", SqlState.WARNING, message, null, hint, 0);
    }

    private void fields(
            char type, String severity, SqlState state, String text, String detail, String hint, int position)
            throws IOException {
        begin(type);
        field('S', severity);
        field('V', severity);
        field('C', state.code());
        field('M', text);
        field('D', detail);
        field('H', hint);
        field('P', position > 0 ? Integer.toString(position) : null);
        message.write(0);
        end();
    }

    /** The one byte that answers an SSLRequest or GSSENCRequest: 'S' (TLS follows) or 'N'. */
    void sslResponse(boolean accepted) throws IOException {
        out.write(accepted ? 'S' : 'N');
        out.flush();
    }

    void flush() throws IOException {
        out.flush();
    }

    private void begin(char type) {
        message.reset();
        message.write(type);
        // The length, filled in by end().
        message.write(0);
        message.write(0);
        message.write(0);
        message.write(0);
    }

    private void end() throws IOException {
        byte[] bytes = message.toByteArray();
        int length = bytes.length - 1;
        bytes[1] = (byte) (length >>> 24);
        bytes[2] = (byte) (length >>> 16);
        bytes[3] = (byte) (length >>> 8);
        bytes[4] = (byte) length;
        out.write(bytes);
    }

    private void field(char code, String value) {
        if (value != null) {
            message.write(code);
            string(value);
        }
    }

    private void int32(int value) {
        message.write(value >>> 24);
        message.write(value >>> 16);
        message.write(value >>> 8);
        message.write(value);
    }

    private void int16(int value) {
        message.write(value >>> 8);
        message.write(value);
    }

    /** A NUL-terminated string; a NUL inside it would end it early, so it is left out. */
    private void string(String value) {
        byte[] bytes = value.replace("\0", "").getBytes(StandardCharsets.UTF_8);
        message.write(bytes, 0, bytes.length);
        message.write(0);
    }
}
