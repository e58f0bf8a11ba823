package dev.sluice.gateway;

import dev.sluice.gateway.api.ApiServer;
import dev.sluice.gateway.api.Readiness;
import dev.sluice.gateway.auth.Role;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.execute.JobStateDirectories;
import dev.sluice.gateway.pipeline.policy.ProtectedLocations;
import dev.sluice.gateway.store.StoreConfig;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.IdleCluster;
import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Sluice API wired as {@link SluiceServer} wires it (the same {@link Core} and route groups over a real H2 metadata
 * store), but on a cluster that runs nothing and without starting the core or the other listeners: for tests of the
 * route table, its access rules and its description, which never reach a handler that would need Flink. Serves on
 * 127.0.0.1 at a free port.
 */
public final class ApiWithoutCluster implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Started started = new Started();
    private final Metadata metadata;
    private final ApiServer api;

    private ApiWithoutCluster(Path dataDir) {
        try {
            Configuration options = new Configuration();
            options.set(SluiceOptions.DATA_DIR, dataDir.toString());
            options.set(SluiceOptions.CONSOLE_DIR, dataDir.resolve("console").toString());
            Meters meters = Meters.wire(options, started);
            this.metadata = Metadata.open(StoreConfig.embedded(dataDir, TIMEOUT), meters, started);
            Configuration flink = JobStateDirectories.withDefaults(options, new Configuration(), dataDir);
            ProtectedLocations.GatewayFiles files = new ProtectedLocations.GatewayFiles(
                    dataDir,
                    dataDir.resolve(SluiceServer.ADMIN_TOKEN_FILE),
                    dataDir.resolve("functions"),
                    metadata.config().jdbcUrl());
            Core core = Core.wire(
                    options, files, metadata, flink, new IdleCluster(), () -> "http://127.0.0.1:1", meters, started);
            Readiness readiness = started.remember(
                    new Readiness(List.of(Readiness.metadataStore(metadata.store(), TIMEOUT)), TIMEOUT));
            this.api = started.remember(core.api(options, readiness, null).start("127.0.0.1", 0));
            core.catalogs().tenantDirectory().create("acme");
        } catch (IOException e) {
            started.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            started.close();
            throw e;
        }
    }

    /** Opens the store under {@code dataDir} (a fresh directory) and serves the API. */
    public static ApiWithoutCluster start(Path dataDir) {
        return new ApiWithoutCluster(dataDir);
    }

    /** The route table, as the gateway's. */
    public List<ApiServer.Route> routes() {
        return api.routes();
    }

    /** A client of the API with a token of the given role, in tenant {@code default} for an admin, {@code acme} else. */
    public ApiClient client(Role role) {
        String tenant = role == Role.ADMIN ? "default" : "acme";
        String token = metadata.authenticator()
                .createToken(tenant, "t-" + role.apiName(), role)
                .token();
        return new ApiClient("http://127.0.0.1:" + api.port(), token);
    }

    @Override
    public void close() {
        started.close();
    }
}
