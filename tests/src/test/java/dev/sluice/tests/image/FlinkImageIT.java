package dev.sluice.tests.image;

import dev.sluice.gateway.pipeline.policy.Policy;
import dev.sluice.tests.harness.FlinkImageBuild;
import dev.sluice.tests.harness.FlinkSessionCluster;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Sluice Flink image holds, checked on the directories its build assembles (no container engine here): every
 * connector and format the gateway can plan a job with is on the cluster's class path (Flink's own jars plus the
 * image's), so no job the gateway accepts fails on the cluster for want of a jar; the image's directory is what brings
 * Sluice's connectors; the Dockerfile copies those directories onto the official image of Sluice's Flink version.
 * The operations guide names every jar the image adds. {@code RemoteClusterIT} runs jobs on a cluster started from the
 * same directories. An integration test only because the directories exist from the {@code package} phase on.
 */
class FlinkImageIT {

    private static final String FACTORIES = "org.apache.flink.table.factories.";
    /** What the image adds for Sluice's jobs: Kafka, JDBC, and the statement tests' stand-in tables. */
    private static final List<String> IMAGE_CONNECTORS =
            List.of("connector kafka", "connector upsert-kafka", "connector jdbc", "connector sluice-test-rows");

    private final FlinkImageBuild image = FlinkImageBuild.fromBuild();
    private final Path flinkLib = Path.of(System.getProperty(FlinkSessionCluster.LIB_PROPERTY));

    @Test
    void everyConnectorAndFormatTheGatewayPlansWithIsOnTheCluster() throws Exception {
        Set<String> cluster = tableFactories(clusterJars());

        assertThat(cluster).containsAll(tableFactories(gatewayJars()));
        assertThat(cluster)
                .containsAll(Policy.defaults().allowedConnectors().stream()
                        .map(name -> "connector " + name)
                        .toList())
                .contains("format json", "format csv", "format avro");
    }

    @Test
    void theImageDirectoryIsWhatBringsSluicesConnectors() throws Exception {
        Set<String> flinkAlone = tableFactories(jars(flinkLib));

        assertThat(flinkAlone).doesNotContainAnyElementsOf(IMAGE_CONNECTORS);
        assertThat(tableFactories(clusterJars())).containsAll(IMAGE_CONNECTORS);
    }

    /** Classes that jobs load by name or by a format's option rather than through a table factory. */
    @Test
    void theDriverTheJavaScriptLanguageAndTheAvroCodecsThatJobsLoadAreThere() throws Exception {
        try (URLClassLoader loader = loader(clusterJars())) {
            assertThat(loader.loadClass("org.postgresql.Driver")).isNotNull();
            assertThat(loader.loadClass("com.oracle.truffle.js.lang.JavaScriptLanguage"))
                    .isNotNull();
            // The libraries of the Avro codecs the policy allows (beside Java's deflate).
            for (String codec : List.of(
                    "org.xerial.snappy.Snappy",
                    "com.github.luben.zstd.Zstd",
                    "org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream")) {
                assertThat(loader.loadClass(codec)).isNotNull();
            }
        }
        try (Stream<Path> compiler = Files.list(image.graalCompiler())) {
            assertThat(compiler.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("compiler-") && name.endsWith(".jar"));
        }
    }

    @Test
    void theDockerfileCopiesTheAssembledDirectoriesOntoTheOfficialImageOfSluicesFlinkVersion() throws IOException {
        List<String> lines = Files.readAllLines(image.dockerfile());

        assertThat(lines)
                .contains(
                        "FROM flink:" + System.getProperty("sluice.flinkVersion") + "-java17",
                        "COPY target/flink-lib/ /opt/flink/lib/",
                        "COPY target/graal-compiler/ /opt/flink/graal-compiler/");
        assertThat(image.jvmOptions())
                .containsExactly(
                        "-XX:+UnlockExperimentalVMOptions",
                        "-XX:+EnableJVMCI",
                        "--upgrade-module-path=" + image.graalCompiler());
    }

    /** The operations guide's list of the image's contents names every jar the image adds, so it cannot drift. */
    @Test
    void theOperationsGuideNamesEveryJarTheImageAdds() throws IOException {
        String guide = Files.readString(Path.of(System.getProperty("sluice.repoRoot"), "docs", "operations.md"));
        int start = guide.indexOf("## The Flink image\n");
        assertThat(start).as("the section in docs/operations.md").isNotNegative();
        int end = guide.indexOf("\n## ", start + 1);
        String section = end < 0 ? guide.substring(start) : guide.substring(start, end);

        assertThat(jars(image.lib()).stream()
                        .map(jar -> jar.getFileName().toString().replaceFirst("-\\d.*\\.jar$", "")))
                .allSatisfy(artifact -> assertThat(section).contains("`" + artifact + "`"));
    }

    private List<Path> clusterJars() throws IOException {
        List<Path> jars = new ArrayList<>(jars(flinkLib));
        jars.addAll(jars(image.lib()));
        return jars;
    }

    /** The gateway's class path as {@code ./sluice start} runs it (its build writes it down). */
    private static List<Path> gatewayJars() throws IOException {
        Path classPath = Path.of(System.getProperty("sluice.gatewayTarget"), "runtime-classpath.txt");
        return Arrays.stream(Files.readString(classPath).strip().split(File.pathSeparator))
                .map(Path::of)
                .toList();
    }

    private static List<Path> jars(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(path -> path.toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * The table connectors and formats these jars provide, as Flink finds them (its factories' service files), each as
     * "connector NAME" or "format NAME". A factory whose own dependencies are missing fails here as it would in a job.
     */
    private static Set<String> tableFactories(List<Path> jars) throws Exception {
        try (URLClassLoader loader = loader(jars)) {
            List<Class<?>> connectors = List.of(
                    loader.loadClass(FACTORIES + "DynamicTableSourceFactory"),
                    loader.loadClass(FACTORIES + "DynamicTableSinkFactory"));
            List<Class<?>> formats = List.of(
                    loader.loadClass(FACTORIES + "DecodingFormatFactory"),
                    loader.loadClass(FACTORIES + "EncodingFormatFactory"));
            Class<?> factory = loader.loadClass(FACTORIES + "Factory");
            Method identifier = factory.getMethod("factoryIdentifier");
            Set<String> found = new TreeSet<>();
            for (Object each : ServiceLoader.load(factory, loader)) {
                String name = (String) identifier.invoke(each);
                if (connectors.stream().anyMatch(kind -> kind.isInstance(each))) {
                    found.add("connector " + name);
                }
                if (formats.stream().anyMatch(kind -> kind.isInstance(each))) {
                    found.add("format " + name);
                }
            }
            return found;
        }
    }

    /** Only these jars and the JDK: nothing from the test's own class path. */
    private static URLClassLoader loader(List<Path> jars) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
