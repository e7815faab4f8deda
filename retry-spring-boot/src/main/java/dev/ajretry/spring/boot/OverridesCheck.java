package dev.ajretry.spring.boot;

import dev.ajretry.Retry;
import dev.ajretry.RetryConfigurationException;
import dev.ajretry.internal.env.Overrides;
import dev.ajretry.internal.spec.Budgets;
import dev.ajretry.internal.spec.RetrySpec;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks at startup what ajretry would otherwise check at a method's first call: every override naming a class is
 * applied to that class's {@code @Retry} methods, and each policy is built (then dropped) as the first call would
 * build it. An invalid value then fails the application context, naming the key and where it was set, instead of
 * failing calls later.
 *
 * <p>Building a policy does what a first call does: it creates the retry budget a method names (with the sizes its
 * properties give) and the instances of its predicate classes. A budget sized by properties
 * ({@code ajretry.budget.NAME.maxTokens}, {@code .tokenRatio}) is created now, with those sizes, so that sizes that
 * make no budget fail here too. A key naming no class is only logged, as without Spring.
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
        checkBudgets(overrides, problems);
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

    /** Creates every budget the properties size, as a method naming it would: its sizes must make one. */
    private static void checkBudgets(Overrides overrides, List<String> problems) {
        Set<String> names = new LinkedHashSet<>();
        for (String key : overrides.all().keySet()) {
            Matcher sized = BUDGET_KEY.matcher(key);
            if (sized.matches()) {
                names.add(sized.group(1));
            }
        }
        for (String name : names) {
            Budgets.sized(name, overrides, problems::add);
        }
    }

    private static final Pattern BUDGET_KEY = Pattern.compile("ajretry\\.budget\\.(.+)\\.(maxTokens|tokenRatio)");

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
