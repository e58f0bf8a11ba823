package dev.sluice.udf.catalog;

import dev.sluice.udf.catalog.FunctionException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The function catalog's rules over its {@link FunctionStore}: names, built-in clashes, sizes, versions and the
 * languages' checks. Every create and publish is checked completely by its {@link FunctionLanguage} before one
 * row is written, and written in one transaction, so a refused request stores nothing.
 *
 * <p>SQL names a function {@code my_fn} (its current version) or {@code my_fn$3} (version 3, pinned).
 */
public final class FunctionCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionCatalog.class);

    /** Lower case because Flink lower-cases function names it looks up; no '$', which pins a version. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,127}");

    private static final Pattern PINNED = Pattern.compile("(.+)\\$([1-9][0-9]{0,8})");
    private static final int MAX_DESCRIPTION = 4000;

    private final FunctionStore store;
    private final Map<Language, FunctionLanguage> languages;
    private final Predicate<String> builtIn;
    private final long maxPayloadBytes;
    private final Clock clock;

    public FunctionCatalog(
            FunctionStore store,
            List<FunctionLanguage> languages,
            Predicate<String> builtIn,
            long maxPayloadBytes,
            Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.languages = languages.stream()
                .collect(Collectors.toUnmodifiableMap(FunctionLanguage::language, Function.identity()));
        this.builtIn = requireNonNull(builtIn, "builtIn is null");
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = requireNonNull(clock, "clock is null");
    }

    public StoredFunction create(NewFunction request) {
        FunctionDraft draft = request.draft();
        checkName(draft.name());
        if (builtIn.test(draft.name())) {
            throw FunctionException.invalid(
                    "name",
                    "'" + draft.name() + "' is the name of a built-in function.",
                    "SQL would call the built-in one; pick another name.");
        }
        if (request.description() != null && request.description().length() > MAX_DESCRIPTION) {
            throw FunctionException.invalid(
                    "description", "The description is longer than " + MAX_DESCRIPTION + " characters.", null);
        }
        CheckedVersion checked = check(draft);
        FunctionVersion first = version(1, checked, request.owner());
        FunctionDefinition definition = new FunctionDefinition(
                draft.tenant(),
                draft.name(),
                checked.kind(),
                draft.language(),
                checked.signature(),
                request.owner(),
                request.description(),
                request.reloadable());
        store.create(definition, first);
        LOG.info(
                "Created {} function {} of tenant {} (version 1, {})",
                draft.language(),
                draft.name(),
                draft.tenant(),
                checked.signature().text());
        return get(draft.tenant(), draft.name());
    }

    /** Checks and stores a new version and makes it current. */
    public FunctionVersion publish(FunctionDraft draft, String createdBy) {
        StoredFunction function = get(draft.tenant(), draft.name());
        FunctionDefinition definition = function.definition();
        if (draft.language() != definition.language()) {
            throw FunctionException.invalid(
                    "language",
                    "Function " + draft.name() + " is a " + definition.language()
                            + " function; a version cannot change its language.",
                    "Create a new function instead.");
        }
        CheckedVersion checked = check(draft);
        if (checked.kind() != definition.kind()) {
            throw FunctionException.invalid(
                    "kind",
                    "Function " + draft.name() + " is a " + definition.kind() + " function; this version is "
                            + checked.kind() + ".",
                    "Create a new function for another kind.");
        }
        FunctionVersion version = version(function.latestVersion() + 1, checked, createdBy);
        store.publish(draft.tenant(), draft.name(), version);
        LOG.info("Published version {} of function {} of tenant {}", version.number(), draft.name(), draft.tenant());
        return version;
    }

    /** Makes an earlier (or later) stored version current again; jobs already submitted keep theirs. */
    public StoredFunction rollback(String tenant, String name, int version) {
        get(tenant, name);
        if (!store.setCurrent(tenant, name, version, clock.instant())) {
            throw new FunctionException(
                    Reason.NOT_FOUND,
                    "Function " + name + " has no version " + version + ".",
                    "version",
                    0,
                    0,
                    "List the function's versions to see which exist.");
        }
        LOG.info("Rolled function {} of tenant {} back to version {}", name, tenant, version);
        return get(tenant, name);
    }

    public StoredFunction get(String tenant, String name) {
        return store.find(tenant, name).orElseThrow(() -> notFound(name));
    }

    public List<StoredFunction> list(String tenant) {
        return store.list(tenant);
    }

    public List<FunctionVersion> versions(String tenant, String name) {
        get(tenant, name);
        return store.versions(tenant, name);
    }

    /** Deletes a function with all its versions, unless a job that {@code isRunning} was submitted with it. */
    public void delete(String tenant, String name, Predicate<String> isRunning) {
        get(tenant, name);
        List<String> running =
                store.jobsUsing(tenant, name).stream().filter(isRunning).toList();
        if (!running.isEmpty()) {
            throw new FunctionException(
                    Reason.CONFLICT,
                    "Function " + name + " is used by running job(s) " + String.join(", ", running) + ".",
                    "name",
                    0,
                    0,
                    "Stop those jobs first.");
        }
        if (!store.delete(tenant, name)) {
            throw notFound(name);
        }
        LOG.info("Deleted function {} of tenant {}", name, tenant);
    }

    /** {@code name} or {@code name$N} as SQL spells it, resolved to a version; empty if there is no such function. */
    public Optional<ResolvedFunction> resolve(String tenant, String sqlName) {
        Matcher pinned = PINNED.matcher(sqlName);
        String name = pinned.matches() ? pinned.group(1) : sqlName;
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return store.find(tenant, name).flatMap(function -> {
            int number = pinned.matches() ? Integer.parseInt(pinned.group(2)) : function.currentVersion();
            return store.version(tenant, name, number).map(version -> {
                FunctionDefinition current = function.definition();
                return new ResolvedFunction(
                        new FunctionDefinition(
                                current.tenant(),
                                current.name(),
                                current.kind(),
                                current.language(),
                                version.signature(),
                                current.owner(),
                                current.description(),
                                current.reloadable()),
                        version);
            });
        });
    }

    /** Runs the function's current version once on sample arguments ({@link FunctionLanguage#tryOnce}). */
    public Object tryOnce(String tenant, String name, List<?> arguments) {
        StoredFunction function = get(tenant, name);
        FunctionVersion current =
                store.version(tenant, name, function.currentVersion()).orElseThrow(() -> notFound(name));
        FunctionLanguage runtime = language(function.definition().language())
                .orElseThrow(() -> FunctionException.invalid(
                        "name",
                        "No runtime for " + function.definition().language() + " functions is installed.",
                        null));
        return runtime.tryOnce(function.definition(), current, arguments);
    }

    public Optional<FunctionLanguage> language(Language language) {
        return Optional.ofNullable(languages.get(language));
    }

    public void recordUses(String jobId, List<FunctionUse> uses) {
        if (!uses.isEmpty()) {
            store.recordUses(jobId, uses);
        }
    }

    public List<FunctionUse> usesOf(String jobId) {
        return store.usesOf(jobId);
    }

    private CheckedVersion check(FunctionDraft draft) {
        FunctionPayload payload = draft.payload();
        if (payload.size() > maxPayloadBytes) {
            throw new FunctionException(
                    Reason.TOO_LARGE,
                    "The function's " + (payload.binary() != null ? "jar" : "source") + " is larger than "
                            + maxPayloadBytes + " bytes.",
                    payload.binary() != null ? "jar" : "source",
                    0,
                    0,
                    "Make it smaller, or raise sluice.functions.max-payload-size.");
        }
        FunctionLanguage language = language(draft.language())
                .orElseThrow(() -> FunctionException.invalid(
                        "language",
                        "This gateway has no " + draft.language() + " functions.",
                        "Available: " + languages.keySet() + "."));
        return language.check(draft);
    }

    private FunctionVersion version(int number, CheckedVersion checked, String createdBy) {
        return new FunctionVersion(
                number, checked.signature(), checked.payload(), sha256(checked.payload()), clock.instant(), createdBy);
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw FunctionException.invalid(
                    "name",
                    "'" + name + "' is not a valid function name.",
                    "Use 1 to 128 lower-case letters, digits and '_', starting with a letter.");
        }
    }

    private static FunctionException notFound(String name) {
        return new FunctionException(
                Reason.NOT_FOUND,
                "There is no function " + name + ".",
                "name",
                0,
                0,
                "List the functions to see which exist.");
    }

    private static String sha256(FunctionPayload payload) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {payload.entry(), payload.text()}) {
                digest.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            if (payload.binary() != null) {
                digest.update(payload.binary());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
