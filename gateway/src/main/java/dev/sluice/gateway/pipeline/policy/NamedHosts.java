package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.pipeline.policy.JdbcUrl.HostAndPort;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hosts an option names: a comma-separated list of {@code host:port} ({@code [::1]:9092} for IPv6, as Kafka's
 * {@code bootstrap.servers}), or of URLs ({@code https://registry:8081}). A host given without a port is judged for
 * any port.
 */
final class NamedHosts {

    private static final Pattern HOST_AND_PORT =
            Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9._-]+))(?::(\\d{1,5}))?");
    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

    private NamedHosts() {}

    /** The hosts, or empty when an entry is neither a host (with a port) nor a URL with a host. */
    static Optional<List<HostAndPort>> parse(String value) {
        List<HostAndPort> hosts = new ArrayList<>();
        for (String entry : value.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            Optional<HostAndPort> host = URL.matcher(trimmed).matches() ? fromUrl(trimmed) : fromHostAndPort(trimmed);
            if (host.isEmpty()) {
                return Optional.empty();
            }
            hosts.add(host.get());
        }
        return hosts.isEmpty() ? Optional.empty() : Optional.of(hosts);
    }

    private static Optional<HostAndPort> fromHostAndPort(String entry) {
        Matcher matcher = HOST_AND_PORT.matcher(entry);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new HostAndPort(
                matcher.group(1) != null ? matcher.group(1) : matcher.group(2),
                matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3))));
    }

    private static Optional<HostAndPort> fromUrl(String entry) {
        try {
            URI uri = new URI(entry);
            if (uri.getHost() == null) {
                return Optional.empty();
            }
            String host = uri.getHost().startsWith("[")
                    ? uri.getHost().substring(1, uri.getHost().length() - 1)
                    : uri.getHost();
            return Optional.of(new HostAndPort(host, Math.max(uri.getPort(), 0)));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
