package dev.sluice.gateway.testing;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds real UDF jars in tests: compiles one Java source file with the JDK's compiler against Flink's table API
 * and packs the classes into a jar, so two versions of the same class can differ in behaviour only.
 */
public final class UdfJars {

    private UdfJars() {}

    /** A jar with the class {@code className} compiled from {@code source}. */
    public static byte[] jar(String className, String source) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("udf-jar");
            Path file = dir.resolve("src").resolve(className.replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            Path classes = Files.createDirectories(dir.resolve("classes"));
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int status = compiler.run(
                    null,
                    null,
                    errors,
                    "-parameters",
                    "-proc:none",
                    "-nowarn",
                    "--release",
                    "17",
                    "-classpath",
                    flinkClassPath(),
                    "-d",
                    classes.toString(),
                    file.toString());
            if (status != 0) {
                throw new IllegalArgumentException(
                        "Test UDF does not compile: " + errors.toString(StandardCharsets.UTF_8));
            }
            return pack(classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private static byte[] pack(Path classes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The jars of Flink's table API and core, wherever this JVM loaded them from. */
    private static String flinkClassPath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : List.of(
                org.apache.flink.table.functions.ScalarFunction.class,
                org.apache.flink.configuration.Configuration.class,
                org.apache.flink.annotation.PublicEvolving.class)) {
            try {
                entries.add(Path.of(type.getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return entries.stream().distinct().collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless.
        }
    }
}
