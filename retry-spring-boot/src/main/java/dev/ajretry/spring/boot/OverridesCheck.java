package dev.ajretry.spring.boot;

import dev.ajretry.Retry;
import dev.ajretry.RetryConfigurationException;
import dev.ajretry.internal.env.Overrides;
import dev.ajretry.internal.spec.RetrySpec;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks at startup what ajretry would otherwise check at a method's first call: every override naming a class is
 * applied to that class's {@code @Retry} methods, and each policy is built (then dropped) as the first call would
 * build it. An invalid value then fails the application context, naming the key and where it was set, instead of
 * failing calls later.
 *
 * <p>Building a policy does what a first call does: it creates the retry budget a method names (with the sizes its
 * properties give) and the instances of its predicate classes. A key naming no class is only logged, as without
 * Spring.
 */
final class OverridesCheck {

    private OverridesCheck() {
    }

    /**
     * @throws RetryConfigurationException listing every invalid policy, each naming its method and the key
     */
    static void check(Overrides overrides, ClassLoader loader) {
        Set<Method> methods = new LinkedHashSet<>();
        for (String key : overrides.all().keySet()) {
            methods.addAll(retriedMethodsNamedBy(key, loader));
        }
        List<String> problems = new ArrayList<>();
        for (Method method : methods) {
            try {
                RetrySpec.of(method, overrides);
            } catch (RetryConfigurationException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new RetryConfigurationException("ajretry's overrides are invalid:\n" + String.join("\n", problems));
        }
    }

    /**
     * The {@code @Retry} methods a class key ({@code ajretry.com.acme.Client.delay}) or a method key
     * ({@code ajretry.com.acme.Client.fetch.tries}) applies to; none for a global key or a class that is not found.
     */
    static List<Method> retriedMethodsNamedBy(String key, ClassLoader loader) {
        String rest = key.substring(SpringEnvironmentOverrides.PREFIX.length());
        int lastDot = rest.lastIndexOf('.');
        if (lastDot < 0 || rest.startsWith("budget.")) {
            return List.of();
        }
        String owner = rest.substring(0, lastDot);
        Class<?> type = find(owner, loader);
        if (type != null) {
            return retriedMethods(type, null);
        }
        int ownerDot = owner.lastIndexOf('.');
        type = ownerDot < 0 ? null : find(owner.substring(0, ownerDot), loader);
        return type == null ? List.of() : retriedMethods(type, owner.substring(ownerDot + 1));
    }

    /** As the aspect's pointcuts select them: methods with {@code @Retry}, and public methods of a type with it. */
    private static List<Method> retriedMethods(Class<?> type, String name) {
        boolean typeLevel = type.isAnnotationPresent(Retry.class);
        List<Method> retried = new ArrayList<>();
        for (Method method : type.getDeclaredMethods()) {
            if (method.isSynthetic() || method.isBridge() || (name != null && !method.getName().equals(name))) {
                continue;
            }
            if (method.isAnnotationPresent(Retry.class) || (typeLevel && Modifier.isPublic(method.getModifiers()))) {
                retried.add(method);
            }
        }
        return retried;
    }

    private static Class<?> find(String className, ClassLoader loader) {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
