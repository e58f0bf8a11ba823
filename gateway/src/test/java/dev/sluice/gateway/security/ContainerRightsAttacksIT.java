package dev.sluice.gateway.security;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kind CONTAINER, on a started gateway: it keeps its data directory and admin token to its own user, so another account
 * on the host reads neither. What the image and the chart allow is read from their files by
 * {@link ContainerImageAttacksTest}.
 */
class ContainerRightsAttacksIT {

    /** A directory any account on the host may look into, as /srv or /var/lib are; the gateway makes its own in it. */
    private static final Path HOST_DIRECTORY = openDirectory();

    private static final Path DATA_DIR = HOST_DIRECTORY.resolve("sluice");
    /** The unprivileged account an attack on the host runs as (nobody on Debian). */
    private static final String OTHER_ACCOUNT = "65534";

    /** Registered first so that it runs last, once the gateway has stopped writing there (extensions end in reverse). */
    @RegisterExtension
    @Order(1)
    static final AfterAllCallback REMOVE_HOST_DIRECTORY = context -> {
        try (Stream<Path> files = Files.walk(HOST_DIRECTORY)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    };

    @RegisterExtension
    @Order(2)
    static final SluiceServerExtension GATEWAY =
            new SluiceServerExtension(options -> options.set(SluiceOptions.DATA_DIR, DATA_DIR.toString()));

    @Attack(kind = Attack.Kind.CONTAINER, through = Attack.Listener.HOST)
    @Test
    void anotherAccountOnTheHostReadsNeitherTheDataDirectoryNorTheAdminToken() throws Exception {
        Path token = DATA_DIR.resolve("admin.token");
        String before = Files.readString(token);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA_DIR)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
                .isEqualTo("rw-------");
        assertThat(Files.getOwner(DATA_DIR)).isEqualTo(Files.getOwner(token));
        if (canActAsAnotherAccount()) {
            // As root (./sluice test in a container), the attempt itself: nobody cannot list, read or replace them.
            assertThat(asOtherAccount("ls", DATA_DIR.toString())).contains("Permission denied");
            assertThat(asOtherAccount("cat", token.toString())).contains("Permission denied");
            assertThat(asOtherAccount("sh", "-c", "echo planted > " + token)).contains("Permission denied");
        }

        assertThat(Files.readString(token)).isEqualTo(before);
        ApiClient.Response whoami = new ApiClient(GATEWAY.apiUrl(), before.strip()).get("/api/v1/whoami");
        assertThat(whoami.status()).isEqualTo(200);
        assertThat(whoami.body().get("role").asText()).isEqualTo("admin");
    }

    private static boolean canActAsAnotherAccount() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return id.waitFor() == 0 && uid.equals("0") && Files.isExecutable(Path.of("/usr/bin/setpriv"));
    }

    /** What a command run as {@link #OTHER_ACCOUNT} printed, errors included; the command must fail. */
    private static String asOtherAccount(String... command) throws IOException, InterruptedException {
        List<String> asOther = new ArrayList<>(List.of(
                "/usr/bin/setpriv", "--reuid=" + OTHER_ACCOUNT, "--regid=" + OTHER_ACCOUNT, "--clear-groups", "--"));
        asOther.addAll(List.of(command));
        Process process = new ProcessBuilder(asOther).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ": " + output)
                .isNotZero();
        return output;
    }

    private static Path openDirectory() {
        try {
            Path directory = Files.createTempDirectory("sluice-host-");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
