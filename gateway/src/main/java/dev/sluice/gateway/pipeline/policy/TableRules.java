package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.pipeline.ValidatedStatement;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.ddl.AlterTableChangeOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.planner.plan.schema.TableSourceTable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a table may connect to: its connector, its options, the path it reads or writes, and whether it must declare
 * a watermark. Checked where a table is defined (CREATE, CREATE AS, ALTER) and again wherever a statement reads or
 * writes one, with the dynamic options of its {@code OPTIONS} hint merged in, so neither a table stored before the
 * policy changed nor a hint can get around the rules.
 */
final class TableRules {

    private static final String CONNECTOR = FactoryUtil.CONNECTOR.key();
    private static final String PATH = "path";

    /** A table a statement defines or uses, with the options it would run with. */
    private record TableUse(String name, Map<String, String> options, Optional<Boolean> declaresWatermark) {}

    private TableRules() {}

    static List<Denial> check(Policy policy, String tenant, ValidatedStatement statement) {
        StatementText text = new StatementText(statement.statement());
        List<Denial> denials = new ArrayList<>();
        for (TableUse table : uses(statement.operation())) {
            denials.addAll(check(policy, tenant, table, text));
        }
        return denials.stream().distinct().toList();
    }

    private static List<TableUse> uses(Operation operation) {
        List<TableUse> uses = new ArrayList<>();
        if (operation instanceof CreateTableOperation create) {
            uses.add(created(create, true));
        } else if (operation instanceof CreateTableASOperation createAs) {
            // The new table is the job's sink; a watermark only matters for a table that is read.
            uses.add(created(createAs.getCreateTableOperation(), false));
        } else if (operation instanceof ReplaceTableAsOperation replaceAs) {
            uses.add(created(replaceAs.getCreateTableOperation(), false));
        } else if (operation instanceof AlterTableChangeOperation alter) {
            CatalogTable table = alter.getNewTable();
            uses.add(new TableUse(alter.getTableIdentifier().getObjectName(), table.getOptions(),
                    Optional.of(!table.getUnresolvedSchema().getWatermarkSpecs().isEmpty())));
        }
        sinks(operation).forEach(sink -> uses.add(written(sink)));
        PlannedQueries.of(operation).forEachNode(node -> {
            if (node.getTable() instanceof TableSourceTable source) {
                uses.add(used(source.contextResolvedTable(), Map.of()));
            }
        });
        return uses;
    }

    private static List<SinkModifyOperation> sinks(Operation operation) {
        if (operation instanceof SinkModifyOperation sink) {
            return List.of(sink);
        }
        if (operation instanceof StatementSetOperation set) {
            return set.getOperations().stream().flatMap(modify -> sinks(modify).stream()).toList();
        }
        return List.of();
    }

    private static TableUse created(CreateTableOperation create, boolean read) {
        return new TableUse(
                create.getTableIdentifier().getObjectName(),
                create.getCatalogTable().getOptions(),
                read ? Optional.of(!create.getCatalogTable().getResolvedSchema().getWatermarkSpecs().isEmpty()) : Optional.empty());
    }

    private static TableUse written(SinkModifyOperation sink) {
        return used(sink.getContextResolvedTable(), sink.getDynamicOptions());
    }

    private static TableUse used(ContextResolvedTable table, Map<String, String> dynamicOptions) {
        Map<String, String> options = new HashMap<>(table.getResolvedTable().getOptions());
        options.putAll(dynamicOptions);
        return new TableUse(table.getIdentifier().getObjectName(), options, Optional.empty());
    }

    private static List<Denial> check(Policy policy, String tenant, TableUse table, StatementText text) {
        List<Denial> denials = new ArrayList<>();
        String connector = Optional.ofNullable(table.options().get(CONNECTOR)).map(Policy::normalizedName).orElse(null);
        if (connector != null && !policy.allowedConnectors().contains(connector)) {
            denials.add(new Denial(
                    ErrorCode.POLICY_CONNECTOR_NOT_ALLOWED,
                    "Table '" + table.name() + "' uses connector '" + connector + "', which the policy of tenant '" + tenant
                            + "' does not allow (rule allowedConnectors).",
                    text.option(CONNECTOR),
                    "Allowed connectors: " + String.join(", ", policy.allowedConnectors()) + "."));
        }
        table.options().forEach((key, value) -> {
            policy.forbiddenOptions().stream().filter(pattern -> SettingPattern.matches(pattern, key)).findFirst()
                    .ifPresent(pattern -> denials.add(new Denial(
                            ErrorCode.POLICY_OPTION_FORBIDDEN,
                            "Table '" + table.name() + "' sets option '" + key.strip() + "', which the policy of tenant '" + tenant
                                    + "' forbids (rule forbiddenOptions: '" + pattern + "').",
                            text.option(key.strip()),
                            "Forbidden options: " + String.join(", ", policy.forbiddenOptions()) + ".")));
            if (SettingPattern.normalize(key).equals(PATH) && !isAllowedPath(policy, value)) {
                denials.add(new Denial(
                        ErrorCode.POLICY_PATH_NOT_ALLOWED,
                        "Table '" + table.name() + "' has path '" + value + "', which is not under a path the policy of tenant '"
                                + tenant + "' allows (rule allowedPaths).",
                        text.option(key.strip()),
                        "Allowed paths: " + String.join(", ", policy.allowedPaths())
                                + ". Use an absolute path or URI under one of them, without '..'."));
            }
        });
        if (connector != null
                && table.declaresWatermark().equals(Optional.of(false))
                && policy.watermarksRequiredFor().contains(connector)) {
            denials.add(new Denial(
                    ErrorCode.POLICY_WATERMARK_REQUIRED,
                    "Table '" + table.name() + "' reads from connector '" + connector + "' without a WATERMARK, which the policy"
                            + " of tenant '" + tenant + "' requires (rule watermarksRequiredFor).",
                    text.word(table.name()),
                    "Declare one, e.g. WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, on a TIMESTAMP(3) column."));
        }
        return denials;
    }

    private static boolean isAllowedPath(Policy policy, String value) {
        return StoragePath.parse(value)
                .map(path -> policy.allowedLocations().stream().anyMatch(path::isUnder))
                .orElse(false);
    }
}
