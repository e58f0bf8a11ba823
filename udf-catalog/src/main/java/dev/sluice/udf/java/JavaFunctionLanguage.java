package dev.sluice.udf.java;

import dev.sluice.udf.catalog.CheckedVersion;
import dev.sluice.udf.catalog.FunctionContext;
import dev.sluice.udf.catalog.FunctionDefinition;
import dev.sluice.udf.catalog.FunctionDraft;
import dev.sluice.udf.catalog.FunctionException;
import dev.sluice.udf.catalog.FunctionKind;
import dev.sluice.udf.catalog.FunctionLanguage;
import dev.sluice.udf.catalog.FunctionPayload;
import dev.sluice.udf.catalog.FunctionSignature;
import dev.sluice.udf.catalog.FunctionVersion;
import dev.sluice.udf.catalog.Language;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.table.functions.UserDefinedFunctionHelper;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.extraction.DataTypeExtractor;
import org.apache.flink.table.types.extraction.TypeInferenceExtractor;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Java functions: a jar and the name of a Flink {@code ScalarFunction}, {@code TableFunction} or
 * {@code AggregateFunction} in it. {@link #check} loads the class from the jar alone (plus Flink) without initializing
 * it, and derives and validates the signature by reflection with Flink's own type extraction ({@code @DataTypeHint}s
 * included), so checking an upload runs no code of the jar, except for a class that computes its own type inference
 * (it is instantiated to ask it) and a RAW type's serializer named in a hint (Flink instantiates it). The code runs
 * when a job using the function is planned, in the gateway, and in the job on the cluster, unsandboxed: that is why
 * only admins, or analysts of a tenant whose policy allows it, upload Java functions. Each version runs in its own
 * {@link VersionClassLoader}, a child of the session's user class loader.
 */
public final class JavaFunctionLanguage implements FunctionLanguage {

    private static final Pattern CLASS_NAME = Pattern.compile(
            "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final Path scratchDir;

    /** {@code scratchDir}: where a jar is copied while it is checked, deleted afterwards. */
    public JavaFunctionLanguage(Path scratchDir) {
        this.scratchDir = scratchDir;
    }

    @Override
    public Language language() {
        return Language.JAVA;
    }

    @Override
    public CheckedVersion check(FunctionDraft draft) {
        FunctionPayload payload = draft.payload();
        byte[] jar = payload.binary();
        if (jar == null || jar.length == 0) {
            throw FunctionException.invalid(
                    "jar", "A Java function needs its jar.", "Send the jar base64-encoded in 'jar'.");
        }
        List<String> classes = classesIn(jar);
        String className = payload.entry();
        if (className == null || !CLASS_NAME.matcher(className).matches()) {
            throw FunctionException.invalid(
                    "className",
                    "'" + className + "' is not a Java class name.",
                    "Give the fully qualified name, e.g. com.example.Upper.");
        }
        if (!classes.contains(className)) {
            throw FunctionException.invalid(
                    "className",
                    "The jar has no class " + className + ".",
                    "Classes in the jar: "
                            + String.join(", ", classes.stream().limit(10).toList())
                            + (classes.size() > 10 ? ", ..." : "") + ".");
        }
        Path copy = null;
        try {
            Files.createDirectories(scratchDir);
            copy = Files.createTempFile(scratchDir, "check", ".jar");
            Files.write(copy, jar);
            try (VersionClassLoader loader =
                    loader(copy, "check " + draft.name(), JavaFunctionLanguage.class.getClassLoader())) {
                Class<? extends UserDefinedFunction> type = functionClass(loader, className, "className");
                FunctionKind kind = kindOrNull(type);
                if (draft.kind() != null && draft.kind() != kind) {
                    throw FunctionException.invalid(
                            "kind",
                            className + " is a " + kind + " function, not " + draft.kind() + ".",
                            "Leave 'kind' out: Sluice derives it from the class.");
                }
                FunctionSignature signature = signature(type, kind, loader);
                if (draft.signature() != null) {
                    compare(draft.signature(), signature, loader);
                }
                return new CheckedVersion(kind, signature, FunctionPayload.jar(className, jar));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check the jar of function " + draft.name(), e);
        } finally {
            if (copy != null) {
                copy.toFile().delete();
            }
        }
    }

    @Override
    public UserDefinedFunction instantiate(
            FunctionDefinition definition, FunctionVersion version, FunctionContext context) {
        Path jar = JarFiles.materialize(
                context.artifactDir(), version.sha256(), version.payload().binary());
        // Not closed here: the function's classes live as long as the planner and the job graph use them.
        VersionClassLoader loader = loader(jar, definition.name() + "$" + version.number(), context.classLoader());
        return instantiate(loader, version.payload().entry(), "className");
    }

    private static VersionClassLoader loader(Path jar, String name, ClassLoader parent) {
        try {
            return new VersionClassLoader(name, jar.toUri().toURL(), parent);
        } catch (MalformedURLException e) {
            throw new IllegalStateException("A file path is always a URL: " + jar, e);
        }
    }

    private static UserDefinedFunction instantiate(ClassLoader loader, String className, String field) {
        return instantiate(functionClass(loader, className, field), field);
    }

    /**
     * Runs the class's code: its static initializer and constructor. Only for a job being planned (Flink needs the
     * instance), or to ask a class that computes its own type inference.
     */
    private static UserDefinedFunction instantiate(Class<? extends UserDefinedFunction> type, String field) {
        try {
            return UserDefinedFunctionHelper.instantiateFunction(type);
        } catch (ExceptionInInitializerError e) {
            throw FunctionException.invalid(
                    field,
                    "Cannot instantiate " + type.getName() + ": its static initializer threw " + e.getCause(),
                    "Make the class's static initializer succeed, or move its work into open().");
        } catch (RuntimeException | LinkageError e) {
            throw FunctionException.invalid(
                    field,
                    "Cannot instantiate " + type.getName() + ": " + e.getMessage(),
                    "The class must be public, not abstract, with a public no-argument constructor.");
        }
    }

    /**
     * The function class, loaded without initializing it (no static initializer runs) and checked to be a Flink
     * function that can be instantiated: public, not abstract, with a public no-argument constructor.
     */
    private static Class<? extends UserDefinedFunction> functionClass(
            ClassLoader loader, String className, String field) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw FunctionException.invalid(
                    field,
                    "Class " + className + " cannot be loaded from the jar: " + e,
                    "Put every class it needs, other than Flink's, into the jar.");
        }
        if (!UserDefinedFunction.class.isAssignableFrom(type) || kindOrNull(type) == null) {
            throw FunctionException.invalid(
                    field,
                    className + " is not a Flink ScalarFunction, TableFunction or AggregateFunction.",
                    "Extend org.apache.flink.table.functions.ScalarFunction, TableFunction or AggregateFunction.");
        }
        Class<? extends UserDefinedFunction> function = type.asSubclass(UserDefinedFunction.class);
        try {
            UserDefinedFunctionHelper.validateClass(function);
        } catch (RuntimeException | LinkageError e) {
            throw FunctionException.invalid(
                    field,
                    "Cannot instantiate " + className + ": " + e.getMessage(),
                    "The class must be public, not abstract, with a public no-argument constructor.");
        }
        return function;
    }

    private static FunctionKind kindOrNull(Class<?> type) {
        if (ScalarFunction.class.isAssignableFrom(type)) {
            return FunctionKind.SCALAR;
        }
        if (TableFunction.class.isAssignableFrom(type)) {
            return FunctionKind.TABLE;
        }
        if (AggregateFunction.class.isAssignableFrom(type)) {
            return FunctionKind.AGGREGATE;
        }
        return null;
    }

    /** The signature of the evaluation method with the fewest parameters (Flink accepts overloads; one is shown). */
    private static FunctionSignature signature(
            Class<? extends UserDefinedFunction> type, FunctionKind kind, ClassLoader loader) {
        DataTypeFactory types = dataTypeFactory(loader);
        try {
            validateTypeInference(type, kind, types);
            String methodName = kind == FunctionKind.AGGREGATE ? "accumulate" : "eval";
            int skip = kind == FunctionKind.AGGREGATE ? 1 : 0;
            Method method = Arrays.stream(type.getMethods())
                    .filter(m -> m.getName().equals(methodName) && !Modifier.isStatic(m.getModifiers()))
                    .min(Comparator.comparingInt(Method::getParameterCount).thenComparing(Method::toString))
                    .orElseThrow(() -> FunctionException.invalid(
                            "className",
                            type.getName() + " has no public " + methodName + " method.",
                            "Flink calls " + methodName + "(...) for each row."));
            List<FunctionSignature.Parameter> parameters = new ArrayList<>();
            for (int i = skip; i < method.getParameterCount(); i++) {
                DataType parameter = DataTypeExtractor.extractFromMethodParameter(types, type, method, i);
                parameters.add(new FunctionSignature.Parameter(
                        method.getParameters()[i].getName(), text(parameter.getLogicalType())));
            }
            DataType result = switch (kind) {
                case SCALAR -> DataTypeExtractor.extractFromMethodReturnType(types, type, method);
                case TABLE -> DataTypeExtractor.extractFromGeneric(types, TableFunction.class, 0, type);
                case AGGREGATE -> DataTypeExtractor.extractFromGeneric(types, AggregateFunction.class, 0, type);
            };
            return new FunctionSignature(parameters, text(result.getLogicalType()));
        } catch (FunctionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw FunctionException.invalid(
                    "className",
                    "Flink cannot derive the signature of " + type.getName() + ": " + e.getMessage(),
                    "Annotate ambiguous parameters and results with @DataTypeHint.");
        }
    }

    /**
     * Flink's own validation of the class (evaluation methods, hints, accumulator), as the function's
     * {@code getTypeInference} does it: from the class alone, by reflection, so no code of the jar runs. Only a class
     * that overrides {@code getTypeInference} computes its inference in its own code, and is instantiated to ask it.
     */
    @SuppressWarnings("unchecked")
    private static void validateTypeInference(
            Class<? extends UserDefinedFunction> type, FunctionKind kind, DataTypeFactory types) {
        if (overridesTypeInference(type)) {
            instantiate(type, "className").getTypeInference(types);
            return;
        }
        switch (kind) {
            case SCALAR -> TypeInferenceExtractor.forScalarFunction(types, type.asSubclass(ScalarFunction.class));
            case TABLE -> TypeInferenceExtractor.forTableFunction(types, (Class<? extends TableFunction<?>>) type);
            case AGGREGATE ->
                TypeInferenceExtractor.forAggregateFunction(types, (Class<? extends AggregateFunction<?, ?>>) type);
        }
    }

    private static boolean overridesTypeInference(Class<?> type) {
        try {
            return !type.getMethod("getTypeInference", DataTypeFactory.class)
                    .getDeclaringClass()
                    .getName()
                    .startsWith("org.apache.flink.");
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Every Flink function has getTypeInference(DataTypeFactory)", e);
        }
    }

    /** A declared signature must match the derived one, ignoring nullability (Flink adapts that per call). */
    private static void compare(FunctionSignature declared, FunctionSignature derived, ClassLoader loader) {
        if (declared.parameters().size() != derived.parameters().size()) {
            throw FunctionException.invalid(
                    "signature.parameters",
                    "The class takes " + derived.parameters().size() + " parameter(s), the declared signature "
                            + declared.parameters().size() + ".",
                    "The class's signature is " + derived.text() + "; leave 'signature' out to use it.");
        }
        for (int i = 0; i < declared.parameters().size(); i++) {
            sameType(
                    declared.parameters().get(i).type(),
                    derived.parameters().get(i).type(),
                    "signature.parameters[" + i + "].type",
                    derived,
                    loader);
        }
        sameType(declared.result(), derived.result(), "signature.result", derived, loader);
    }

    private static void sameType(
            String declared, String derived, String field, FunctionSignature signature, ClassLoader loader) {
        LogicalType parsed;
        try {
            parsed = LogicalTypeParser.parse(declared, loader);
        } catch (RuntimeException e) {
            throw FunctionException.invalid(
                    field,
                    "'" + declared + "' is not a SQL type: " + e.getMessage(),
                    "E.g. STRING, INT, DECIMAL(10, 2).");
        }
        LogicalType actual = LogicalTypeParser.parse(derived, loader);
        if (!parsed.copy(true).equals(actual.copy(true))) {
            throw FunctionException.invalid(
                    field,
                    "Declared " + declared + ", but the class has " + derived + ".",
                    "The class's signature is " + signature.text() + "; leave 'signature' out to use it.");
        }
    }

    private static String text(LogicalType type) {
        return type.asSummaryString();
    }

    private static List<String> classesIn(byte[] jar) {
        if (jar.length < 4 || !Arrays.equals(Arrays.copyOf(jar, 4), ZIP_MAGIC)) {
            throw FunctionException.invalid(
                    "jar", "This is not a jar (zip) file.", "Send the bytes of a .jar, base64-encoded.");
        }
        List<String> classes = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    classes.add(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw FunctionException.invalid(
                    "jar", "The jar cannot be read: " + e.getMessage(), "Send the bytes of a .jar, base64-encoded.");
        }
        if (classes.isEmpty()) {
            throw FunctionException.invalid(
                    "jar", "The jar has no classes.", "Build the jar with the function's compiled classes.");
        }
        return classes;
    }

    /** Flink's {@code DataTypeFactoryImpl} is package-private; it is the one that resolves types as the planner does. */
    private static DataTypeFactory dataTypeFactory(ClassLoader loader) {
        try {
            Constructor<?> constructor = Class.forName("org.apache.flink.table.catalog.DataTypeFactoryImpl")
                    .getDeclaredConstructor(ClassLoader.class, ReadableConfig.class, SerializerConfig.class);
            constructor.setAccessible(true);
            return (DataTypeFactory) constructor.newInstance(loader, new Configuration(), null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "Flink's DataTypeFactoryImpl changed; signature derivation needs updating", e);
        }
    }
}
