package dev.sluice.udf.testrows;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Rows of a table as bytes, with Flink's own serializer for the table's row type, so they survive the trip from the
 * gateway into a job's graph and back from its collector exactly: row kind, DECIMAL digits, timestamp nanos.
 */
public final class TestRows {

    private TestRows() {}

    /** The rows as text for a table option. */
    public static String encode(RowType type, List<RowData> rows) {
        RowDataSerializer serializer = new RowDataSerializer(type);
        DataOutputSerializer out = new DataOutputSerializer(256);
        try {
            out.writeInt(rows.size());
            for (RowData row : rows) {
                serializer.serialize(row, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.getCopyOfBuffer());
    }

    public static List<RowData> decode(RowType type, String encoded) {
        RowDataSerializer serializer = new RowDataSerializer(type);
        DataInputDeserializer in = new DataInputDeserializer(Base64.getDecoder().decode(encoded));
        try {
            int count = in.readInt();
            List<RowData> rows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                rows.add(serializer.deserialize(in));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row as bytes, for the collector's accumulator. */
    static byte[] toBytes(RowDataSerializer serializer, RowData row) {
        DataOutputSerializer out = new DataOutputSerializer(64);
        try {
            serializer.serialize(row, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.getCopyOfBuffer();
    }

    /** Rows a collector gathered ({@link TestRowsFactory#COLLECT_AS}), back from the job's accumulator. */
    public static List<RowData> fromBytes(RowType type, List<byte[]> collected) {
        RowDataSerializer serializer = new RowDataSerializer(type);
        List<RowData> rows = new ArrayList<>(collected.size());
        try {
            for (byte[] bytes : collected) {
                rows.add(serializer.deserialize(new DataInputDeserializer(bytes)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
