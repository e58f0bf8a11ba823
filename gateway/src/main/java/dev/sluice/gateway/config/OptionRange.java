package dev.sluice.gateway.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The values a numeric option may take: at least {@code minimum}, and at most {@code maximum} when there is one. The
 * gateway checks every range of {@link SluiceOptions#RANGES} before it starts or writes anything, so a value out of
 * range stops the start with the option's name instead of failing later inside a part, or not at all.
 *
 * @param maximum the largest value allowed, or null when there is none
 */
public record OptionRange<T extends Comparable<? super T>>(
        ConfigOption<T> option, T minimum, @Nullable T maximum) {

    public OptionRange {
        requireNonNull(option, "option is null");
        requireNonNull(minimum, "minimum is null");
        if (maximum != null && minimum.compareTo(maximum) > 0) {
            throw new IllegalArgumentException(
                    "The range of " + option.key() + " is empty: " + minimum + " > " + maximum);
        }
    }

    public static <T extends Comparable<? super T>> OptionRange<T> atLeast(ConfigOption<T> option, T minimum) {
        return new OptionRange<>(option, minimum, null);
    }

    public static <T extends Comparable<? super T>> OptionRange<T> between(
            ConfigOption<T> option, T minimum, T maximum) {
        return new OptionRange<>(option, minimum, requireNonNull(maximum, "maximum is null"));
    }

    /**
     * Refuses {@code options} when any option is out of its range, naming each such option, its value and its range in
     * one message.
     */
    public static void check(Collection<OptionRange<?>> ranges, Configuration options) {
        List<String> outOfRange = ranges.stream()
                .flatMap(range -> range.violation(options).stream())
                .toList();
        if (outOfRange.isEmpty()) {
            return;
        }
        boolean one = outOfRange.size() == 1;
        throw new IllegalArgumentException((one ? "Option" : "Options") + " out of range: "
                + String.join("; ", outOfRange)
                + (one
                        ? ". Change it in the configuration file (--config) or the flag that sets it."
                        : ". Change them in the configuration file (--config) or the flags that set them."));
    }

    /**
     * What is wrong with the option's value in {@code options}; empty when it is in range or not set (every default is
     * in range, as SluiceOptionsTest checks).
     */
    public Optional<String> violation(Configuration options) {
        return options.getOptional(option)
                .filter(value -> !allows(value))
                .map(value -> option.key() + " is " + print(value) + " but must be " + allowed());
    }

    public boolean allows(T value) {
        // NaN compares above every number, so a range without a maximum would let it through.
        boolean notANumber = value instanceof Double number && number.isNaN();
        return !notANumber && minimum.compareTo(value) <= 0 && (maximum == null || value.compareTo(maximum) <= 0);
    }

    /** The range in words: {@code from 0 to 65535}, {@code at least 1 ms}. */
    public String allowed() {
        return maximum == null ? "at least " + print(minimum) : "from " + print(minimum) + " to " + print(maximum);
    }

    /** A value as a configuration may give it: {@code 10 s}, {@code 4 mb}, {@code 8}. */
    public static String print(Object value) {
        // Flink's own form of a duration; other values as they print (NaN stays NaN, where Flink's YAML writes .nan).
        return value instanceof Duration duration ? TimeUtils.formatWithHighestUnit(duration) : value.toString();
    }
}
