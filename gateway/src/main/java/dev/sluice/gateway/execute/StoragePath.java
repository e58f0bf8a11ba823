package dev.sluice.gateway.execute;

import org.apache.flink.core.fs.Path;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A file system location as Flink opens it, normalized so that prefixes can be compared safely. The text is parsed by
 * Flink's own {@link Path}, as the filesystem connector and the checkpoint storage parse it, so scheme, authority and
 * path are exactly what a job would open: {@code .} and {@code ..} resolved and empty segments dropped as Flink does,
 * {@code %2e} left a literal name as Flink leaves it. Scheme and authority are compared in lower case; a plain path is
 * {@code file} with no authority, and {@code file://localhost/x} is {@code file:///x}. A relative path, or one whose
 * {@code ..} climbs above its root (which Flink leaves in place and the operating system resolves to the root), is no
 * location at all.
 */
public record StoragePath(String scheme, String authority, String path) {

    private static final String LOCAL = "file";

    public StoragePath {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(authority, "authority is null");
        requireNonNull(path, "path is null");
    }

    /** The location Flink opens for {@code text}; empty when it is relative, malformed or climbs above its root. */
    public static Optional<StoragePath> parse(String text) {
        Path flink;
        try {
            flink = new Path(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        URI uri = flink.toUri();
        // A bucket or host without a path (s3://bucket) is its root.
        String path = uri.getAuthority() != null
                        && uri.getPath() != null
                        && uri.getPath().isEmpty()
                ? "/"
                : uri.getPath();
        if (path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? LOCAL : uri.getScheme().toLowerCase(Locale.ROOT);
        String written = uri.getAuthority() == null ? "" : uri.getAuthority().toLowerCase(Locale.ROOT);
        String authority = scheme.equals(LOCAL) && written.equals("localhost") ? "" : written;
        return normalize(path).map(normalized -> new StoragePath(scheme, authority, normalized));
    }

    /** The same location with another path, e.g. its real path or its percent-decoded one. */
    public Optional<StoragePath> withPath(String otherPath) {
        return normalize(otherPath).map(path -> new StoragePath(scheme, authority, path));
    }

    /** A path of the gateway's own machine, which symbolic links can lead elsewhere. */
    public boolean isLocal() {
        return scheme.equals(LOCAL) && authority.isEmpty();
    }

    /** Whether this location is {@code other} or lies inside it. */
    public boolean isUnder(StoragePath other) {
        return scheme.equals(other.scheme)
                && authority.equals(other.authority)
                && (other.path.equals("/") || path.equals(other.path) || path.startsWith(other.path + "/"));
    }

    /** Whether {@code other} is this location or lies inside it: a directory holds everything below it. */
    public boolean holds(StoragePath other) {
        return other.isUnder(this);
    }

    /** A plain path for a local file, else a URI: the form a policy stores and shows. */
    @Override
    public String toString() {
        return isLocal() ? path : scheme + "://" + authority + path;
    }

    /** Flink drops {@code .} and empty segments and resolves {@code ..} where it can; a {@code ..} it leaves climbs too high. */
    private static Optional<String> normalize(String path) {
        StringBuilder normalized = new StringBuilder();
        int depth = 0;
        String[] segments = path.split("/");
        int[] ends = new int[segments.length + 1];
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (depth == 0) {
                    return Optional.empty();
                }
                depth--;
                normalized.setLength(ends[depth]);
            } else {
                ends[depth++] = normalized.length();
                normalized.append('/').append(segment);
            }
        }
        return Optional.of(normalized.isEmpty() ? "/" : normalized.toString());
    }
}
