package dev.sluice.gateway.pgwire.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a statement held in the holes of a {@link Shape}: the values captured under each name (in order; a list
 * capture or a repeated group gives several) and the labels of the optional groups that were present. Immutable, so
 * that backtracking simply drops what a failed branch added.
 */
record ShapeMatch(Map<String, List<Object>> captures, Set<String> labels) {

    static final ShapeMatch EMPTY = new ShapeMatch(Map.of(), Set.of());

    ShapeMatch {
        captures = Map.copyOf(captures);
        labels = Set.copyOf(labels);
    }

    ShapeMatch with(String name, Object value) {
        Map<String, List<Object>> more = new HashMap<>(captures);
        List<Object> values = new ArrayList<>(captures.getOrDefault(name, List.of()));
        // Lists may hold a NULL parameter; Map.copyOf and List.copyOf may not.
        values.add(value == null ? NULL : value);
        more.put(name, Collections.unmodifiableList(values));
        return new ShapeMatch(more, labels);
    }

    ShapeMatch withLabel(String label) {
        Set<String> more = new HashSet<>(labels);
        more.add(label);
        return new ShapeMatch(captures, more);
    }

    /** The first value captured under {@code name}, as text; empty when nothing was, or it was NULL. */
    Optional<String> text(String name) {
        List<Object> values = captures.getOrDefault(name, List.of());
        return values.isEmpty() || values.get(0) == NULL
                ? Optional.empty()
                : Optional.of(values.get(0).toString());
    }

    /** Every value captured under {@code name}, as text (NULLs left out). */
    List<String> texts(String name) {
        return captures.getOrDefault(name, List.of()).stream()
                .filter(value -> value != NULL)
                .map(Object::toString)
                .toList();
    }

    boolean has(String name) {
        return captures.containsKey(name);
    }

    boolean hasLabel(String label) {
        return labels.contains(label);
    }

    /** Stands for a NULL parameter value. */
    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "NULL";
        }
    };
}
