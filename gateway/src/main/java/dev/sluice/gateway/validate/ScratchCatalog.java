package dev.sluice.gateway.validate;

import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionSpecInvalidException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.factories.FunctionDefinitionFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * A catalog as a script sees it while it is validated: the real catalog underneath, read as it is, and the script's
 * own changes on top, kept in memory and dropped with the validation. Nothing is written to the real catalog, and
 * validations running at once never see or lock each other's changes.
 *
 * <p>Created and changed objects live in the overlay (an in-memory catalog); objects dropped or renamed away are
 * remembered as gone, so the real ones underneath are hidden. Partitions and statistics are read from where the
 * table lives and cannot be changed here: validation never needs them.
 */
final class ScratchCatalog extends AbstractCatalog {

    private final Catalog base;
    private final GenericInMemoryCatalog overlay;
    private final Set<String> createdDatabases = new HashSet<>();
    private final Set<String> alteredDatabases = new HashSet<>();
    private final Set<String> droppedDatabases = new HashSet<>();
    private final Set<ObjectPath> droppedTables = new HashSet<>();
    private final Set<ObjectPath> droppedFunctions = new HashSet<>();
    private final ConnectorFactories connectors;

    ScratchCatalog(String name, Catalog base, ConnectorFactories connectors) {
        super(name, requireNonNull(base, "base is null").getDefaultDatabase());
        this.base = base;
        this.connectors = requireNonNull(connectors, "connectors is null");
        this.overlay = new GenericInMemoryCatalog(name, base.getDefaultDatabase());
    }

    @Override
    public void open() {
        base.open();
        overlay.open();
    }

    @Override
    public void close() {
        overlay.close();
        base.close();
    }

    /** Its tables' sources and sinks are made by factories found once, not by a class path scan per table. */
    @Override
    public Optional<Factory> getFactory() {
        return Optional.of(connectors);
    }

    /** The base's: the UDF catalog's functions are instantiated as they will be when the statement runs. */
    @Override
    public Optional<FunctionDefinitionFactory> getFunctionDefinitionFactory() {
        return base.getFunctionDefinitionFactory();
    }

    // ------ databases ------

    @Override
    public List<String> listDatabases() {
        Set<String> names = new TreeSet<>(base.listDatabases());
        names.removeAll(droppedDatabases);
        names.addAll(createdDatabases);
        return new ArrayList<>(names);
    }

    @Override
    public CatalogDatabase getDatabase(String name) throws DatabaseNotExistException {
        if (!databaseExists(name)) {
            throw new DatabaseNotExistException(getName(), name);
        }
        return createdDatabases.contains(name) || alteredDatabases.contains(name)
                ? overlay.getDatabase(name)
                : base.getDatabase(name);
    }

    @Override
    public boolean databaseExists(String name) {
        return createdDatabases.contains(name) || (!droppedDatabases.contains(name) && base.databaseExists(name));
    }

    @Override
    public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists)
            throws DatabaseAlreadyExistException {
        if (databaseExists(name)) {
            if (!ignoreIfExists) {
                throw new DatabaseAlreadyExistException(getName(), name);
            }
            return;
        }
        try {
            overlay.dropDatabase(name, true, true);
            overlay.createDatabase(name, database, false);
        } catch (DatabaseNotExistException | DatabaseNotEmptyException e) {
            throw new CatalogException("The scratch catalog lost track of database " + name, e);
        }
        // A database dropped and made again stays "dropped" below, so the real one's objects stay hidden.
        createdDatabases.add(name);
    }

    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
            throws DatabaseNotExistException, DatabaseNotEmptyException {
        if (!databaseExists(name)) {
            if (!ignoreIfNotExists) {
                throw new DatabaseNotExistException(getName(), name);
            }
            return;
        }
        if (!cascade && !(listTables(name).isEmpty() && listFunctions(name).isEmpty())) {
            throw new DatabaseNotEmptyException(getName(), name);
        }
        overlay.dropDatabase(name, true, true);
        createdDatabases.remove(name);
        alteredDatabases.remove(name);
        droppedDatabases.add(name);
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists)
            throws DatabaseNotExistException {
        if (!databaseExists(name)) {
            if (!ignoreIfNotExists) {
                throw new DatabaseNotExistException(getName(), name);
            }
            return;
        }
        ensureOverlayDatabase(name);
        overlay.alterDatabase(name, newDatabase, false);
        alteredDatabases.add(name);
    }

    // ------ tables and views ------

    @Override
    public List<String> listTables(String database) throws DatabaseNotExistException {
        return names(database, true, false);
    }

    @Override
    public List<String> listViews(String database) throws DatabaseNotExistException {
        return names(database, false, true);
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath path) throws TableNotExistException {
        if (overlay.tableExists(path)) {
            return overlay.getTable(path);
        }
        if (hiddenTable(path) || !base.tableExists(path)) {
            throw new TableNotExistException(getName(), path);
        }
        return base.getTable(path);
    }

    @Override
    public boolean tableExists(ObjectPath path) {
        return overlay.tableExists(path) || (!hiddenTable(path) && base.tableExists(path));
    }

    @Override
    public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
            throws TableAlreadyExistException, DatabaseNotExistException {
        requireDatabase(path.getDatabaseName());
        if (tableExists(path)) {
            if (!ignoreIfExists) {
                throw new TableAlreadyExistException(getName(), path);
            }
            return;
        }
        ensureOverlayDatabase(path.getDatabaseName());
        overlay.createTable(path, table, false);
        droppedTables.remove(path);
    }

    @Override
    public void alterTable(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
            throws TableNotExistException {
        if (!tableExists(path)) {
            if (!ignoreIfNotExists) {
                throw new TableNotExistException(getName(), path);
            }
            return;
        }
        ensureOverlayDatabase(path.getDatabaseName());
        if (overlay.tableExists(path)) {
            overlay.alterTable(path, newTable, false);
        } else {
            createInOverlay(path, newTable);
        }
    }

    @Override
    public void dropTable(ObjectPath path, boolean ignoreIfNotExists) throws TableNotExistException {
        if (!tableExists(path)) {
            if (!ignoreIfNotExists) {
                throw new TableNotExistException(getName(), path);
            }
            return;
        }
        overlay.dropTable(path, true);
        droppedTables.add(path);
    }

    @Override
    public void renameTable(ObjectPath path, String newName, boolean ignoreIfNotExists)
            throws TableNotExistException, TableAlreadyExistException {
        if (!tableExists(path)) {
            if (!ignoreIfNotExists) {
                throw new TableNotExistException(getName(), path);
            }
            return;
        }
        ObjectPath target = new ObjectPath(path.getDatabaseName(), newName);
        if (tableExists(target)) {
            throw new TableAlreadyExistException(getName(), target);
        }
        CatalogBaseTable table = getTable(path);
        dropTable(path, false);
        ensureOverlayDatabase(target.getDatabaseName());
        createInOverlay(target, table);
        droppedTables.remove(target);
    }

    // ------ functions ------

    @Override
    public List<String> listFunctions(String database) throws DatabaseNotExistException {
        requireDatabase(database);
        Set<String> names = new TreeSet<>();
        if (!droppedDatabases.contains(database) && base.databaseExists(database)) {
            base.listFunctions(database).stream()
                    .filter(name -> !droppedFunctions.contains(new ObjectPath(database, name)))
                    .forEach(names::add);
        }
        if (overlay.databaseExists(database)) {
            names.addAll(overlay.listFunctions(database));
        }
        return new ArrayList<>(names);
    }

    @Override
    public CatalogFunction getFunction(ObjectPath path) throws FunctionNotExistException {
        if (overlay.functionExists(path)) {
            return overlay.getFunction(path);
        }
        if (hiddenFunction(path) || !base.functionExists(path)) {
            throw new FunctionNotExistException(getName(), path);
        }
        return base.getFunction(path);
    }

    @Override
    public boolean functionExists(ObjectPath path) {
        return overlay.functionExists(path) || (!hiddenFunction(path) && base.functionExists(path));
    }

    @Override
    public void createFunction(ObjectPath path, CatalogFunction function, boolean ignoreIfExists)
            throws FunctionAlreadyExistException, DatabaseNotExistException {
        requireDatabase(path.getDatabaseName());
        if (functionExists(path)) {
            if (!ignoreIfExists) {
                throw new FunctionAlreadyExistException(getName(), path);
            }
            return;
        }
        ensureOverlayDatabase(path.getDatabaseName());
        overlay.createFunction(path, function, false);
        droppedFunctions.remove(path);
    }

    @Override
    public void alterFunction(ObjectPath path, CatalogFunction newFunction, boolean ignoreIfNotExists)
            throws FunctionNotExistException {
        if (!functionExists(path)) {
            if (!ignoreIfNotExists) {
                throw new FunctionNotExistException(getName(), path);
            }
            return;
        }
        ensureOverlayDatabase(path.getDatabaseName());
        try {
            overlay.dropFunction(path, true);
            overlay.createFunction(path, newFunction, false);
        } catch (FunctionAlreadyExistException | DatabaseNotExistException e) {
            throw new CatalogException("The scratch catalog lost track of " + path, e);
        }
    }

    @Override
    public void dropFunction(ObjectPath path, boolean ignoreIfNotExists) throws FunctionNotExistException {
        if (!functionExists(path)) {
            if (!ignoreIfNotExists) {
                throw new FunctionNotExistException(getName(), path);
            }
            return;
        }
        overlay.dropFunction(path, true);
        droppedFunctions.add(path);
    }

    // ------ partitions and statistics: read where the table lives, never changed by validation ------

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath path)
            throws TableNotExistException, TableNotPartitionedException {
        return overlay.tableExists(path) ? List.of() : base.listPartitions(path);
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath path, CatalogPartitionSpec spec)
            throws TableNotExistException, TableNotPartitionedException, PartitionSpecInvalidException {
        return overlay.tableExists(path) ? List.of() : base.listPartitions(path, spec);
    }

    @Override
    public List<CatalogPartitionSpec> listPartitionsByFilter(ObjectPath path, List<Expression> filters)
            throws TableNotExistException, TableNotPartitionedException {
        return overlay.tableExists(path) ? List.of() : base.listPartitionsByFilter(path, filters);
    }

    @Override
    public CatalogPartition getPartition(ObjectPath path, CatalogPartitionSpec spec) throws PartitionNotExistException {
        if (overlay.tableExists(path)) {
            throw new PartitionNotExistException(getName(), path, spec);
        }
        return base.getPartition(path, spec);
    }

    @Override
    public boolean partitionExists(ObjectPath path, CatalogPartitionSpec spec) {
        return !overlay.tableExists(path) && base.partitionExists(path, spec);
    }

    @Override
    public void createPartition(
            ObjectPath path, CatalogPartitionSpec spec, CatalogPartition partition, boolean ignoreIfExists) {
        throw partitionsUnchanged();
    }

    @Override
    public void dropPartition(ObjectPath path, CatalogPartitionSpec spec, boolean ignoreIfNotExists) {
        throw partitionsUnchanged();
    }

    @Override
    public void alterPartition(
            ObjectPath path, CatalogPartitionSpec spec, CatalogPartition newPartition, boolean ignoreIfNotExists) {
        throw partitionsUnchanged();
    }

    @Override
    public CatalogTableStatistics getTableStatistics(ObjectPath path) throws TableNotExistException {
        return overlay.tableExists(path) ? CatalogTableStatistics.UNKNOWN : base.getTableStatistics(path);
    }

    @Override
    public CatalogColumnStatistics getTableColumnStatistics(ObjectPath path) throws TableNotExistException {
        return overlay.tableExists(path) ? CatalogColumnStatistics.UNKNOWN : base.getTableColumnStatistics(path);
    }

    @Override
    public CatalogTableStatistics getPartitionStatistics(ObjectPath path, CatalogPartitionSpec spec)
            throws PartitionNotExistException {
        return overlay.tableExists(path) ? CatalogTableStatistics.UNKNOWN : base.getPartitionStatistics(path, spec);
    }

    @Override
    public CatalogColumnStatistics getPartitionColumnStatistics(ObjectPath path, CatalogPartitionSpec spec)
            throws PartitionNotExistException {
        return overlay.tableExists(path)
                ? CatalogColumnStatistics.UNKNOWN
                : base.getPartitionColumnStatistics(path, spec);
    }

    @Override
    public void alterTableStatistics(ObjectPath path, CatalogTableStatistics statistics, boolean ignoreIfNotExists) {
        // Statistics only steer the optimizer's costs; a validation run keeps what it found.
    }

    @Override
    public void alterTableColumnStatistics(
            ObjectPath path, CatalogColumnStatistics statistics, boolean ignoreIfNotExists) {
        // As above.
    }

    @Override
    public void alterPartitionStatistics(
            ObjectPath path, CatalogPartitionSpec spec, CatalogTableStatistics statistics, boolean ignoreIfNotExists) {
        // As above.
    }

    @Override
    public void alterPartitionColumnStatistics(
            ObjectPath path, CatalogPartitionSpec spec, CatalogColumnStatistics statistics, boolean ignoreIfNotExists) {
        // As above.
    }

    // ------ helpers ------

    private List<String> names(String database, boolean tables, boolean viewsOnly) throws DatabaseNotExistException {
        requireDatabase(database);
        Set<String> names = new TreeSet<>();
        if (!droppedDatabases.contains(database) && base.databaseExists(database)) {
            (viewsOnly ? base.listViews(database) : base.listTables(database))
                    .stream()
                            .filter(name -> !droppedTables.contains(new ObjectPath(database, name)))
                            .forEach(names::add);
        }
        if (overlay.databaseExists(database)) {
            names.addAll(viewsOnly ? overlay.listViews(database) : overlay.listTables(database));
        }
        return new ArrayList<>(names);
    }

    private boolean hiddenTable(ObjectPath path) {
        return droppedTables.contains(path) || droppedDatabases.contains(path.getDatabaseName());
    }

    private boolean hiddenFunction(ObjectPath path) {
        return droppedFunctions.contains(path) || droppedDatabases.contains(path.getDatabaseName());
    }

    private void requireDatabase(String database) throws DatabaseNotExistException {
        if (!databaseExists(database)) {
            throw new DatabaseNotExistException(getName(), database);
        }
    }

    /** The overlay holds a script's objects in a database of the same name, made when first needed. */
    private void ensureOverlayDatabase(String database) {
        try {
            overlay.createDatabase(database, new CatalogDatabaseImpl(Map.of(), null), true);
        } catch (DatabaseAlreadyExistException e) {
            throw new CatalogException("The scratch catalog lost track of database " + database, e);
        }
    }

    private void createInOverlay(ObjectPath path, CatalogBaseTable table) {
        try {
            overlay.createTable(path, table, false);
        } catch (TableAlreadyExistException | DatabaseNotExistException e) {
            throw new CatalogException("The scratch catalog lost track of " + path, e);
        }
    }

    private static UnsupportedOperationException partitionsUnchanged() {
        return new UnsupportedOperationException("Partitions cannot be changed while a script is validated.");
    }
}
