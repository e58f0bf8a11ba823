package dev.sluice.gateway.pipeline.policy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A JDBC URL a tenant's {@code jdbc} table may use: PostgreSQL's, {@code jdbc:postgresql://host[:port][,host[:port]...]
 * /database[?parameters]}, with parameters from a list. Anything else is refused: another driver's URL (the gateway has
 * H2's, whose URLs open files and run scripts), a URL without a host (the driver would pick {@code localhost}), and
 * parameters that load classes ({@code socketFactory}, {@code sslfactory}, {@code sslpasswordcallback},
 * {@code authenticationPluginClassName}), read or write files ({@code sslcert}, {@code sslkey}, {@code sslrootcert},
 * {@code loggerFile}, {@code service}) or move the connection elsewhere ({@code PGHOST}, {@code host}, {@code port}).
 *
 * @param hosts the hosts to connect to, each with its port
 */
record JdbcUrl(List<HostAndPort> hosts) {

    /** A host (a name, an IPv4 address or an IPv6 address without brackets) and a port. */
    record HostAndPort(String host, int port) {
        HostAndPort {
            requireNonNull(host, "host is null");
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    JdbcUrl {
        hosts = List.copyOf(hosts);
    }

    private static final int DEFAULT_PORT = 5432;
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/?#]+)/([^?#]*)(?:\\?([^#]*))?");
    private static final Pattern HOST = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9._-]+))(?::(\\d{1,5}))?");

    /** The parameters allowed, each with the values it takes (empty: any value). Names are case-sensitive, as the driver's. */
    private static final Map<String, Set<String>> PARAMETERS = Map.ofEntries(
            Map.entry("user", Set.of()),
            Map.entry("password", Set.of()),
            Map.entry("ApplicationName", Set.of()),
            Map.entry("currentSchema", Set.of()),
            Map.entry("connectTimeout", Set.of()),
            Map.entry("socketTimeout", Set.of()),
            Map.entry("loginTimeout", Set.of()),
            Map.entry("cancelSignalTimeout", Set.of()),
            Map.entry("tcpKeepAlive", Set.of("true", "false")),
            Map.entry("defaultRowFetchSize", Set.of()),
            Map.entry("prepareThreshold", Set.of()),
            Map.entry("preparedStatementCacheQueries", Set.of()),
            Map.entry("reWriteBatchedInserts", Set.of("true", "false")),
            Map.entry("binaryTransfer", Set.of("true", "false")),
            Map.entry("stringtype", Set.of("unspecified", "varchar")),
            Map.entry("readOnly", Set.of("true", "false")),
            Map.entry("assumeMinServerVersion", Set.of()),
            Map.entry("targetServerType", Set.of("any", "primary", "secondary", "preferSecondary", "preferPrimary")),
            Map.entry("loadBalanceHosts", Set.of("true", "false")),
            Map.entry("hostRecheckSeconds", Set.of()),
            Map.entry("ssl", Set.of("true", "false")),
            Map.entry("sslmode", Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full")),
            // GSS encryption needs a Kerberos login, which reads files of the gateway's machine.
            Map.entry("gssEncMode", Set.of("disable")));

    /** Why a URL is not one a table may use, else the hosts it connects to. */
    sealed interface Parsed permits Valid, Invalid {}

    record Valid(JdbcUrl url) implements Parsed {}

    record Invalid(String problem) implements Parsed {}

    static Parsed parse(String text) {
        Matcher url = URL.matcher(text);
        if (!url.matches()) {
            return new Invalid(
                    "is not a PostgreSQL URL with a host, jdbc:postgresql://host[:port]/database: Sluice allows no other"
                            + " JDBC URL");
        }
        List<HostAndPort> hosts = new ArrayList<>();
        for (String host : url.group(1).split(",", -1)) {
            Matcher parsed = HOST.matcher(host);
            if (!parsed.matches()) {
                return new Invalid("names a host that is not a host name or address: '" + host + "'");
            }
            hosts.add(new HostAndPort(
                    parsed.group(1) != null ? parsed.group(1) : parsed.group(2),
                    parsed.group(3) == null ? DEFAULT_PORT : Integer.parseInt(parsed.group(3))));
        }
        if (url.group(3) != null && !url.group(3).isEmpty()) {
            for (String parameter : url.group(3).split("&")) {
                int equals = parameter.indexOf('=');
                // The driver reads a name as it is written and decodes the value.
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
                Set<String> values = PARAMETERS.get(name);
                if (values == null) {
                    return new Invalid("sets parameter '" + name + "', which Sluice does not allow; allowed: "
                            + String.join(
                                    ", ", PARAMETERS.keySet().stream().sorted().toList()));
                }
                if (!values.isEmpty() && !values.contains(value)) {
                    return new Invalid(
                            "sets parameter '" + name + "' to '" + value + "'; allowed: " + String.join(", ", values));
                }
            }
        }
        return new Valid(new JdbcUrl(hosts));
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
