package dev.sluice.gateway.pipeline.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A file system location, normalized so that prefixes can be compared safely: scheme and authority in lower case
 * ({@code file} with no authority for a plain path), and an absolute path with {@code .}, {@code ..}, empty and
 * percent-encoded segments resolved. A path that climbs above its root is no location at all.
 */
record StoragePath(String scheme, String authority, String path) {

    private static final Pattern HAS_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*", Pattern.DOTALL);

    StoragePath {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(authority, "authority is null");
        requireNonNull(path, "path is null");
    }

    /** The location, or empty when the text is relative, malformed or escapes its root. */
    static Optional<StoragePath> parse(String text) {
        String trimmed = text.strip();
        if (!HAS_SCHEME.matcher(trimmed).matches()) {
            return normalize(trimmed).map(path -> new StoragePath("file", "", path));
        }
        try {
            URI uri = new URI(trimmed);
            if (uri.isOpaque() || uri.getPath() == null) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority().toLowerCase(Locale.ROOT);
            // file://localhost/x is file:///x.
            String local = scheme.equals("file") && authority.equals("localhost") ? "" : authority;
            return normalize(uri.getPath()).map(path -> new StoragePath(scheme, local, path));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    boolean isUnder(StoragePath prefix) {
        return scheme.equals(prefix.scheme)
                && authority.equals(prefix.authority)
                && (prefix.path.equals("/") || path.equals(prefix.path) || path.startsWith(prefix.path + "/"));
    }

    /** A plain path for a local file, else a URI: the form a policy stores and shows. */
    @Override
    public String toString() {
        return scheme.equals("file") && authority.isEmpty() ? path : scheme + "://" + authority + path;
    }

    private static Optional<String> normalize(String path) {
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return Optional.empty();
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        return Optional.of("/" + String.join("/", segments));
    }
}
