package dev.sluice.gateway.pipeline.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What the value of one allowed table option may be. {@link TableOptionRules} gives each option of each connector and
 * format one of these; {@link TableRules} applies them.
 *
 * @param values for {@link Kind#ONE_OF} and {@link Kind#SUBSET_OF}: the values allowed, in lower case
 * @param reason for {@link Kind#REFUSED}: why no table may set it
 */
record OptionRule(Kind kind, Set<String> values, String reason) {

    enum Kind {
        /** Any value: Flink validates it, and it names nothing outside the job. */
        ANY,
        /** One of {@link #values}, in any case. */
        ONE_OF,
        /** A comma-separated list of {@link #values}. */
        SUBSET_OF,
        /** A path or URI the job reads or writes: under a storage root of the tenant, reaching no protected location. */
        PATH,
        /** A file name the job writes beside its output: no directory, no {@code ..}. */
        FILE_NAME,
        /** A comma-separated list of {@code host:port} (or URLs): each resolved and judged by the tenant's outbound rules. */
        HOSTS,
        /** A PostgreSQL JDBC URL ({@link JdbcUrl}), whose hosts are judged like {@link #HOSTS}. */
        JDBC_URL,
        /** Never allowed: it names a class, or a file or service the gateway cannot judge. */
        REFUSED
    }

    static final OptionRule ANY = new OptionRule(Kind.ANY, Set.of(), "");
    static final OptionRule PATH = new OptionRule(Kind.PATH, Set.of(), "");
    static final OptionRule FILE_NAME = new OptionRule(Kind.FILE_NAME, Set.of(), "");
    static final OptionRule HOSTS = new OptionRule(Kind.HOSTS, Set.of(), "");
    static final OptionRule JDBC_URL = new OptionRule(Kind.JDBC_URL, Set.of(), "");

    OptionRule {
        requireNonNull(kind, "kind is null");
        values = Set.copyOf(values);
        requireNonNull(reason, "reason is null");
    }

    static OptionRule oneOf(String... values) {
        return new OptionRule(Kind.ONE_OF, lowerCase(values), "");
    }

    static OptionRule subsetOf(String... values) {
        return new OptionRule(Kind.SUBSET_OF, lowerCase(values), "");
    }

    static OptionRule refused(String reason) {
        return new OptionRule(Kind.REFUSED, Set.of(), reason);
    }

    private static Set<String> lowerCase(String... values) {
        return Set.copyOf(List.of(values).stream()
                .map(value -> value.toLowerCase(Locale.ROOT))
                .toList());
    }
}
