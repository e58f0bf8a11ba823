package dev.sluice.gateway.pipeline;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import org.junit.jupiter.api.Test;

import java.util.Collections;

import static dev.sluice.gateway.pipeline.ParserLimits.MAX_CHAINED_OPERATORS;
import static dev.sluice.gateway.pipeline.ParserLimits.MAX_NUMBER_LENGTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ParserLimitsTest {

    @Test
    void aChainAtTheLimitIsLeftToTheParser() {
        assertThatCode(() -> check("SELECT 1" + " + 1".repeat(MAX_CHAINED_OPERATORS)))
                .doesNotThrowAnyException();
    }

    @Test
    void aChainOverTheLimitIsRefusedAtItsFirstOperator() {
        // The statement starts at line 3, column 5 of its script; its chain at column 10 of its own first line.
        ScriptStatement statement =
                new ScriptStatement("SELECT 1" + " + 1".repeat(MAX_CHAINED_OPERATORS + 1), 40, 3, 5);

        GatewayException error = catchThrowableOfType(GatewayException.class, () -> ParserLimits.check(statement));

        assertThat(error.code()).isEqualTo(ErrorCode.SQL_TOO_COMPLEX);
        assertThat(error.position().line()).isEqualTo(3);
        assertThat(error.position().column()).isEqualTo(4 + 10);
        assertThat(error.getMessage()).contains("more than " + MAX_CHAINED_OPERATORS + " operators");
    }

    @Test
    void prefixWordOperatorsAndTwoCharacterOperatorsCountOncePerOperator() {
        assertRefused("SELECT " + "NOT ".repeat(MAX_CHAINED_OPERATORS + 1) + "TRUE", 8);
        assertRefused("SELECT " + "- ".repeat(MAX_CHAINED_OPERATORS + 1) + "1", 8);
        // "a <> 1 OR " is two operators.
        assertThatCode(() ->
                        check("SELECT * FROM t WHERE " + "a <> 1 OR ".repeat(MAX_CHAINED_OPERATORS / 2 - 1) + "a <> 1"))
                .doesNotThrowAnyException();
        assertRefused("SELECT * FROM t WHERE " + "a <> 1 OR ".repeat(MAX_CHAINED_OPERATORS / 2) + "a <> 1", 25);
    }

    @Test
    void operatorsInLiteralsQuotedNamesAndCommentsAreNotCounted() {
        String hidden = "+".repeat(2 * MAX_CHAINED_OPERATORS);
        assertThatCode(() -> check("SELECT '" + hidden + "', '" + "it''s " + hidden + "', `" + hidden + "`, \"" + hidden
                        + "\"\n" + "-- " + hidden + "\n/* " + hidden + " */ FROM t"))
                .doesNotThrowAnyException();
    }

    @Test
    void commasClauseKeywordsAndParenthesesEndAChain() {
        String half = String.join(" + ", Collections.nCopies(MAX_CHAINED_OPERATORS / 2 + 1, "1"));
        // An IN list of many values is many short expressions, however long the list.
        assertThatCode(() -> check(
                        "SELECT a FROM t WHERE a IN (" + String.join(", ", Collections.nCopies(100_000, "1")) + ")"))
                .doesNotThrowAnyException();
        assertThatCode(() -> check("SELECT " + half + ", " + half + " FROM t WHERE " + half))
                .doesNotThrowAnyException();
        assertThatCode(() -> check("SELECT CASE WHEN " + half + " = 1 THEN " + half + " END"))
                .doesNotThrowAnyException();
        // The parenthesised part is a chain of its own; the one around it goes on after it.
        assertThatCode(() -> check("SELECT (" + half + ") + (" + half + ")")).doesNotThrowAnyException();
        assertRefused("SELECT " + half + " + (1) + " + half, 10);
    }

    /** @param column where the chain's first operator is */
    @Test
    void aNumberLongerThanTheLimitIsRefusedWhereItIs() {
        assertThatCode(() -> check("SELECT " + "9".repeat(MAX_NUMBER_LENGTH) + ", 1.5E+300, .5e-3 FROM t"))
                .doesNotThrowAnyException();

        GatewayException error = catchThrowableOfType(
                GatewayException.class, () -> check("SELECT 1,\n  " + "9".repeat(MAX_NUMBER_LENGTH + 1)));

        assertThat(error.code()).isEqualTo(ErrorCode.SQL_TOO_COMPLEX);
        assertThat(error.position()).isEqualTo(new SqlPosition(2, 3, 2, 3 + MAX_NUMBER_LENGTH));
        assertThat(error.getMessage()).contains((MAX_NUMBER_LENGTH + 1) + " characters");
        // Digits in a name or a string are not a number.
        assertThatCode(() -> check("SELECT x" + "9".repeat(2 * MAX_NUMBER_LENGTH) + ", '"
                        + "9".repeat(2 * MAX_NUMBER_LENGTH) + "'"))
                .doesNotThrowAnyException();
    }

    private static void assertRefused(String sql, int column) {
        GatewayException error = catchThrowableOfType(GatewayException.class, () -> check(sql));
        assertThat(error).as("refused").isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.SQL_TOO_COMPLEX);
        assertThat(error.position().line()).isEqualTo(1);
        assertThat(error.position().column()).isEqualTo(column);
    }

    private static void check(String sql) {
        ParserLimits.check(ScriptStatement.whole(sql));
    }
}
