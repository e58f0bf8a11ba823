package dev.sluice.udf.java;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * The class loader of one function version: its own jar first, so two versions (or two tenants' jars) with the
 * same class names never see each other's classes; Java's, Flink's and logging classes always from the parent, so
 * the function is a {@code ScalarFunction} of the same {@code ScalarFunction} class the planner knows.
 */
final class VersionClassLoader extends URLClassLoader {

    private static final List<String> PARENT_FIRST =
            List.of("java.", "javax.", "jdk.", "sun.", "org.apache.flink.", "org.slf4j.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    VersionClassLoader(String name, URL jar, ClassLoader parent) {
        super(name, new URL[] {jar}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null && PARENT_FIRST.stream().noneMatch(name::startsWith)) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException e) {
                    // Not in this jar: the parent's.
                }
            }
            if (loaded == null) {
                return super.loadClass(name, resolve);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}
