package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
 * Kind CONTAINER: what the gateway's process and the cluster's pods may do on their host. The image runs as a fixed
 * unprivileged user that cannot rewrite the gateway's own code; every pod of the chart runs as a non-root user without
 * privileges (ChartIT checks the rendered manifests of every kind of install); and a started gateway keeps its data
 * directory and admin token to its own user, so another account on the host reads neither.
 */
class ContainerRightsAttacksIT {

    /** The repository's root: tests run in the gateway module's directory. */
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** A directory any account on the host may look into, as /srv or /var/lib are; the gateway makes its own in it. */
    private static final Path HOST_DIRECTORY = openDirectory();
    private static final Path DATA_DIR = HOST_DIRECTORY.resolve("sluice");
    /** The unprivileged account an attack on the host runs as (nobody on Debian). */
    private static final String OTHER_ACCOUNT = "65534";

    /** Registered first so that it runs last, once the gateway has stopped writing there (extensions end in reverse). */
    @RegisterExtension @Order(1) static final AfterAllCallback REMOVE_HOST_DIRECTORY = context -> {
        try (Stream<Path> files = Files.walk(HOST_DIRECTORY)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    };

    @RegisterExtension @Order(2) static final SluiceServerExtension GATEWAY =
            new SluiceServerExtension(options -> options.set(SluiceOptions.DATA_DIR, DATA_DIR.toString()));

    @Attack(kind = Attack.Kind.CONTAINER, through = Attack.Listener.HOST)
    @Test
    void theImageRunsAsAFixedUnprivilegedUserThatNothingTurnsBackIntoRoot() throws IOException {
        List<String> stage = finalStage();

        List<String> users = arguments(stage, "USER");
        assertThat(users).as("USER of the final stage").isNotEmpty();
        String user = users.get(users.size() - 1);
        assertThat(user).as("a numeric uid:gid, which runAsNonRoot can check without /etc/passwd").matches("[0-9]+:[0-9]+");
        assertThat(user.split(":")).allSatisfy(id -> assertThat(Long.parseLong(id)).as("uid and gid").isPositive());
        // Every RUN (which could need root) comes before it, and nothing after it names another user.
        int switched = stage.lastIndexOf("USER " + user);
        assertThat(stage.subList(switched + 1, stage.size())).noneMatch(line -> line.startsWith("RUN ") || line.startsWith("USER "));
        String uid = user.split(":")[0];
        assertThat(arguments(stage, "RUN")).anySatisfy(run -> assertThat(run)
                .contains("useradd --uid " + uid, "chown sluice:sluice /var/lib/sluice", "chmod 0700 /var/lib/sluice"));
        // The entry point starts Java as that user: it switches no user and changes no file's owner or mode.
        String entrypoint = Files.readString(REPOSITORY.resolve("scripts/container-entrypoint.sh"));
        assertThat(entrypoint).doesNotContainPattern("\\b(su|sudo|gosu|su-exec|setpriv|runuser|chown|chmod|setcap)\\b");
        assertThat(arguments(stage, "ENTRYPOINT")).containsExactly("[\"/opt/sluice/bin/sluice-gateway\"]");
    }

    @Attack(kind = Attack.Kind.CONTAINER, through = Attack.Listener.HOST)
    @Test
    void theGatewaysUserCannotRewriteTheGatewaysCode() throws IOException {
        List<String> copies = arguments(finalStage(), "COPY");

        assertThat(copies).isNotEmpty();
        // Copied files belong to root and are read-only to the gateway's user: a hijacked process cannot plant code
        // that the next start would run.
        assertThat(copies).allSatisfy(copy -> assertThat(copy).doesNotContain("--chown", "--chmod"));
        assertThat(arguments(finalStage(), "WORKDIR")).containsExactly("/var/lib/sluice");
    }

    @Attack(kind = Attack.Kind.CONTAINER, through = Attack.Listener.HOST)
    @Test
    void everyPodTheChartRunsIsANonRootUserWithoutPrivileges() throws IOException {
        JsonNode values = YAML.readTree(REPOSITORY.resolve("helm/sluice/values.yaml").toFile());
        String imageUid = arguments(finalStage(), "USER").get(0).split(":")[0];

        for (String pod : List.of("/gateway", "/postgresql", "/flink/operator")) {
            JsonNode podContext = values.at(pod + "/podSecurityContext");
            assertThat(podContext.path("runAsNonRoot").asBoolean()).as(pod).isTrue();
            assertThat(podContext.path("runAsUser").asLong()).as(pod).isPositive();
            assertThat(podContext.path("runAsGroup").asLong()).as(pod).isPositive();
            JsonNode container = values.at(pod + "/securityContext");
            assertThat(container.path("allowPrivilegeEscalation").asBoolean(true)).as(pod).isFalse();
            assertThat(container.path("readOnlyRootFilesystem").asBoolean()).as(pod).isTrue();
            assertThat(container.at("/capabilities/drop").toString()).as(pod).isEqualTo("[\"ALL\"]");
            assertThat(container.has("privileged")).as(pod).isFalse();
        }
        assertThat(values.at("/gateway/podSecurityContext/runAsUser").asText()).as("the image's user").isEqualTo(imageUid);
        // Each template takes its pod's contexts from these values, nothing of its own.
        assertThat(Files.readString(REPOSITORY.resolve("helm/sluice/templates/deployment.yaml")))
                .contains("toYaml $g.podSecurityContext", "toYaml $g.securityContext");
        assertThat(Files.readString(REPOSITORY.resolve("helm/sluice/templates/postgresql.yaml")))
                .contains("toYaml $pg.podSecurityContext", "toYaml $pg.securityContext");
        assertThat(Files.readString(REPOSITORY.resolve("helm/sluice/templates/flinkdeployment.yaml")))
                .contains("toYaml $f.podSecurityContext", "toYaml $f.securityContext");
    }

    @Attack(kind = Attack.Kind.CONTAINER, through = Attack.Listener.HOST)
    @Test
    void anotherAccountOnTheHostReadsNeitherTheDataDirectoryNorTheAdminToken() throws Exception {
        Path token = DATA_DIR.resolve("admin.token");
        String before = Files.readString(token);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA_DIR))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
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

    /** The final stage's instructions, one per line with continuations joined, comments left out. */
    private static List<String> finalStage() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(REPOSITORY.resolve("Dockerfile"), StandardCharsets.UTF_8)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (text.endsWith("\\")) {
                current.append(text, 0, text.length() - 1).append(' ');
                continue;
            }
            instructions.add(current.append(text).toString().replaceAll("\\s+", " "));
            current.setLength(0);
        }
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                lastFrom = i;
            }
        }
        return instructions.subList(lastFrom, instructions.size());
    }

    private static List<String> arguments(List<String> stage, String instruction) {
        return stage.stream().filter(line -> line.startsWith(instruction + " ")).map(line -> line.substring(instruction.length() + 1)).toList();
    }

    private static boolean canActAsAnotherAccount() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return id.waitFor() == 0 && uid.equals("0") && Files.isExecutable(Path.of("/usr/bin/setpriv"));
    }

    /** What a command run as {@link #OTHER_ACCOUNT} printed, errors included; the command must fail. */
    private static String asOtherAccount(String... command) throws IOException, InterruptedException {
        List<String> asOther = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + OTHER_ACCOUNT, "--regid=" + OTHER_ACCOUNT,
                "--clear-groups", "--"));
        asOther.addAll(List.of(command));
        Process process = new ProcessBuilder(asOther).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isNotZero();
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
