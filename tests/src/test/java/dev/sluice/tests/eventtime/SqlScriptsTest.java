package dev.sluice.tests.eventtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlScriptsTest {

    @Test
    void splitsAtSemicolonsAndDropsTheEmptyTail() {
        assertThat(SqlScripts.split("CREATE TABLE a (x INT);\n\nCREATE TABLE b (y INT) ;\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)");
    }

    @Test
    void keepsSemicolonsInsideLiteralsAndQuotedIdentifiers() {
        assertThat(SqlScripts.split("SELECT 'a;b', 'it''s; fine', \"c;d\", `e;f` FROM t; SELECT 2"))
                .containsExactly("SELECT 'a;b', 'it''s; fine', \"c;d\", `e;f` FROM t", "SELECT 2");
    }

    @Test
    void keepsSemicolonsInsideCommentsAndHintsAndKeepsTheCommentsThemselves() {
        String script = """
                -- first; still a comment
                SELECT /*+ STATE_TTL('o' = '1d'); */ 1 /* a; b */;
                SELECT 2 -- trailing; comment
                """;
        assertThat(SqlScripts.split(script)).containsExactly(
                "-- first; still a comment\nSELECT /*+ STATE_TTL('o' = '1d'); */ 1 /* a; b */",
                "SELECT 2 -- trailing; comment");
    }

    @Test
    void dropsPiecesWithOnlyCommentsAndBlanks() {
        assertThat(SqlScripts.split("SELECT 1;\n-- the end; nothing more\n/* really; */\n;")).containsExactly("SELECT 1");
    }

    @Test
    void refusesAnUnclosedLiteralOrComment() {
        assertThatThrownBy(() -> SqlScripts.split("SELECT 1;\nSELECT 'it''s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unclosed quote ' opened on line 2");
        assertThatThrownBy(() -> SqlScripts.split("SELECT 1 /* ;"))
                .hasMessage("unclosed comment /* opened on line 1");
    }
}
