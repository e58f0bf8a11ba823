package dev.sluice.gateway.pipeline.statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatementFingerprintTest {

    private static final String INSERT = "INSERT INTO counts SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id";

    @Test
    void layoutAndCommentsDoNotChangeIt() {
        assertThat(StatementFingerprint.of("""
                -- counts per user
                INSERT INTO counts
                  SELECT user_id, /* all */ COUNT(*)
                  FROM clicks   GROUP BY user_id;
                """)).isEqualTo(StatementFingerprint.of(INSERT));
    }

    @Test
    void anyOtherChangeDoes() {
        assertThat(StatementFingerprint.of(INSERT.replace("counts", "totals")))
                .isNotEqualTo(StatementFingerprint.of(INSERT));
        assertThat(StatementFingerprint.of(INSERT.replace("user_id", "USER_ID")))
                .isNotEqualTo(StatementFingerprint.of(INSERT));
    }

    @Test
    void quotedTextIsKeptExactly() {
        String quoted = "INSERT INTO t SELECT 'a  b -- c', `odd  name` FROM s";
        assertThat(StatementFingerprint.normalized(quoted)).isEqualTo(quoted);
        assertThat(StatementFingerprint.of(quoted))
                .isNotEqualTo(StatementFingerprint.of(quoted.replace("'a  b -- c'", "'a b -- c'")));
        assertThat(StatementFingerprint.normalized("SELECT 'it''s  x' ;  ")).isEqualTo("SELECT 'it''s  x'");
    }
}
