package dev.sluice.gateway.track;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlHint;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlTableRef;
import org.apache.calcite.sql.dialect.AnsiSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.flink.sql.parser.dml.SqlExecute;
import org.apache.flink.sql.parser.dml.SqlStatementSet;
import org.apache.flink.sql.parser.impl.FlinkSqlParserImpl;
import org.apache.flink.sql.parser.validate.FlinkSqlConformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Rewrites a job's statement so that every Kafka table it reads starts at a point in time, for restating results:
 * each source reference in the parsed tree gets the dynamic table options {@code scan.startup.mode=timestamp} and
 * {@code scan.startup.timestamp-millis}. The tree is rewritten and printed again, never the text spliced, and sink
 * tables are left alone. A source that cannot start at a timestamp (datagen, filesystem, a view) is refused.
 */
public final class TimestampRestatement {

    /** The request field a refusal points at. */
    public static final String FIELD = "startFromTimestamp";

    /** The connector options of the table a (possibly partial) name denotes; empty for a view or no table. */
    @FunctionalInterface
    public interface TableOptions {
        Optional<Map<String, String>> of(List<String> names);
    }

    private static final SqlParser.Config PARSER = SqlParser.config()
            .withParserFactory(FlinkSqlParserImpl.FACTORY)
            .withConformance(FlinkSqlConformance.DEFAULT)
            .withLex(Lex.JAVA)
            .withIdentifierMaxLength(256);

    // Prints back what Flink's parser reads: back-quoted identifiers, case kept.
    private static final SqlDialect DIALECT = new AnsiSqlDialect(SqlDialect.EMPTY_CONTEXT
            .withIdentifierQuoteString("`")
            .withQuotedCasing(Casing.UNCHANGED)
            .withUnquotedCasing(Casing.UNCHANGED));

    private final TableOptions tables;
    private final long timestampMillis;

    public TimestampRestatement(TableOptions tables, long timestampMillis) {
        this.tables = requireNonNull(tables, "tables is null");
        this.timestampMillis = timestampMillis;
    }

    /** The statement with its Kafka sources starting at the timestamp. */
    public String rewrite(String sql) {
        SqlNode statement;
        try {
            statement = SqlParser.create(sql, PARSER).parseStmt();
        } catch (SqlParseException e) {
            throw refusal("The job's recorded statement no longer parses: " + e.getMessage());
        }
        List<SqlInsert> inserts = inserts(statement);
        if (inserts.isEmpty()) {
            throw refusal("The job's statement is not an INSERT or a statement set of INSERTs.");
        }
        SourceHints hints = new SourceHints();
        for (SqlInsert insert : inserts) {
            // Operand 2 of an INSERT is its source query; the target table is never touched.
            insert.setOperand(2, insert.getSource().accept(hints));
        }
        if (hints.rewritten == 0) {
            throw refusal("The job reads no table, so there is nothing to restart at a timestamp.");
        }
        return statement.toSqlString(DIALECT).getSql();
    }

    private static List<SqlInsert> inserts(SqlNode statement) {
        if (statement instanceof SqlExecute execute) {
            return inserts(execute.getStatement());
        }
        if (statement instanceof SqlStatementSet set) {
            return new ArrayList<>(set.getInserts());
        }
        if (statement instanceof SqlInsert insert) {
            return List.of(insert);
        }
        return List.of();
    }

    /** Gives every table read in a FROM clause, at any depth, the startup options. */
    private final class SourceHints extends SqlShuttle {
        private int rewritten;

        @Override
        public SqlNode visit(SqlCall call) {
            if (call instanceof SqlSelect select && select.getFrom() != null) {
                select.setFrom(from(select.getFrom()));
            } else if (call.getKind() == SqlKind.EXPLICIT_TABLE && call.operand(0) instanceof SqlIdentifier table) {
                // TABLE t, as in a window function's argument: the options go on the reference itself.
                call.setOperand(0, hinted(table, SqlNodeList.EMPTY));
            }
            return super.visit(call);
        }

        private SqlNode from(SqlNode from) {
            if (from instanceof SqlIdentifier table) {
                return hinted(table, SqlNodeList.EMPTY);
            }
            if (from instanceof SqlTableRef ref) {
                return hinted(ref.operand(0), ref.operand(1));
            }
            if (from instanceof SqlJoin join) {
                join.setLeft(from(join.getLeft()));
                join.setRight(from(join.getRight()));
                return join;
            }
            if (from instanceof SqlBasicCall call && call.getKind() == SqlKind.AS) {
                call.setOperand(0, from(call.operand(0)));
                return call;
            }
            // Subqueries are selects of their own, reached by the shuttle; table functions read no table.
            return from;
        }

        private SqlNode hinted(SqlIdentifier table, SqlNodeList existingHints) {
            Map<String, String> options = tables.of(table.names)
                    .orElseThrow(() -> refusal("'" + table + "' is a view or no table; restating from a timestamp needs"
                            + " the jobs' sources to be Kafka tables, read directly."));
            String connector = options.getOrDefault("connector", "");
            if (!connector.equals("kafka") && !connector.equals("upsert-kafka")) {
                throw refusal("Table '" + table + "' reads from connector '" + connector + "', which cannot start at a"
                        + " timestamp; only Kafka sources can be restated.");
            }
            rewritten++;
            SqlParserPos pos = table.getParserPosition();
            SqlNodeList hints = new SqlNodeList(existingHints.getList(), pos);
            hints.add(new SqlHint(
                    pos,
                    new SqlIdentifier("OPTIONS", pos),
                    SqlNodeList.of(
                            SqlLiteral.createCharString("scan.startup.mode", pos),
                            SqlLiteral.createCharString("timestamp", pos),
                            SqlLiteral.createCharString("scan.startup.timestamp-millis", pos),
                            SqlLiteral.createCharString(Long.toString(timestampMillis), pos)),
                    SqlHint.HintOptionFormat.KV_LIST));
            return new SqlTableRef(pos, table, hints);
        }
    }

    private static GatewayException refusal(String message) {
        return GatewayException.forField(
                ErrorCode.INVALID_REQUEST,
                FIELD,
                message,
                "Resume without startFromTimestamp to continue from a savepoint instead.");
    }
}
