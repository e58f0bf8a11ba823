package dev.sluice.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A start as root on a host is warned about, saying why and what to do; in a container or as anyone else it is not. */
class ProcessUserTest {

    @Test
    void rootOnAHostIsWarnedAboutWithTheReasonAndTheRemedy() {
        assertThat(new ProcessUser(0, false).rootWarning())
                .hasValueSatisfying(warning -> assertThat(warning)
                        .contains(
                                "root (uid 0)",
                                "Java functions",
                                "unsandboxed",
                                "unprivileged user",
                                "What runs with which rights"));
    }

    @Test
    void rootInAContainerOrAnotherUserIsNot() {
        assertThat(new ProcessUser(0, true).rootWarning()).isEmpty();
        assertThat(new ProcessUser(10001, false).rootWarning()).isEmpty();
        assertThat(new ProcessUser(10001, true).rootWarning()).isEmpty();
    }

    @Test
    void theCurrentProcessIsSomeUser() {
        assertThat(ProcessUser.current().uid()).isNotNegative();
    }
}
