package dev.sluice.gateway.pgwire.catalog;

import dev.sluice.gateway.pgwire.PgColumn;
import dev.sluice.gateway.pgwire.PgResult;
import dev.sluice.gateway.pgwire.PgSessionView;
import dev.sluice.gateway.pgwire.PgTable;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** SHOW of the connection's PostgreSQL parameters is answered as PostgreSQL does; Flink's SHOW statements are not. */
class ParameterShowsTest {

    private final Map<String, String> parameters = new HashMap<>(Map.of("application_name", "notebook"));
    private final PgSessionView session = new PgSessionView() {
        @Override
        public String user() {
            return "ann";
        }

        @Override
        public String database() {
            return "sluice";
        }

        @Override
        public String tenant() {
            return "acme";
        }

        @Override
        public Map<String, String> parameters() {
            return parameters;
        }

        @Override
        public void setParameter(String name, String value) {
            parameters.put(name, value);
        }

        @Override
        public String currentCatalog() {
            return "sluice";
        }

        @Override
        public String currentSchema() {
            return "acme";
        }

        @Override
        public List<PgTable> tables() {
            return List.of();
        }
    };

    private Optional<PgResult> show(String sql) {
        return new ParameterShows().answer(sql, List.of(), session);
    }

    @Test
    void whatSqlalchemyAsksOnConnecting() {
        PgResult isolation = show("show transaction isolation level").orElseThrow();
        assertThat(isolation.columns()).extracting(PgColumn::name).containsExactly("transaction_isolation");
        assertThat(isolation.rows()).containsExactly(List.of("read committed"));
        assertThat(show("show standard_conforming_strings").orElseThrow().rows())
                .containsExactly(List.of("on"));
    }

    @Test
    void aParameterTheClientSetShowsItsValueUnderItsCanonicalName() {
        PgResult name = show("SHOW Application_Name").orElseThrow();
        assertThat(name.columns()).extracting(PgColumn::name).containsExactly("application_name");
        assertThat(name.rows()).containsExactly(List.of("notebook"));
        assertThat(show("SHOW TIME ZONE").orElseThrow().rows()).containsExactly(List.of("UTC"));
        assertThat(show("SHOW sluice.row_kind").orElseThrow().rows()).containsExactly(List.of("off"));
        assertThat(show("SHOW ALL").orElseThrow().rows())
                .extracting(row -> row.get(0))
                .contains("DateStyle", "server_version");
    }

    @Test
    void flinksShowStatementsAreLeftToFlink() {
        assertThat(show("SHOW TABLES")).isEmpty();
        assertThat(show("SHOW JOBS")).isEmpty();
        assertThat(show("SHOW CREATE TABLE orders")).isEmpty();
        assertThat(show("SHOW CURRENT DATABASE")).isEmpty();
        assertThat(show("SELECT 1")).isEmpty();
    }
}
