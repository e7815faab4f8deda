package dev.ajretry.runtime;

import dev.ajretry.Retry;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds {@code @Retry} methods that the aspect did not weave: the commonest cause of "my retry does nothing" (a module
 * built by plain javac, a missing {@code test-compile} goal, a class left out of the weaver's scope). Put it in your
 * own test suite:
 * <pre>{@code
 * @Test
 * void everyRetryIsWoven() {
 *     WeavingCheck.assertWoven("com.acme");
 * }
 * }</pre>
 * A method counts as woven when its class holds the body the weaver moved out of it ({@code name_aroundBodyN}). Methods
 * that can never be woven (abstract, native) are reported too, since {@code @Retry} on them does nothing.
 */
public final class WeavingCheck {

    private WeavingCheck() {
    }

    /** Throws an {@link AssertionError} listing every unwoven {@code @Retry} method of the package and its subpackages. */
    public static void assertWoven(String packageName) {
        List<String> unwoven = unwovenIn(packageName);
        if (!unwoven.isEmpty()) {
            throw new AssertionError(unwoven.size() + " @Retry method(s) in " + packageName + " are not woven by"
                    + " ajretry's aspect, so they are never retried:\n  " + String.join("\n  ", unwoven));
        }
    }

    /** Throws an {@link AssertionError} listing every unwoven {@code @Retry} method of these classes. */
    public static void assertWoven(Class<?>... classes) {
        List<String> unwoven = unwoven(classes);
        if (!unwoven.isEmpty()) {
            throw new AssertionError(unwoven.size() + " @Retry method(s) are not woven by ajretry's aspect, so they"
                    + " are never retried:\n  " + String.join("\n  ", unwoven));
        }
    }

    /** The unwoven {@code @Retry} methods of the classes of a package and its subpackages, as the class path has them. */
    public static List<String> unwovenIn(String packageName) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = WeavingCheck.class.getClassLoader();
        }
        List<String> report = new ArrayList<>();
        for (String className : classNamesIn(packageName, loader)) {
            try {
                report.addAll(unwoven(Class.forName(className, false, loader)));
            } catch (ClassNotFoundException | LinkageError e) {
                report.add(className + ": could not be loaded to check (" + e + ")");
            }
        }
        return report;
    }

    /** The unwoven {@code @Retry} methods of these classes (nested classes are not included: pass them too). */
    public static List<String> unwoven(Class<?>... classes) {
        List<String> report = new ArrayList<>();
        for (Class<?> type : classes) {
            boolean typeLevel = type.isAnnotationPresent(Retry.class);
            for (Method method : type.getDeclaredMethods()) {
                if (method.isSynthetic() || method.isBridge() || method.getName().contains("_aroundBody")
                        || method.getName().startsWith("ajc$")) {
                    continue;
                }
                boolean retried = method.isAnnotationPresent(Retry.class)
                        || (typeLevel && Modifier.isPublic(method.getModifiers()));
                if (!retried) {
                    continue;
                }
                int modifiers = method.getModifiers();
                if (Modifier.isAbstract(modifiers) || Modifier.isNative(modifiers)) {
                    report.add(describe(method) + ": " + (Modifier.isNative(modifiers) ? "native" : "abstract")
                            + ", has no body to weave; put @Retry on the implementation");
                } else if (!isWoven(type, method)) {
                    report.add(describe(method) + ": not woven; is its class compiled by ajc (aspectj-maven-plugin with"
                            + " retry-aspect in <aspectLibraries>, goals compile and test-compile)?");
                }
            }
        }
        return report;
    }

    private static boolean isWoven(Class<?> type, Method method) {
        String body = method.getName() + "_aroundBody";
        List<Class<?>> own = Arrays.asList(method.getParameterTypes());
        int first = Modifier.isStatic(method.getModifiers()) ? 0 : 1;
        for (Method candidate : type.getDeclaredMethods()) {
            if (!candidate.getName().startsWith(body)) {
                continue;
            }
            List<Class<?>> params = Arrays.asList(candidate.getParameterTypes());
            if (params.size() >= first + own.size() && params.subList(first, first + own.size()).equals(own)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    private static List<String> classNamesIn(String packageName, ClassLoader loader) {
        String path = packageName.replace('.', '/');
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> roots = loader.getResources(path);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if (root.getProtocol().equals("file")) {
                    Path directory = Paths.get(root.toURI());
                    try (Stream<Path> files = Files.walk(directory)) {
                        files.filter(f -> f.toString().endsWith(".class")).forEach(f -> names.add(packageName + "."
                                + directory.relativize(f).toString().replace(File.separatorChar, '.')
                                .replaceAll("\\.class$", "")));
                    }
                } else if (root.getProtocol().equals("jar")) {
                    try (JarFile jar = ((JarURLConnection) root.openConnection()).getJarFile()) {
                        for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                            String name = entry.getName();
                            if (name.startsWith(path + "/") && name.endsWith(".class")) {
                                names.add(name.replace('/', '.').replaceAll("\\.class$", ""));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the classes of " + packageName, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list the classes of " + packageName, e);
        }
        names.removeIf(n -> n.endsWith("module-info") || n.endsWith("package-info"));
        java.util.Collections.sort(names);
        return names;
    }
}
