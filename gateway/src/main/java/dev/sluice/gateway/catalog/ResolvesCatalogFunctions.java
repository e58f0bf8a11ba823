package dev.sluice.gateway.catalog;

import dev.sluice.udf.catalog.FunctionUse;

import java.util.List;

/** A Flink catalog that resolves the UDF catalog's functions and remembers which versions, for the job record. */
public interface ResolvesCatalogFunctions {

    /** The versions resolved since the last call; forgets them. */
    List<FunctionUse> drainFunctionUses();
}
