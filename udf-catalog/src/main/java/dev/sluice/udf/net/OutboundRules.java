package dev.sluice.udf.net;

import java.io.Serializable;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Where a tenant's statements may open connections (connectors, enrichment lookups). Public addresses are open to
 * every tenant; internal ones (loopback, private, link-local with the cloud metadata service, unique-local, carrier
 * NAT, multicast, reserved) only when an admin lists a host for the tenant. A host name is judged by the addresses it
 * resolves to, never by its spelling, so {@code 127.1}, {@code 0x7f000001}, {@code [::ffff:127.0.0.1]} or a name that
 * resolves to the metadata service are all internal.
 *
 * <p>Entries of {@link #allowedHosts()}: a host name ({@code kafka.internal}), an address ({@code 10.0.0.5},
 * {@code ::1}) or a network in CIDR form ({@code 10.20.0.0/16}), each optionally with {@code :port} ({@code [::1]:5432}
 * for IPv6 with a port). A name entry allows the addresses that name resolves to; an address or network entry allows
 * those addresses under whatever name reaches them.
 *
 * <p>Serializable: enrichment functions carry the rules of the tenant that planned the job into its tasks.
 */
public record OutboundRules(List<String> allowedHosts) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No internal host allowed: what a tenant gets until an admin lists one. */
    public static final OutboundRules INTERNAL_DENIED = new OutboundRules(List.of());

    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d{1,5}))?");
    private static final Pattern WITH_PORT = Pattern.compile("([^:\\[\\]]+):(\\d{1,5})");
    private static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*");

    public OutboundRules {
        allowedHosts = List.copyOf(requireNonNull(allowedHosts, "allowedHosts is null"));
        allowedHosts.forEach(Entry::parse);
    }

    /** An entry as it is stored: trimmed, names in lower case; fails with the reason when it is not an entry. */
    public static String normalizeEntry(String entry) {
        return Entry.parse(entry).toString();
    }

    /**
     * Resolves {@code host} and returns the address to connect to: the first one the rules allow, so a caller that
     * connects to exactly this address cannot be steered elsewhere by a second, different answer of the DNS (rebinding).
     *
     * @throws OutboundDeniedException when the host does not resolve, or every address it resolves to is internal and
     *     not allowed
     */
    public InetAddress resolve(String host, int port) throws OutboundDeniedException {
        requireNonNull(host, "host is null");
        String name = stripBrackets(host.strip()).toLowerCase(Locale.ROOT);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw new OutboundDeniedException(host, port, "the host name does not resolve");
        }
        return Arrays.stream(addresses)
                .filter(address -> allows(name, address, port))
                .findFirst()
                .orElseThrow(() -> new OutboundDeniedException(
                        host,
                        port,
                        "it resolves to " + describe(addresses[0])
                                + ", an internal address no admin allowed for this tenant"));
    }

    /** Whether a connection to {@code address}, reached as {@code host}, on {@code port} is allowed. */
    public boolean allows(String host, InetAddress address, int port) {
        if (!isInternal(address)) {
            return true;
        }
        String name = stripBrackets(host.strip()).toLowerCase(Locale.ROOT);
        return allowedHosts.stream().map(Entry::parse).anyMatch(entry -> entry.matches(name, address, port));
    }

    /**
     * Whether an address is one a tenant must not reach unless allowed: anything but a public unicast address. IPv6
     * forms that embed an IPv4 address (mapped, compatible, 6to4, NAT64) are judged by the address they embed.
     */
    public static boolean isInternal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            Optional<InetAddress> embedded = embeddedIpv4(v6.getAddress());
            if (embedded.isPresent()) {
                return isInternal(embedded.get());
            }
        }
        if (address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 // this network
                    || first == 127
                    || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                    || (first == 169 && second == 254) // link-local, the cloud metadata service
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 224; // multicast, reserved, broadcast
        }
        int first = bytes[0] & 0xff;
        return (first & 0xfe) == 0xfc // unique local fc00::/7 (AWS's metadata fd00:ec2::254 among them)
                || (first == 0xfe && (bytes[1] & 0xc0) == 0xc0) // site-local fec0::/10, deprecated
                || first == 0xff
                || Arrays.equals(bytes, new byte[16]);
    }

    /** The IPv4 address inside an IPv4-mapped, -compatible, 6to4 or NAT64 IPv6 address. */
    private static Optional<InetAddress> embeddedIpv4(byte[] v6) {
        byte[] v4 = null;
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= v6[i] == 0;
        }
        if (zeroPrefix
                && ((v6[10] == (byte) 0xff && v6[11] == (byte) 0xff)
                        || (v6[10] == 0 && v6[11] == 0 && !isZeroOrOne(v6)))) {
            v4 = Arrays.copyOfRange(v6, 12, 16);
        } else if (v6[0] == 0x20 && v6[1] == 0x02) {
            v4 = Arrays.copyOfRange(v6, 2, 6);
        } else if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == (byte) 0xff && v6[3] == (byte) 0x9b) {
            v4 = Arrays.copyOfRange(v6, 12, 16);
        }
        if (v4 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    /** :: and ::1 are the unspecified and loopback addresses, not IPv4-compatible ones. */
    private static boolean isZeroOrOne(byte[] v6) {
        for (int i = 12; i < 15; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[15] == 0 || v6[15] == 1;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String describe(InetAddress address) {
        return address.getHostAddress();
    }

    /** One parsed entry: a host name or a network, and a port (0 for any). */
    private record Entry(String name, byte[] network, int prefixLength, int port) {

        static Entry parse(String text) {
            requireNonNull(text, "entry is null");
            String entry = text.strip().toLowerCase(Locale.ROOT);
            String host = entry;
            int port = 0;
            Matcher bracketed = BRACKETED.matcher(entry);
            Matcher withPort = WITH_PORT.matcher(entry);
            if (bracketed.matches()) {
                host = bracketed.group(1);
                port = bracketed.group(2) == null ? 0 : port(bracketed.group(2), text);
            } else if (withPort.matches()) {
                host = withPort.group(1);
                port = port(withPort.group(2), text);
            }
            int slash = host.indexOf('/');
            String address = slash < 0 ? host : host.substring(0, slash);
            if (IP_LITERAL.matcher(address).matches()) {
                byte[] network = literal(address, text);
                int prefix =
                        slash < 0 ? network.length * 8 : prefix(host.substring(slash + 1), network.length * 8, text);
                return new Entry(null, network, prefix, port);
            }
            if (slash >= 0 || !HOST_NAME.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + text
                        + "' is not a host name, an address or a network in CIDR form," + " optionally with :port");
            }
            return new Entry(host, null, 0, port);
        }

        boolean matches(String host, InetAddress address, int connectPort) {
            if (port != 0 && port != connectPort) {
                return false;
            }
            if (name != null) {
                return name.equals(host);
            }
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            String host;
            if (name != null) {
                host = name;
            } else {
                String address;
                try {
                    address = InetAddress.getByAddress(network).getHostAddress();
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
                boolean whole = prefixLength == network.length * 8;
                host = whole ? address : address + "/" + prefixLength;
                if (network.length == 16 && port != 0) {
                    host = "[" + host + "]";
                }
            }
            return port == 0 ? host : host + ":" + port;
        }

        private static byte[] literal(String address, String text) {
            try {
                // A literal: getByName parses it without asking the DNS.
                return InetAddress.getByName(address.contains(":") ? "[" + address + "]" : address)
                        .getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' holds no valid IP address", e);
            }
        }

        private static int prefix(String value, int max, String text) {
            try {
                int prefix = Integer.parseInt(value);
                if (prefix >= 0 && prefix <= max) {
                    return prefix;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("'" + text + "' has a network prefix outside 0.." + max);
        }

        private static int port(String value, String text) {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + text + "' has a port outside 1..65535");
            }
            return port;
        }
    }
}
