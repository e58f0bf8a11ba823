package dev.sluice.estimate.operators;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

import java.util.List;

/**
 * The serialized size of rows and keys as their column types suggest: fixed-size types by their width, strings and
 * bytes by their declared length up to {@link #VARIABLE_BYTES} (STRING has no useful length; give avgRowBytes).
 */
final class TypeSizes {

    /** Assumed size of a variable-length value of unknown length. */
    static final int VARIABLE_BYTES = 24;
    /** A binary row's header and null bits. */
    private static final int ROW_HEADER_BYTES = 8;

    private TypeSizes() {}

    static double rowBytes(RelDataType rowType) {
        return ROW_HEADER_BYTES
                + rowType.getFieldList().stream()
                        .mapToDouble(field -> size(field.getType()))
                        .sum();
    }

    static double keyBytes(RelDataType rowType, int[] indices) {
        List<RelDataTypeField> fields = rowType.getFieldList();
        double sum = 0;
        for (int index : indices) {
            sum += size(fields.get(index).getType());
        }
        return Math.max(1, sum);
    }

    static double size(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case BOOLEAN, TINYINT -> 1;
            case SMALLINT -> 2;
            case INTEGER, DATE, TIME, FLOAT -> 4;
            case BIGINT, DOUBLE, INTERVAL_DAY_SECOND, INTERVAL_YEAR_MONTH -> 8;
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 12;
            case DECIMAL -> type.getPrecision() <= 18 ? 8 : 16;
            case CHAR, VARCHAR, BINARY, VARBINARY ->
                4 + Math.min(type.getPrecision() > 0 ? type.getPrecision() : VARIABLE_BYTES, VARIABLE_BYTES);
            default -> VARIABLE_BYTES;
        };
    }
}
