package dev.sluice.udf.flink;

import org.apache.flink.table.module.CoreModule;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Names of Flink's built-in functions. An unqualified call resolves built-ins before catalog functions, so a
 * catalog function with such a name could never be called: the catalog refuses the name.
 */
public final class BuiltInFunctions implements Predicate<String> {

    private final Set<String> names = CoreModule.INSTANCE.listFunctions().stream()
            .map(name -> name.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public boolean test(String name) {
        return names.contains(name.toLowerCase(Locale.ROOT));
    }
}
