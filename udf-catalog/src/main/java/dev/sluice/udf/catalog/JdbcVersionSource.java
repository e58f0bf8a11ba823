package dev.sluice.udf.catalog;

import java.sql.DriverManager;
import java.util.Optional;

/**
 * Reads current versions over plain JDBC, so a reloadable function can poll the catalog from inside a job. It
 * carries the store's URL and credentials into the job graph: use it only where the job runs on the gateway's
 * side of the trust boundary (the embedded cluster, or a cluster that may reach the metadata store anyway).
 */
public record JdbcVersionSource(String url, String user, String password) implements VersionSource {

    @Override
    public Optional<FunctionVersion> current(String tenant, String name) {
        FunctionStore store = new FunctionStore(() -> DriverManager.getConnection(url, user, password));
        return store.find(tenant, name).flatMap(function -> store.version(tenant, name, function.currentVersion()));
    }

    @Override
    public String toString() {
        // Never the password: this may end up in a log line about the job.
        return "JdbcVersionSource[" + url + "]";
    }
}
