package dev.sluice.tests.eventtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every event-time case through the Sluice API over HTTP: a session opened with the case's settings, its DDL, then
 * its query, whose pages are read until the bounded input ends. The rows must be exactly the expected ones, which
 * {@link PlainFlinkEventTimeCasesTest} proves on plain Flink.
 */
class GatewayEventTimeCasesTest {

    @RegisterExtension static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Named<EventTimeCase>> cases() {
        return EventTimeCases.load().stream().map(eventTimeCase -> Named.of(eventTimeCase.name(), eventTimeCase));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void producesExactlyTheExpectedRows(EventTimeCase eventTimeCase) {
        ObjectNode sessionRequest = MAPPER.createObjectNode();
        sessionRequest.set("properties", MAPPER.valueToTree(eventTimeCase.config()));
        Response session = GATEWAY.api().post("/api/v1/sessions", sessionRequest);
        assertThat(session.status()).isEqualTo(201);
        String sessionId = session.body().get("sessionId").asText();

        GATEWAY.api().run(sessionId, String.join(";\n", eventTimeCase.setupInOwnDatabase()));
        JsonNode query = GATEWAY.api().run(sessionId, eventTimeCase.query()).get("statements").get(0);
        assertThat(query.get("kind").asText()).isEqualTo("QUERY");

        List<String> actual = new ArrayList<>();
        for (JsonNode row : GATEWAY.api().readAll(query.get("id").asText(), Duration.ofMinutes(2))) {
            List<Object> fields = new ArrayList<>();
            row.get("fields").forEach(field -> fields.add(field.isNull() ? null : field.isTextual() ? field.asText() : field.toString()));
            actual.add(RowText.of(row.get("kind").asText(), fields));
        }
        eventTimeCase.mismatch(actual).ifPresent(report -> fail(eventTimeCase.name() + ":\n" + report));
        assertThat(GATEWAY.api().delete("/api/v1/sessions/" + sessionId).status()).isEqualTo(204);
    }
}
