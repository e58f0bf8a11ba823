package dev.sluice.udf.catalog;

import org.apache.flink.table.functions.UserDefinedFunction;

import java.util.List;

/**
 * One language of catalog functions (Java, JavaScript, enrichment). The catalog calls {@link #check} on every
 * create and publish before anything is stored, and {@link #instantiate} when SQL that calls the function is
 * planned. Implementations are stateless apart from caches and are registered once with the catalog
 * ({@code FunctionCatalog}) by the gateway's wiring.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@code check} validates the draft completely (compiles the script, loads the class, parses the spec)
 *       and throws {@link FunctionException} ({@code Reason.INVALID} or {@code TOO_LARGE}) with the field, the
 *       1-based line and column inside it where known, and a hint. It must not store or cache the draft.</li>
 *   <li>{@code instantiate} returns the Flink function a job gets: a {@code ScalarFunction},
 *       {@code TableFunction} or {@code AggregateFunction} (or {@code AsyncScalarFunction}/lookup machinery
 *       for enrichment) whose type inference matches {@link FunctionVersion#signature()}. It is serialized into
 *       the job, so it must carry what it needs (the payload, or {@link FunctionContext#versions()} for a
 *       reloadable function) and must not hold the catalog's connections.</li>
 * </ul>
 */
public interface FunctionLanguage {

    Language language();

    /** Validates a draft before it is stored; throws {@link FunctionException} on any fault. */
    CheckedVersion check(FunctionDraft draft);

    /** The Flink function for one stored version, for a job being planned. */
    UserDefinedFunction instantiate(FunctionDefinition definition, FunctionVersion version, FunctionContext context);

    /**
     * Runs one version once on sample arguments, in the same sandbox a job would, and returns its result (the rows,
     * for a table function). Arguments are plain values (String, Number, Boolean, null), converted to the declared
     * parameter types. Languages that cannot run outside a job refuse.
     */
    default Object tryOnce(FunctionDefinition definition, FunctionVersion version, List<?> arguments) {
        throw FunctionException.invalid(
                "name",
                "Only JavaScript functions can be tried on sample input; " + definition.name() + " is " + language()
                        + ".",
                "Call it from a query instead.");
    }
}
