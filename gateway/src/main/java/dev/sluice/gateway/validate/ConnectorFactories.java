package dev.sluice.gateway.validate;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.factories.FactoryUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The table factories of the scratch sessions' catalogs ({@link ScratchCatalog#getFactory()}), found once per class
 * loader. Left to itself, Flink scans the class path's {@code META-INF/services} for every table a statement reads or
 * writes; a keystroke in a query over three tables paid that scan four times.
 *
 * <p>Keeping what one scan found is correct for as long as the class loader sees the same jars: a scratch session's
 * loader never gains one (a script's {@code ADD JAR} and {@code pipeline.jars} are not applied to a scratch session),
 * and a new catalog version (a function published, say) is validated in a new scratch session, with a new loader.
 * Anything but exactly one factory for the table's {@code connector} goes Flink's own way, so a missing or ambiguous
 * connector is reported in Flink's words.
 */
final class ConnectorFactories implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorFactories.class);
    private static final String CONNECTOR = FactoryUtil.CONNECTOR.key();

    // Weak keys: a closed scratch session's loader, and its factories, go with it.
    private final Map<ClassLoader, List<Factory>> found = new WeakHashMap<>();

    @Override
    public DynamicTableSource createDynamicTableSource(DynamicTableFactory.Context context) {
        DynamicTableSourceFactory factory = only(DynamicTableSourceFactory.class, context);
        if (factory == null) {
            return FactoryUtil.createDynamicTableSource(
                    null,
                    context.getObjectIdentifier(),
                    context.getCatalogTable(),
                    context.getEnrichmentOptions(),
                    context.getConfiguration(),
                    context.getClassLoader(),
                    context.isTemporary());
        }
        return factory.createDynamicTableSource(context);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(DynamicTableFactory.Context context) {
        DynamicTableSinkFactory factory = only(DynamicTableSinkFactory.class, context);
        if (factory == null) {
            return FactoryUtil.createDynamicTableSink(
                    null,
                    context.getObjectIdentifier(),
                    context.getCatalogTable(),
                    context.getEnrichmentOptions(),
                    context.getConfiguration(),
                    context.getClassLoader(),
                    context.isTemporary());
        }
        return factory.createDynamicTableSink(context);
    }

    /** The one factory of {@code kind} named by the table's connector, or null when there is not exactly one. */
    @Nullable
    private <T extends Factory> T only(Class<T> kind, DynamicTableFactory.Context context) {
        String connector = context.getCatalogTable().getOptions().get(CONNECTOR);
        if (connector == null) {
            return null;
        }
        List<T> matching = factories(context.getClassLoader()).stream()
                .filter(kind::isInstance)
                .filter(factory -> factory.factoryIdentifier().equalsIgnoreCase(connector))
                .map(kind::cast)
                .toList();
        return matching.size() == 1 ? matching.get(0) : null;
    }

    private List<Factory> factories(ClassLoader classLoader) {
        synchronized (found) {
            List<Factory> kept = found.get(classLoader);
            if (kept != null) {
                return kept;
            }
        }
        List<Factory> discovered = discover(classLoader);
        synchronized (found) {
            return found.computeIfAbsent(classLoader, loader -> discovered);
        }
    }

    /**
     * What Flink's discovery finds. A factory that cannot be loaded (a format whose connector module is absent) is
     * left out, and every table that names it goes Flink's own way, which reports or skips it as Flink does.
     */
    private static List<Factory> discover(ClassLoader classLoader) {
        List<Factory> factories = new ArrayList<>();
        Iterator<Factory> providers =
                ServiceLoader.load(Factory.class, classLoader).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    return List.copyOf(factories);
                }
                factories.add(providers.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.debug("A table factory could not be loaded; tables naming it are left to Flink's discovery", e);
            }
        }
    }

    @Override
    public String factoryIdentifier() {
        return "sluice-scratch-connectors";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }
}
