package dev.ajretry.internal.spec;

import dev.ajretry.rules.TrapRules;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The traps of a method, as reflection sees them, adapted to {@link TrapRules}: the compile-time check reports
 * them too, and these are for the builds it does not see (Kotlin compiled by kotlinc, javac without the processor,
 * then binary or load-time weaving). Read once per method, when its policy is built.
 */
final class Traps {

    private Traps() {
    }

    /** The errors, as phrases for the report. */
    static List<String> problems(Method method) {
        List<String> problems = new ArrayList<>(2);
        add(problems, TrapRules.suspendFunction(Arrays.stream(method.getParameterTypes()).map(Class::getName)
                .collect(Collectors.toList())));
        Class<?> returned = method.getReturnType();
        add(problems, TrapRules.workAfterReturn(returned.getName(), selfAndSupertypes(returned),
                TrapRules.REACTOR_RETRIED.contains(returned.getName()) && reactorRetries(method)));
        return problems;
    }

    /** Whether retry-reactor can be loaded where the method's class is: its aspect then retries Mono and Flux. */
    static boolean reactorRetries(Method method) {
        try {
            Class.forName(TrapRules.REACTOR_SUPPORT, false, method.getDeclaringClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /**
     * The warning for a transactional method, or null. {@code @SuppressWarnings} is not kept in class files, so
     * only its logger silences it here.
     *
     * @param where the method as the report names it
     */
    static String transactional(Method method, String where) {
        Class<?> type = method.getDeclaringClass();
        return TrapRules.transactional(where, type.getName(), transactional(method.getAnnotations()),
                transactional(type.getAnnotations()), false);
    }

    private static String transactional(Annotation[] annotations) {
        return transactional(annotations, new HashSet<>());
    }

    /** The transactional annotation among {@code annotations}, or on their own annotations (composed ones). */
    private static String transactional(Annotation[] annotations, Set<String> seen) {
        for (Annotation annotation : annotations) {
            Class<? extends Annotation> type = annotation.annotationType();
            if (TrapRules.TRANSACTIONAL.contains(type.getName())) {
                return type.getName();
            }
            // seen: annotations annotate each other (@Documented is @Documented)
            if (seen.add(type.getName())) {
                String meta = transactional(type.getAnnotations(), seen);
                if (meta != null) {
                    return TrapRules.composed(type.getName(), meta);
                }
            }
        }
        return null;
    }

    private static Set<String> selfAndSupertypes(Class<?> type) {
        Set<String> names = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> next = todo.pop();
            if (names.add(next.getName())) {
                if (next.getSuperclass() != null) {
                    todo.add(next.getSuperclass());
                }
                todo.addAll(List.of(next.getInterfaces()));
            }
        }
        return names;
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }
}
