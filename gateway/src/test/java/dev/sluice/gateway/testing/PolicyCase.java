package dev.sluice.gateway.testing;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The policy cases under {@code src/test/resources/policy/} (see its README): one statement per file that a rule of
 * {@code policy.json} denies, or lets through. Read from the class path, so suites in other modules (the Flink JDBC
 * driver's) run the same SQL through the gateway's test jar.
 */
public record PolicyCase(String name, String sql, @Nullable String code, int line, int column) {

    private static final Pattern CODE = Pattern.compile("^-- code: (\\S+)$", Pattern.MULTILINE);
    private static final Pattern POSITION = Pattern.compile("^-- position: (\\d+):(\\d+)$", Pattern.MULTILINE);

    /** Statements a rule refuses, each with the code and position of its denial. */
    public static List<PolicyCase> denied() {
        return read("policy/denied");
    }

    /** Statements the same policy lets through. */
    public static List<PolicyCase> allowed() {
        return read("policy/allowed");
    }

    /** The policy the cases are written against, as the JSON body of {@code PUT /api/v1/tenants/{tenant}/policy}. */
    public static String policyJson() {
        return resource("policy/policy.json");
    }

    /** The tables and view the cases use; run it once, after storing the policy. */
    public static String setupSql() {
        return resource("policy/setup.sql");
    }

    @Override
    public String toString() {
        return name;
    }

    private static List<PolicyCase> read(String directory) {
        try (Stream<Path> files = Files.list(directoryOnClassPath(directory))) {
            return files.filter(file -> file.toString().endsWith(".sql"))
                    .sorted()
                    .map(PolicyCase::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PolicyCase parse(Path file) {
        try {
            String sql = Files.readString(file, StandardCharsets.UTF_8).strip();
            String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
            Matcher code = CODE.matcher(sql);
            Matcher position = POSITION.matcher(sql);
            if (!code.find()) {
                return new PolicyCase(name, sql, null, 0, 0);
            }
            if (!position.find()) {
                throw new IllegalStateException(file + " has a code but no position");
            }
            return new PolicyCase(
                    name, sql, code.group(1), Integer.parseInt(position.group(1)), Integer.parseInt(position.group(2)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path directoryOnClassPath(String directory) throws IOException {
        URL url = PolicyCase.class.getClassLoader().getResource(directory);
        if (url == null) {
            throw new IllegalStateException(directory + " is not on the class path");
        }
        try {
            URI uri = url.toURI();
            if (!uri.getScheme().equals("jar")) {
                return Path.of(uri);
            }
            FileSystem jar;
            try {
                jar = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException e) {
                jar = FileSystems.newFileSystem(uri, Map.of());
            }
            return jar.provider().getPath(uri);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url + " is not a valid URI", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = PolicyCase.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
