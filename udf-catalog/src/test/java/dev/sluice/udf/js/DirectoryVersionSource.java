package dev.sluice.udf.js;

import dev.sluice.udf.catalog.FunctionPayload;
import dev.sluice.udf.catalog.FunctionSignature;
import dev.sluice.udf.catalog.FunctionVersion;
import dev.sluice.udf.catalog.VersionSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A test catalog that a running job can poll: {@code <dir>/<name>.js} holds the current version's source and
 * {@code <dir>/<name>.version} its number, replaced atomically by {@link #publish}. The signature is fixed.
 */
record DirectoryVersionSource(String directory, FunctionSignature signature, String entry) implements VersionSource {

    static FunctionVersion version(int number, FunctionSignature signature, String entry, String source) {
        return new FunctionVersion(
                number, signature, FunctionPayload.source(entry, source), "sha-" + number, Instant.EPOCH, "test");
    }

    void publish(String name, int number, String source) {
        Path dir = Paths.get(directory);
        try {
            Files.writeString(dir.resolve(name + ".js"), source, StandardCharsets.UTF_8);
            Path staged = Files.writeString(dir.resolve(name + ".version.tmp"), Integer.toString(number));
            Files.move(
                    staged,
                    dir.resolve(name + ".version"),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<FunctionVersion> current(String tenant, String name) {
        Path dir = Paths.get(directory);
        try {
            if (!Files.exists(dir.resolve(name + ".version"))) {
                return Optional.empty();
            }
            int number = Integer.parseInt(
                    Files.readString(dir.resolve(name + ".version")).trim());
            return Optional.of(version(number, signature, entry, Files.readString(dir.resolve(name + ".js"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FunctionSignature signature(String result, String... parameterTypes) {
        List<FunctionSignature.Parameter> parameters = new java.util.ArrayList<>();
        for (int i = 0; i < parameterTypes.length; i++) {
            parameters.add(new FunctionSignature.Parameter("arg" + i, parameterTypes[i]));
        }
        return new FunctionSignature(parameters, result);
    }
}
