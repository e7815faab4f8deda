package dev.ajretry.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code recover} method of a retried method, resolved and checked once: same class, the same parameters
 * optionally preceded by a {@link Throwable} (or a subclass, which then limits what it recovers), a return type
 * assignable to the retried method's, static if the retried method is.
 *
 * <p>Immutable and thread-safe.
 */
final class Recovery {

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
     * @throws IllegalArgumentException saying what is missing or does not match
     */
    static Recovery resolve(Method retried, String name) {
        Class<?> type = retried.getDeclaringClass();
        Class<?>[] params = retried.getParameterTypes();
        List<Method> named = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name) && !m.isSynthetic() && !m.equals(retried)) {
                named.add(m);
            }
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException(name.equals(retried.getName()) && Arrays.stream(type.getDeclaredMethods())
                    .noneMatch(m -> m.getName().equals(name) && !m.equals(retried))
                    ? "names the retried method itself" : "no method " + name + " in " + type.getName());
        }
        List<Method> matching = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (Method m : named) {
            String mismatch = mismatch(retried, params, m);
            if (mismatch == null) {
                matching.add(m);
            } else {
                mismatches.add(RetryPolicy.describe(m) + " " + mismatch);
            }
        }
        if (matching.isEmpty()) {
            throw new IllegalArgumentException("no method " + name + " of " + type.getName() + " matches: "
                    + String.join("; ", mismatches) + ". Expected " + name + "(" + signature(params) + ") or "
                    + name + "(Throwable, " + signature(params) + ") returning " + retried.getReturnType().getName()
                    + (Modifier.isStatic(retried.getModifiers()) ? ", static" : ""));
        }
        if (matching.size() > 1) {
            throw new IllegalArgumentException("ambiguous: " + matching.size() + " methods match ("
                    + matching.stream().map(RetryPolicy::describe).reduce((a, b) -> a + ", " + b).orElse("") + ")");
        }
        Method m = matching.get(0);
        boolean takesFailure = m.getParameterCount() == params.length + 1;
        try {
            m.setAccessible(true);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(RetryPolicy.describe(m) + " cannot be made accessible: " + e);
        }
        return new Recovery(m, takesFailure ? m.getParameterTypes()[0] : Exception.class, takesFailure);
    }

    private static String mismatch(Method retried, Class<?>[] params, Method m) {
        Class<?>[] candidate = m.getParameterTypes();
        boolean plain = Arrays.equals(candidate, params);
        boolean withFailure = candidate.length == params.length + 1 && Throwable.class.isAssignableFrom(candidate[0])
                && Arrays.equals(Arrays.copyOfRange(candidate, 1, candidate.length), params);
        if (!plain && !withFailure) {
            return "has other parameters";
        }
        Class<?> expected = retried.getReturnType();
        Class<?> actual = m.getReturnType();
        boolean returns = expected.isPrimitive() || actual.isPrimitive() ? expected == actual
                : expected.isAssignableFrom(actual);
        if (!returns) {
            return "returns " + actual.getName() + ", not " + expected.getName();
        }
        if (Modifier.isStatic(retried.getModifiers()) && !Modifier.isStatic(m.getModifiers())) {
            return "is not static, and the retried method is";
        }
        return null;
    }

    private static String signature(Class<?>[] params) {
        return Arrays.stream(params).map(Class::getSimpleName).reduce((a, b) -> a + ", " + b).orElse("");
    }

    /** True if this recovery method takes {@code failure}. */
    boolean handles(Throwable failure) {
        return handles.isInstance(failure);
    }

    /** The recovery method, as messages name it. */
    String description() {
        return RetryPolicy.describe(method);
    }

    /**
     * Calls the recovery method. If it throws, that exception is thrown as it is, with {@code failure} attached as
     * suppressed so that nothing is lost.
     */
    Object invoke(Object target, Object[] arguments, Throwable failure) {
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
            if (thrown != failure) {
                thrown.addSuppressed(failure);
            }
            throw Rethrow.unchecked(thrown);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + description(), e);
        }
    }
}
