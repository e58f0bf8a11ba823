package dev.sluice.udf.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.1",
                "2130706433",
                "0.0.0.0",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "224.0.0.1",
                "255.255.255.255",
                "198.18.0.1",
                "::1",
                "::",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "::127.0.0.1",
                "fe80::1",
                "fd00:ec2::254",
                "fc00::1",
                "2002:7f00:1::",
                "64:ff9b::a9fe:a9fe",
                "ff02::1"
            })
    void internalAddressesAreInternalHoweverTheyAreWritten(String host) throws Exception {
        assertThat(OutboundRules.isInternal(InetAddress.getByName(host)))
                .as(host)
                .isTrue();
        assertThatThrownBy(() -> OutboundRules.INTERNAL_DENIED.resolve(host, 80))
                .isInstanceOf(OutboundDeniedException.class)
                .hasMessageContaining("internal address");
    }

    @Test
    void aSpellingJavaDoesNotReadAsAnAddressIsLookedUpAndRefused() {
        // libc reads 0x7f000001 as 127.0.0.1; Java's resolver does not, so it goes to the DNS, which has no such name.
        assertThatThrownBy(() -> OutboundRules.INTERNAL_DENIED.resolve("0x7f000001", 80))
                .isInstanceOf(OutboundDeniedException.class)
                .hasMessageContaining("does not resolve");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"})
    void publicAddressesAreOpen(String host) throws Exception {
        assertThat(OutboundRules.isInternal(InetAddress.getByName(host)))
                .as(host)
                .isFalse();
        assertThat(OutboundRules.INTERNAL_DENIED.resolve(host, 443)).isEqualTo(InetAddress.getByName(host));
    }

    @Test
    void aNameIsJudgedByWhatItResolvesTo() {
        assertThatThrownBy(() -> OutboundRules.INTERNAL_DENIED.resolve("localhost", 8081))
                .isInstanceOf(OutboundDeniedException.class)
                .hasMessage(
                        "Connections to localhost:8081 are not allowed: it resolves to 127.0.0.1, an internal address"
                                + " no admin allowed for this tenant.");
    }

    @Test
    void anAllowedEntryOpensItsHostNetworkAndPortOnly() throws Exception {
        OutboundRules rules = new OutboundRules(List.of("localhost:9092", "10.20.0.0/16", "[::1]:5432"));

        assertThat(rules.resolve("localhost", 9092)).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThatThrownBy(() -> rules.resolve("localhost", 8081)).isInstanceOf(OutboundDeniedException.class);
        // The name entry allows that name, not the address under another spelling.
        assertThatThrownBy(() -> rules.resolve("127.0.0.1", 9092)).isInstanceOf(OutboundDeniedException.class);
        assertThat(rules.allows("db", InetAddress.getByName("10.20.3.4"), 5432)).isTrue();
        assertThat(rules.allows("db", InetAddress.getByName("10.21.3.4"), 5432)).isFalse();
        assertThat(rules.allows("::1", InetAddress.getByName("::1"), 5432)).isTrue();
        assertThat(rules.allows("::1", InetAddress.getByName("::1"), 5433)).isFalse();
    }

    @Test
    void entriesAreNormalizedOrRefusedWithTheReason() {
        assertThat(OutboundRules.normalizeEntry(" Kafka.Internal:9092 ")).isEqualTo("kafka.internal:9092");
        assertThat(OutboundRules.normalizeEntry("10.0.0.0/8")).isEqualTo("10.0.0.0/8");
        assertThat(OutboundRules.normalizeEntry("[0:0:0:0:0:0:0:1]:5432")).isEqualTo("[0:0:0:0:0:0:0:1]:5432");
        assertThatThrownBy(() -> OutboundRules.normalizeEntry("http://x")).hasMessageContaining("is not a host name");
        assertThatThrownBy(() -> OutboundRules.normalizeEntry("10.0.0.0/33"))
                .hasMessageContaining("prefix outside 0..32");
        assertThatThrownBy(() -> OutboundRules.normalizeEntry("db:0")).hasMessageContaining("port outside 1..65535");
        assertThatThrownBy(() -> OutboundRules.normalizeEntry("300.1.1.1")).hasMessageContaining("no valid IP address");
    }

    @Test
    void anUnknownHostIsRefusedToo() {
        assertThatThrownBy(() -> OutboundRules.INTERNAL_DENIED.resolve("no-such-host.invalid", 80))
                .hasMessageContaining("does not resolve");
    }
}
