package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.admit.AdmissionControl;
import dev.sluice.gateway.pipeline.admit.JobDemand;
import dev.sluice.gateway.pipeline.admit.Requester;
import dev.sluice.gateway.pipeline.policy.PlannedQueries;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.FlinkErrors;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;
import dev.sluice.gateway.pipeline.statement.StatementKind;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import dev.sluice.gateway.track.RunningQueries;
import dev.sluice.gateway.validate.NameSuggestions;
import dev.sluice.gateway.validate.ScriptValidator;
import dev.sluice.gateway.validate.ValidationReport;
import dev.sluice.udf.testrows.TestRows;
import dev.sluice.udf.testrows.TestRowsFactory;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UnresolvedIdentifier;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.planner.plan.schema.TableSourceTable;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.DataTypeUtils;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Runs a statement test: the statement under test (the last of its script, a query or an INSERT) on the test's rows
 * instead of its source tables, with the tables' own schemas and WATERMARKs, collecting what it produces instead of
 * writing to its sink, then compares that with the expected rows. Independent of how the test arrived (the REST API,
 * and later the CLI, the console and the policy that requires tests).
 *
 * <p>The script is validated as {@code statements:validate} validates it, with the caller's catalog, functions and
 * policy, in a scratch session that is closed afterwards, so nothing of the test stays in the catalog. Its tables are
 * replaced there by temporary tables of the {@code sluice-test-rows} connector: no real connector is read or written.
 * The job runs on the gateway's cluster at parallelism 1, counted as one of the tenant's queries until it ends, within
 * a time limit; a table the statement reads must be given as input, so every source ends.
 */
public final class StatementTests implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatementTests.class);
    /** How long a caller waits past the time limit for the worker to give its own answer (it cancels its job first). */
    private static final Duration GRACE = Duration.ofSeconds(15);

    private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);
    private static final Set<String> KINDS = Set.of("+I", "-U", "+U", "-D");

    /**
     * @param maxRows input rows a test may give (all tables together), and result rows it may produce
     * @param timeout longest a test may take, validation and job together
     * @param parallelism tests run at once; more wait their turn
     */
    public record Limits(int maxRows, Duration timeout, int parallelism) {
        public Limits {
            requireNonNull(timeout, "timeout is null");
        }
    }

    private final ScriptValidator validator;
    private final StatementPipeline pipeline;
    private final AdmissionControl admission;
    private final JobDemand demands;
    private final RunningQueries queries;
    private final Limits limits;
    private final ExecutorService workers;

    public StatementTests(
            ScriptValidator validator,
            StatementPipeline pipeline,
            AdmissionControl admission,
            JobDemand demands,
            RunningQueries queries,
            Limits limits) {
        this.validator = requireNonNull(validator, "validator is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.admission = requireNonNull(admission, "admission is null");
        this.demands = requireNonNull(demands, "demands is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.workers = Executors.newFixedThreadPool(limits.parallelism(), runnable -> {
            Thread thread = new Thread(runnable, "sluice-statement-test");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs one test case as {@code caller}.
     *
     * @throws GatewayException {@code INVALID_REQUEST} naming the field for a test that cannot run as given (a column
     *     or table that is not there, a value of the wrong type, a table read without input, a statement that is not
     *     a query or INSERT, too many rows); the tenant's query limits as for any query
     */
    public TestOutcome run(StatementTest test, Principal caller) {
        requireNonNull(test, "test is null");
        requireNonNull(caller, "caller is null");
        ScriptStatement underTest = lastStatement(test.sql());
        if (test.inputRows() > limits.maxRows()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "inputs",
                    "The test gives " + test.inputRows() + " input rows; a test may give at most " + limits.maxRows()
                            + ".",
                    "A test case is a few rows that show one behaviour; split larger ones (sluice.statement-tests.max-rows).");
        }
        test.watermarks().keySet().stream()
                .filter(table -> !test.inputs().containsKey(table))
                .findFirst()
                .ifPresent(table -> {
                    throw GatewayException.forField(
                            ErrorCode.INVALID_REQUEST,
                            "watermarks." + table,
                            "The test gives no input '" + table + "' whose watermarks this would make.",
                            "Name the table as 'inputs' names it.");
                });
        return onWorker(
                test.sql(),
                caller,
                (report, session, deadline) -> runValidated(test, caller, underTest, report, session, deadline),
                () -> TestOutcome.notRun(List.of(timedOut())));
    }

    /**
     * What a test case of {@code sql} gives and expects, without running it: the input columns of each table the
     * statement under test reads (physical and metadata; computed ones are computed) and the result's columns, so that
     * a case can be written against them (the console's Tests panel pre-fills its grids with them).
     *
     * @throws GatewayException {@code INVALID_REQUEST} for a script without a statement, or whose last statement is not
     *     a query or INSERT
     */
    public TestShape shape(String sql, Principal caller) {
        requireNonNull(sql, "sql is null");
        requireNonNull(caller, "caller is null");
        ScriptStatement underTest = lastStatement(sql);
        return onWorker(
                sql,
                caller,
                (report, session, deadline) -> shapeValidated(underTest, report, session),
                () -> TestShape.invalid(List.of(timedOut())));
    }

    private static ScriptStatement lastStatement(String sql) {
        List<ScriptStatement> script = SqlScript.split(sql);
        if (script.isEmpty()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "sql",
                    "The script holds no statement, only comments or white space.",
                    "End the script with the INSERT or SELECT to test, after the CREATE TABLEs it needs.");
        }
        return script.get(script.size() - 1);
    }

    /** Work on the validated script, in its scratch session. */
    @FunctionalInterface
    private interface Validated<T> {
        T apply(ValidationReport report, SessionHandle session, long deadline);
    }

    /** Validates {@code sql} on a worker (at most {@code parallelism} at once) and does {@code work} there. */
    private <T> T onWorker(String sql, Principal caller, Validated<T> work, Supplier<T> timedOut) {
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        Future<T> outcome = workers.submit(() -> validator.validateThen(
                sql, caller, deadline, (report, session) -> work.apply(report, session, deadline)));
        try {
            return outcome.get(limits.timeout().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The worker cancels its own job at the deadline; it is late only when Calcite is stuck in a statement.
            outcome.cancel(false);
            return timedOut.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GatewayException gatewayException) {
                throw gatewayException;
            }
            throw new IllegalStateException("The statement test failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome.cancel(true);
            throw new GatewayException(ErrorCode.INTERNAL, "The statement test was interrupted.");
        }
    }

    private TestShape shapeValidated(ScriptStatement underTest, ValidationReport report, SessionHandle session) {
        if (!report.valid()) {
            return TestShape.invalid(report.diagnostics());
        }
        ValidatedStatement validated = pipeline.validate(session, underTest);
        underTest(validated);
        Map<String, List<TestOutcome.Column>> inputs = new LinkedHashMap<>();
        tablesRead(validated.operation())
                .forEach((name, table) -> inputs.put(
                        name.getObjectName(),
                        described(TestTables.inputColumns(
                                resolvedTable(table, "sql").getResolvedSchema()))));
        ResolvedSchema result = validated.operation() instanceof SinkModifyOperation insert
                ? insert.getContextResolvedTable().getResolvedSchema()
                : ((QueryOperation) validated.operation()).getResolvedSchema();
        List<Column> columns =
                result.getColumns().stream().filter(Column::isPhysical).toList();
        return new TestShape(true, inputs, described(columns), report.diagnostics());
    }

    private static List<TestOutcome.Column> described(List<Column> columns) {
        return columns.stream()
                .map(column -> new TestOutcome.Column(
                        column.getName(),
                        DataTypeUtils.removeTimeAttribute(column.getDataType()).toString()))
                .toList();
    }

    /** On the worker, in the scratch session the script was validated in (Calcite's state is per thread). */
    private TestOutcome runValidated(
            StatementTest test,
            Principal caller,
            ScriptStatement underTest,
            ValidationReport report,
            SessionHandle session,
            long deadline) {
        if (!report.valid()) {
            return TestOutcome.notRun(report.diagnostics());
        }
        ValidatedStatement validated = pipeline.validate(session, underTest);
        underTest(validated);
        GivenLookups.install(test.lookups(), validated);
        CatalogManager catalogs = pipeline.catalogs(session);
        Map<ObjectIdentifier, ContextResolvedTable> read = tablesRead(validated.operation());
        Map<ObjectIdentifier, String> inputOf = matchInputs(test.inputs().keySet(), read.keySet());
        for (Map.Entry<ObjectIdentifier, ContextResolvedTable> table : read.entrySet()) {
            String key = inputOf.get(table.getKey());
            ResolvedCatalogTable original = resolvedTable(table.getValue(), "inputs." + key);
            WatermarkEntries watermarks = new WatermarkEntries(
                    key,
                    StatementTest.EXPLICIT_WATERMARKS.equals(test.watermarks().get(key)),
                    original.getResolvedSchema());
            String rows = encodeInputs(key, test.inputs().get(key), original.getResolvedSchema(), watermarks);
            replaceTemporarily(catalogs, table.getKey(), TestTables.source(original, rows, watermarks.option()));
        }
        String collectAs = "sluice-statement-test-" + UUID.randomUUID();
        Run run = collecting(session, catalogs, validated, underTest, collectAs);
        ResolvedSchema resultSchema = run.operation().getContextResolvedTable().getResolvedSchema();
        List<Column> columns =
                resultSchema.getColumns().stream().filter(Column::isPhysical).toList();
        List<TestRow> expected = expectedRows(test, columns);
        return execute(
                test, caller, session, underTest, run, collectAs, columns, expected, report.diagnostics(), deadline);
    }

    /** A query or an INSERT into one table; anything else is not a statement a test can run. */
    private static void underTest(ValidatedStatement validated) {
        Operation operation = validated.operation();
        boolean query = validated.kind() == StatementKind.QUERY && operation instanceof QueryOperation;
        boolean insert = validated.kind() == StatementKind.JOB && operation instanceof SinkModifyOperation;
        if (!query && !insert) {
            throw new GatewayException(
                    ErrorCode.INVALID_REQUEST,
                    "The statement under test (the last of the script) is not a query or an INSERT INTO one table.",
                    validated.statement().span(),
                    "sql",
                    "End the script with the SELECT or INSERT INTO to test; tables it needs are declared before it.",
                    null);
        }
    }

    /** The tables the statement reads, views expanded, in the order its plan reads them. */
    private static Map<ObjectIdentifier, ContextResolvedTable> tablesRead(Operation operation) {
        Map<ObjectIdentifier, ContextResolvedTable> read = new LinkedHashMap<>();
        PlannedQueries.of(operation).forEachNode(node -> {
            if (node.getTable() instanceof TableSourceTable source) {
                read.putIfAbsent(source.contextResolvedTable().getIdentifier(), source.contextResolvedTable());
            }
        });
        return read;
    }

    /**
     * Which input gives each table's rows. An input is named as the statement names its table: by the table's name
     * alone, or with its database (and catalog) in front. Every table read needs one, so that no source is read
     * from its real connector (or runs without end), and every input must be read, so that a misspelt name is not
     * silently ignored.
     */
    private static Map<ObjectIdentifier, String> matchInputs(Set<String> inputs, Set<ObjectIdentifier> read) {
        Map<ObjectIdentifier, String> inputOf = new LinkedHashMap<>();
        Set<String> readNames = new TreeSet<>();
        read.forEach(table -> readNames.add(table.getObjectName()));
        for (String input : inputs) {
            List<ObjectIdentifier> matches =
                    read.stream().filter(table -> names(table).contains(input)).toList();
            if (matches.isEmpty()) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        "inputs." + input,
                        "The statement reads no table named '" + input + "'; it reads "
                                + (readNames.isEmpty() ? "no table" : String.join(", ", readNames)) + ".",
                        NameSuggestions.didYouMean(input, readNames.stream())
                                .orElse("Give rows only for the tables the statement reads, by the names it uses."));
            }
            if (matches.size() > 1) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        "inputs." + input,
                        "'" + input + "' names more than one table the statement reads.",
                        "Name the table with its database in front, e.g. '"
                                + matches.get(0).getDatabaseName() + "." + input + "'.");
            }
            String other = inputOf.put(matches.get(0), input);
            if (other != null) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        "inputs." + input,
                        "'" + input + "' and '" + other + "' both give the rows of table "
                                + matches.get(0).asSummaryString() + ".",
                        "Give each table's rows once.");
            }
        }
        for (ObjectIdentifier table : read) {
            if (!inputOf.containsKey(table)) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        "inputs",
                        "The statement reads table '" + table.getObjectName() + "', but the test gives no rows for it.",
                        "Add \"" + table.getObjectName()
                                + "\": [...] to inputs (an empty list for no rows): a test never"
                                + " reads a table's real connector, so every source it reads ends with its given rows.");
            }
        }
        return inputOf;
    }

    private static List<String> names(ObjectIdentifier table) {
        return List.of(
                table.getObjectName(),
                table.getDatabaseName() + "." + table.getObjectName(),
                table.getCatalogName() + "." + table.getDatabaseName() + "." + table.getObjectName());
    }

    private static ResolvedCatalogTable resolvedTable(ContextResolvedTable table, String field) {
        if (!(table.getResolvedTable() instanceof ResolvedCatalogTable resolved)) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    field,
                    "Table " + table.getIdentifier().asSummaryString()
                            + " is not a plain table, so a test cannot stand in for it.",
                    "Test the statement on plain CREATE TABLE tables.");
        }
        return resolved;
    }

    /**
     * The input rows as the table's input columns (physical and metadata), each value read by its column's type;
     * a column a row leaves out is NULL; watermark entries go to {@code watermarks}. Refusals name the field, e.g.
     * {@code inputs.clicks[2].user_id}.
     */
    private static String encodeInputs(
            String input, List<JsonNode> rows, ResolvedSchema schema, WatermarkEntries watermarks) {
        List<Column> columns = TestTables.inputColumns(schema);
        RowType rowType = rowType(columns);
        DataStructureConverter<Object, Object> converter = converter(rowType);
        Map<String, Column> byName = new LinkedHashMap<>();
        columns.forEach(column -> byName.put(column.getName(), column));
        List<RowData> encoded = new ArrayList<>();
        List<JsonNode> given = rows == null ? List.of() : rows;
        for (int i = 0; i < given.size(); i++) {
            String rowField = "inputs." + input + "[" + i + "]";
            JsonNode row = given.get(i);
            if (row == null || !row.isObject()) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        rowField,
                        "Field '" + rowField + "' must be an object of values by column name.",
                        "E.g. {\"user_id\": \"u1\"}.");
            }
            if (watermarks.take(row, i, StatementTests::value)) {
                continue;
            }
            for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!byName.containsKey(name)) {
                    boolean computed = schema.getColumn(name).isPresent();
                    throw GatewayException.forField(
                            ErrorCode.INVALID_REQUEST,
                            rowField + "." + name,
                            computed
                                    ? "Column '" + name + "' of table " + input
                                            + " is computed from its other columns; a test cannot give it."
                                    : "Table " + input + " has no column '" + name + "'.",
                            computed
                                    ? "Give the columns it is computed from."
                                    : NameSuggestions.didYouMean(name, byName.keySet().stream())
                                            .orElse("Its columns are " + String.join(", ", byName.keySet()) + "."));
                }
            }
            Row values = new Row(columns.size());
            for (int c = 0; c < columns.size(); c++) {
                values.setField(
                        c,
                        value(
                                row.get(columns.get(c).getName()),
                                rowType.getTypeAt(c),
                                rowField + "." + columns.get(c).getName()));
            }
            encoded.add((RowData) converter.toInternal(values));
        }
        return TestRows.encode(rowType, encoded);
    }

    private static Object value(JsonNode node, LogicalType type, String field) {
        try {
            return JsonValues.read(node, type);
        } catch (JsonValues.InvalidValue e) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    field,
                    "Field '" + field + "' " + e.getMessage() + ".",
                    "Values are JSON by the column's type: numbers (BIGINT and DECIMAL also as strings of digits), strings,"
                            + " true/false, timestamps as ISO-8601 text, null for NULL.");
        }
    }

    /** Time attributes are a table's, not a value's: the rows are plain values of the columns' types. */
    private static RowType rowType(List<Column> columns) {
        return (RowType) DataTypes.ROW(columns.stream()
                        .map(column -> DataTypes.FIELD(
                                column.getName(), DataTypeUtils.removeTimeAttribute(column.getDataType())))
                        .toList())
                .getLogicalType();
    }

    private static DataStructureConverter<Object, Object> converter(RowType rowType) {
        DataStructureConverter<Object, Object> converter =
                DataStructureConverters.getConverter(TypeConversions.fromLogicalToDataType(rowType));
        converter.open(StatementTests.class.getClassLoader());
        return converter;
    }

    /** The statement to run, and the table environment that validated it, in which alone it can run. */
    private record Run(SinkModifyOperation operation, TableEnvironmentInternal environment) {}

    /**
     * The statement again, now reading the stand-in tables, and writing to a collector: its own sink's stand-in for an
     * INSERT, a table of its result columns for a query. Checked to touch no other connector.
     */
    private Run collecting(
            SessionHandle session,
            CatalogManager catalogs,
            ValidatedStatement validated,
            ScriptStatement underTest,
            String collectAs) {
        SinkModifyOperation run;
        ValidatedStatement again;
        if (validated.operation() instanceof SinkModifyOperation insert) {
            ResolvedCatalogTable original = resolvedTable(insert.getContextResolvedTable(), "sql");
            replaceTemporarily(
                    catalogs,
                    insert.getContextResolvedTable().getIdentifier(),
                    TestTables.sink(original, collectAs, limits.maxRows()));
            again = pipeline.validate(session, underTest);
            run = (SinkModifyOperation) again.operation();
        } else {
            again = pipeline.validate(session, underTest);
            QueryOperation query = (QueryOperation) again.operation();
            ObjectIdentifier result = catalogs.qualifyIdentifier(UnresolvedIdentifier.of(
                    "sluice_test_result_" + UUID.randomUUID().toString().replace("-", "")));
            catalogs.createTemporaryTable(
                    TestTables.resultSink(query.getResolvedSchema(), collectAs, limits.maxRows()), result, false);
            run = new SinkModifyOperation(catalogs.getTableOrError(result), query);
        }
        List<String> real = new ArrayList<>();
        tablesRead(run).values().forEach(table -> {
            if (!isTestTable(table)) {
                real.add(table.getIdentifier().asSummaryString());
            }
        });
        if (!isTestTable(run.getContextResolvedTable())) {
            real.add(run.getContextResolvedTable().getIdentifier().asSummaryString());
        }
        if (!real.isEmpty()) {
            throw new IllegalStateException("A statement test would use real tables: " + real);
        }
        return new Run(run, again.environment());
    }

    private static boolean isTestTable(ContextResolvedTable table) {
        return TestRowsFactory.IDENTIFIER.equals(
                table.getResolvedTable().getOptions().get(FactoryUtil.CONNECTOR.key()));
    }

    /** A temporary table shadows a catalog table of the same name, in this session only; a temporary one is replaced. */
    private static void replaceTemporarily(CatalogManager catalogs, ObjectIdentifier name, CatalogTable table) {
        if (catalogs.isTemporaryTable(name)) {
            catalogs.dropTemporaryTable(name, false);
        }
        catalogs.createTemporaryTable(table, name, false);
    }

    /** The expected rows in the forms the actual ones will have, checked against the result's columns. */
    private static List<TestRow> expectedRows(StatementTest test, List<Column> columns) {
        List<TestRow> expected = new ArrayList<>();
        for (int i = 0; i < test.expected().size(); i++) {
            String field = "expected[" + i + "]";
            JsonNode entry = test.expected().get(i);
            String kind = null;
            JsonNode row = entry;
            if (test.changelog()) {
                JsonNode given = entry == null ? null : entry.get("kind");
                if (given == null || !given.isTextual() || !KINDS.contains(given.textValue())) {
                    throw GatewayException.forField(
                            ErrorCode.INVALID_REQUEST,
                            field + ".kind",
                            "With changelog, each expected row has a kind: one of +I, -U, +U, -D.",
                            "E.g. {\"kind\": \"+U\", \"row\": {\"user_id\": \"u1\", \"clicks\": 2}}.");
                }
                kind = given.textValue();
                row = entry.get("row");
                field = field + ".row";
            }
            if (row == null || !row.isObject()) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        field,
                        "Field '" + field + "' must be an object of values by column name.",
                        "E.g. {\"user_id\": \"u1\", \"clicks\": 2}.");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            List<String> names = columns.stream().map(Column::getName).toList();
            for (Iterator<String> given = row.fieldNames(); given.hasNext(); ) {
                String name = given.next();
                if (!names.contains(name)) {
                    throw GatewayException.forField(
                            ErrorCode.INVALID_REQUEST,
                            field + "." + name,
                            "The statement's result has no column '" + name + "'.",
                            NameSuggestions.didYouMean(name, names.stream())
                                    .orElse("Its columns are " + String.join(", ", names) + "."));
                }
            }
            for (Column column : columns) {
                String valueField = field + "." + column.getName();
                if (!row.has(column.getName())) {
                    throw GatewayException.forField(
                            ErrorCode.INVALID_REQUEST,
                            valueField,
                            "Expected row " + i + " gives no value for column '" + column.getName() + "'.",
                            "An expected row gives every column of the result; null for NULL.");
                }
                LogicalType type =
                        DataTypeUtils.removeTimeAttribute(column.getDataType()).getLogicalType();
                // Read as NULL-able: the comparison, not the reading, says that a NULL was not produced.
                Object value = value(row.get(column.getName()), type.copy(true), valueField);
                values.put(column.getName(), JsonForms.encoder(type).apply(value));
            }
            expected.add(new TestRow(kind, values));
        }
        return expected;
    }

    private TestOutcome execute(
            StatementTest test,
            Principal caller,
            SessionHandle session,
            ScriptStatement underTest,
            Run run,
            String collectAs,
            List<Column> columns,
            List<TestRow> expected,
            List<Diagnostic> warnings,
            long deadline) {
        TableEnvironmentInternal environment = run.environment();
        // One task per operator: the rows are read, and the result collected, in one order.
        environment.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 1);
        String testId = UUID.randomUUID().toString();
        environment.getConfig().set(PipelineOptions.NAME, "statement test " + testId);
        admission.admitQuery(
                Requester.of(caller),
                demands.of(environment.getConfig(), Optional.empty()),
                testId,
                session.getIdentifier().toString());
        JobClient job = null;
        List<byte[]> collected;
        try {
            job = environment
                    .executeInternal(List.<ModifyOperation>of(run.operation()))
                    .getJobClient()
                    .orElseThrow(() -> new IllegalStateException("Flink started no job for the statement test"));
            queries.started(testId, job.getJobID());
            JobExecutionResult result =
                    job.getJobExecutionResult().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            collected = result.getAccumulatorResult(collectAs);
        } catch (TimeoutException e) {
            cancel(job);
            return TestOutcome.notRun(join(warnings, timedOut()));
        } catch (ExecutionException e) {
            return TestOutcome.notRun(
                    join(warnings, Diagnostic.error(FlinkErrors.toGatewayException(e.getCause(), underTest))));
        } catch (InterruptedException e) {
            cancel(job);
            Thread.currentThread().interrupt();
            throw new GatewayException(ErrorCode.INTERNAL, "The statement test was interrupted.");
        } catch (RuntimeException e) {
            // Planning or submitting the stand-in job failed: the statement's problem, at its position.
            cancel(job);
            return TestOutcome.notRun(join(warnings, Diagnostic.error(FlinkErrors.toGatewayException(e, underTest))));
        } finally {
            queries.release(testId);
        }
        return compare(test, columns, collected == null ? List.of() : collected, expected, warnings);
    }

    private TestOutcome compare(
            StatementTest test,
            List<Column> columns,
            List<byte[]> collected,
            List<TestRow> expected,
            List<Diagnostic> warnings) {
        List<Diagnostic> diagnostics = new ArrayList<>(warnings);
        List<byte[]> kept = collected;
        if (collected.size() > limits.maxRows()) {
            kept = collected.subList(0, limits.maxRows());
            diagnostics.add(new Diagnostic(
                    Diagnostic.Severity.ERROR,
                    "TOO_MANY_ROWS",
                    "The statement produced more than " + limits.maxRows() + " rows; the first " + limits.maxRows()
                            + " are shown.",
                    null,
                    "Give fewer input rows, or raise sluice.statement-tests.max-rows."));
        }
        RowType rowType = rowType(columns);
        DataStructureConverter<Object, Object> converter = converter(rowType);
        Function<Object, List<Object>> forms = JsonForms.row(rowType);
        List<TestRow> produced = new ArrayList<>();
        for (RowData row : TestRows.fromBytes(rowType, kept)) {
            List<Object> values = forms.apply(converter.toExternal(row));
            Map<String, Object> byName = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                byName.put(columns.get(i).getName(), values.get(i));
            }
            produced.add(new TestRow(row.getRowKind().shortString(), byName));
        }
        List<TestRow> actual = test.changelog() ? produced : RowComparison.materialize(produced);
        RowComparison.Difference difference =
                test.ordered() ? RowComparison.ordered(expected, actual) : RowComparison.unordered(expected, actual);
        boolean failed = diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
        return new TestOutcome(
                difference.none() && !failed,
                described(columns),
                actual,
                difference.missing(),
                difference.unexpected(),
                diagnostics);
    }

    /** Cancels the test's job and waits until the cluster has it cancelled, so no test leaves a job behind. */
    private static void cancel(JobClient job) {
        if (job == null) {
            return;
        }
        try {
            job.cancel().get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            job.getJobExecutionResult()
                    .handle((result, failure) -> null)
                    .get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Could not confirm that statement test job {} was cancelled", job.getJobID(), e);
        }
    }

    private Diagnostic timedOut() {
        return new Diagnostic(
                Diagnostic.Severity.ERROR,
                "STATEMENT_TEST_TIMEOUT",
                "The statement test took longer than " + limits.timeout().toMillis() + " ms, and was stopped.",
                null,
                "Give fewer rows, or raise sluice.statement-tests.timeout.");
    }

    private static List<Diagnostic> join(List<Diagnostic> warnings, Diagnostic error) {
        List<Diagnostic> all = new ArrayList<>(warnings);
        all.add(error);
        return all;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
