package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.ExplainOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.ddl.AlterTableChangeOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.planner.plan.schema.TableSourceTable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a table may connect to: its connector, its options by the connector's list ({@link TableOptionRules}) and
 * what their values name (paths, hosts, classes: {@link OptionValues}), and whether it must declare a watermark.
 * Checked where a table is defined (CREATE, CREATE ... LIKE, CREATE AS, ALTER) and again wherever a statement reads or
 * writes one (views expanded, lookup joins included), with the dynamic options of its {@code OPTIONS} hint merged in,
 * so neither a table stored before the policy changed nor a hint can get around the rules. A {@code file.path}
 * metadata column lists only what the table's path holds, so the path's rule covers it.
 */
final class TableRules {

    private static final String CONNECTOR = FactoryUtil.CONNECTOR.key();
    private static final Comparator<Denial> IN_TEXT_ORDER = Comparator.comparing(
            Denial::position,
            Comparator.nullsLast(Comparator.comparingInt(SqlPosition::line).thenComparingInt(SqlPosition::column)));

    /** A table a statement defines or uses, with the options it would run with. */
    private record TableUse(String name, Map<String, String> options, Optional<Boolean> declaresWatermark) {}

    private TableRules() {}

    static List<Denial> check(TenantRules tenant, ValidatedStatement statement) {
        StatementText text = new StatementText(statement.statement());
        List<Denial> denials = new ArrayList<>();
        for (TableUse table : uses(statement.operation())) {
            denials.addAll(check(tenant, table, text));
        }
        // In the order they are written, whatever order the options come in.
        return denials.stream().distinct().sorted(IN_TEXT_ORDER).toList();
    }

    private static List<TableUse> uses(Operation operation) {
        if (operation instanceof ExplainOperation explain) {
            return uses(explain.getChild());
        }
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
            uses.add(new TableUse(
                    alter.getTableIdentifier().getObjectName(),
                    table.getOptions(),
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
            return set.getOperations().stream()
                    .flatMap(modify -> sinks(modify).stream())
                    .toList();
        }
        return List.of();
    }

    private static TableUse created(CreateTableOperation create, boolean read) {
        return new TableUse(
                create.getTableIdentifier().getObjectName(),
                create.getCatalogTable().getOptions(),
                read
                        ? Optional.of(!create.getCatalogTable()
                                .getResolvedSchema()
                                .getWatermarkSpecs()
                                .isEmpty())
                        : Optional.empty());
    }

    private static TableUse written(SinkModifyOperation sink) {
        return used(sink.getContextResolvedTable(), sink.getDynamicOptions());
    }

    private static TableUse used(ContextResolvedTable table, Map<String, String> dynamicOptions) {
        Map<String, String> options = new HashMap<>(table.getResolvedTable().getOptions());
        options.putAll(dynamicOptions);
        return new TableUse(table.getIdentifier().getObjectName(), options, Optional.empty());
    }

    private static List<Denial> check(TenantRules tenant, TableUse table, StatementText text) {
        Policy policy = tenant.policy();
        List<Denial> denials = new ArrayList<>();
        String connector = Optional.ofNullable(table.options().get(CONNECTOR))
                .map(Policy::normalizedName)
                .orElse(null);
        Optional<TableOptionRules.Connector> known =
                Optional.ofNullable(connector).flatMap(TableOptionRules::connector);
        if (connector != null
                && (!policy.allowedConnectors().contains(connector)
                        || known.map(k -> k.refusal() != null).orElse(false))) {
            denials.add(new Denial(
                    ErrorCode.POLICY_CONNECTOR_NOT_ALLOWED,
                    "Table '" + table.name() + "' uses connector '" + connector + "', which the policy of tenant '"
                            + tenant.name()
                            + "' does not allow (rule allowedConnectors"
                            + known.map(TableOptionRules.Connector::refusal)
                                    .map(why -> ": Sluice never allows it, as " + why)
                                    .orElse("")
                            + ").",
                    text.option(CONNECTOR),
                    "Allowed connectors: " + String.join(", ", policy.allowedConnectors()) + "."));
            return denials;
        }
        table.options().forEach((key, value) -> {
            String normalized = SettingPattern.normalize(key);
            policy.forbiddenOptions().stream()
                    .filter(pattern -> SettingPattern.matches(pattern, key))
                    .findFirst()
                    .ifPresent(pattern -> denials.add(new Denial(
                            ErrorCode.POLICY_OPTION_FORBIDDEN,
                            "Table '" + table.name() + "' sets option '" + key.strip()
                                    + "', which the policy of tenant '" + tenant.name()
                                    + "' forbids (rule forbiddenOptions: '" + pattern + "').",
                            text.option(key.strip()),
                            "Forbidden options: " + String.join(", ", policy.forbiddenOptions()) + ".")));
            if (connector == null) {
                return;
            }
            Optional<OptionRule> rule = known.isPresent()
                    ? TableOptionRules.rule(known.get(), normalized, table.options())
                    : Optional.of(TableOptionRules.generic(normalized));
            if (rule.isEmpty()) {
                denials.add(new Denial(
                        ErrorCode.POLICY_OPTION_FORBIDDEN,
                        "Table '" + table.name() + "' sets option '" + key.strip()
                                + "', which Sluice does not allow for connector '" + connector
                                + "' (rule table options allowlist).",
                        text.option(key.strip()),
                        "Allowed options of '" + connector + "': " + known.get().summary()
                                + ". docs/policy.md lists them."));
            } else {
                OptionValues.check(tenant, table.name(), key.strip(), value, rule.get(), text.option(key.strip()))
                        .ifPresent(denials::add);
            }
        });
        if (connector != null
                && table.declaresWatermark().equals(Optional.of(false))
                && policy.watermarksRequiredFor().contains(connector)) {
            denials.add(new Denial(
                    ErrorCode.POLICY_WATERMARK_REQUIRED,
                    "Table '" + table.name() + "' reads from connector '" + connector
                            + "' without a WATERMARK, which the policy" + " of tenant '" + tenant.name()
                            + "' requires (rule watermarksRequiredFor).",
                    text.word(table.name()),
                    "Declare one, e.g. WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, on a TIMESTAMP(3) column."));
        }
        return denials;
    }
}
