package dev.sluice.tests.eventtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs an event-time case through the Sluice API over HTTP: a session opened with the case's settings, its DDL, then
 * its query, whose pages are read until the bounded input ends. The rows must be exactly the expected ones, which
 * {@link PlainFlinkEventTimeCasesIT} proves on plain Flink. Whichever cluster the gateway runs on.
 */
public final class EventTimeCaseOverApi {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventTimeCaseOverApi() {}

    /** The case by its folder's name under {@value EventTimeCases#RESOURCE_ROOT}. */
    public static EventTimeCase named(String name) {
        return EventTimeCases.load().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No event-time case " + name));
    }

    /** Runs the case in a session of its own and fails unless the query gives exactly the expected rows. */
    public static void assertExactRows(ApiClient api, EventTimeCase eventTimeCase) {
        ObjectNode sessionRequest = MAPPER.createObjectNode();
        sessionRequest.set("properties", MAPPER.valueToTree(eventTimeCase.config()));
        Response session = api.post("/api/v1/sessions", sessionRequest);
        assertThat(session.status()).isEqualTo(201);
        String sessionId = session.body().get("sessionId").asText();

        api.run(sessionId, String.join(";\n", eventTimeCase.setupInOwnDatabase()));
        JsonNode query =
                api.run(sessionId, eventTimeCase.query()).get("statements").get(0);
        assertThat(query.get("kind").asText()).isEqualTo("QUERY");

        JsonNode columns = query.get("columns");
        List<String> actual = new ArrayList<>();
        for (JsonNode row : api.readAll(query.get("id").asText(), Duration.ofMinutes(2))) {
            List<Object> fields = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                fields.add(value(
                        row.get("fields").get(i), columns.get(i).get("type").asText()));
            }
            actual.add(RowText.of(row.get("kind").asText(), fields));
        }
        eventTimeCase.mismatch(actual).ifPresent(report -> fail(eventTimeCase.name() + ":\n" + report));
        assertThat(api.delete("/api/v1/sessions/" + sessionId).status()).isEqualTo(204);
    }

    /** A field read as a client reads it, by its column's type: a TIMESTAMP(p)'s ISO-8601 text is a date-time. */
    private static Object value(JsonNode field, String type) {
        if (field.isNull()) {
            return null;
        }
        if (type.startsWith("TIMESTAMP(")) {
            return LocalDateTime.parse(field.asText());
        }
        return field.isTextual() ? field.asText() : field.toString();
    }
}
