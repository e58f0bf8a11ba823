package dev.sluice.tests.eventtime;

import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/** Every event-time case through the Sluice API over HTTP, on the embedded cluster ({@link EventTimeCaseOverApi}). */
class GatewayEventTimeCasesIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    static Stream<Named<EventTimeCase>> cases() {
        return EventTimeCases.load().stream().map(eventTimeCase -> Named.of(eventTimeCase.name(), eventTimeCase));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void producesExactlyTheExpectedRows(EventTimeCase eventTimeCase) {
        EventTimeCaseOverApi.assertExactRows(GATEWAY.api(), eventTimeCase);
    }
}
