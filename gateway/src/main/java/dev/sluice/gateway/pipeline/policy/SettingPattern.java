package dev.sluice.gateway.pipeline.policy;

import java.util.Locale;

/**
 * A configuration or option key, or a family of them ending in {@code *} ({@code rest.*}). Keys are compared in lower
 * case with surrounding white space removed, so {@code ' REST.Port'} cannot slip past {@code rest.*}.
 */
final class SettingPattern {

    private SettingPattern() {}

    /** The key as patterns see it. */
    static String normalize(String key) {
        return key.strip().toLowerCase(Locale.ROOT);
    }

    /** Why the pattern is not valid, or null when it is. */
    static String problem(String pattern) {
        if (pattern.isBlank()) {
            return "must not be blank";
        }
        int star = pattern.indexOf('*');
        if (star >= 0 && star != pattern.length() - 1) {
            return "may hold '*' only as its last character";
        }
        return pattern.chars().anyMatch(Character::isWhitespace) ? "must not hold white space" : null;
    }

    static boolean matches(String pattern, String key) {
        String normalized = normalize(key);
        return pattern.endsWith("*")
                ? normalized.startsWith(pattern.substring(0, pattern.length() - 1))
                : normalized.equals(pattern);
    }
}
