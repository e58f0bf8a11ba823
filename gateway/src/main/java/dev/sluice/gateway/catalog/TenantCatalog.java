package dev.sluice.gateway.catalog;

import dev.sluice.udf.catalog.FunctionUse;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionAlreadyExistsException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionSpecInvalidException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.factories.FunctionDefinitionFactory;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An analyst's view of a catalog: their tenant's database only. Every other database, and everything in it, looks as
 * if it did not exist, so a statement naming another tenant's table fails as a missing table would (with its line and
 * column) and nothing tells an analyst which other tenants or tables there are. Admins get the catalog itself.
 */
public final class TenantCatalog extends AbstractCatalog implements ResolvesCatalogFunctions {

    private final Catalog base;
    private final String database;

    /** @param database the one database this view shows, which is also its default */
    public TenantCatalog(String name, Catalog base, String database) {
        super(name, requireNonNull(database, "database is null"));
        this.base = requireNonNull(base, "base is null");
        this.database = database;
    }

    @Override
    public void open() {
        base.open();
    }

    @Override
    public void close() {
        base.close();
    }

    // ------ databases ------

    @Override
    public List<String> listDatabases() {
        return base.listDatabases().stream().filter(database::equals).toList();
    }

    @Override
    public CatalogDatabase getDatabase(String name) throws DatabaseNotExistException {
        requireVisible(name);
        return base.getDatabase(name);
    }

    @Override
    public boolean databaseExists(String name) {
        return database.equals(name) && base.databaseExists(name);
    }

    @Override
    public void createDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfExists)
            throws DatabaseAlreadyExistException {
        if (database.equals(name)) {
            base.createDatabase(name, newDatabase, ignoreIfExists);
            return;
        }
        throw onlyOwnDatabase();
    }

    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
            throws DatabaseNotExistException, DatabaseNotEmptyException {
        if (database.equals(name)) {
            // The tenant's database is where its sessions start; dropping it would leave them nowhere to work.
            throw onlyOwnDatabase();
        }
        if (!ignoreIfNotExists) {
            throw new DatabaseNotExistException(getName(), name);
        }
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists)
            throws DatabaseNotExistException {
        if (database.equals(name)) {
            base.alterDatabase(name, newDatabase, ignoreIfNotExists);
        } else if (!ignoreIfNotExists) {
            throw new DatabaseNotExistException(getName(), name);
        }
    }

    // ------ tables and views ------

    @Override
    public List<String> listTables(String name) throws DatabaseNotExistException {
        requireVisible(name);
        return base.listTables(name);
    }

    @Override
    public List<String> listViews(String name) throws DatabaseNotExistException {
        requireVisible(name);
        return base.listViews(name);
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath path) throws TableNotExistException {
        if (!visible(path)) {
            throw new TableNotExistException(getName(), path);
        }
        return base.getTable(path);
    }

    @Override
    public boolean tableExists(ObjectPath path) {
        return visible(path) && base.tableExists(path);
    }

    @Override
    public void dropTable(ObjectPath path, boolean ignoreIfNotExists) throws TableNotExistException {
        if (visible(path)) {
            base.dropTable(path, ignoreIfNotExists);
        } else if (!ignoreIfNotExists) {
            throw new TableNotExistException(getName(), path);
        }
    }

    @Override
    public void renameTable(ObjectPath path, String newName, boolean ignoreIfNotExists)
            throws TableNotExistException, TableAlreadyExistException {
        if (visible(path)) {
            base.renameTable(path, newName, ignoreIfNotExists);
        } else if (!ignoreIfNotExists) {
            throw new TableNotExistException(getName(), path);
        }
    }

    @Override
    public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
            throws TableAlreadyExistException, DatabaseNotExistException {
        requireVisible(path.getDatabaseName());
        base.createTable(path, table, ignoreIfExists);
    }

    @Override
    public void alterTable(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
            throws TableNotExistException {
        if (visible(path)) {
            base.alterTable(path, newTable, ignoreIfNotExists);
        } else if (!ignoreIfNotExists) {
            throw new TableNotExistException(getName(), path);
        }
    }

    // ------ functions ------

    @Override
    public List<String> listFunctions(String name) throws DatabaseNotExistException {
        requireVisible(name);
        return base.listFunctions(name);
    }

    /** The base's: the UDF catalog's functions are instantiated by it. */
    @Override
    public Optional<FunctionDefinitionFactory> getFunctionDefinitionFactory() {
        return base.getFunctionDefinitionFactory();
    }

    @Override
    public List<FunctionUse> drainFunctionUses() {
        return base instanceof ResolvesCatalogFunctions resolves ? resolves.drainFunctionUses() : List.of();
    }

    @Override
    public CatalogFunction getFunction(ObjectPath path) throws FunctionNotExistException {
        if (!visible(path)) {
            throw new FunctionNotExistException(getName(), path);
        }
        return base.getFunction(path);
    }

    @Override
    public boolean functionExists(ObjectPath path) {
        return visible(path) && base.functionExists(path);
    }

    @Override
    public void createFunction(ObjectPath path, CatalogFunction function, boolean ignoreIfExists)
            throws FunctionAlreadyExistException, DatabaseNotExistException {
        requireVisible(path.getDatabaseName());
        base.createFunction(path, function, ignoreIfExists);
    }

    @Override
    public void alterFunction(ObjectPath path, CatalogFunction newFunction, boolean ignoreIfNotExists)
            throws FunctionNotExistException {
        if (visible(path)) {
            base.alterFunction(path, newFunction, ignoreIfNotExists);
        } else if (!ignoreIfNotExists) {
            throw new FunctionNotExistException(getName(), path);
        }
    }

    @Override
    public void dropFunction(ObjectPath path, boolean ignoreIfNotExists) throws FunctionNotExistException {
        if (visible(path)) {
            base.dropFunction(path, ignoreIfNotExists);
        } else if (!ignoreIfNotExists) {
            throw new FunctionNotExistException(getName(), path);
        }
    }

    // ------ partitions and statistics ------

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath path)
            throws TableNotExistException, TableNotPartitionedException {
        requireVisible(path);
        return base.listPartitions(path);
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath path, CatalogPartitionSpec spec)
            throws TableNotExistException, TableNotPartitionedException, PartitionSpecInvalidException {
        requireVisible(path);
        return base.listPartitions(path, spec);
    }

    @Override
    public List<CatalogPartitionSpec> listPartitionsByFilter(ObjectPath path, List<Expression> filters)
            throws TableNotExistException, TableNotPartitionedException {
        requireVisible(path);
        return base.listPartitionsByFilter(path, filters);
    }

    @Override
    public CatalogPartition getPartition(ObjectPath path, CatalogPartitionSpec spec) throws PartitionNotExistException {
        if (!visible(path)) {
            throw new PartitionNotExistException(getName(), path, spec);
        }
        return base.getPartition(path, spec);
    }

    @Override
    public boolean partitionExists(ObjectPath path, CatalogPartitionSpec spec) {
        return visible(path) && base.partitionExists(path, spec);
    }

    @Override
    public void createPartition(
            ObjectPath path, CatalogPartitionSpec spec, CatalogPartition partition, boolean ignoreIfExists)
            throws TableNotExistException, TableNotPartitionedException, PartitionSpecInvalidException,
                    PartitionAlreadyExistsException {
        requireVisible(path);
        base.createPartition(path, spec, partition, ignoreIfExists);
    }

    @Override
    public void dropPartition(ObjectPath path, CatalogPartitionSpec spec, boolean ignoreIfNotExists)
            throws PartitionNotExistException {
        if (!visible(path)) {
            throw new PartitionNotExistException(getName(), path, spec);
        }
        base.dropPartition(path, spec, ignoreIfNotExists);
    }

    @Override
    public void alterPartition(
            ObjectPath path, CatalogPartitionSpec spec, CatalogPartition newPartition, boolean ignoreIfNotExists)
            throws PartitionNotExistException {
        if (!visible(path)) {
            throw new PartitionNotExistException(getName(), path, spec);
        }
        base.alterPartition(path, spec, newPartition, ignoreIfNotExists);
    }

    @Override
    public CatalogTableStatistics getTableStatistics(ObjectPath path) throws TableNotExistException {
        requireVisible(path);
        return base.getTableStatistics(path);
    }

    @Override
    public CatalogColumnStatistics getTableColumnStatistics(ObjectPath path) throws TableNotExistException {
        requireVisible(path);
        return base.getTableColumnStatistics(path);
    }

    @Override
    public CatalogTableStatistics getPartitionStatistics(ObjectPath path, CatalogPartitionSpec spec)
            throws PartitionNotExistException {
        if (!visible(path)) {
            throw new PartitionNotExistException(getName(), path, spec);
        }
        return base.getPartitionStatistics(path, spec);
    }

    @Override
    public CatalogColumnStatistics getPartitionColumnStatistics(ObjectPath path, CatalogPartitionSpec spec)
            throws PartitionNotExistException {
        if (!visible(path)) {
            throw new PartitionNotExistException(getName(), path, spec);
        }
        return base.getPartitionColumnStatistics(path, spec);
    }

    @Override
    public void alterTableStatistics(ObjectPath path, CatalogTableStatistics statistics, boolean ignoreIfNotExists)
            throws TableNotExistException {
        requireVisible(path);
        base.alterTableStatistics(path, statistics, ignoreIfNotExists);
    }

    @Override
    public void alterTableColumnStatistics(
            ObjectPath path, CatalogColumnStatistics statistics, boolean ignoreIfNotExists)
            throws TableNotExistException, org.apache.flink.table.catalog.exceptions.TablePartitionedException {
        requireVisible(path);
        base.alterTableColumnStatistics(path, statistics, ignoreIfNotExists);
    }

    @Override
    public void alterPartitionStatistics(
            ObjectPath path, CatalogPartitionSpec spec, CatalogTableStatistics statistics, boolean ignoreIfNotExists)
            throws PartitionNotExistException {
        if (!visible(path)) {
            throw new PartitionNotExistException(getName(), path, spec);
        }
        base.alterPartitionStatistics(path, spec, statistics, ignoreIfNotExists);
    }

    @Override
    public void alterPartitionColumnStatistics(
            ObjectPath path, CatalogPartitionSpec spec, CatalogColumnStatistics statistics, boolean ignoreIfNotExists)
            throws PartitionNotExistException {
        if (!visible(path)) {
            throw new PartitionNotExistException(getName(), path, spec);
        }
        base.alterPartitionColumnStatistics(path, spec, statistics, ignoreIfNotExists);
    }

    // ------ helpers ------

    private boolean visible(ObjectPath path) {
        return database.equals(path.getDatabaseName());
    }

    private void requireVisible(String name) throws DatabaseNotExistException {
        if (!database.equals(name)) {
            throw new DatabaseNotExistException(getName(), name);
        }
    }

    private void requireVisible(ObjectPath path) throws TableNotExistException {
        if (!visible(path)) {
            throw new TableNotExistException(getName(), path);
        }
    }

    private CatalogException onlyOwnDatabase() {
        return new CatalogException("An analyst works in database '" + database + "' only: creating or dropping"
                + " databases is for admins.");
    }
}
