package dev.sluice.tests.eventtime;

import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Loads the event-time cases; the format is described in {@code src/test/resources/eventtime/README.md}. */
public final class EventTimeCases {
    /** The class path folder with one sub-folder per case. */
    public static final String RESOURCE_ROOT = "eventtime";

    /** The placeholder in {@code setup.sql} for the case folder's absolute path. */
    public static final String DIR_PLACEHOLDER = "${dir}";

    /**
     * Settings every case runs with, before its own {@code config.properties}: streaming, so windows fire on
     * watermarks and late events are dropped; one task, so events reach each operator in file order; and a
     * watermark after every event that advances it, not on a 200 ms timer, so which events are late does not
     * depend on timing (the filesystem source ignores {@code 'scan.watermark.emit.strategy'}; see the README).
     */
    public static final Map<String, String> SHARED_CONFIG = Map.of(
            "execution.runtime-mode", "streaming",
            "parallelism.default", "1",
            "pipeline.auto-watermark-interval", "0 ms");

    private static final Pattern ORDER_LINE = Pattern.compile("order: (exact|any)");
    private static final Pattern ROW_LINE = Pattern.compile("(\\+I|-U|\\+U|-D)\\[.*]");

    private EventTimeCases() {}

    /**
     * Every case folder (one holding a {@code query.sql}) under {@value #RESOURCE_ROOT} on the class path, by name, read
     * from a copy in a temporary directory: the gateway keeps its class path (test resources included) out of the
     * reach of SQL, and the temporary directory is a storage root of the tests' tenant.
     */
    public static List<EventTimeCase> load() {
        URL root = EventTimeCases.class.getClassLoader().getResource(RESOURCE_ROOT);
        if (root == null || !"file".equals(root.getProtocol())) {
            throw new IllegalStateException("the cases must be a folder on the class path, found " + root);
        }
        try {
            return loadAll(Path.of(root.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every case in the folders under {@code root} (the cases' folder of a checkout, for a module that does not have
     * them on its class path), copied as {@link #load()} copies them.
     */
    public static List<EventTimeCase> loadAll(Path root) {
        try (Stream<Path> folders = Files.list(copied(root))) {
            return folders.filter(folder -> Files.isRegularFile(folder.resolve("query.sql")))
                    .sorted()
                    .map(EventTimeCases::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the folder in a new temporary directory, deleted when the JVM exits. */
    private static Path copied(Path folder) throws IOException {
        Path copy = Files.createTempDirectory("eventtime-cases-");
        copy.toFile().deleteOnExit();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(folder.relativize(file).toString());
                if (!file.equals(folder)) {
                    Files.copy(file, target);
                }
                // Deleted in the reverse order of registering: a folder after what it holds.
                target.toFile().deleteOnExit();
            }
        }
        return copy;
    }

    /** The case in one folder. */
    public static EventTimeCase load(Path folder) {
        Path dir = folder.toAbsolutePath();
        // The path lands inside a SQL string literal, so a quote in it must be doubled.
        String setup = read(dir.resolve("setup.sql"))
                .replace(DIR_PLACEHOLDER, dir.toString().replace("'", "''"));
        List<String> query = statements(read(dir.resolve("query.sql")));
        if (query.size() != 1) {
            throw new IllegalArgumentException(
                    dir.resolve("query.sql") + " must hold one statement, not " + query.size());
        }
        Map<String, String> config = new LinkedHashMap<>(new TreeMap<>(SHARED_CONFIG));
        config.putAll(caseConfig(dir.resolve("config.properties")));
        Expected expected = expected(dir.resolve("expected.txt"));
        return new EventTimeCase(
                dir.getFileName().toString(),
                config,
                statements(setup),
                query.get(0),
                expected.rows(),
                expected.ordered());
    }

    /** The gateway's own splitter, so the cases split exactly as a script sent to Sluice does. */
    private static List<String> statements(String script) {
        return SqlScript.split(script).stream().map(ScriptStatement::sql).toList();
    }

    private record Expected(List<String> rows, boolean ordered) {}

    /** Reads an {@code order:} line, then one row a line; blank lines and {@code #} comments are skipped. */
    private static Expected expected(Path file) {
        Boolean ordered = null;
        List<String> rows = new ArrayList<>();
        List<String> lines = read(file).lines().map(String::strip).toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher order = ORDER_LINE.matcher(line);
            if (ordered == null && order.matches()) {
                ordered = order.group(1).equals("exact");
            } else if (ordered != null && ROW_LINE.matcher(line).matches()) {
                rows.add(line);
            } else {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected "
                        + (ordered == null ? "'order: exact' or 'order: any'" : "a row like +I[...]") + ", got: "
                        + line);
            }
        }
        if (ordered == null) {
            throw new IllegalArgumentException(file + " has no 'order: exact' or 'order: any' line");
        }
        return new Expected(rows, ordered);
    }

    /** The case's own settings, sorted by key; none when it has no {@code config.properties}. */
    private static Map<String, String> caseConfig(Path file) {
        Map<String, String> config = new TreeMap<>();
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        }
        return config;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
