package dev.ajretry.internal.spec;

import dev.ajretry.internal.failure.Suppressed;
import dev.ajretry.rules.RetryRules;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code recover} method of a retried method, resolved and checked once: same class, the same parameters
 * optionally preceded by a {@link Throwable} (or a subclass, which then limits what it recovers), a return type
 * assignable to the retried method's, static if the retried method is.
 *
 * <p>Immutable and thread-safe.
 */
public final class Recovery {

    private final Method method;
    /** The failures it handles: its first parameter's type, or {@link Exception} when it takes no failure. */
    private final Class<?> handles;
    private final boolean takesFailure;

    private Recovery(Method method, Class<?> handles, boolean takesFailure) {
        this.method = method;
        this.handles = handles;
        this.takesFailure = takesFailure;
    }

    /**
     * Finds the recovery method called {@code name} for {@code retried}.
     *
     * @throws IllegalArgumentException whose message is the problem, as {@link RetryRules} words it
     */
    public static Recovery resolve(Method retried, String name) {
        Class<?> type = retried.getDeclaringClass();
        Class<?>[] params = retried.getParameterTypes();
        List<Method> named = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name) && !m.isSynthetic() && !m.equals(retried)) {
                named.add(m);
            }
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException(RetryRules.recoverNotFound(name, name.equals(retried.getName())
                    && Arrays.stream(type.getDeclaredMethods())
                    .noneMatch(m -> m.getName().equals(name) && !m.equals(retried)), type.getName()));
        }
        List<Method> matching = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (Method m : named) {
            String mismatch = mismatch(retried, m);
            if (mismatch == null) {
                matching.add(m);
            } else {
                mismatches.add(RetrySpec.describe(m) + " " + mismatch);
            }
        }
        if (matching.isEmpty()) {
            throw new IllegalArgumentException(RetryRules.recoverNoMatch(name, type.getName(), mismatches,
                    Arrays.stream(params).map(Class::getSimpleName).collect(Collectors.toList()),
                    retried.getReturnType().getName(), Modifier.isStatic(retried.getModifiers())));
        }
        if (matching.size() > 1) {
            throw new IllegalArgumentException(RetryRules.recoverAmbiguous(name,
                    matching.stream().map(RetrySpec::describe).collect(Collectors.toList())));
        }
        Method m = matching.get(0);
        boolean takesFailure = m.getParameterCount() == params.length + 1;
        try {
            m.setAccessible(true);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(RetryRules.recoverInaccessible(name, RetrySpec.describe(m),
                    e.toString()));
        }
        return new Recovery(m, takesFailure ? m.getParameterTypes()[0] : Exception.class, takesFailure);
    }

    private static String mismatch(Method retried, Method candidate) {
        Class<?>[] parameters = candidate.getParameterTypes();
        Class<?> expected = retried.getReturnType();
        Class<?> actual = candidate.getReturnType();
        return RetryRules.recoverMismatch(names(retried.getParameterTypes()), names(parameters),
                parameters.length > 0 && Throwable.class.isAssignableFrom(parameters[0]), expected.getName(),
                actual.getName(), expected.isAssignableFrom(actual), Modifier.isStatic(retried.getModifiers()),
                Modifier.isStatic(candidate.getModifiers()));
    }

    private static List<String> names(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getName).collect(Collectors.toList());
    }

    /** True if this recovery method takes {@code failure}. */
    public boolean handles(Throwable failure) {
        return handles.isInstance(failure);
    }

    /** The recovery method, as messages name it. */
    public String description() {
        return RetrySpec.describe(method);
    }

    /**
     * Calls the recovery method. If it throws, that exception is thrown as it is, with {@code failure} attached as
     * suppressed so that nothing is lost.
     */
    public Object invoke(Object target, Object[] arguments, Throwable failure) throws Throwable {
        Object[] actual = arguments;
        if (takesFailure) {
            actual = new Object[arguments.length + 1];
            actual[0] = failure;
            System.arraycopy(arguments, 0, actual, 1, arguments.length);
        }
        try {
            return method.invoke(Modifier.isStatic(method.getModifiers()) ? null : target, actual);
        } catch (InvocationTargetException e) {
            Throwable thrown = e.getCause();
            Suppressed.attach(thrown, failure);
            throw thrown;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + description(), e);
        }
    }
}
