package dev.sluice.gateway.pipeline.policy;

import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.operations.CallProcedureOperation;
import org.apache.flink.table.operations.CompileAndExecutePlanOperation;
import org.apache.flink.table.operations.LoadModuleOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.UnloadModuleOperation;
import org.apache.flink.table.operations.command.AddJarOperation;
import org.apache.flink.table.operations.command.ExecutePlanOperation;
import org.apache.flink.table.operations.command.RemoveJarOperation;
import org.apache.flink.table.operations.command.StopJobOperation;
import org.apache.flink.table.operations.ddl.AlterCatalogCommentOperation;
import org.apache.flink.table.operations.ddl.AlterCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.AlterCatalogOptionsOperation;
import org.apache.flink.table.operations.ddl.AlterCatalogResetOperation;
import org.apache.flink.table.operations.ddl.AnalyzeTableOperation;
import org.apache.flink.table.operations.ddl.CompilePlanOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogOperation;
import org.apache.flink.table.operations.ddl.CreateTempSystemFunctionOperation;
import org.apache.flink.table.operations.ddl.DropCatalogOperation;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The statements a policy can forbid, recognised by the operation Flink parsed them into, so no spelling, case,
 * comment or quoting of the SQL text changes the answer.
 */
public enum GuardedStatement {
    /** Loads code into the gateway's JVM and every job of the session. */
    ADD_JAR("ADD JAR", AddJarOperation.class::isInstance),
    REMOVE_JAR("REMOVE JAR", RemoveJarOperation.class::isInstance),
    /** A catalog's factory runs in the gateway and may connect anywhere. */
    CREATE_CATALOG("CREATE CATALOG", CreateCatalogOperation.class::isInstance),
    DROP_CATALOG("DROP CATALOG", DropCatalogOperation.class::isInstance),
    ALTER_CATALOG(
            "ALTER CATALOG",
            operation -> operation instanceof AlterCatalogOptionsOperation
                    || operation instanceof AlterCatalogResetOperation
                    || operation instanceof AlterCatalogCommentOperation),
    LOAD_MODULE("LOAD MODULE", LoadModuleOperation.class::isInstance),
    UNLOAD_MODULE("UNLOAD MODULE", UnloadModuleOperation.class::isInstance),
    CALL_PROCEDURE("CALL", CallProcedureOperation.class::isInstance),
    /** Stops any job by id, bypassing Sluice's job records; stop jobs with POST /api/v1/jobs/{id}:stop. */
    STOP_JOB("STOP JOB", StopJobOperation.class::isInstance),
    /** Writes a plan file anywhere the gateway can write. */
    COMPILE_PLAN("COMPILE PLAN", CompilePlanOperation.class::isInstance),
    /** Runs a plan read from a file, whose tables and options no rule has seen. */
    EXECUTE_PLAN(
            "EXECUTE PLAN",
            operation ->
                    operation instanceof ExecutePlanOperation || operation instanceof CompileAndExecutePlanOperation),
    /** CREATE FUNCTION ... USING JAR: loads code like ADD JAR does. */
    FUNCTION_USING_JAR("CREATE FUNCTION ... USING JAR", GuardedStatement::loadsFunctionJar),
    /**
     * CREATE [TEMPORARY] [SYSTEM] FUNCTION ... AS 'class' and ALTER FUNCTION: Flink loads and initializes any class on
     * the gateway's class path by that name. Functions come from the catalog, POST /api/v1/functions.
     */
    CREATE_FUNCTION(
            "CREATE FUNCTION",
            operation -> operation instanceof CreateCatalogFunctionOperation
                    || operation instanceof CreateTempSystemFunctionOperation
                    || operation instanceof AlterCatalogFunctionOperation),
    /**
     * ANALYZE TABLE: runs a job over the table outside Sluice's job handling (no policy check of the table where it is
     * read, no admission), to store statistics Sluice's catalog does not keep.
     */
    ANALYZE_TABLE("ANALYZE TABLE", AnalyzeTableOperation.class::isInstance);

    private final String sql;
    private final Predicate<Operation> matches;

    GuardedStatement(String sql, Predicate<Operation> matches) {
        this.sql = sql;
        this.matches = matches;
    }

    /** How the statement starts in SQL, for messages. */
    public String sql() {
        return sql;
    }

    /** Every guarded statement the operation is: a CREATE FUNCTION ... USING JAR is a CREATE FUNCTION too. */
    public static List<GuardedStatement> of(Operation operation) {
        return Arrays.stream(values())
                .filter(statement -> statement.matches.test(operation))
                .toList();
    }

    private static boolean loadsFunctionJar(Operation operation) {
        CatalogFunction function = operation instanceof CreateCatalogFunctionOperation catalogFunction
                ? catalogFunction.getCatalogFunction()
                : operation instanceof CreateTempSystemFunctionOperation systemFunction
                        ? systemFunction.getCatalogFunction()
                        : null;
        return function != null && !function.getFunctionResources().isEmpty();
    }
}
