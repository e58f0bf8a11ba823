package dev.sluice.tests.jdbc;

import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.PolicyCase;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every policy rule through the unmodified Flink JDBC driver: each denied statement arrives as the statement's error
 * with the rule's code, line, column and hint, and each allowed one runs.
 */
class JdbcPolicyIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @TempDir
    static Path workDir;

    private static Map<String, List<String>> output;

    @BeforeAll
    static void runEveryCaseThroughTheDriver() throws Exception {
        Response stored = GATEWAY.api().put("/api/v1/tenants/default/policy", PolicyCase.policyJson());
        assertThat(stored.status()).as(stored.body().toString()).isEqualTo(200);
        GATEWAY.api().run(null, PolicyCase.setupSql());

        JdbcClientProcess client = new JdbcClientProcess();
        Map<String, String> properties = JdbcClientProcess.withToken(Map.of(), GATEWAY.adminToken());
        Stream.concat(PolicyCase.denied().stream(), PolicyCase.allowed().stream())
                .forEach(policyCase -> client.session(policyCase.name(), properties, List.of(policyCase.sql()), 0));
        output = client.run(GATEWAY.flinkEndpointAddress(), workDir);
    }

    @TestFactory
    Stream<DynamicTest> everyDeniedStatementIsRefusedWithItsRuleAndPlace() {
        return PolicyCase.denied().stream()
                .map(denied -> DynamicTest.dynamicTest(
                        denied.name(),
                        () -> assertThat(output.get(denied.name()))
                                .singleElement()
                                .asString()
                                .startsWith("ERROR")
                                .contains("[" + denied.code() + "] line " + denied.line() + ", column "
                                        + denied.column() + ":")
                                .contains("Hint:")));
    }

    @TestFactory
    Stream<DynamicTest> everyAllowedStatementRuns() {
        return PolicyCase.allowed().stream()
                .map(allowed -> DynamicTest.dynamicTest(
                        allowed.name(),
                        () -> assertThat(output.get(allowed.name()))
                                .noneSatisfy(line -> assertThat(line).startsWith("ERROR"))));
    }
}
