package dev.sluice.gateway.validate;

import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.CatalogView;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.QueryOperationCatalogView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A session's TEMPORARY tables and views live in the session, not in any catalog, so a scratch session made for the
 * session would not see them: they are copied in, so a script validates as it would run in that session.
 */
final class SessionTemporaries {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTemporaries.class);

    private SessionTemporaries() {}

    /** Copies {@code session}'s temporary tables and views of its current database into {@code scratch}. */
    static void copy(CatalogManager session, CatalogManager scratch) {
        String catalog = session.getCurrentCatalog();
        String database = session.getCurrentDatabase();
        Stream.concat(session.listTemporaryTables().stream(), session.listTemporaryViews().stream())
                .map(name -> ObjectIdentifier.of(catalog, database, name))
                .forEach(identifier -> session.getTable(identifier)
                        .filter(SessionTemporaries::portable)
                        .ifPresent(table -> copy(table, scratch)));
    }

    /** A view made through the Table API holds its own planner's trees: it cannot be copied. */
    private static boolean portable(ContextResolvedTable table) {
        return table.isTemporary() && !(table.getTable() instanceof QueryOperationCatalogView);
    }

    /**
     * The session's current catalog and database and its temporary tables and views, as text that changes whenever
     * any of them does: part of the key under which a validation in the session is cached.
     */
    static String describe(CatalogManager session) {
        String catalog = session.getCurrentCatalog();
        String database = session.getCurrentDatabase();
        StringBuilder text = new StringBuilder(catalog).append('.').append(database);
        Stream.concat(session.listTemporaryTables().stream(), session.listTemporaryViews().stream())
                .sorted()
                .map(name -> ObjectIdentifier.of(catalog, database, name))
                .forEach(identifier -> session.getTable(identifier)
                        .filter(SessionTemporaries::portable)
                        .ifPresent(table -> {
                            CatalogBaseTable resolved = table.getResolvedTable();
                            text.append('\n')
                                    .append(identifier.asSummaryString())
                                    .append(' ');
                            text.append(resolved.getTableKind()).append(' ');
                            text.append(resolved.getUnresolvedSchema());
                            if (resolved instanceof CatalogView view) {
                                text.append(' ').append(view.getExpandedQuery());
                            } else {
                                text.append(' ').append(new TreeMap<>(resolved.getOptions()));
                            }
                        }));
        return text.toString();
    }

    private static void copy(ContextResolvedTable table, CatalogManager scratch) {
        try {
            scratch.createTemporaryTable(table.getResolvedTable(), table.getIdentifier(), true);
        } catch (RuntimeException e) {
            // The script is still validated; a statement that reads this table then says it is not found.
            LOG.warn("Could not copy temporary table {} into a validation's scratch session", table.getIdentifier(), e);
        }
    }
}
