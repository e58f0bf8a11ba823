package dev.sluice.udf.flink;

import dev.sluice.udf.catalog.FunctionCatalog;
import dev.sluice.udf.catalog.FunctionContext;
import dev.sluice.udf.catalog.FunctionException;
import dev.sluice.udf.catalog.FunctionUse;
import dev.sluice.udf.catalog.Language;
import dev.sluice.udf.catalog.ResolvedFunction;
import dev.sluice.udf.catalog.StoredFunction;
import dev.sluice.udf.catalog.VersionSource;
import dev.sluice.udf.java.JarFiles;
import dev.sluice.udf.net.OutboundRules;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.factories.FunctionDefinitionFactory;
import org.apache.flink.table.functions.UserDefinedFunctionHelper;
import org.apache.flink.table.resource.ResourceType;
import org.apache.flink.table.resource.ResourceUri;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * One session's view of the function catalog, for the session's Flink catalog: resolves a name when Flink looks
 * it up (that is, when a statement is parsed and planned, so the version is fixed at submission), remembers
 * which versions it resolved until {@link #drainUses()} (the job record keeps them), and instantiates them.
 *
 * <p>The jar of a Java version is registered with the session (Flink does this for a catalog function's
 * resources) and so shipped with every job of the session. A job's class loader on the cluster holds all of the
 * session's jars, so two versions with the same class name cannot both be used in one session: the second is
 * refused with a message saying so, and works in another session.
 */
public final class SessionFunctions {

    private final FunctionCatalog catalog;
    private final String tenant;
    private final Path artifactDir;
    private final VersionSource versions;
    private final Supplier<OutboundRules> outbound;
    private final List<FunctionUse> uses = new ArrayList<>();
    /** Class name of each Java function loaded in this session, and from which jar (digest). */
    private final Map<String, String> javaClasses = new HashMap<>();

    /**
     * @param outbound the tenant's outbound rules, asked each time a function is instantiated (when a statement is
     *     planned), so an admin's change applies to the next statement of an open session
     */
    public SessionFunctions(
            FunctionCatalog catalog,
            String tenant,
            Path artifactDir,
            VersionSource versions,
            Supplier<OutboundRules> outbound) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.tenant = requireNonNull(tenant, "tenant is null");
        this.artifactDir = requireNonNull(artifactDir, "artifactDir is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.outbound = requireNonNull(outbound, "outbound is null");
    }

    /** The function SQL calls {@code name} ({@code my_fn} or {@code my_fn$3}), resolved now. */
    public Optional<CatalogFunction> find(String name) {
        Optional<ResolvedFunction> resolved = catalog.resolve(tenant, name);
        resolved.ifPresent(this::remember);
        return resolved.map(function -> new SluiceCatalogFunction(function, resources(function)));
    }

    public boolean exists(String name) {
        return catalog.resolve(tenant, name).isPresent();
    }

    public List<String> names() {
        return catalog.list(tenant).stream()
                .map(StoredFunction::definition)
                .map(d -> d.name())
                .toList();
    }

    /** The versions resolved since the last call, and forgets them. */
    public synchronized List<FunctionUse> drainUses() {
        List<FunctionUse> drained = List.copyOf(uses);
        uses.clear();
        return drained;
    }

    /**
     * Instantiates a {@link SluiceCatalogFunction} through its language; any other catalog function (CREATE
     * FUNCTION ... AS 'class') as Flink itself would.
     */
    public FunctionDefinitionFactory definitionFactory() {
        return (name, function, context) -> {
            if (function instanceof SluiceCatalogFunction sluice) {
                ResolvedFunction resolved = sluice.resolved();
                Language language = resolved.definition().language();
                try {
                    return catalog.language(language)
                            .orElseThrow(() -> new ValidationException("Function " + name + " is a " + language
                                    + " function, which this gateway cannot run."))
                            .instantiate(
                                    resolved.definition(),
                                    resolved.version(),
                                    new FunctionContext(
                                            context.getClassLoader(), artifactDir, versions, outbound.get()));
                } catch (FunctionException e) {
                    throw new ValidationException(
                            "Function " + name + " version "
                                    + resolved.version().number() + " cannot be loaded: " + e.getMessage(),
                            e);
                }
            }
            return UserDefinedFunctionHelper.instantiateFunction(context.getClassLoader(), null, name, function);
        };
    }

    private synchronized void remember(ResolvedFunction function) {
        if (function.definition().language() == Language.JAVA) {
            String className = function.version().payload().entry();
            String previous =
                    javaClasses.putIfAbsent(className, function.version().sha256());
            if (previous != null && !previous.equals(function.version().sha256())) {
                throw new ValidationException("Function "
                        + function.definition().name() + " version "
                        + function.version().number() + " has class " + className + ", which this session already"
                        + " loaded from another jar. Open a new session to use this version; two jars with the same"
                        + " class cannot share a session's jobs.");
            }
        }
        uses.add(function.use());
    }

    private List<ResourceUri> resources(ResolvedFunction function) {
        if (function.definition().language() != Language.JAVA) {
            return List.of();
        }
        Path jar = JarFiles.materialize(
                artifactDir,
                function.version().sha256(),
                function.version().payload().binary());
        return List.of(new ResourceUri(ResourceType.JAR, jar.toUri().toString()));
    }
}
