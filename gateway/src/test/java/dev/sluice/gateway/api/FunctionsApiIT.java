package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.UdfJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The UDF catalog through the real gateway: Java functions built from source in the test, uploaded, called from
 * SQL in real Flink jobs, versioned, rolled back and deleted; and every kind of bad upload refused with its field.
 */
class FunctionsApiIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The next results token of each running query a test reads. */
    private final Map<String, Long> tokens = new HashMap<>();

    /** A scalar function whose behaviour is the one line given, so versions of one class can differ. */
    static String scalar(String className, String body) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + ";\n"
                + "public class " + className.substring(dot + 1)
                + " extends org.apache.flink.table.functions.ScalarFunction {\n"
                + "  public String eval(String s) { " + body + " }\n"
                + "}\n";
    }

    static ObjectNode javaFunction(String name, String className, byte[] jar) {
        ObjectNode body = JSON.createObjectNode()
                .put("language", "JAVA")
                .put("className", className)
                .put("jar", Base64.getEncoder().encodeToString(jar));
        if (name != null) {
            body.put("name", name);
        }
        return body;
    }

    @Test
    void aJavaFunctionIsCalledFromSqlAndVersionsArePublishedPinnedAndRolledBack() {
        ApiClient api = GATEWAY.api();
        byte[] v1 =
                UdfJars.jar("demo.Shout", scalar("demo.Shout", "return s == null ? null : s.toUpperCase() + \"!\";"));
        Response created = api.post(
                "/api/v1/functions", javaFunction("shout", "demo.Shout", v1).put("description", "shouts"));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().get("kind").asText()).isEqualTo("SCALAR");
        assertThat(created.body().get("signatureText").asText()).isEqualTo("(s STRING) -> STRING");
        assertThat(created.body().get("owner").asText()).isNotBlank();
        assertThat(created.body().get("currentVersion").asInt()).isEqualTo(1);
        assertThat(rows(api, "SELECT shout(w) FROM (VALUES ('a'), ('bc'), (CAST(NULL AS STRING))) AS t(w)"))
                .containsExactlyInAnyOrder("[\"A!\"]", "[\"BC!\"]", "[null]");

        byte[] v2 = UdfJars.jar("demo.Shout", scalar("demo.Shout", "return s.toLowerCase() + \"?\";"));
        Response published = api.post("/api/v1/functions/shout/versions", javaFunction(null, "demo.Shout", v2));
        assertThat(published.status()).as(published.body().toString()).isEqualTo(201);
        assertThat(published.body().get("version").asInt()).isEqualTo(2);

        assertThat(rows(api, "SELECT shout(w) FROM (VALUES ('Ab')) AS t(w)")).containsExactly("[\"ab?\"]");
        assertThat(rows(api, "SELECT shout$1(w) FROM (VALUES ('Ab')) AS t(w)"))
                .as("pinned")
                .containsExactly("[\"AB!\"]");

        Response rolledBack = api.post("/api/v1/functions/shout:rollback", "{\"version\": 1}");
        assertThat(rolledBack.status()).isEqualTo(200);
        assertThat(rolledBack.body().get("currentVersion").asInt()).isEqualTo(1);
        assertThat(rolledBack.body().get("latestVersion").asInt()).isEqualTo(2);
        assertThat(rows(api, "SELECT shout(w) FROM (VALUES ('Ab')) AS t(w)")).containsExactly("[\"AB!\"]");

        // One session's jobs share its jars, so it cannot have two jars with the same class; another session can.
        String session = api.openSession();
        api.run(session, "SELECT shout$1(w) FROM (VALUES ('a')) AS t(w)");
        Response clash = api.post(
                "/api/v1/statements",
                "{\"sessionId\": \"" + session + "\", \"sql\": \"SELECT shout$2(w) FROM (VALUES ('a')) AS t(w)\"}");
        assertThat(clash.status()).isEqualTo(400);
        assertThat(clash.body().get("error").get("message").asText()).contains("Open a new session");

        JsonNode versions = api.get("/api/v1/functions/shout/versions").body().get("versions");
        assertThat(versions.findValuesAsText("version")).containsExactly("1", "2");
        assertThat(versions.findValuesAsText("current")).containsExactly("true", "false");
        assertThat(versions.get(0).get("sha256").asText())
                .isNotEqualTo(versions.get(1).get("sha256").asText());
        assertThat(api.get("/api/v1/functions").body().get("functions").findValuesAsText("name"))
                .contains("shout");
        assertThat(api.get("/api/v1/functions/shout").body().get("description").asText())
                .isEqualTo("shouts");
    }

    @Test
    void tableAndAggregateFunctionsGetTheirKindAndSignatureDerived() {
        ApiClient api = GATEWAY.api();
        Response splitter = api.post(
                "/api/v1/functions",
                javaFunction(
                        "splitter",
                        "demo.Split",
                        UdfJars.jar(
                                "demo.Split",
                                "package demo; public class Split extends org.apache.flink.table.functions.TableFunction<String> {"
                                        + " public void eval(String csv) { for (String part : csv.split(\",\")) collect(part); } }")));
        Response summer = api.post(
                "/api/v1/functions",
                javaFunction(
                        "summer",
                        "demo.Sum",
                        UdfJars.jar(
                                "demo.Sum",
                                "package demo; public class Sum extends org.apache.flink.table.functions.AggregateFunction<Long, Sum.Acc> {"
                                        + " public static class Acc { public long total; }"
                                        + " public Acc createAccumulator() { return new Acc(); }"
                                        + " public Long getValue(Acc acc) { return acc.total; }"
                                        + " public void accumulate(Acc acc, Integer n) { if (n != null) acc.total += n; } }")));

        assertThat(splitter.status()).as(splitter.body().toString()).isEqualTo(201);
        assertThat(splitter.body().get("kind").asText()).isEqualTo("TABLE");
        assertThat(splitter.body().get("signatureText").asText()).isEqualTo("(csv STRING) -> STRING");
        assertThat(summer.status()).as(summer.body().toString()).isEqualTo(201);
        assertThat(summer.body().get("kind").asText()).isEqualTo("AGGREGATE");
        assertThat(summer.body().get("signatureText").asText()).isEqualTo("(n INT) -> BIGINT");
        assertThat(rows(api, "SELECT w FROM (VALUES ('a,b'), ('c')) AS t(s), LATERAL TABLE(splitter(s)) AS x(w)"))
                .containsExactlyInAnyOrder("[\"a\"]", "[\"b\"]", "[\"c\"]");
        assertThat(rows(api, "SELECT summer(n) FROM (VALUES (1), (2), (3)) AS t(n)"))
                .last()
                .isEqualTo("[\"6\"]");

        // statements:validate sees catalog functions as running would, signature included.
        Response valid =
                api.post("/api/v1/statements:validate", "{\"sql\": \"SELECT summer(n) FROM (VALUES (1)) AS t(n)\"}");
        assertThat(valid.body().get("valid").asBoolean())
                .as(valid.body().toString())
                .isTrue();
        Response wrongType =
                api.post("/api/v1/statements:validate", "{\"sql\": \"SELECT summer('x') FROM (VALUES (1)) AS t(n)\"}");
        assertThat(wrongType.body().get("valid").asBoolean()).isFalse();
        assertThat(wrongType.body().get("diagnostics").get(0).get("message").asText())
                .contains("Data type INT expected");
    }

    @Test
    void twoVersionsOfOneClassRunInTwoJobsAtOnceEachWithItsOwnResults() {
        ApiClient api = GATEWAY.api();
        api.post(
                "/api/v1/functions",
                javaFunction(
                        "tagger", "demo.Tagger", UdfJars.jar("demo.Tagger", scalar("demo.Tagger", "return \"one\";"))));
        api.post(
                "/api/v1/functions/tagger/versions",
                javaFunction(
                        null, "demo.Tagger", UdfJars.jar("demo.Tagger", scalar("demo.Tagger", "return \"two\";"))));
        String table =
                "CREATE TEMPORARY TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20');";

        String first = startQuery(api, table, "SELECT tagger$1(CAST(id AS STRING)) AS tag FROM ticks");
        String second = startQuery(api, table, "SELECT tagger(CAST(id AS STRING)) AS tag FROM ticks");
        // Both jobs are running now; each keeps producing its own version's answer while the other runs.
        List<String> fromFirst = firstRows(api, first, 5);
        List<String> fromSecond = firstRows(api, second, 5);
        List<String> firstAgain = firstRows(api, first, 5);

        assertThat(fromFirst).hasSizeGreaterThanOrEqualTo(5).containsOnly("[\"one\"]");
        assertThat(firstAgain).hasSizeGreaterThanOrEqualTo(5).containsOnly("[\"one\"]");
        assertThat(fromSecond).hasSizeGreaterThanOrEqualTo(5).containsOnly("[\"two\"]");
        api.delete("/api/v1/statements/" + first);
        api.delete("/api/v1/statements/" + second);
    }

    @Test
    void aJobRecordsItsFunctionVersionsAndKeepsTheFunctionFromBeingDeleted() throws InterruptedException {
        ApiClient api = GATEWAY.api();
        api.post(
                "/api/v1/functions",
                javaFunction("keeper", "demo.Keeper", UdfJars.jar("demo.Keeper", scalar("demo.Keeper", "return s;"))));
        String session = api.openSession();
        api.run(
                session,
                "CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');"
                        + "CREATE TABLE sink (s STRING) WITH ('connector' = 'blackhole')");
        JsonNode job = api.run(session, "INSERT INTO sink SELECT keeper(CAST(id AS STRING)) FROM src")
                .get("statements")
                .get(0)
                .get("job");
        String jobId = job.get("id").asText();

        assertThat(job.get("functions").toString()).isEqualTo("[{\"name\":\"keeper\",\"version\":1}]");
        assertThat(api.get("/api/v1/jobs/" + jobId).body().get("functions").toString())
                .isEqualTo("[{\"name\":\"keeper\",\"version\":1}]");
        Response refused = api.delete("/api/v1/functions/keeper");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("error").get("message").asText()).contains(jobId);

        assertThat(api.post("/api/v1/jobs/" + jobId + ":stop", "").status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/functions/keeper").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/functions/keeper").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/jobs/" + jobId).body().get("functions").toString())
                .as("the job's record outlives the function")
                .isEqualTo("[{\"name\":\"keeper\",\"version\":1}]");
    }

    @Test
    void theJarComesFromTheStoreAfterARestartWithoutItsLocalCopy() throws Exception {
        ApiClient before = GATEWAY.api();
        before.post(
                "/api/v1/functions",
                javaFunction(
                        "durable",
                        "demo.Durable",
                        UdfJars.jar("demo.Durable", scalar("demo.Durable", "return \"kept:\" + s;"))));
        assertThat(rows(before, "SELECT durable('a')")).containsExactly("[\"kept:a\"]");

        GATEWAY.restart();
        Path jars = GATEWAY.dataDir().resolve("functions").resolve("jars");
        try (Stream<Path> files = Files.list(jars)) {
            List<Path> copies = files.toList();
            assertThat(copies).as("the local copy the first query used").isNotEmpty();
            for (Path file : copies) {
                Files.delete(file);
            }
        }

        assertThat(rows(GATEWAY.api(), "SELECT durable('b')")).containsExactly("[\"kept:b\"]");
    }

    @Test
    void anAnalystsFunctionsAreTheirTenantsAndCallableFromTheirSessions() {
        ApiClient admin = GATEWAY.api();
        assertThat(admin.post("/api/v1/tenants", "{\"name\": \"fnteam\"}").status())
                .isEqualTo(201);
        ApiClient analyst = admin.withToken(
                admin.post("/api/v1/tenants/fnteam/tokens", "{\"name\": \"analyst\", \"role\": \"analyst\"}")
                        .body()
                        .get("token")
                        .asText());
        byte[] jar = UdfJars.jar("demo.Team", scalar("demo.Team", "return \"team:\" + s;"));
        Response refused = analyst.post("/api/v1/functions", javaFunction("team_only", "demo.Team", jar));
        assertThat(refused.status())
                .as("Java without the tenant's policy allowing it")
                .isEqualTo(403);
        assertThat(refused.body().get("error").get("code").asText()).isEqualTo("POLICY_JAVA_FUNCTIONS_NOT_ALLOWED");
        assertThat(admin.get("/api/v1/functions").body().get("functions").findValuesAsText("name"))
                .doesNotContain("team_only");
        assertThat(admin.put("/api/v1/tenants/fnteam/policy", "{\"allowJavaFunctions\": true}")
                        .status())
                .isEqualTo(200);
        Response created = analyst.post("/api/v1/functions", javaFunction("team_only", "demo.Team", jar));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);

        assertThat(rows(analyst, "SELECT team_only('x')")).containsExactly("[\"team:x\"]");
        assertThat(admin.get("/api/v1/functions/team_only").status())
                .as("another tenant's function")
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/functions").body().get("functions").findValuesAsText("name"))
                .doesNotContain("team_only");
        Response adminCall = admin.post("/api/v1/statements", "{\"sql\": \"SELECT team_only('x')\"}");
        assertThat(adminCall.status()).isEqualTo(400);
    }

    @Test
    void badUploadsAreRefusedWithTheirFieldAndStoreNothing() {
        ApiClient api = GATEWAY.api();
        byte[] good = UdfJars.jar("demo.Good", scalar("demo.Good", "return s;"));
        byte[] plainClass = UdfJars.jar(
                "demo.Plain", "package demo; public class Plain { public String eval(String s) { return s; } }");

        assertRefused(
                api.post("/api/v1/functions", javaFunction("notajar", "demo.Good", "just text".getBytes())),
                400,
                "jar");
        assertRefused(api.post("/api/v1/functions", javaFunction("noclass", "demo.Missing", good)), 400, "className");
        assertRefused(
                api.post("/api/v1/functions", javaFunction("wrongkind", "demo.Plain", plainClass)), 400, "className");
        assertRefused(
                api.post(
                        "/api/v1/functions",
                        javaFunction("badbase64", "demo.Good", good).put("jar", "%%%")),
                400,
                "jar");
        assertRefused(api.post("/api/v1/functions", javaFunction("upper", "demo.Good", good)), 400, "name");
        assertRefused(api.post("/api/v1/functions", javaFunction("Bad-Name", "demo.Good", good)), 400, "name");
        assertRefused(api.post("/api/v1/functions", javaFunction("ünï", "demo.Good", good)), 400, "name");
        assertRefused(
                api.post(
                        "/api/v1/functions",
                        javaFunction("nolang", "demo.Good", good).put("language", "COBOL")),
                400,
                "language");
        assertRefused(
                api.post(
                        "/api/v1/functions",
                        javaFunction("wrongsig", "demo.Good", good).set("signature", signature("INT", "STRING"))),
                400,
                "signature.parameters[0].type");
        assertRefused(
                api.post(
                        "/api/v1/functions",
                        javaFunction("wrongkind2", "demo.Good", good).put("kind", "TABLE")),
                400,
                "kind");
        assertRefused(notUtf8(api), 400, "body");
        assertRefused(
                api.post("/api/v1/functions", javaFunction("huge", "demo.Good", new byte[2 * 1024 * 1024])),
                413,
                "body");

        assertThat(api.post("/api/v1/functions", javaFunction("good", "demo.Good", good))
                        .status())
                .isEqualTo(201);
        assertRefused(api.post("/api/v1/functions", javaFunction("good", "demo.Good", good)), 409, "name");
        assertRefused(
                api.post("/api/v1/functions/good/versions", javaFunction(null, "demo.Plain", plainClass)),
                400,
                "className");
        assertRefused(api.post("/api/v1/functions/good:rollback", "{\"version\": 7}"), 404, "version");
        assertRefused(
                api.post("/api/v1/functions/nothere/versions", javaFunction(null, "demo.Good", good)), 404, "name");

        assertThat(api.get("/api/v1/functions").body().get("functions").findValuesAsText("name"))
                .doesNotContain(
                        "notajar",
                        "noclass",
                        "wrongkind",
                        "badbase64",
                        "upper",
                        "nolang",
                        "wrongsig",
                        "wrongkind2",
                        "huge");
        assertThat(api.get("/api/v1/functions/good/versions")
                        .body()
                        .get("versions")
                        .size())
                .as("no half-published version")
                .isEqualTo(1);
        Response unauthenticated = api.withToken(null).get("/api/v1/functions");
        assertThat(unauthenticated.status()).isEqualTo(401);
    }

    @Test
    void checkingAnUploadRunsNoStaticInitializerOfTheJar() {
        ApiClient api = GATEWAY.api();
        byte[] jar = UdfJars.jar(
                "demo.Loud",
                "package demo;\n"
                        + "public class Loud extends org.apache.flink.table.functions.ScalarFunction {\n"
                        + "  static { if (Boolean.TRUE) { throw new IllegalStateException(\"the static initializer ran\"); } }\n"
                        + "  public String eval(String s) { return s; }\n"
                        + "}\n");

        // Accepted, with its signature: the class was loaded and checked without being initialized.
        Response created = api.post("/api/v1/functions", javaFunction("loud", "demo.Loud", jar));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().get("signatureText").asText()).isEqualTo("(s STRING) -> STRING");
        // Its code runs first when a statement using it is planned: there the failure names the function.
        Response planned = api.post("/api/v1/statements", "{\"sql\": \"SELECT loud('x')\"}");
        assertThat(planned.status()).as(planned.body().toString()).isEqualTo(400);
        assertThat(planned.body().get("error").get("message").asText())
                .contains("demo.Loud", "the static initializer ran");
    }

    private static ObjectNode signature(String parameterType, String result) {
        ObjectNode signature = JSON.createObjectNode().put("result", result);
        signature.putArray("parameters").addObject().put("name", "s").put("type", parameterType);
        return signature;
    }

    /** {"name": "bad\xC3(", ...}: 0xC3 starts a two-byte sequence that '(' cannot continue. */
    private static Response notUtf8(ApiClient api) {
        byte[] head = "{\"name\": \"bad".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\", \"language\": \"JAVA\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xC3;
        body[head.length + 1] = '(';
        System.arraycopy(tail, 0, body, head.length + 2, tail.length);
        return api.postBytes("/api/v1/functions", body);
    }

    private static void assertRefused(Response response, int status, String field) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.body().get("error").get("field").asText())
                .as(response.body().toString())
                .isEqualTo(field);
        assertThat(response.body().get("error").get("message").asText()).isNotBlank();
    }

    private static List<String> rows(ApiClient api, String sql) {
        JsonNode statement = api.run(null, sql).get("statements").get(0);
        return api.readAll(statement.get("id").asText(), Duration.ofSeconds(60)).stream()
                .map(row -> row.get("fields").toString())
                .toList();
    }

    private static String startQuery(ApiClient api, String ddl, String query) {
        String session = api.openSession();
        api.run(session, ddl);
        return api.run(session, query).get("statements").get(0).get("id").asText();
    }

    /** At least {@code count} more rows of a running query, from where the last call stopped reading. */
    private List<String> firstRows(ApiClient api, String statementId, int count) {
        List<String> rows = new ArrayList<>();
        AtomicLong token = new AtomicLong(tokens.getOrDefault(statementId, 0L));
        await(count + " more rows of " + statementId)
                .atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Response page = api.get("/api/v1/statements/" + statementId + "/results?token=" + token.get());
                    assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
                    page.body()
                            .get("rows")
                            .forEach(row -> rows.add(row.get("fields").toString()));
                    token.set(page.body().get("nextToken").asLong());
                    return rows.size() >= count;
                });
        tokens.put(statementId, token.get());
        return rows;
    }
}
