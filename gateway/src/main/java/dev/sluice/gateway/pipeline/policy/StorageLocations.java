package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.execute.StoragePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * How the policy step sees the file systems a statement names: every form a path may take when a job opens it, and the
 * locations no statement may reach whatever a policy says (the gateway's data directory, its metadata store, token and
 * secret files, checkpoints and savepoints, functions, console and code). Built once at start-up by the wiring.
 *
 * <p>A path is judged in each of its forms: as Flink reads it, percent-decoded (as some file systems read it), and for a
 * local path its real path, with every symbolic link of its longest existing prefix followed. A location is protected
 * when a form lies inside a protected location, and when it holds one, since a filesystem source reads a directory
 * recursively and {@code INSERT OVERWRITE} deletes what a directory holds.
 */
public final class StorageLocations {

    private static final Logger LOG = LoggerFactory.getLogger(StorageLocations.class);
    private static final Pattern PERCENT_ENCODED = Pattern.compile("%[0-9a-fA-F]{2}");
    // Linux's own limit on links followed while resolving one path.
    private static final int MAX_LINKS = 40;

    /** One location no statement may reach, with what it is, for messages. */
    public record Protected(String what, StoragePath location, List<StoragePath> forms) {
        public Protected {
            requireNonNull(what, "what is null");
            requireNonNull(location, "location is null");
            forms = List.copyOf(forms);
        }

        /** Whether one of the paths is this location or lies inside it. */
        boolean holds(List<StoragePath> paths) {
            return paths.stream().anyMatch(path -> forms.stream().anyMatch(path::isUnder));
        }

        /** Whether one of the paths holds this location. */
        boolean isHeldBy(List<StoragePath> paths) {
            return paths.stream().anyMatch(path -> forms.stream().anyMatch(path::holds));
        }
    }

    private final List<Protected> protectedLocations;

    private StorageLocations(List<Protected> protectedLocations) {
        this.protectedLocations = List.copyOf(protectedLocations);
    }

    /** Collects the protected locations; each is given as a path or URI, with what it is. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every protected location, in the order they were added. */
    public List<Protected> protectedLocations() {
        return protectedLocations;
    }

    /**
     * Every form the path takes when a job opens it: as Flink reads it first, then percent-decoded and, for a local path,
     * its real path, where they differ. Empty when a form is relative, malformed or climbs above its root, or when the
     * real path cannot be found out (a file system error): such a path is refused.
     */
    Optional<List<StoragePath>> forms(String text) {
        Optional<StoragePath> read = StoragePath.parse(text);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        List<StoragePath> forms = new ArrayList<>(List.of(read.get()));
        if (PERCENT_ENCODED.matcher(read.get().path()).find()) {
            Optional<StoragePath> decoded = read.get()
                    .withPath(URLDecoder.decode(read.get().path().replace("+", "%2B"), StandardCharsets.UTF_8));
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            forms.add(decoded.get());
        }
        for (StoragePath form : List.copyOf(forms)) {
            if (form.isLocal()) {
                Optional<StoragePath> real = realPath(form);
                if (real.isEmpty()) {
                    return Optional.empty();
                }
                forms.add(real.get());
            }
        }
        return Optional.of(forms.stream().distinct().toList());
    }

    /**
     * A protected location that one of the forms lies inside (the innermost, which says most about what is reached),
     * else one that a form holds (the outermost); empty when the path reaches none.
     */
    Optional<Protected> touchedBy(List<StoragePath> forms) {
        Comparator<Protected> depth =
                Comparator.comparingInt(location -> location.location().path().length());
        return protectedLocations.stream()
                .filter(location -> location.holds(forms))
                .max(depth)
                .or(() -> protectedLocations.stream()
                        .filter(location -> location.isHeldBy(forms))
                        .min(depth));
    }

    /** The first protected location that one of the forms is, or lies inside: a storage root there could never be used. */
    Optional<Protected> holding(List<StoragePath> forms) {
        return protectedLocations.stream()
                .filter(location -> location.holds(forms))
                .findFirst();
    }

    /** The real path of a local location, or empty when the file system cannot say. */
    private static Optional<StoragePath> realPath(StoragePath local) {
        try {
            return local.withPath(
                    realPath(java.nio.file.Path.of(local.path()), 0).toString());
        } catch (IOException | InvalidPathException e) {
            LOG.debug("Cannot find the real path of {}: {}", local, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Follows the links of the longest prefix that exists and appends the rest. A dangling link is followed too: a sink
     * that writes to it creates its target.
     */
    private static java.nio.file.Path realPath(java.nio.file.Path path, int links) throws IOException {
        if (links > MAX_LINKS) {
            throw new IOException("too many levels of symbolic links at " + path);
        }
        java.nio.file.Path existing = path;
        Deque<java.nio.file.Path> rest = new ArrayDeque<>();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            rest.push(existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        java.nio.file.Path real = Files.isSymbolicLink(existing) && !Files.exists(existing)
                ? realPath(
                        existing.resolveSibling(Files.readSymbolicLink(existing))
                                .normalize(),
                        links + 1)
                : existing.toRealPath();
        for (java.nio.file.Path segment : rest) {
            real = real.resolve(segment);
        }
        return real;
    }

    /** Collects protected locations; the same location added twice is kept once, with the first description. */
    public static final class Builder {

        private final Map<StoragePath, String> locations = new LinkedHashMap<>();

        private Builder() {}

        /**
         * @param what what the location is, e.g. "the data directory"
         * @param location an absolute path or URI
         * @throws IllegalArgumentException when the location is not absolute: the gateway would not know what it protects
         */
        public Builder protect(String what, String location) {
            requireNonNull(what, "what is null");
            StoragePath path = StoragePath.parse(requireNonNull(location, "location is null"))
                    .orElseThrow(() ->
                            new IllegalArgumentException(what + " is not an absolute path or URI: '" + location + "'"));
            locations.putIfAbsent(path, what);
            return this;
        }

        public StorageLocations build() {
            List<Protected> built = new ArrayList<>();
            locations.forEach((path, what) -> {
                List<StoragePath> forms = new ArrayList<>(List.of(path));
                if (path.isLocal()) {
                    realPath(path).filter(real -> !real.equals(path)).ifPresent(forms::add);
                }
                built.add(new Protected(what, path, forms));
            });
            return new StorageLocations(built);
        }
    }
}
