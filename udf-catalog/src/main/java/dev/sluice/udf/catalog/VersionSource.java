package dev.sluice.udf.catalog;

import java.io.Serializable;
import java.util.Optional;

/**
 * Reads a function's current version from the catalog. Serializable so a reloadable function can carry it
 * into the job and poll it on the task manager (hot reload); the gateway supplies the implementation.
 */
public interface VersionSource extends Serializable {

    /** The current version of {@code tenant}'s function {@code name}, or empty when it was deleted. */
    Optional<FunctionVersion> current(String tenant, String name);
}
