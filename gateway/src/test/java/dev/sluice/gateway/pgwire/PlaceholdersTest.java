package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.pgwire.SqlTokens.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class PlaceholdersTest {

    @Test
    void placeholdersInsideLiteralsIdentifiersAndCommentsAreNotPlaceholders() {
        Placeholders placeholders =
                Placeholders.of("SELECT '$1', \"$2\", `$5`, $3 -- $4\n, $10 /* $6 */, E'\\'$7', $$ $8 $$");

        assertThat(placeholders.order()).containsExactly(3, 10);
        assertThat(placeholders.count()).isEqualTo(10);
    }

    @Test
    void replacementsKeepPositionsInTheOriginalText() {
        String sql = "SELECT a FROM t WHERE b = $1 AND c = $2 AND d = x";
        EditedText replaced = Placeholders.of(sql).replace(n -> n == 1 ? "'long value'" : "?");

        assertThat(replaced.sql()).isEqualTo("SELECT a FROM t WHERE b = 'long value' AND c = ? AND d = x");
        // Before the first replacement: unchanged; inside one: where its placeholder starts; after: shifted back.
        assertThat(replaced.originalOffset(7)).isEqualTo(7);
        assertThat(replaced.originalOffset(sql.indexOf("$1") + 3)).isEqualTo(sql.indexOf("$1"));
        assertThat(replaced.originalOffset(replaced.sql().indexOf("x"))).isEqualTo(sql.indexOf("x"));
        assertThat(replaced.originalOffset(replaced.sql().indexOf("?"))).isEqualTo(sql.indexOf("$2"));
    }

    @Test
    void thereIsNoParameterZero() {
        assertThatThrownBy(() -> Placeholders.of("SELECT $0")).isInstanceOfSatisfying(PgException.class, e -> {
            assertThat(e.state()).isEqualTo(SqlState.UNDEFINED_PARAMETER);
            assertThat(e.position()).isEqualTo(8);
        });
    }

    @Test
    void tokensCarryTheirValuesWithoutQuotes() {
        assertThat(SqlTokens.of("SET \"DateStyle\" TO 'it''s', E'a\\nb', 1.5e3"))
                .extracting(SqlTokens.Token::kind, SqlTokens.Token::value)
                .containsExactly(
                        tuple(Kind.WORD, "SET"),
                        tuple(Kind.QUOTED_IDENTIFIER, "DateStyle"),
                        tuple(Kind.WORD, "TO"),
                        tuple(Kind.STRING, "it's"),
                        tuple(Kind.SYMBOL, ","),
                        tuple(Kind.STRING, "a\nb"),
                        tuple(Kind.SYMBOL, ","),
                        tuple(Kind.NUMBER, "1.5e3"));
    }
}
