package dev.sluice.gateway.pgwire;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The protocol's framing, against bytes worked out by hand from the protocol's message formats. */
class MessagesTest {

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static String written(IoAction action) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        action.write(new BackendMessages(out));
        return HexFormat.of().formatHex(out.toByteArray());
    }

    private interface IoAction {
        void write(BackendMessages messages) throws IOException;
    }

    @Test
    void backendMessagesHaveTypeLengthAndFields() throws IOException {
        // 'C', length 4 + 9, "SELECT 1" and its NUL.
        assertThat(written(m -> m.commandComplete("SELECT 1"))).isEqualTo("43" + "0000000d" + hex("SELECT 1") + "00");
        assertThat(written(m -> m.readyForQuery(BackendMessages.TransactionStatus.IDLE)))
                .isEqualTo("5a" + "00000005" + "49");
        // 'D', length 4 + 2 + (4 + 1) + 4: two values, "1" and NULL.
        assertThat(written(m -> m.dataRow(Arrays.asList(new byte[] {'1'}, null))))
                .isEqualTo("44" + "0000000f" + "0002" + "00000001" + "31" + "ffffffff");
        assertThat(written(m -> m.authenticationCleartextPassword())).isEqualTo("52" + "00000008" + "00000003");
        assertThat(written(m -> m.backendKeyData(7, -1))).isEqualTo("4b" + "0000000c" + "00000007" + "ffffffff");
        assertThat(written(m -> m.parameterDescription(List.of(PgType.INT4, PgType.TEXT))))
                .isEqualTo("74" + "0000000e" + "0002" + "00000017" + "00000019");
    }

    @Test
    void rowDescriptionNamesEachColumnsTypeLengthModifierAndFormat() throws IOException {
        // "n\0", table OID 0, attribute 0, numeric (1700 = 0x06a4), length -1, modifier (10 << 16 | 2) + 4, binary.
        assertThat(written(m -> m.rowDescription(
                        List.of(new PgColumn("n", PgType.NUMERIC.withModifier(((10 << 16) | 2) + 4))), List.of(true))))
                .isEqualTo("54" + "0000001a" + "0001" + hex("n") + "00" + "00000000" + "0000" + "000006a4" + "ffff"
                        + "000a0006" + "0001");
    }

    @Test
    void errorsCarrySeverityCodeMessageHintAndPosition() throws IOException {
        String bytes =
                written(m -> m.error(new PgException(SqlState.UNDEFINED_TABLE, "no t", null, "make t", 15), false));
        assertThat(bytes)
                .isEqualTo("45" + "0000002c"
                        + hex("S") + hex("ERROR") + "00" + hex("V") + hex("ERROR") + "00" + hex("C") + hex("42P01")
                        + "00"
                        + hex("M") + hex("no t") + "00" + hex("H") + hex("make t") + "00" + hex("P") + hex("15") + "00"
                        + "00");
    }

    @Test
    void messagesLargerThanTheLimitAreRefusedBeforeTheyAreRead() {
        byte[] header = HexFormat.of().parseHex("51" + "7fffffff");
        MessageReader reader = new MessageReader(new ByteArrayInputStream(header), 1024);
        assertThatThrownBy(reader::readMessage).isInstanceOfSatisfying(PgException.class, e -> {
            assertThat(e.state()).isEqualTo(SqlState.PROGRAM_LIMIT_EXCEEDED);
            assertThat(e.getMessage()).isEqualTo("message 'Q' of 2147483643 bytes exceeds the limit of 1024 bytes");
        });
    }

    @Test
    void impossibleLengthsAndTruncatedFieldsAreProtocolViolations() throws IOException {
        assertThatThrownBy(() -> new MessageReader(
                                new ByteArrayInputStream(HexFormat.of().parseHex("51" + "00000002")), 1024)
                        .readMessage())
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.PROTOCOL_VIOLATION));
        assertThatThrownBy(() -> new MessageReader(
                                new ByteArrayInputStream(HexFormat.of().parseHex("00100000")), 1024)
                        .readStartupPacket())
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.PROTOCOL_VIOLATION));
        // A Query whose string has no terminating NUL.
        FrontendMessage query = new MessageReader(
                        new ByteArrayInputStream(HexFormat.of().parseHex("51" + "00000006" + hex("hi"))), 1024)
                .readMessage();
        assertThatThrownBy(query::readString)
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.PROTOCOL_VIOLATION));
        // A Bind that announces more values than it has.
        FrontendMessage bind = new FrontendMessage('B', HexFormat.of().parseHex("0000" + "0000" + "7fff"));
        bind.readString();
        bind.readString();
        assertThat(bind.readCount(2)).isEqualTo(0);
        assertThatThrownBy(() -> bind.readCount(4))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.PROTOCOL_VIOLATION));
    }

    @Test
    void aClientThatClosesBetweenMessagesEndsTheStream() throws IOException {
        assertThat(new MessageReader(new ByteArrayInputStream(new byte[0]), 1024).readMessage())
                .isNull();
    }
}
