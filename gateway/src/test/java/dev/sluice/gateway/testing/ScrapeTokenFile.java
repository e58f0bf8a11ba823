package dev.sluice.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A fresh random scrape token for {@code GET /metrics} in a file only its owner reads, as a mounted Secret would be;
 * the file goes when the JVM exits.
 */
public record ScrapeTokenFile(Path path, String token) {

    public static ScrapeTokenFile create() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        try {
            Path file = Files.createTempFile(
                    "sluice-scrape-",
                    ".token",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            // With the line end an editor or `kubectl create secret --from-file` leaves.
            Files.writeString(file, token + "\n");
            return new ScrapeTokenFile(file, token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
