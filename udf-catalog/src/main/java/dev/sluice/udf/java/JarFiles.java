package dev.sluice.udf.java;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Local copies of stored jars, named by their content's digest: Flink's class loaders and {@code pipeline.jars}
 * need a file, the store keeps the bytes. A copy is written once, atomically, so concurrent sessions never read a
 * half-written jar; the store stays the source of truth, and the directory may be deleted any time.
 */
public final class JarFiles {

    private JarFiles() {}

    public static Path materialize(Path directory, String sha256, byte[] jar) {
        Path target = directory.resolve(sha256 + ".jar");
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, sha256, ".part");
            Files.write(partial, jar);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the function jar " + target, e);
        }
    }
}
