package dev.sluice.gateway.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The formats of the Flink image (docs/operations.md) through the gateway: a batch job writes a {@code filesystem}
 * table in each into the tenant's storage root, and a query reads exactly those rows back. So the gateway has each
 * format's factory, its policy lets the table through, and the files are in that format; an option the policy does not
 * list for a format is refused. Avro's codecs each need a library of their own, so each codec the policy allows besides
 * Java's own (deflate, null) is written once.
 */
class FileFormatsIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration JOB_ENDS_WITHIN = Duration.ofSeconds(120);

    /** A table's format options, and what its file holds in that format whatever the order of its rows. */
    static Stream<Arguments> formats() {
        return Stream.of(
                // Without a null literal CSV writes NULL as an empty field, which it cannot read back as a DECIMAL.
                Arguments.of(
                        "'format' = 'csv', 'csv.null-literal' = 'null'", "1,ada,12.5,\"2026-12-07 10:00:00.25\"\n"),
                Arguments.of("'format' = 'json'", "{\"id\":1,\"customer\":\"ada\""),
                // The magic of Avro's object container files: "Obj" and version 1.
                Arguments.of("'format' = 'avro'", "Obj\u0001"),
                Arguments.of("'format' = 'avro', 'avro.codec' = 'zstandard'", "Obj\u0001"),
                Arguments.of("'format' = 'avro', 'avro.codec' = 'bzip2'", "Obj\u0001"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void aJobWritesTheFormatAndAQueryReadsTheSameRowsBack(String format, String written, @TempDir Path table)
            throws IOException {
        String session = GATEWAY.api().openSession();
        // One writer, so one file.
        GATEWAY.api()
                .run(
                        session,
                        "SET 'execution.runtime-mode' = 'batch'; SET 'parallelism.default' = '1';"
                                + " CREATE TEMPORARY TABLE orders (id BIGINT, customer STRING, amount DECIMAL(10, 2), placed"
                                + " TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '" + table.toUri() + "', "
                                + format + ")");
        String job = GATEWAY.api()
                .run(
                        session,
                        "INSERT INTO orders VALUES (1, 'ada', 12.50, TIMESTAMP '2026-12-07 10:00:00.250'),"
                                + " (2, 'grace', CAST(NULL AS DECIMAL(10, 2)), TIMESTAMP '2026-12-07 11:30:00.000')")
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();
        GATEWAY.api().awaitJobStatus(job, "FINISHED", JOB_ENDS_WITHIN);

        assertThat(dataFiles(table))
                .singleElement()
                .satisfies(file -> assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .contains(written));
        JsonNode query = GATEWAY.api()
                .run(session, "SELECT * FROM orders ORDER BY id")
                .get("statements")
                .get(0);
        assertThat(GATEWAY.api().readAll(query.get("id").asText(), JOB_ENDS_WITHIN))
                .extracting(JsonNode::toString)
                .containsExactly(
                        "{\"kind\":\"+I\",\"fields\":[\"1\",\"ada\",\"12.50\",\"2026-12-07T10:00:00.250\"]}",
                        "{\"kind\":\"+I\",\"fields\":[\"2\",\"grace\",null,\"2026-12-07T11:30:00.000\"]}");
    }

    /** An avro option off the policy's list (here the schema of another format, which could name classes). */
    @Test
    void anAvroOptionThePolicyDoesNotListIsRefusedBeforeAnyJob() {
        int jobsBefore = GATEWAY.api().get("/api/v1/jobs").body().get("jobs").size();

        ApiClient.Response refused = GATEWAY.api()
                .post(
                        "/api/v1/statements",
                        MAPPER.createObjectNode()
                                .put(
                                        "sql",
                                        "CREATE TEMPORARY TABLE landed (id BIGINT) WITH ('connector' = 'filesystem',"
                                                + " 'path' = '" + SluiceServerExtension.TEMP_ROOT.resolve("landed")
                                                + "', 'format' = 'avro', 'avro.schema' = '{\"type\": \"record\","
                                                + " \"name\": \"L\", \"java-class\": \"org.example.Gadget\","
                                                + " \"fields\": []}')"));

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(403);
        JsonNode error = refused.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo("POLICY_OPTION_FORBIDDEN");
        assertThat(error.get("message").asText())
                .isEqualTo("Table 'landed' sets option 'avro.schema', which Sluice does not allow for connector"
                        + " 'filesystem' (rule table options allowlist).");
        assertThat(GATEWAY.api().get("/api/v1/jobs").body().get("jobs")).hasSize(jobsBefore);
    }

    /** The committed files: Flink hides in-progress ones behind a leading dot or underscore. */
    private static List<Path> dataFiles(Path table) throws IOException {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith(".")
                            && !file.getFileName().toString().startsWith("_"))
                    .toList();
        }
    }
}
