package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.security.Attack.Listener;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static dev.sluice.gateway.security.Attack.Kind.FILES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile analysts against the file systems (docs/security.md, "Files: deny by default"). Mallory's storage root is the
 * JVM's temporary directory, which holds the gateway's data directory, its checkpoints and savepoints: what the gateway
 * protects must stay out of reach inside a root. Eve's root is a directory of her own, which she tries to climb out of.
 * Another tenant's files lie beside both. Every attack must be refused on both listeners, and leave every file as it was.
 */
class FileAttacksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final String PATH_NOT_ALLOWED = "POLICY_PATH_NOT_ALLOWED";
    private static final String OPTION_FORBIDDEN = "POLICY_OPTION_FORBIDDEN";
    // A public address (TEST-NET-3), open to every tenant, so only the option under attack is refused.
    private static final String PUBLIC_HOST = "203.0.113.10";

    private static HostileTenant mallory;
    private static HostileTenant eve;
    private static Path eveRoot;
    private static Path victimFiles;
    private static Path adminToken;
    private static String adminTokenText;

    @BeforeAll
    static void twoAttackersAndAnotherTenantsFiles() throws IOException {
        mallory = HostileTenant.create(GATEWAY, "mallory");
        eve = HostileTenant.create(GATEWAY, "eve");
        eveRoot = Files.createTempDirectory("eve-root-");
        victimFiles = Files.createTempDirectory("victim-files-");
        Files.writeString(victimFiles.resolve("secret.csv"), "victim,42\n");
        grantRoot("mallory", SluiceServerExtension.TEMP_ROOT.toString());
        grantRoot("eve", eveRoot.toString());
        adminToken = GATEWAY.dataDir().resolve(SluiceServer.ADMIN_TOKEN_FILE);
        adminTokenText = Files.readString(adminToken);
    }

    @AfterAll
    static void deleteTheFiles() throws IOException {
        for (Path dir : List.of(eveRoot, victimFiles)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static ApiClient.Response grantRoot(String tenant, String path) {
        return GATEWAY.api().post("/api/v1/tenants/" + tenant + "/storage-roots", "{\"path\": \"" + path + "\"}");
    }

    private static String rawTable(String name, String path) {
        return "CREATE TEMPORARY TABLE " + name + " (line STRING) WITH ('connector' = 'filesystem', 'path' = '" + path
                + "'," + " 'format' = 'raw')";
    }

    /** Refused on both listeners with the code, and the refusal quotes nothing of the admin token. */
    private static void refusedEverywhere(HostileTenant attacker, String code, String... statements) {
        assertThat(attacker.refusedByApi(code, statements).toString()).doesNotContain(adminTokenText);
        assertThat(attacker.refusedByFlinkEndpoint(code, statements)).doesNotContain(adminTokenText);
    }

    private static void untouched() throws IOException {
        assertThat(Files.readString(adminToken)).isEqualTo(adminTokenText);
        assertThat(Files.readString(victimFiles.resolve("secret.csv"))).isEqualTo("victim,42\n");
        assertThat(mallory.jobs()).isEmpty();
        assertThat(eve.jobs()).isEmpty();
    }

    /** The issue's example: the admin token read as a raw file, then used as an admin. */
    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void theAdminTokenCannotBeReadAsARawFile() throws IOException {
        refusedEverywhere(mallory, PATH_NOT_ALLOWED, rawTable("token", adminToken.toString()), "SELECT * FROM token");

        assertThat(mallory.refusedByApi(PATH_NOT_ALLOWED, rawTable("token", adminToken.toString()))
                        .get("message")
                        .asText())
                .contains("the admin token file", "(rule protected locations)");
        untouched();
    }

    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void theMetadataStoresFileCannotBeRead() throws IOException {
        Path store = GATEWAY.dataDir().resolve("metadata.mv.db");
        long size = Files.size(store);

        refusedEverywhere(mallory, PATH_NOT_ALLOWED, rawTable("store", store.toString()), "SELECT * FROM store");

        assertThat(Files.size(store)).isGreaterThanOrEqualTo(size);
        untouched();
    }

    /** The issue's example: a file.path metadata column lists what a directory holds. */
    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void theDataDirectoryCannotBeListedThroughFilePath() throws IOException {
        refusedEverywhere(
                mallory,
                PATH_NOT_ALLOWED,
                "CREATE TEMPORARY TABLE listing (line STRING, file_path STRING NOT NULL METADATA FROM 'file.path' VIRTUAL)"
                        + " WITH ('connector' = 'filesystem', 'path' = '" + GATEWAY.dataDir() + "', 'format' = 'raw')",
                "SELECT DISTINCT file_path FROM listing");
        untouched();
    }

    /** The issue's example: INSERT OVERWRITE in batch mode deletes what the directory held; here pointed by a hint. */
    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void insertOverwriteCannotEmptyAnotherTenantsDirectory() throws IOException {
        refusedEverywhere(
                eve,
                PATH_NOT_ALLOWED,
                rawTable("own_out", eveRoot.resolve("out").toString()),
                "SET 'execution.runtime-mode' = 'batch'",
                "INSERT OVERWRITE own_out /*+ OPTIONS('path' = '" + victimFiles + "') */ SELECT 'gone'");
        refusedEverywhere(
                mallory,
                PATH_NOT_ALLOWED,
                "SET 'execution.runtime-mode' = 'batch'",
                rawTable("wipe", GATEWAY.dataDir().resolve("functions").toString()));
        untouched();
    }

    /** The issue's example: a filesystem sink writing into a checkpoint directory (another tenant's, or any). */
    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void noSinkWritesIntoACheckpointOrSavepointDirectory() throws IOException {
        for (String dir : List.of("checkpoints", "savepoints")) {
            Path state = GATEWAY.dataDir().resolve(dir);
            List<Path> before = listing(state);

            refusedEverywhere(
                    mallory,
                    PATH_NOT_ALLOWED,
                    rawTable("planted", state.resolve("planted").toUri().toString()),
                    "INSERT INTO planted VALUES ('state')");

            assertThat(listing(state)).isEqualTo(before);
        }
        untouched();
    }

    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void dotDotCannotClimbOutOfTheRoot() throws IOException {
        refusedEverywhere(
                eve,
                PATH_NOT_ALLOWED,
                rawTable("climb", eveRoot + "/../" + victimFiles.getFileName() + "/secret.csv"),
                "SELECT * FROM climb");
        refusedEverywhere(
                eve,
                PATH_NOT_ALLOWED,
                rawTable("climb", eveRoot + "/../../../../../../../../etc/passwd"),
                "SELECT * FROM climb");
        untouched();
    }

    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void percentEncodingCannotClimbOutOfTheRoot() throws IOException {
        refusedEverywhere(
                eve,
                PATH_NOT_ALLOWED,
                rawTable("encoded", eveRoot.toUri() + "/%2e%2e/" + victimFiles.getFileName() + "/secret.csv"),
                "SELECT * FROM encoded");
        refusedEverywhere(
                eve,
                PATH_NOT_ALLOWED,
                rawTable("encoded", eveRoot + "/%2E%2E%2F" + victimFiles.getFileName() + "%2Fsecret.csv"),
                "SELECT * FROM encoded");
        untouched();
    }

    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aSymbolicLinkCannotLeadOutOfTheRoot() throws IOException {
        Path toData = Files.createSymbolicLink(eveRoot.resolve("to-data"), GATEWAY.dataDir());
        Path toVictim = Files.createSymbolicLink(eveRoot.resolve("to-victim"), victimFiles);

        refusedEverywhere(
                eve,
                PATH_NOT_ALLOWED,
                rawTable("linked", toData.resolve("admin.token").toString()),
                "SELECT * FROM linked");
        refusedEverywhere(
                eve,
                PATH_NOT_ALLOWED,
                rawTable("linked", toVictim.resolve("secret.csv").toString()),
                "SELECT * FROM linked");
        refusedEverywhere(
                eve, PATH_NOT_ALLOWED, rawTable("linked", toVictim.toString()), "INSERT INTO linked VALUES ('x')");
        untouched();
    }

    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void noSpellingOfAFileUriReachesTheDataDirectory() throws IOException {
        String token = adminToken.toString();
        for (String spelling : List.of(
                "file:" + token,
                "file://" + token,
                "file://localhost" + token,
                "FILE://" + token,
                "file:///" + GATEWAY.dataDir() + "//./admin.token",
                "file:" + GATEWAY.dataDir() + "/sub/../admin.token")) {
            refusedEverywhere(mallory, PATH_NOT_ALLOWED, rawTable("spelled", spelling), "SELECT * FROM spelled");
        }
        untouched();
    }

    /**
     * A root that holds the gateway's files is a root, but what the gateway protects inside it is not: neither the root
     * read whole (recursively) nor the data directory. A root that is, or lies inside, a protected location is refused.
     */
    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aRootHoldingTheDataDirectoryDoesNotOpenIt() throws IOException {
        refusedEverywhere(
                mallory,
                PATH_NOT_ALLOWED,
                rawTable("everything", SluiceServerExtension.TEMP_ROOT.toString()),
                "SELECT * FROM everything");
        refusedEverywhere(
                mallory, PATH_NOT_ALLOWED, rawTable("data", GATEWAY.dataDir().toString()), "SELECT * FROM data");

        for (String root : List.of(
                GATEWAY.dataDir().toString(),
                GATEWAY.dataDir().resolve("checkpoints").toString(),
                adminToken.toString())) {
            ApiClient.Response refused = grantRoot("eve", root);
            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
            assertThat(refused.body().get("error").get("field").asText()).isEqualTo("path");
        }
        assertThat(GATEWAY.api().get("/api/v1/tenants/eve/policy").body().get("allowedPaths"))
                .extracting(JsonNode::asText)
                .containsExactly(eveRoot.toString());
        untouched();
    }

    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void anOptionsHintCannotPointATableElsewhere() throws IOException {
        Files.writeString(eveRoot.resolve("own.csv"), "mine\n");

        refusedEverywhere(
                eve,
                PATH_NOT_ALLOWED,
                rawTable("own_in", eveRoot.resolve("own.csv").toString()),
                "SELECT * FROM own_in /*+ OPTIONS('path' = '" + adminToken + "') */");
        untouched();
    }

    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void alterTableCannotRepointAStoredTable() throws IOException {
        eve.api()
                .run(
                        null,
                        "CREATE TABLE kept (line STRING) WITH ('connector' = 'filesystem', 'path' = '"
                                + eveRoot.resolve("kept.csv") + "', 'format' = 'raw')");

        refusedEverywhere(eve, PATH_NOT_ALLOWED, "ALTER TABLE kept SET ('path' = '" + victimFiles + "')");
        refusedEverywhere(
                eve, PATH_NOT_ALLOWED, "CREATE TEMPORARY TABLE copied WITH ('path' = '" + victimFiles + "') LIKE kept");

        assertThat(eve.rows("SHOW CREATE TABLE kept").toString())
                .contains(eveRoot.resolve("kept.csv").toString())
                .doesNotContain(victimFiles.toString());
        untouched();
    }

    /** A table stored under a root the admin has since taken back is refused where it is used, through a view too. */
    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aViewOverATableStoredBeforeThePolicyChangedIsRefused() throws IOException {
        Path former = Files.createTempDirectory("eve-former-root-");
        Files.writeString(former.resolve("lines.csv"), "before\n");
        assertThat(grantRoot("eve", former.toString()).status()).isEqualTo(200);
        eve.api()
                .run(
                        null,
                        "CREATE TABLE former_lines (line STRING) WITH ('connector' = 'filesystem', 'path' = '"
                                + former.resolve("lines.csv")
                                + "', 'format' = 'raw');\nCREATE VIEW former_view AS SELECT * FROM former_lines");
        assertThat(eve.rows("SELECT * FROM former_view")).hasSize(1);

        assertThat(GATEWAY.api()
                        .delete("/api/v1/tenants/eve/storage-roots?path=" + former)
                        .status())
                .isEqualTo(200);

        refusedEverywhere(eve, PATH_NOT_ALLOWED, "SELECT * FROM former_view");
        refusedEverywhere(eve, PATH_NOT_ALLOWED, "SELECT * FROM former_lines");
        assertThat(Files.readString(former.resolve("lines.csv"))).isEqualTo("before\n");
        Files.delete(former.resolve("lines.csv"));
        Files.delete(former);
        untouched();
    }

    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aJdbcTableCannotOpenTheMetadataStoresFile() throws IOException {
        refusedEverywhere(
                mallory,
                OPTION_FORBIDDEN,
                "CREATE TEMPORARY TABLE tokens (id STRING, token_hash STRING) WITH ('connector' = 'jdbc', 'table-name' = 'api_token',"
                        + " 'url' = 'jdbc:h2:file:" + GATEWAY.dataDir().resolve("metadata") + ";AUTO_SERVER=TRUE')",
                "SELECT * FROM tokens");
        refusedEverywhere(
                mallory,
                OPTION_FORBIDDEN,
                "CREATE TEMPORARY TABLE scripted (id INT) WITH ('connector' = 'jdbc', 'table-name' = 'x', 'url' = 'jdbc:h2:mem:x;INIT=RUNSCRIPT"
                        + " FROM ''" + victimFiles.resolve("secret.csv") + "''')");
        untouched();
    }

    /** pgjdbc instantiates a socket factory class by name, with a string argument (a classic remote-code gadget). */
    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aJdbcUrlCannotLoadClassesOrReadFiles() throws IOException {
        for (String parameters : List.of(
                "socketFactory=org.springframework.context.support.FileSystemXmlApplicationContext&socketFactoryArg=file:"
                        + victimFiles,
                "sslfactory=org.postgresql.ssl.LibPQFactory&sslrootcert=" + adminToken,
                "loggerFile=" + victimFiles.resolve("secret.csv") + "&loggerLevel=TRACE")) {
            refusedEverywhere(
                    mallory,
                    OPTION_FORBIDDEN,
                    "CREATE TEMPORARY TABLE pg (id INT) WITH ('connector' = 'jdbc', 'table-name' = 'x',"
                            + " 'url' = 'jdbc:postgresql://" + PUBLIC_HOST + ":5432/shop?" + parameters + "')");
        }
        untouched();
    }

    /** Kafka's configuration providers read any file of the process into a client setting (a group id, say). */
    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void kafkaConfigurationProvidersCannotReadAFile() throws IOException {
        refusedEverywhere(
                mallory,
                OPTION_FORBIDDEN,
                "CREATE TEMPORARY TABLE leak (line STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'format' = 'raw',"
                        + " 'properties.bootstrap.servers' = '" + PUBLIC_HOST + ":9092',"
                        + " 'properties.config.providers' = 'file',"
                        + " 'properties.config.providers.file.class' = 'org.apache.kafka.common.config.provider.FileConfigProvider',"
                        + " 'properties.group.id' = '${file:" + adminToken + ":x}')");
        refusedEverywhere(
                mallory,
                PATH_NOT_ALLOWED,
                "CREATE TEMPORARY TABLE trusted (line STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'format' = 'raw',"
                        + " 'properties.bootstrap.servers' = '" + PUBLIC_HOST
                        + ":9092', 'properties.security.protocol' = 'SSL',"
                        + " 'properties.ssl.truststore.location' = '" + adminToken + "')");
        untouched();
    }

    /** Flink opens a relative path (or one with a space before its slash) in the gateway's working directory. */
    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aRelativePathCannotReachTheWorkingDirectory() throws IOException {
        for (String path : List.of("data/admin.token", " /../data/admin.token", "./", "file:data/admin.token")) {
            refusedEverywhere(mallory, PATH_NOT_ALLOWED, rawTable("relative", path), "SELECT * FROM relative");
        }
        untouched();
    }

    /** With no storage root at all, a tenant reaches no path: the default. */
    @Attack(
            kind = FILES,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aTenantWithoutARootReachesNoPath() throws IOException {
        HostileTenant rootless = HostileTenant.create(GATEWAY, "rootless");

        refusedEverywhere(rootless, PATH_NOT_ALLOWED, rawTable("etc", "/etc/hostname"), "SELECT * FROM etc");
        refusedEverywhere(
                rootless,
                PATH_NOT_ALLOWED,
                rawTable("tmp", SluiceServerExtension.TEMP_ROOT.resolve("x").toString()));
        assertThat(rootless.rows("SHOW TABLES")).isEmpty();
        untouched();
    }

    private static List<Path> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted().toList();
        }
    }
}
