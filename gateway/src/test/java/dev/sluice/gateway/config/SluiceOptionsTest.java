package dev.sluice.gateway.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every option of {@link SluiceOptions} has its row in the README's configuration table, with its default, and a range
 * that the gateway checks at start when it is a number, a duration or a size.
 *
 * <p>A row reads {@code | `key` | default | what it is |}. Its default cell starts either with the default in
 * backticks, which Flink must read as the option's default ({@code `4mb`} and {@code `4 mb`} alike, {@code
 * `embedded`} for {@code EMBEDDED}), or with the word {@code unset} for an option without a default or with an
 * empty one; prose may follow either ({@code unset: no TLS}).
 */
class SluiceOptionsTest {

    /** Tests run in the module's directory. */
    private static final Path README = Path.of("..", "README.md");

    private static final Set<Class<?>> NUMERIC =
            Set.of(Integer.class, Long.class, Float.class, Double.class, Duration.class, MemorySize.class);

    /** A row of the table: the key in backticks, the default cell, what it is. */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (.*?) \\| .+ \\|$");

    /** A default cell that starts with a value in backticks. */
    private static final Pattern VALUE = Pattern.compile("^`([^`]*)`");

    @Test
    void theReadmeTableHasARowWithTheDefaultOfEveryOptionAndNoOther() throws Exception {
        Map<String, ConfigOption<?>> options = new LinkedHashMap<>();
        for (Field field : optionFields()) {
            ConfigOption<?> option = (ConfigOption<?>) field.get(null);
            options.put(option.key(), option);
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : configurationTable()) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                problems.add("a row that names no option in backticks: " + line);
            } else if (rows.put(row.group(1), row.group(2)) != null) {
                problems.add(row.group(1) + ": a second row");
            }
        }
        rows.forEach((key, cell) -> {
            ConfigOption<?> option = options.get(key);
            if (option == null) {
                problems.add(key + ": a row, but no such option in SluiceOptions");
            } else {
                defaultProblem(option, cell).ifPresent(problem -> problems.add(key + ": " + problem));
            }
        });
        options.values().stream()
                .filter(option -> !rows.containsKey(option.key()))
                .forEach(option -> problems.add(option.key() + ": no row; its default cell: " + defaultCell(option)));

        assertThat(problems)
                .as("the configuration table of %s against SluiceOptions", README)
                .isEmpty();
    }

    @Test
    void everyNumberDurationAndSizeOptionHasOneRange() throws Exception {
        List<String> numeric = new ArrayList<>();
        for (Field field : optionFields()) {
            Class<?> type = (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
            if (NUMERIC.contains(type)) {
                numeric.add(((ConfigOption<?>) field.get(null)).key());
            }
        }
        List<String> ranged =
                SluiceOptions.RANGES.stream().map(range -> range.option().key()).toList();

        assertThat(ranged)
                .as("options with a range in SluiceOptions.RANGES")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(numeric);
    }

    @Test
    void everyDefaultIsInItsRange() {
        for (OptionRange<?> range : SluiceOptions.RANGES) {
            assertThat(!range.option().hasDefaultValue() || defaultAllowed(range))
                    .as("default of %s", range.option().key())
                    .isTrue();
        }
        assertThatCode(() -> SluiceOptions.checkRanges(new Configuration())).doesNotThrowAnyException();
    }

    @Test
    void aValueOutOfRangeIsRefusedWithTheOptionItsValueAndItsRange() {
        for (OptionRange<?> range : SluiceOptions.RANGES) {
            checkBounds(range);
        }
    }

    @Test
    void everyOptionOutOfRangeIsNamedInOneError() {
        Configuration options = new Configuration();
        options.set(SluiceOptions.API_PORT, 70000);
        options.set(SluiceOptions.PG_MAX_CONNECTIONS, 0);
        options.set(SluiceOptions.JOB_POLL_INTERVAL, Duration.ZERO);

        assertThatThrownBy(() -> SluiceOptions.checkRanges(options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Options out of range: sluice.api.port is 70000 but must be from 0 to 65535;"
                        + " sluice.pg.max-connections is 0 but must be at least 1;"
                        + " sluice.jobs.poll-interval is 0 ms but must be at least 1 ms."
                        + " Change them in the configuration file (--config) or the flags that set them.");
    }

    @Test
    void valuesAreCheckedAsAConfigurationFileGivesThem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, "sluice:\n  quota.default.max-cpu-cores: NaN\n  api.max-body-size: 0 b\n");

        assertThatThrownBy(() -> SluiceOptions.checkRanges(ConfigFile.load(file)))
                .hasMessageContaining("sluice.quota.default.max-cpu-cores is NaN but must be at least 0.0")
                .hasMessageContaining("sluice.api.max-body-size is 0 bytes but must be at least 1 bytes");
    }

    /** The range allows its bounds and refuses the values just outside them, naming the option, value and range. */
    private static <T extends Comparable<? super T>> void checkBounds(OptionRange<T> range) {
        assertAllowed(range, range.minimum());
        below(range.minimum()).ifPresent(value -> assertRefused(range, value));
        if (range.maximum() != null) {
            assertAllowed(range, range.maximum());
            assertRefused(range, above(range.maximum()));
        }
    }

    private static <T extends Comparable<? super T>> void assertAllowed(OptionRange<T> range, T value) {
        Configuration options = new Configuration();
        options.set(range.option(), value);
        assertThatCode(() -> SluiceOptions.checkRanges(options))
                .as("%s = %s", range.option().key(), value)
                .doesNotThrowAnyException();
    }

    private static <T extends Comparable<? super T>> void assertRefused(OptionRange<T> range, T value) {
        Configuration options = new Configuration();
        options.set(range.option(), value);
        assertThatThrownBy(() -> SluiceOptions.checkRanges(options))
                .as("%s = %s", range.option().key(), value)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Option out of range: %s is %s but must be %s."
                                + " Change it in the configuration file (--config) or the flag that sets it.",
                        range.option().key(), OptionRange.print(value), range.allowed());
    }

    /** The value just below {@code minimum}, where its type has one (a size is never negative). */
    @SuppressWarnings("unchecked")
    private static <T> Optional<T> below(T minimum) {
        if (minimum instanceof MemorySize size) {
            return size.getBytes() > 0 ? Optional.of((T) new MemorySize(size.getBytes() - 1)) : Optional.empty();
        }
        return Optional.of(step(minimum, -1));
    }

    private static <T> T above(T maximum) {
        return step(maximum, 1);
    }

    /** The value one unit (1, 1 ms, 1 byte) from {@code value}. */
    @SuppressWarnings("unchecked")
    private static <T> T step(T value, int sign) {
        if (value instanceof Integer number) {
            return (T) Integer.valueOf(number + sign);
        } else if (value instanceof Double number) {
            return (T) Double.valueOf(number + sign);
        } else if (value instanceof Duration duration) {
            return (T) duration.plusMillis(sign);
        } else if (value instanceof MemorySize size) {
            return (T) new MemorySize(size.getBytes() + sign);
        }
        throw new IllegalArgumentException("No step from " + value);
    }

    private static <T extends Comparable<? super T>> boolean defaultAllowed(OptionRange<T> range) {
        return range.allows(range.option().defaultValue());
    }

    /** Why the row's default cell does not match the option's default, following the rule of this class's comment. */
    private static Optional<String> defaultProblem(ConfigOption<?> option, String cell) {
        if (cell.startsWith("unset")) {
            return unset(option)
                    ? Optional.empty()
                    : Optional.of("the README says unset, but its default is " + defaultCell(option));
        }
        Matcher value = VALUE.matcher(cell);
        if (!value.find()) {
            return Optional.of("the default cell '" + cell + "' starts with neither a `value` nor 'unset'");
        }
        if (unset(option)) {
            return Optional.of("the README says " + value.group() + ", but it has no default: unset");
        }
        Object read;
        try {
            read = Configuration.fromMap(Map.of(option.key(), value.group(1))).get(option);
        } catch (IllegalArgumentException e) {
            return Optional.of("the README's default " + value.group() + " is no value of it: " + e.getMessage());
        }
        return read.equals(option.defaultValue())
                ? Optional.empty()
                : Optional.of("the README says " + value.group() + ", but its default is " + defaultCell(option));
    }

    /** The option's default as a default cell: in backticks as Flink writes it, or unset. */
    private static String defaultCell(ConfigOption<?> option) {
        return unset(option) ? "unset" : "`" + OptionRange.print(option.defaultValue()) + "`";
    }

    /** Whether the README says {@code unset} for the option: it has no default, or an empty one. */
    private static boolean unset(ConfigOption<?> option) {
        return !option.hasDefaultValue() || "".equals(option.defaultValue());
    }

    /** The rows of the table(s) under "## Configuration", up to the next section; headers and separators left out. */
    private static List<String> configurationTable() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int start = lines.indexOf("## Configuration");
        assertThat(start).as("a '## Configuration' section in %s", README).isNotNegative();
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("|") && !line.startsWith("| option |") && !line.startsWith("|---")) {
                rows.add(line);
            }
        }
        assertThat(rows)
                .as("option rows under '## Configuration' in %s", README)
                .isNotEmpty();
        return rows;
    }

    /** The public static ConfigOption fields of SluiceOptions. */
    private static List<Field> optionFields() {
        return Arrays.stream(SluiceOptions.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class)
                .toList();
    }
}
