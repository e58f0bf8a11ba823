package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kind CONTAINER, read from the repository's files (no gateway needed): the image runs as a fixed unprivileged user that
 * cannot rewrite the gateway's own code, and every pod of the chart runs as a non-root user without privileges
 * (ChartIT checks the rendered manifests of every kind of install). {@link ContainerRightsAttacksIT} attacks a started
 * gateway's files.
 */
class ContainerImageAttacksTest {

    /** The repository's root: tests run in the gateway module's directory. */
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    private static final YAMLMapper YAML = new YAMLMapper();

    @Attack(kind = Attack.Kind.CONTAINER, through = Attack.Listener.HOST)
    @Test
    void theImageRunsAsAFixedUnprivilegedUserThatNothingTurnsBackIntoRoot() throws IOException {
        List<String> stage = finalStage();

        List<String> users = arguments(stage, "USER");
        assertThat(users).as("USER of the final stage").isNotEmpty();
        String user = users.get(users.size() - 1);
        assertThat(user)
                .as("a numeric uid:gid, which runAsNonRoot can check without /etc/passwd")
                .matches("[0-9]+:[0-9]+");
        assertThat(user.split(":"))
                .allSatisfy(
                        id -> assertThat(Long.parseLong(id)).as("uid and gid").isPositive());
        // Every RUN (which could need root) comes before it, and nothing after it names another user.
        int switched = stage.lastIndexOf("USER " + user);
        assertThat(stage.subList(switched + 1, stage.size()))
                .noneMatch(line -> line.startsWith("RUN ") || line.startsWith("USER "));
        String uid = user.split(":")[0];
        assertThat(arguments(stage, "RUN"))
                .anySatisfy(run -> assertThat(run)
                        .contains(
                                "useradd --uid " + uid,
                                "chown sluice:sluice /var/lib/sluice",
                                "chmod 0700 /var/lib/sluice"));
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
        JsonNode values =
                YAML.readTree(REPOSITORY.resolve("helm/sluice/values.yaml").toFile());
        String imageUid = arguments(finalStage(), "USER").get(0).split(":")[0];

        for (String pod : List.of("/gateway", "/postgresql", "/flink/operator")) {
            JsonNode podContext = values.at(pod + "/podSecurityContext");
            assertThat(podContext.path("runAsNonRoot").asBoolean()).as(pod).isTrue();
            assertThat(podContext.path("runAsUser").asLong()).as(pod).isPositive();
            assertThat(podContext.path("runAsGroup").asLong()).as(pod).isPositive();
            JsonNode container = values.at(pod + "/securityContext");
            assertThat(container.path("allowPrivilegeEscalation").asBoolean(true))
                    .as(pod)
                    .isFalse();
            assertThat(container.path("readOnlyRootFilesystem").asBoolean())
                    .as(pod)
                    .isTrue();
            assertThat(container.at("/capabilities/drop").toString()).as(pod).isEqualTo("[\"ALL\"]");
            assertThat(container.has("privileged")).as(pod).isFalse();
        }
        assertThat(values.at("/gateway/podSecurityContext/runAsUser").asText())
                .as("the image's user")
                .isEqualTo(imageUid);
        // Each template takes its pod's contexts from these values, nothing of its own.
        assertThat(Files.readString(REPOSITORY.resolve("helm/sluice/templates/deployment.yaml")))
                .contains("toYaml $g.podSecurityContext", "toYaml $g.securityContext");
        assertThat(Files.readString(REPOSITORY.resolve("helm/sluice/templates/postgresql.yaml")))
                .contains("toYaml $pg.podSecurityContext", "toYaml $pg.securityContext");
        assertThat(Files.readString(REPOSITORY.resolve("helm/sluice/templates/flinkdeployment.yaml")))
                .contains("toYaml $f.podSecurityContext", "toYaml $f.securityContext");
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
        return stage.stream()
                .filter(line -> line.startsWith(instruction + " "))
                .map(line -> line.substring(instruction.length() + 1))
                .toList();
    }
}
