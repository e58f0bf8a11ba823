package dev.sluice.tests.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The Sluice Flink image as its build leaves it, without a container engine: {@code flink-image/Dockerfile} and the
 * directories its Maven build assembles and the Dockerfile copies ({@code target/flink-lib} into Flink's
 * {@code lib/}, {@code target/graal-compiler} beside it).
 *
 * @param dockerfile the image's container definition
 * @param lib the jars the image adds to Flink's {@code lib/}
 * @param graalCompiler the Graal compiler jars, for the upgrade module path
 */
public record FlinkImageBuild(Path dockerfile, Path lib, Path graalCompiler) {

    /** System property naming the {@code flink-image} module's directory; the build sets it. */
    public static final String DIRECTORY_PROPERTY = "sluice.flinkImage";

    /** Where the Dockerfile puts the Graal compiler in the image; its JVM options name this path. */
    static final String IMAGE_GRAAL_COMPILER = "/opt/flink/graal-compiler";

    private static final Pattern JAVA_OPTIONS = Pattern.compile("(?m)^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\"$");

    public FlinkImageBuild {
        requireNonNull(dockerfile, "dockerfile is null");
        requireNonNull(lib, "lib is null");
        requireNonNull(graalCompiler, "graalCompiler is null");
    }

    /** The image's build in the directory the system property names, checked to have been assembled. */
    public static FlinkImageBuild fromBuild() {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        requireNonNull(
                directory, "system property " + DIRECTORY_PROPERTY + " is not set; the build sets it to flink-image");
        Path module = Path.of(directory);
        FlinkImageBuild build = new FlinkImageBuild(
                module.resolve("Dockerfile"),
                module.resolve("target/flink-lib"),
                module.resolve("target/graal-compiler"));
        if (!Files.isDirectory(build.lib()) || !Files.isDirectory(build.graalCompiler())) {
            throw new IllegalStateException("The Flink image's directories are missing under "
                    + module.resolve("target") + "; build it first (mvn -pl flink-image -am package)");
        }
        return build;
    }

    /**
     * The JVM options the image gives every Java process (its {@code JDK_JAVA_OPTIONS}), with the image's path of the
     * Graal compiler replaced by the assembled directory.
     */
    public List<String> jvmOptions() throws IOException {
        Matcher matcher = JAVA_OPTIONS.matcher(Files.readString(dockerfile));
        if (!matcher.find()) {
            throw new IllegalStateException(dockerfile + " sets no ENV JDK_JAVA_OPTIONS=\"...\"");
        }
        String options = matcher.group(1).replace(IMAGE_GRAAL_COMPILER, graalCompiler.toString());
        return Arrays.asList(options.strip().split("\\s+"));
    }
}
