package dev.sluice.gateway.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A script's DDL and settings apply to its scratch session, in order, and to nothing else. */
class ScratchSessionIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void laterStatementsSeeEarlierDdlAndADuplicateIsReportedWhereItIs() {
        JsonNode report = validate("""
                CREATE TABLE scratch_a (x INT) WITH ('connector' = 'datagen');
                CREATE TEMPORARY VIEW scratch_v AS SELECT x + 1 AS y FROM scratch_a;
                SET 'table.local-time-zone' = 'Europe/Berlin';
                SELECT y FROM scratch_v;
                CREATE TABLE scratch_a (z INT) WITH ('connector' = 'datagen')""");

        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(report.get("diagnostics")).hasSize(1);
        assertThat(report.get("diagnostics").get(0).get("line").asInt()).isEqualTo(5);
    }

    @Test
    void nothingOfTheScriptOutlivesItsValidation() {
        assertThat(validate("CREATE TABLE scratch_gone (x INT) WITH ('connector' = 'datagen')")
                        .get("valid")
                        .asBoolean())
                .isTrue();

        JsonNode again = validate("SELECT x FROM scratch_gone");

        assertThat(again.get("valid").asBoolean()).isFalse();
        assertThat(again.get("diagnostics").get(0).get("code").asText()).isEqualTo("SQL_VALIDATION");
    }

    private static JsonNode validate(String sql) {
        return GATEWAY.api()
                .post("/api/v1/statements:validate", MAPPER.createObjectNode().put("sql", sql))
                .body();
    }
}
