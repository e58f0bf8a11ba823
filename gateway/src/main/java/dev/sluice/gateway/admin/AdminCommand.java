package dev.sluice.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.SluiceServer;

import javax.annotation.Nullable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code ./sluice admin ...}: tenants, tokens, storage roots and hosts, and the audit log, by calling the running gateway's API with an admin
 * token, so the command line and the API are one code path with one set of checks. The token comes from
 * {@code SLUICE_TOKEN}, else from {@code <data-dir>/admin.token}; it is sent, never printed.
 */
public final class AdminCommand {

    static final String USAGE = """
            Usage: ./sluice admin [--url URL] [--data-dir DIR] COMMAND
              create-tenant NAME                             a tenant, with its own catalog database
              list-tenants
              create-token TENANT --name NAME [--role analyst|admin]
                                                             prints the token once; role defaults to analyst
              list-tokens [TENANT]                           every tenant's when none is named; never the tokens
              revoke-token ID
              grant-path TENANT PATH                         a storage root: the tenant's tables read and write under it
              revoke-path TENANT PATH
              grant-host TENANT HOST                         an internal host (name, address or CIDR, optionally :port)
              revoke-host TENANT HOST                          the tenant's connectors and lookups may reach
              audit [--tenant T] [--actor A] [--action X] [--since TIME] [--until TIME] [--limit N]
            --url defaults to $SLUICE_URL, else http://127.0.0.1:8080. The admin token is $SLUICE_TOKEN, else the
            first line of DIR/admin.token (--data-dir defaults to ./data). Over https, the gateway's certificate is
            trusted if the JVM's authorities trust it, or if $SLUICE_CA_CERT names it (or its authority) as a PEM file.
            """;

    /** The environment variable naming a PEM file of the certificates to trust instead of the JVM's. */
    static final String CA_CERT = "SLUICE_CA_CERT";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String url;
    private final String token;
    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http;

    private AdminCommand(String url, String token, HttpClient http, PrintStream out, PrintStream err) {
        this.url = url;
        this.token = token;
        this.http = http;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the process exit code: 0 done, 1 refused or failed, 2 a usage mistake. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            List<String> rest = new ArrayList<>(args);
            String url = option(rest, "--url");
            String dataDir = option(rest, "--data-dir");
            if (rest.isEmpty() || rest.get(0).equals("help") || rest.get(0).equals("--help")) {
                (rest.isEmpty() ? err : out).print(USAGE);
                return rest.isEmpty() ? 2 : 0;
            }
            String token = env.get("SLUICE_TOKEN");
            if (token == null || token.isBlank()) {
                Path file = Path.of(dataDir == null ? "data" : dataDir, SluiceServer.ADMIN_TOKEN_FILE);
                try {
                    token = Files.readString(file, StandardCharsets.UTF_8).strip();
                } catch (NoSuchFileException e) {
                    err.println(
                            "sluice admin: no admin token: set SLUICE_TOKEN, or point --data-dir at the gateway's data"
                                    + " directory (" + file + " does not exist).");
                    return 2;
                } catch (IOException e) {
                    err.println("sluice admin: cannot read " + file + ": " + e.getMessage());
                    return 2;
                }
            }
            String base = url != null ? url : env.getOrDefault("SLUICE_URL", "http://127.0.0.1:8080");
            HttpClient http;
            try {
                http = httpClient(env.get(CA_CERT));
            } catch (IOException | GeneralSecurityException e) {
                err.println("sluice admin: cannot trust " + env.get(CA_CERT) + " (" + CA_CERT + "): " + e.getMessage());
                return 2;
            }
            return new AdminCommand(base.replaceAll("/+$", ""), token, http, out, err).dispatch(rest);
        } catch (IllegalArgumentException e) {
            err.println("sluice admin: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }

    /**
     * A client that trusts the JVM's certificate authorities, or only the certificate (a PEM file) {@code caCert} names,
     * as {@code curl --cacert} does: the gateway's own certificate, or the authority that signed it.
     */
    private static HttpClient httpClient(@Nullable String caCert) throws IOException, GeneralSecurityException {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (caCert == null || caCert.isBlank()) {
            return http.build();
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(caCert))) {
            int n = 0;
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new IOException("no certificate in it");
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return http.sslContext(context).build();
    }

    private int dispatch(List<String> args) {
        String command = args.get(0);
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        return switch (command) {
            case "create-tenant" -> send("POST", "/api/v1/tenants", body(Map.of("name", only(rest, "a tenant name"))));
            case "list-tenants" -> {
                none(rest);
                yield send("GET", "/api/v1/tenants", null);
            }
            case "create-token" -> {
                String name = option(rest, "--name");
                String role = option(rest, "--role");
                if (name == null) {
                    throw new IllegalArgumentException("create-token needs --name NAME.");
                }
                String tenant = only(rest, "a tenant name");
                yield send(
                        "POST",
                        "/api/v1/tenants/" + segment(tenant) + "/tokens",
                        body(Map.of("name", name, "role", role == null ? "analyst" : role)));
            }
            case "list-tokens" ->
                rest.isEmpty()
                        ? listAllTokens()
                        : send("GET", "/api/v1/tenants/" + segment(only(rest, "a tenant name")) + "/tokens", null);
            case "revoke-token" -> send("DELETE", "/api/v1/tokens/" + segment(only(rest, "a token id")), null);
            case "audit" -> send("GET", "/api/v1/audit" + auditQuery(rest), null);
            case "grant-path" -> grant(rest, "storage-roots", "path");
            case "revoke-path" -> revoke(rest, "storage-roots", "path");
            case "grant-host" -> grant(rest, "hosts", "host");
            case "revoke-host" -> revoke(rest, "hosts", "host");
            default -> throw new IllegalArgumentException("unknown command '" + command + "'.");
        };
    }

    /** {@code TENANT VALUE}: adds the value to the tenant's policy; prints the policy as stored. */
    private int grant(List<String> args, String collection, String field) {
        List<String> tenantAndValue = two(args, "a tenant and a " + field);
        return send(
                "POST",
                "/api/v1/tenants/" + segment(tenantAndValue.get(0)) + "/" + collection,
                body(Map.of(field, tenantAndValue.get(1))));
    }

    private int revoke(List<String> args, String collection, String field) {
        List<String> tenantAndValue = two(args, "a tenant and a " + field);
        return send(
                "DELETE",
                "/api/v1/tenants/" + segment(tenantAndValue.get(0)) + "/" + collection + "?" + field + "="
                        + URLEncoder.encode(tenantAndValue.get(1), StandardCharsets.UTF_8),
                null);
    }

    private int listAllTokens() {
        JsonNode tenants = call("GET", "/api/v1/tenants", null);
        if (tenants == null) {
            return 1;
        }
        ObjectNode all = MAPPER.createObjectNode();
        for (JsonNode tenant : tenants.get("tenants")) {
            JsonNode tokens =
                    call("GET", "/api/v1/tenants/" + segment(tenant.get("name").asText()) + "/tokens", null);
            if (tokens == null) {
                return 1;
            }
            all.set(tenant.get("name").asText(), tokens.get("tokens"));
        }
        print(all);
        return 0;
    }

    private static String auditQuery(List<String> args) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (String filter : List.of("tenant", "actor", "action", "since", "until", "limit")) {
            String value = option(args, "--" + filter);
            if (value != null) {
                query.add(filter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        none(args);
        return query.toString();
    }

    private int send(String method, String path, String body) {
        JsonNode answer = call(method, path, body);
        if (answer == null) {
            return 1;
        }
        print(answer);
        return 0;
    }

    /** The answer of a call that succeeded, or null after telling the user why it did not. */
    private JsonNode call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("sluice admin: cannot reach the gateway at " + url + " ("
                    + e.getClass().getSimpleName() + "): is it running?" + " Set --url or SLUICE_URL.");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("sluice admin: interrupted");
            return null;
        }
        JsonNode answer;
        try {
            answer = response.body().isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
        } catch (IOException e) {
            err.println(
                    "sluice admin: the gateway answered " + response.statusCode() + " with a body that is not JSON.");
            return null;
        }
        if (response.statusCode() / 100 != 2) {
            JsonNode error = answer.path("error");
            err.println("sluice admin: " + error.path("code").asText("HTTP " + response.statusCode()) + ": "
                    + error.path("message").asText(response.body())
                    + (error.hasNonNull("field")
                            ? " (field " + error.get("field").asText() + ")"
                            : ""));
            if (error.hasNonNull("hint")) {
                err.println("  hint: " + error.get("hint").asText());
            }
            return null;
        }
        return answer;
    }

    private void print(JsonNode answer) {
        try {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot print JSON", e);
        }
    }

    private static String body(Map<String, String> fields) {
        ObjectNode node = MAPPER.createObjectNode();
        new LinkedHashMap<>(fields).forEach(node::put);
        return node.toString();
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Removes {@code --flag value} from the arguments and returns the value, or null when absent. */
    private static String option(List<String> args, String flag) {
        int at = args.indexOf(flag);
        if (at < 0) {
            return null;
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value.");
        }
        String value = args.get(at + 1);
        args.subList(at, at + 2).clear();
        return value;
    }

    private static String only(List<String> args, String what) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("expected " + what + (args.isEmpty() ? "." : ", not " + args + "."));
        }
        return args.get(0);
    }

    private static List<String> two(List<String> args, String what) {
        if (args.size() != 2) {
            throw new IllegalArgumentException("expected " + what + (args.isEmpty() ? "." : ", not " + args + "."));
        }
        return args;
    }

    private static void none(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + args + ".");
        }
    }
}
