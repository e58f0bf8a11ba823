package dev.sluice.gateway.sqltestcli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a directory of statement tests: every {@code NAME.tests.yaml} under it (at any depth) with the statement it
 * tests, by default {@code NAME.sql} beside it. The format is in docs/statement-tests.md ("Test files"). Every mistake
 * is a {@link TestFileException} naming the file, the case and the field, found before anything runs.
 */
public final class TestFiles {

    /** How a test file's name ends; what is before it names the statement's {@code .sql} file. */
    public static final String SUFFIX = ".tests.yaml";

    /** A case's fields that go into the request as they are. */
    static final List<String> CASE_REQUEST_FIELDS =
            List.of("inputs", "watermarks", "lookups", "expected", "ordered", "changelog");

    private static final Set<String> FILE_FIELDS = Set.of("script", "insert", "variables", "functions", "cases");
    private static final Set<String> CASE_FIELDS =
            Set.of("name", "insert", "inputs", "watermarks", "lookups", "expected", "ordered", "changelog");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern STATEMENT_SET =
            Pattern.compile("(?is)EXECUTE\\s+STATEMENT\\s+SET\\s+BEGIN\\s(.*)\\bEND\\s*");
    private static final Pattern INSERT_INTO =
            Pattern.compile("(?is)INSERT\\s+INTO\\s+[`\"]?([A-Za-z0-9_.]+)[`\"]?\\s.*");
    private static final Pattern DML = Pattern.compile("(?is)(INSERT|EXECUTE|SELECT|WITH|VALUES)\\b.*");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final ObjectMapper json = new ObjectMapper();

    /** Every test file under {@code directory}, in path order; a file itself is read alone. */
    public List<StatementTestFile> load(Path directory) {
        List<Path> files;
        if (Files.isRegularFile(directory)) {
            files = List.of(directory);
        } else {
            try (Stream<Path> walk = Files.walk(directory)) {
                files = walk.filter(path -> path.getFileName().toString().endsWith(SUFFIX))
                        .filter(Files::isRegularFile)
                        .sorted()
                        .toList();
            } catch (NoSuchFileException e) {
                throw new TestFileException(directory, null, null, "there is no such directory.");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (files.isEmpty()) {
            throw new TestFileException(
                    directory, null, null, "holds no test file (NAME" + SUFFIX + " beside NAME.sql).");
        }
        Path base = Files.isRegularFile(directory) ? directory.toAbsolutePath().getParent() : directory;
        return files.stream().map(file -> read(base, file)).toList();
    }

    StatementTestFile read(Path base, Path file) {
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(SUFFIX)) {
            throw new TestFileException(file, null, null, "a test file's name ends in " + SUFFIX + ".");
        }
        String statement = fileName.substring(0, fileName.length() - SUFFIX.length());
        JsonNode root;
        try {
            root = yaml.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new TestFileException(file, null, null, "is not valid YAML: " + e.getOriginalMessage() + at(e));
        } catch (IOException e) {
            throw new TestFileException(file, null, null, "cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new TestFileException(
                    file,
                    null,
                    null,
                    "must be a YAML mapping with 'cases' (and optionally "
                            + String.join(", ", List.of("script", "insert", "variables", "functions")) + ").");
        }
        unknownFields(file, null, "", root, FILE_FIELDS);
        Map<String, String> variables = variables(file, root.get("variables"));
        Path directory = file.toAbsolutePath().getParent();
        String script = script(file, directory, statement, root.get("script"), variables);
        String fileInsert = optionalText(file, null, "insert", root.get("insert"));
        List<StatementTestFile.FunctionFile> functions = functions(file, directory, root.get("functions"), variables);
        JsonNode cases = root.get("cases");
        if (cases == null || !cases.isArray() || cases.isEmpty()) {
            throw new TestFileException(file, null, "cases", "give a list of one or more cases.");
        }
        List<TestCase> read = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < cases.size(); i++) {
            TestCase testCase = testCase(file, i, cases.get(i), script, fileInsert);
            if (!names.add(testCase.name())) {
                throw new TestFileException(
                        file,
                        testCase.name(),
                        "cases[" + i + "].name",
                        "another case has this name; names are unique.");
            }
            read.add(testCase);
        }
        String relative = base.toAbsolutePath()
                .relativize(file.toAbsolutePath())
                .toString()
                .replace('\\', '/');
        return new StatementTestFile(relative.substring(0, relative.length() - SUFFIX.length()), file, functions, read);
    }

    private TestCase testCase(Path file, int index, JsonNode node, String script, @Nullable String fileInsert) {
        String field = "cases[" + index + "]";
        if (node == null || !node.isObject()) {
            throw new TestFileException(file, null, field, "a case is a mapping with name, inputs and expected.");
        }
        JsonNode nameNode = node.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.textValue().isBlank()) {
            throw new TestFileException(file, null, field + ".name", "every case has a name (text).");
        }
        String name = nameNode.textValue();
        unknownFields(file, name, field + ".", node, CASE_FIELDS);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        JsonNode inputs = node.get("inputs");
        if (inputs == null || !inputs.isObject()) {
            throw new TestFileException(
                    file, name, field + ".inputs", "give the rows of each table the statement reads, by table name.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> tables = inputs.fields(); tables.hasNext(); ) {
            Map.Entry<String, JsonNode> table = tables.next();
            rowsOf(file, name, field + ".inputs." + table.getKey(), table.getValue());
        }
        fields.put("inputs", inputs);
        JsonNode expected = node.get("expected");
        if (expected == null || expected.isNull()) {
            throw new TestFileException(
                    file, name, field + ".expected", "give the rows the statement should produce ([] for none).");
        }
        rowsOf(file, name, field + ".expected", expected);
        fields.put("expected", expected);
        for (String flag : List.of("ordered", "changelog")) {
            JsonNode value = node.get(flag);
            if (value != null && !value.isBoolean()) {
                throw new TestFileException(file, name, field + "." + flag, "is true or false, not " + value + ".");
            }
            if (value != null) {
                fields.put(flag, value);
            }
        }
        for (String map : List.of("watermarks", "lookups")) {
            JsonNode value = node.get(map);
            if (value != null && !value.isObject()) {
                throw new TestFileException(file, name, field + "." + map, "is a mapping by table or function name.");
            }
            if (value != null) {
                fields.put(map, value);
            }
        }
        String insert = optionalText(file, name, field + ".insert", node.get("insert"));
        String target = insert != null ? insert : fileInsert;
        String caseScript = target == null ? script : withInsert(file, name, script, target);
        return new TestCase(name, caseScript, fields);
    }

    private static void rowsOf(Path file, String testCase, String field, JsonNode rows) {
        if (!rows.isArray()) {
            throw new TestFileException(file, testCase, field, "is a list of rows, not " + kind(rows) + ".");
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).isObject()) {
                throw new TestFileException(
                        file, testCase, field + "[" + i + "]", "a row is a mapping of column to value.");
            }
        }
    }

    private static String kind(JsonNode node) {
        return node.isObject()
                ? "a mapping"
                : node.isTextual() ? "the text '" + node.textValue() + "'" : node.toString();
    }

    private static void unknownFields(
            Path file, @Nullable String testCase, String prefix, JsonNode node, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new TestFileException(
                        file,
                        testCase,
                        prefix + name,
                        "is not a field of a " + (prefix.isEmpty() ? "test file" : "case") + "; the fields are "
                                + String.join(", ", known.stream().sorted().toList()) + ".");
            }
        }
    }

    private static Map<String, String> variables(Path file, @Nullable JsonNode node) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (node == null) {
            return variables;
        }
        if (!node.isObject()) {
            throw new TestFileException(file, null, "variables", "is a mapping of placeholder name to value.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> entries = node.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw new TestFileException(
                        file, null, "variables." + entry.getKey(), "is a value (text or number) to fill in.");
            }
            variables.put(entry.getKey(), entry.getValue().asText());
        }
        return variables;
    }

    /** The script: the named files (or NAME.sql) joined, placeholders filled in. */
    private static String script(
            Path file, Path directory, String statement, @Nullable JsonNode node, Map<String, String> variables) {
        List<String> names = new ArrayList<>();
        if (node == null) {
            names.add(statement + ".sql");
        } else if (node.isTextual()) {
            names.add(node.textValue());
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual()) {
                    throw new TestFileException(file, null, "script[" + i + "]", "is a file name.");
                }
                names.add(node.get(i).textValue());
            }
        } else {
            throw new TestFileException(
                    file, null, "script", "is a file name, or a list of them, beside the test file.");
        }
        StringBuilder script = new StringBuilder();
        for (String name : names) {
            String text = readBeside(file, directory, name, node == null ? null : "script");
            if (!script.isEmpty()) {
                script.append(";\n");
            }
            script.append(stripTrailingSemicolon(text));
        }
        return fill(file, script.toString(), variables, node == null ? null : "script");
    }

    private static String readBeside(Path file, Path directory, String name, @Nullable String field) {
        Path path = directory.resolve(name).normalize();
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TestFileException(file, null, field, "names " + name + ", which does not exist (" + path + ").");
        } catch (IOException e) {
            throw new TestFileException(
                    file, null, field, "names " + name + ", which cannot be read: " + e.getMessage());
        }
    }

    private static String stripTrailingSemicolon(String text) {
        String stripped = text.stripTrailing();
        return stripped.endsWith(";") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    private static String fill(Path file, String text, Map<String, String> variables, @Nullable String where) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            if (value == null) {
                throw new TestFileException(
                        file,
                        null,
                        "variables",
                        "gives no value for ${" + matcher.group(1) + "}, which the "
                                + (where == null ? "script" : where) + " uses.");
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    private List<StatementTestFile.FunctionFile> functions(
            Path file, Path directory, @Nullable JsonNode node, Map<String, String> variables) {
        List<StatementTestFile.FunctionFile> functions = new ArrayList<>();
        if (node == null) {
            return functions;
        }
        if (!node.isArray()) {
            throw new TestFileException(
                    file, null, "functions", "is a list of {definition: FILE.json, source: FILE} entries.");
        }
        for (int i = 0; i < node.size(); i++) {
            String field = "functions[" + i + "]";
            JsonNode entry = node.get(i);
            JsonNode definition = entry.get("definition");
            if (!entry.isObject() || definition == null || !definition.isTextual()) {
                throw new TestFileException(
                        file, null, field + ".definition", "names the function's JSON file (POST /api/v1/functions).");
            }
            unknownFields(file, null, field + ".", entry, Set.of("definition", "source"));
            String text = fill(
                    file,
                    readBeside(file, directory, definition.textValue(), field + ".definition"),
                    variables,
                    field + ".definition");
            ObjectNode parsed;
            try {
                JsonNode read = json.readTree(text);
                if (!read.isObject() || !read.path("name").isTextual()) {
                    throw new TestFileException(
                            file, null, field + ".definition", "is a JSON object with the function's name.");
                }
                parsed = (ObjectNode) read;
            } catch (JsonProcessingException e) {
                throw new TestFileException(
                        file, null, field + ".definition", "is not valid JSON: " + e.getOriginalMessage());
            }
            JsonNode source = entry.get("source");
            if (source != null) {
                parsed.put("source", readBeside(file, directory, source.asText(), field + ".source"));
            }
            functions.add(new StatementTestFile.FunctionFile(parsed.get("name").textValue(), parsed.toString()));
        }
        return functions;
    }

    private static @Nullable String optionalText(
            Path file, @Nullable String testCase, String field, @Nullable JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new TestFileException(file, testCase, field, "names the table whose INSERT is tested.");
        }
        return node.textValue();
    }

    /**
     * The script with the INSERT INTO {@code table} as its last statement: the statements that define (CREATE, SET,
     * ...) kept in order, the other INSERTs and statement sets left out, and the INSERT taken from wherever it is (the
     * script itself or its statement set).
     */
    private static String withInsert(Path file, String testCase, String script, String table) {
        List<String> kept = new ArrayList<>();
        String chosen = null;
        for (ScriptStatement statement : SqlScript.split(script)) {
            String code = withoutLeadingComments(statement.sql());
            Matcher set = STATEMENT_SET.matcher(code);
            if (set.matches()) {
                for (ScriptStatement inner : SqlScript.split(set.group(1))) {
                    String insert = withoutLeadingComments(inner.sql());
                    if (insertsInto(insert, table)) {
                        chosen = insert;
                    }
                }
            } else if (insertsInto(code, table)) {
                chosen = code;
            } else if (!DML.matcher(code).matches()) {
                kept.add(statement.sql());
            }
        }
        if (chosen == null) {
            throw new TestFileException(
                    file,
                    testCase,
                    "insert",
                    "the script has no INSERT INTO " + table + ", alone or in a statement set.");
        }
        kept.add(chosen);
        return String.join(";\n", kept);
    }

    private static boolean insertsInto(String code, String table) {
        Matcher insert = INSERT_INTO.matcher(code);
        return insert.matches() && insert.group(1).toLowerCase(Locale.ROOT).equals(table.toLowerCase(Locale.ROOT));
    }

    private static String withoutLeadingComments(String sql) {
        String rest = sql.strip();
        while (rest.startsWith("--") || rest.startsWith("/*")) {
            int end = rest.startsWith("--") ? rest.indexOf('\n') : rest.indexOf("*/") + 1;
            if (end <= 0) {
                return "";
            }
            rest = rest.substring(end + 1).strip();
        }
        return rest;
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }
}
