package dev.sluice.udf.catalog;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The catalog's tables in the metadata store (migrations in {@code db/udf-catalog}, run by the gateway's
 * {@code MetadataStore}). Every value is a bound parameter; every change of more than one row is one transaction,
 * so a failed create or publish leaves nothing behind.
 */
public final class FunctionStore {

    /** SQLSTATE of a duplicate key on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private static final String FUNCTION_COLUMNS =
            "f.tenant, f.name, f.kind, f.language, f.owner, f.description, f.reloadable, f.current_version, "
                    + "f.latest_version, f.created_at, f.updated_at, v.parameters, v.result_type";
    private static final String FUNCTION_FROM = " FROM udf_function f JOIN udf_function_version v"
            + " ON v.tenant = f.tenant AND v.name = f.name AND v.version = f.current_version";
    private static final String VERSION_COLUMNS =
            "version, parameters, result_type, entry, source_text, artifact, sha256, created_at, created_by";

    /** A NULL of a non-text type: PostgreSQL needs the type of a null parameter (text is the default). */
    private record Null(int sqlType) {}

    private interface Mapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Where connections come from: the gateway's pool, or a plain JDBC URL inside a job (hot reload). */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;
    private final Runnable changed;

    public FunctionStore(DataSource dataSource) {
        this(dataSource, () -> {});
    }

    /**
     * @param changed told after each committed change to what SQL resolves by name (a function created, published,
     *     rolled back or deleted), e.g. so that cached validations of statements calling it are not used again
     */
    public FunctionStore(DataSource dataSource, Runnable changed) {
        this(requireNonNull(dataSource, "dataSource is null")::getConnection, changed);
    }

    public FunctionStore(Connections connections) {
        this(connections, () -> {});
    }

    private FunctionStore(Connections connections, Runnable changed) {
        this.connections = requireNonNull(connections, "connections is null");
        this.changed = requireNonNull(changed, "changed is null");
    }

    /** Stores a new function with its first version; CONFLICT when the tenant already has one of that name. */
    public void create(FunctionDefinition definition, FunctionVersion first) {
        transaction("create function " + definition.name(), connection -> {
            update(
                    connection,
                    "INSERT INTO udf_function (tenant, name, kind, language, owner, description, reloadable,"
                            + " current_version, latest_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    definition.tenant(),
                    definition.name(),
                    definition.kind(),
                    definition.language(),
                    definition.owner(),
                    definition.description(),
                    definition.reloadable(),
                    first.number(),
                    first.number(),
                    first.createdAt(),
                    first.createdAt());
            insertVersion(connection, definition.tenant(), definition.name(), first);
            return null;
        });
        changed.run();
    }

    /**
     * Adds {@code version} (whose number must be {@code latestVersion + 1} as read by the caller) and makes it
     * current. Two concurrent publishes of the same number: the second fails with CONFLICT, storing nothing.
     */
    public void publish(String tenant, String name, FunctionVersion version) {
        transaction("publish version " + version.number() + " of " + name, connection -> {
            insertVersion(connection, tenant, name, version);
            int changed = update(
                    connection,
                    "UPDATE udf_function SET current_version = ?, latest_version = ?, updated_at = ?"
                            + " WHERE tenant = ? AND name = ? AND latest_version = ?",
                    version.number(),
                    version.number(),
                    version.createdAt(),
                    tenant,
                    name,
                    version.number() - 1);
            if (changed != 1) {
                throw new FunctionException(
                        FunctionException.Reason.CONFLICT,
                        "Function " + name + " changed while this version was published.",
                        "name",
                        0,
                        0,
                        "Publish again.");
            }
            return null;
        });
        changed.run();
    }

    /** Points the function at an existing version; false when the function or the version does not exist. */
    public boolean setCurrent(String tenant, String name, int version, Instant now) {
        boolean set = transaction(
                "roll back " + name,
                connection -> update(
                                connection,
                                "UPDATE udf_function SET current_version = ?, updated_at = ? WHERE tenant = ? AND name = ?"
                                        + " AND EXISTS (SELECT 1 FROM udf_function_version v WHERE v.tenant = ? AND v.name = ? AND v.version = ?)",
                                version,
                                now,
                                tenant,
                                name,
                                tenant,
                                name,
                                version)
                        == 1);
        changed.run();
        return set;
    }

    public Optional<StoredFunction> find(String tenant, String name) {
        return transaction(
                        "read function " + name,
                        connection -> query(
                                connection,
                                "SELECT " + FUNCTION_COLUMNS + FUNCTION_FROM + " WHERE f.tenant = ? AND f.name = ?",
                                FunctionStore::function,
                                tenant,
                                name))
                .stream()
                .findFirst();
    }

    public List<StoredFunction> list(String tenant) {
        return transaction(
                "list functions",
                connection -> query(
                        connection,
                        "SELECT " + FUNCTION_COLUMNS + FUNCTION_FROM + " WHERE f.tenant = ? ORDER BY f.name",
                        FunctionStore::function,
                        tenant));
    }

    public List<FunctionVersion> versions(String tenant, String name) {
        return transaction(
                "list versions of " + name,
                connection -> query(
                        connection,
                        "SELECT " + VERSION_COLUMNS
                                + " FROM udf_function_version WHERE tenant = ? AND name = ? ORDER BY version",
                        FunctionStore::version,
                        tenant,
                        name));
    }

    public Optional<FunctionVersion> version(String tenant, String name, int number) {
        return transaction(
                        "read version " + number + " of " + name,
                        connection -> query(
                                connection,
                                "SELECT " + VERSION_COLUMNS
                                        + " FROM udf_function_version WHERE tenant = ? AND name = ? AND version = ?",
                                FunctionStore::version,
                                tenant,
                                name,
                                number))
                .stream()
                .findFirst();
    }

    /** Deletes the function and all its versions; false when there was none. */
    public boolean delete(String tenant, String name) {
        boolean deleted = transaction(
                "delete function " + name,
                connection -> update(connection, "DELETE FROM udf_function WHERE tenant = ? AND name = ?", tenant, name)
                        == 1);
        changed.run();
        return deleted;
    }

    public void recordUses(String jobId, List<FunctionUse> uses) {
        transaction("record the functions of job " + jobId, connection -> {
            for (FunctionUse use : uses.stream().distinct().toList()) {
                update(
                        connection,
                        "INSERT INTO udf_job_function (job_id, tenant, name, version) VALUES (?, ?, ?, ?)",
                        jobId,
                        use.tenant(),
                        use.name(),
                        use.version());
            }
            return null;
        });
    }

    public List<FunctionUse> usesOf(String jobId) {
        return transaction(
                "read the functions of job " + jobId,
                connection -> query(
                        connection,
                        "SELECT tenant, name, version FROM udf_job_function WHERE job_id = ? ORDER BY tenant, name, version",
                        row -> new FunctionUse(row.getString("tenant"), row.getString("name"), row.getInt("version")),
                        jobId));
    }

    /** Ids of the jobs that were submitted with any version of the function. */
    public List<String> jobsUsing(String tenant, String name) {
        return transaction(
                "find the jobs using " + name,
                connection -> query(
                        connection,
                        "SELECT DISTINCT job_id FROM udf_job_function WHERE tenant = ? AND name = ? ORDER BY job_id",
                        row -> row.getString("job_id"),
                        tenant,
                        name));
    }

    private static void insertVersion(Connection connection, String tenant, String name, FunctionVersion version)
            throws SQLException {
        FunctionPayload payload = version.payload();
        update(
                connection,
                "INSERT INTO udf_function_version (tenant, name, version, parameters, result_type, entry,"
                        + " source_text, artifact, sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tenant,
                name,
                version.number(),
                parameters(version.signature()),
                version.signature().result(),
                payload.entry(),
                payload.text(),
                payload.binary() == null ? new Null(Types.BINARY) : payload.binary(),
                version.sha256(),
                version.createdAt(),
                version.createdBy());
    }

    private static String parameters(FunctionSignature signature) {
        return signature.parameters().stream()
                .map(p -> p.name() + " " + p.type())
                .collect(Collectors.joining("\n"));
    }

    private static FunctionSignature signature(String parameters, String result) {
        List<FunctionSignature.Parameter> list = parameters.isEmpty()
                ? List.of()
                : Arrays.stream(parameters.split("\n"))
                        .map(line -> new FunctionSignature.Parameter(
                                line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1)))
                        .toList();
        return new FunctionSignature(list, result);
    }

    private static StoredFunction function(ResultSet row) throws SQLException {
        return new StoredFunction(
                new FunctionDefinition(
                        row.getString("tenant"),
                        row.getString("name"),
                        FunctionKind.valueOf(row.getString("kind")),
                        Language.valueOf(row.getString("language")),
                        signature(row.getString("parameters"), row.getString("result_type")),
                        row.getString("owner"),
                        row.getString("description"),
                        row.getBoolean("reloadable")),
                row.getInt("current_version"),
                row.getInt("latest_version"),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static FunctionVersion version(ResultSet row) throws SQLException {
        return new FunctionVersion(
                row.getInt("version"),
                signature(row.getString("parameters"), row.getString("result_type")),
                new FunctionPayload(row.getString("entry"), row.getString("source_text"), row.getBytes("artifact")),
                row.getString("sha256"),
                instant(row, "created_at"),
                row.getString("created_by"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    private <T> T transaction(String action, Work<T> work) {
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                // A connection the store failed under cannot roll back either; the first failure is the one to report.
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new FunctionException(
                        FunctionException.Reason.CONFLICT,
                        "Cannot " + action + ": it already exists.",
                        "name",
                        0,
                        0,
                        "Pick another name, or publish a new version of the existing function.",
                        e);
            }
            // The database's own words stay in the cause, for the log: they can name tables, files and servers.
            throw new FunctionException(
                    FunctionException.Reason.STORE_FAILED,
                    "The metadata store failed to " + action + ".",
                    null,
                    0,
                    0,
                    null,
                    e);
        }
    }

    private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    private static <T> List<T> query(Connection connection, String sql, Mapper<T> mapper, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                Object value = parameters[i];
                if (value == null) {
                    statement.setNull(i + 1, Types.VARCHAR);
                } else if (value instanceof Null typed) {
                    statement.setNull(i + 1, typed.sqlType());
                } else if (value instanceof Instant instant) {
                    statement.setObject(i + 1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
                } else if (value instanceof Enum<?> constant) {
                    statement.setString(i + 1, constant.name());
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
