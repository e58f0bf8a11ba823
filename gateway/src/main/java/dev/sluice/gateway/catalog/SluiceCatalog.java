package dev.sluice.gateway.catalog;

import dev.sluice.gateway.store.CatalogObjectKind;
import dev.sluice.gateway.store.CatalogRepository;
import dev.sluice.gateway.store.StoreException;
import dev.sluice.gateway.store.TableRecord;
import dev.sluice.udf.catalog.FunctionUse;
import dev.sluice.udf.flink.SessionFunctions;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.factories.FunctionDefinitionFactory;
import org.apache.flink.table.functions.FunctionIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A Flink catalog whose databases, tables, views and functions live in the metadata store, so they survive a restart
 * of the gateway and are shared by every session. The catalog's name scopes its rows in the store.
 *
 * <p>Partitions and statistics are not stored: a partitioned table can be declared, but it never has partitions,
 * statistics are always unknown, and adding either is refused with {@link UnsupportedOperationException}.
 *
 * <p>Functions are Flink's own ({@code CREATE FUNCTION}, in the store's {@code catalog_function}) and, where none
 * has the name, the tenant's functions of the UDF catalog ({@link SessionFunctions}), in every database. Those
 * are resolved, and their version fixed, when a statement is parsed.
 */
public final class SluiceCatalog extends AbstractCatalog implements ResolvesCatalogFunctions {

    public static final String DEFAULT_DATABASE = "default_database";

    private static final Logger LOG = LoggerFactory.getLogger(SluiceCatalog.class);

    private final CatalogRepository repository;
    private final Optional<SessionFunctions> functions;

    public SluiceCatalog(String name, CatalogRepository repository) {
        this(name, DEFAULT_DATABASE, repository, Optional.empty());
    }

    public SluiceCatalog(
            String name, String defaultDatabase, CatalogRepository repository, SessionFunctions functions) {
        this(name, defaultDatabase, repository, Optional.of(functions));
    }

    public SluiceCatalog(String name, String defaultDatabase, CatalogRepository repository) {
        this(name, defaultDatabase, repository, Optional.empty());
    }

    private SluiceCatalog(
            String name, String defaultDatabase, CatalogRepository repository, Optional<SessionFunctions> functions) {
        super(name, defaultDatabase);
        this.repository = requireNonNull(repository, "repository is null");
        this.functions = requireNonNull(functions, "functions is null");
    }

    /** The UDF catalog's function versions resolved since the last call: the pipeline records them with the job. */
    @Override
    public List<FunctionUse> drainFunctionUses() {
        return functions.map(SessionFunctions::drainUses).orElse(List.of());
    }

    @Override
    public Optional<FunctionDefinitionFactory> getFunctionDefinitionFactory() {
        return functions.map(SessionFunctions::definitionFactory);
    }

    /**
     * Creates the default database if it is missing. Every session and every validation opens a catalog, so the
     * usual case (it exists) is a read: a failed insert costs a database exception each time, and in a scratch
     * transaction it takes a lock that concurrent validations would wait on.
     */
    @Override
    public void open() {
        if (!databaseExists(getDefaultDatabase())
                && insert(() -> repository.createDatabase(CatalogObjects.toRecord(
                        getName(), getDefaultDatabase(), new CatalogDatabaseImpl(Map.of(), null))))) {
            LOG.info("Created default database {} of catalog {}", getDefaultDatabase(), getName());
        }
    }

    /** Nothing to release: the store belongs to whoever opened it. */
    @Override
    public void close() {}

    // ------ databases ------

    @Override
    public List<String> listDatabases() {
        return call(() -> repository.listDatabaseNames(getName()));
    }

    @Override
    public CatalogDatabase getDatabase(String databaseName) throws DatabaseNotExistException {
        return call(() -> repository.findDatabase(getName(), databaseName))
                .map(CatalogObjects::toDatabase)
                .orElseThrow(() -> new DatabaseNotExistException(getName(), databaseName));
    }

    @Override
    public boolean databaseExists(String databaseName) {
        return call(() -> repository.findDatabase(getName(), databaseName)).isPresent();
    }

    @Override
    public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists)
            throws DatabaseAlreadyExistException {
        requireNonNull(database, "database is null");
        if (!insert(() -> repository.createDatabase(CatalogObjects.toRecord(getName(), name, database)))
                && !ignoreIfExists) {
            throw new DatabaseAlreadyExistException(getName(), name);
        }
    }

    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
            throws DatabaseNotExistException, DatabaseNotEmptyException {
        boolean dropped;
        try {
            dropped = repository.dropDatabase(getName(), name, cascade);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.NOT_EMPTY) {
                throw new DatabaseNotEmptyException(getName(), name);
            }
            throw failure(e);
        }
        if (!dropped && !ignoreIfNotExists) {
            throw new DatabaseNotExistException(getName(), name);
        }
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists)
            throws DatabaseNotExistException {
        requireNonNull(newDatabase, "newDatabase is null");
        if (!call(() -> repository.replaceDatabase(CatalogObjects.toRecord(getName(), name, newDatabase)))
                && !ignoreIfNotExists) {
            throw new DatabaseNotExistException(getName(), name);
        }
    }

    // ------ tables and views ------

    @Override
    public List<String> listTables(String databaseName) throws DatabaseNotExistException {
        requireDatabase(databaseName);
        return call(() -> repository.listTableNames(getName(), databaseName));
    }

    @Override
    public List<String> listViews(String databaseName) throws DatabaseNotExistException {
        requireDatabase(databaseName);
        return call(() -> repository.listTableNames(getName(), databaseName, CatalogObjectKind.VIEW));
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath tablePath) throws TableNotExistException {
        return CatalogObjects.toTable(
                findTable(tablePath).orElseThrow(() -> new TableNotExistException(getName(), tablePath)));
    }

    @Override
    public boolean tableExists(ObjectPath tablePath) {
        return findTable(tablePath).isPresent();
    }

    @Override
    public void createTable(ObjectPath tablePath, CatalogBaseTable table, boolean ignoreIfExists)
            throws TableAlreadyExistException, DatabaseNotExistException {
        requireDatabase(tablePath.getDatabaseName());
        TableRecord record = CatalogObjects.toRecord(getName(), tablePath, table);
        if (!insert(() -> repository.createTable(record)) && !ignoreIfExists) {
            throw new TableAlreadyExistException(getName(), tablePath);
        }
    }

    @Override
    public void alterTable(ObjectPath tablePath, CatalogBaseTable newTable, boolean ignoreIfNotExists)
            throws TableNotExistException {
        TableRecord record = CatalogObjects.toRecord(getName(), tablePath, newTable);
        Optional<TableRecord> existing = findTable(tablePath);
        if (existing.isEmpty()) {
            if (!ignoreIfNotExists) {
                throw new TableNotExistException(getName(), tablePath);
            }
            return;
        }
        if (existing.get().kind() != record.kind()) {
            throw new CatalogException(String.format(
                    "Cannot alter %s: it is a %s, not a %s",
                    tablePath.getFullName(), existing.get().kind(), record.kind()));
        }
        call(() -> repository.replaceTable(record));
    }

    @Override
    public void dropTable(ObjectPath tablePath, boolean ignoreIfNotExists) throws TableNotExistException {
        if (!call(() -> repository.dropTable(getName(), tablePath.getDatabaseName(), tablePath.getObjectName()))
                && !ignoreIfNotExists) {
            throw new TableNotExistException(getName(), tablePath);
        }
    }

    @Override
    public void renameTable(ObjectPath tablePath, String newTableName, boolean ignoreIfNotExists)
            throws TableNotExistException, TableAlreadyExistException {
        boolean renamed;
        try {
            renamed = repository.renameTable(
                    getName(), tablePath.getDatabaseName(), tablePath.getObjectName(), newTableName);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.ALREADY_EXISTS) {
                throw new TableAlreadyExistException(
                        getName(), new ObjectPath(tablePath.getDatabaseName(), newTableName));
            }
            throw failure(e);
        }
        if (!renamed && !ignoreIfNotExists) {
            throw new TableNotExistException(getName(), tablePath);
        }
    }

    // ------ functions ------

    @Override
    public List<String> listFunctions(String databaseName) throws DatabaseNotExistException {
        requireDatabase(databaseName);
        List<String> flinkFunctions = call(() -> repository.listFunctionNames(getName(), databaseName));
        return Stream.concat(flinkFunctions.stream(), functions.map(SessionFunctions::names).orElse(List.of()).stream())
                .distinct()
                .toList();
    }

    @Override
    public CatalogFunction getFunction(ObjectPath functionPath) throws FunctionNotExistException {
        ObjectPath path = normalize(functionPath);
        return call(() -> repository.findFunction(getName(), path.getDatabaseName(), path.getObjectName()))
                .map(CatalogObjects::toFunction)
                .or(() -> functions.flatMap(f -> f.find(path.getObjectName())))
                .orElseThrow(() -> new FunctionNotExistException(getName(), path));
    }

    @Override
    public boolean functionExists(ObjectPath functionPath) {
        ObjectPath path = normalize(functionPath);
        return call(() -> repository.findFunction(getName(), path.getDatabaseName(), path.getObjectName()))
                        .isPresent()
                || functions.map(f -> f.exists(path.getObjectName())).orElse(false);
    }

    @Override
    public void createFunction(ObjectPath functionPath, CatalogFunction function, boolean ignoreIfExists)
            throws FunctionAlreadyExistException, DatabaseNotExistException {
        requireNonNull(function, "function is null");
        ObjectPath path = normalize(functionPath);
        requireDatabase(path.getDatabaseName());
        if (!insert(() -> repository.createFunction(CatalogObjects.toRecord(getName(), path, function)))
                && !ignoreIfExists) {
            throw new FunctionAlreadyExistException(getName(), path);
        }
    }

    @Override
    public void alterFunction(ObjectPath functionPath, CatalogFunction newFunction, boolean ignoreIfNotExists)
            throws FunctionNotExistException {
        requireNonNull(newFunction, "newFunction is null");
        ObjectPath path = normalize(functionPath);
        if (!call(() -> repository.replaceFunction(CatalogObjects.toRecord(getName(), path, newFunction)))
                && !ignoreIfNotExists) {
            throw new FunctionNotExistException(getName(), path);
        }
    }

    @Override
    public void dropFunction(ObjectPath functionPath, boolean ignoreIfNotExists) throws FunctionNotExistException {
        ObjectPath path = normalize(functionPath);
        if (!call(() -> repository.dropFunction(getName(), path.getDatabaseName(), path.getObjectName()))
                && !ignoreIfNotExists) {
            throw new FunctionNotExistException(getName(), path);
        }
    }

    // ------ partitions: a partitioned table never has any ------

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath tablePath)
            throws TableNotExistException, TableNotPartitionedException {
        requirePartitionedTable(tablePath);
        return List.of();
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws TableNotExistException, TableNotPartitionedException {
        requirePartitionedTable(tablePath);
        return List.of();
    }

    @Override
    public List<CatalogPartitionSpec> listPartitionsByFilter(ObjectPath tablePath, List<Expression> filters)
            throws TableNotExistException, TableNotPartitionedException {
        requirePartitionedTable(tablePath);
        return List.of();
    }

    @Override
    public CatalogPartition getPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException {
        throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
    }

    @Override
    public boolean partitionExists(ObjectPath tablePath, CatalogPartitionSpec partitionSpec) {
        return false;
    }

    @Override
    public void createPartition(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogPartition partition,
            boolean ignoreIfExists) {
        throw unsupported("add a partition to", tablePath, "partitions");
    }

    @Override
    public void dropPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec, boolean ignoreIfNotExists)
            throws PartitionNotExistException {
        requireIgnored(tablePath, partitionSpec, ignoreIfNotExists);
    }

    @Override
    public void alterPartition(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogPartition newPartition,
            boolean ignoreIfNotExists)
            throws PartitionNotExistException {
        requireIgnored(tablePath, partitionSpec, ignoreIfNotExists);
    }

    // ------ statistics: always unknown ------

    @Override
    public CatalogTableStatistics getTableStatistics(ObjectPath tablePath) throws TableNotExistException {
        getTable(tablePath);
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getTableColumnStatistics(ObjectPath tablePath) throws TableNotExistException {
        getTable(tablePath);
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public CatalogTableStatistics getPartitionStatistics(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException {
        throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
    }

    @Override
    public CatalogColumnStatistics getPartitionColumnStatistics(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec) throws PartitionNotExistException {
        throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
    }

    @Override
    public void alterTableStatistics(
            ObjectPath tablePath, CatalogTableStatistics tableStatistics, boolean ignoreIfNotExists) {
        throw unsupported("store statistics of", tablePath, "statistics");
    }

    @Override
    public void alterTableColumnStatistics(
            ObjectPath tablePath, CatalogColumnStatistics columnStatistics, boolean ignoreIfNotExists) {
        throw unsupported("store column statistics of", tablePath, "statistics");
    }

    @Override
    public void alterPartitionStatistics(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogTableStatistics partitionStatistics,
            boolean ignoreIfNotExists)
            throws PartitionNotExistException {
        requireIgnored(tablePath, partitionSpec, ignoreIfNotExists);
    }

    @Override
    public void alterPartitionColumnStatistics(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogColumnStatistics columnStatistics,
            boolean ignoreIfNotExists)
            throws PartitionNotExistException {
        requireIgnored(tablePath, partitionSpec, ignoreIfNotExists);
    }

    // ------ helpers ------

    private Optional<TableRecord> findTable(ObjectPath tablePath) {
        return call(() -> repository.findTable(getName(), tablePath.getDatabaseName(), tablePath.getObjectName()));
    }

    private void requireDatabase(String databaseName) throws DatabaseNotExistException {
        if (!databaseExists(databaseName)) {
            throw new DatabaseNotExistException(getName(), databaseName);
        }
    }

    private void requirePartitionedTable(ObjectPath tablePath)
            throws TableNotExistException, TableNotPartitionedException {
        if (!(getTable(tablePath) instanceof CatalogTable table && table.isPartitioned())) {
            throw new TableNotPartitionedException(getName(), tablePath);
        }
    }

    /** There are no partitions, so touching one is fine only where a missing one may be ignored. */
    private void requireIgnored(ObjectPath tablePath, CatalogPartitionSpec partitionSpec, boolean ignoreIfNotExists)
            throws PartitionNotExistException {
        if (!ignoreIfNotExists) {
            throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
        }
    }

    private UnsupportedOperationException unsupported(String action, ObjectPath tablePath, String what) {
        return new UnsupportedOperationException(String.format(
                "Cannot %s %s in catalog %s: Sluice's catalog does not store %s",
                action, tablePath.getFullName(), getName(), what));
    }

    /** Flink compares function names case-insensitively, so they are stored normalized. */
    private static ObjectPath normalize(ObjectPath functionPath) {
        return new ObjectPath(
                functionPath.getDatabaseName(), FunctionIdentifier.normalizeName(functionPath.getObjectName()));
    }

    /** {@code false} if the object exists already. */
    private static boolean insert(Runnable insert) {
        try {
            insert.run();
            return true;
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.ALREADY_EXISTS) {
                return false;
            }
            throw failure(e);
        }
    }

    /** Calls the store; its failures become the exception type Flink expects from a catalog. */
    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            throw failure(e);
        }
    }

    private static CatalogException failure(StoreException e) {
        return new CatalogException(e.getMessage(), e);
    }
}
