package dev.sluice.udf.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A lookup's {@code jdbc:postgresql://host[:port][,host[:port]...]/database[?name=value&...]} URL, read the way
 * pgjdbc reads it, so that the hosts a spec is checked against are the hosts pgjdbc connects to. Parameters are
 * allowed by list: pgjdbc lets a URL parameter override any connection property, so a URL that set
 * {@code socketFactory}, {@code sslfactory} or {@code service} would load a class, read a file or change the host.
 */
final class PostgresUrl {

    static final String PREFIX = "jdbc:postgresql://";
    static final int DEFAULT_PORT = 5432;
    /** Connection parameters that change neither where pgjdbc connects nor what it loads or reads. */
    static final Set<String> ALLOWED_PARAMETERS = Set.of(
            "sslmode",
            "ssl",
            "connectTimeout",
            "socketTimeout",
            "loginTimeout",
            "currentSchema",
            "targetServerType",
            "loadBalanceHosts",
            "tcpKeepAlive",
            "ApplicationName");

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]*|\\[[0-9A-Fa-f:.]+]");

    private PostgresUrl() {}

    /**
     * The hosts and ports the URL connects to (an empty host is pgjdbc's {@code localhost}).
     *
     * @throws IllegalArgumentException saying what is wrong with the URL
     */
    static List<Endpoint> endpoints(String url) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String server = query < 0 ? rest : rest.substring(0, query);
        if (query >= 0) {
            checkParameters(rest.substring(query + 1));
        }
        int slash = server.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(
                    "must have a / after the host and port (jdbc:postgresql://host:port/database)");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (String address : server.substring(0, slash).split(",", -1)) {
            int colon = address.lastIndexOf(':');
            String host = address;
            int port = DEFAULT_PORT;
            if (colon >= 0 && address.lastIndexOf(']') < colon) {
                host = address.substring(0, colon);
                port = port(address.substring(colon + 1));
            }
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("has a host that is not a name or an address: '" + host + "'");
            }
            endpoints.add(new Endpoint(host.isEmpty() ? "localhost" : host, port));
        }
        return List.copyOf(endpoints);
    }

    private static void checkParameters(String query) {
        for (String parameter : query.split("&")) {
            String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
            if (!name.isEmpty() && !ALLOWED_PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("may not set the connection parameter '" + name + "' (allowed: "
                        + String.join(", ", ALLOWED_PARAMETERS.stream().sorted().toList()) + ")");
            }
        }
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("has a port that is not a number from 1 to 65535: '" + text + "'");
    }
}
