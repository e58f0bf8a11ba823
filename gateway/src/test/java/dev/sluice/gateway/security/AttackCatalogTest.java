package dev.sluice.gateway.security;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adversarial suite's size: at least 60 attacks, and some of every kind docs/security.md defends against; the
 * page's table says how many of each there are.
 */
class AttackCatalogTest {

    private static final int MINIMUM_ATTACKS = 60;
    /** Tests run in the module's directory. */
    private static final Path SECURITY_PAGE = Path.of("..", "docs", "security.md");

    @Test
    void theSuiteTriesAtLeastSixtyAttacksAndEveryKind() throws Exception {
        Map<Attack.Kind, Integer> byKind = new EnumMap<>(Attack.Kind.class);
        for (Method attack : attacks()) {
            byKind.merge(attack.getAnnotation(Attack.class).kind(), 1, Integer::sum);
        }
        assertThat(byKind.keySet()).as("kinds with attacks").containsExactlyInAnyOrder(Attack.Kind.values());
        assertThat(byKind.values().stream().mapToInt(Integer::intValue).sum())
                .as("attacks: %s", byKind)
                .isGreaterThanOrEqualTo(MINIMUM_ATTACKS);
    }

    @Test
    void securityPageCountsTheAttacksOfEveryKind() throws Exception {
        Map<String, Integer> byKind = new TreeMap<>();
        for (Method attack : attacks()) {
            byKind.merge(attack.getAnnotation(Attack.class).kind().name(), 1, Integer::sum);
        }
        // A row of the defences' table: | # | `KIND` | what holds | attacks | details |
        Pattern row = Pattern.compile("^\\| \\d \\| `(\\w+)` \\|.*\\| (\\d+) \\| [^|]+\\|$", Pattern.MULTILINE);
        Map<String, Integer> documented = new TreeMap<>();
        Matcher rows = row.matcher(Files.readString(SECURITY_PAGE));
        while (rows.find()) {
            documented.put(rows.group(1), Integer.parseInt(rows.group(2)));
        }
        assertThat(documented).as("attacks by kind in %s", SECURITY_PAGE).isEqualTo(byKind);
    }

    /** Every {@link Attack} method of this package's test classes. */
    static List<Method> attacks() throws IOException, URISyntaxException, ClassNotFoundException {
        Path directory = Path.of(AttackCatalogTest.class
                        .getResource("AttackCatalogTest.class")
                        .toURI())
                .getParent();
        List<Method> attacks = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            // Most attacks start a gateway, so they are integration tests (*IT); those that read files, and this count,
            // are unit tests (*Test).
            for (Path file : files.filter(f -> f.getFileName().toString().matches(".*(Test|IT)\\.class"))
                    .toList()) {
                String name = file.getFileName().toString();
                Class<?> type = Class.forName(AttackCatalogTest.class.getPackageName() + "."
                        + name.substring(0, name.length() - ".class".length()));
                for (Method method : type.getDeclaredMethods()) {
                    if (method.isAnnotationPresent(Attack.class)) {
                        attacks.add(method);
                    }
                }
            }
        }
        return attacks;
    }
}
