package dev.ajretry.internal.spec;

import dev.ajretry.ResultPredicate;
import dev.ajretry.rules.TrapRules;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.concurrent.CompletionStage;

/**
 * The two types that {@code retryIfResult} must agree on, read by reflection when a spec is built: what the
 * predicate tests (the {@code T} of its {@code ResultPredicate<T>}) and what the method hands it (its result, boxed;
 * a stage's value for a method returning a {@code CompletionStage<V>}). Where a type cannot be told (a type
 * variable, a wildcard, a raw type), {@code Object}: nothing is reported that might be wrong.
 */
final class ResultTypes {

    private ResultTypes() {
    }

    /** The {@code T} of {@code ResultPredicate<T>} as {@code predicate} (or a superclass) declares it. */
    static Class<?> testedBy(Class<?> predicate) {
        for (Class<?> c = predicate; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type i : c.getGenericInterfaces()) {
                if (i instanceof ParameterizedType && ((ParameterizedType) i).getRawType() == ResultPredicate.class) {
                    return rawClass(((ParameterizedType) i).getActualTypeArguments()[0]);
                }
            }
        }
        return Object.class;
    }

    /**
     * What {@code method}'s predicate is given: its result, boxed, or the value of the stage (or of the Mono or
     * Flux) it returns.
     */
    static Class<?> seenBy(Method method) {
        Class<?> returned = method.getReturnType();
        // Reactor's Mono<V> and Flux<V> (retried by retry-reactor) hand it each value, told by name: no dependency.
        if (CompletionStage.class.isAssignableFrom(returned) || TrapRules.REACTOR_RETRIED.contains(returned.getName())) {
            // CompletableFuture<V> -> V, when it is written out.
            Type generic = method.getGenericReturnType();
            return generic instanceof ParameterizedType
                    ? rawClass(((ParameterizedType) generic).getActualTypeArguments()[0])
                    : Object.class;
        }
        return returned.isPrimitive() ? MethodType.methodType(returned).wrap().returnType() : returned;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class) {
            return (Class<?>) type;
        }
        if (type instanceof ParameterizedType) {
            return (Class<?>) ((ParameterizedType) type).getRawType();
        }
        return Object.class; // a type variable or wildcard: nothing to check against
    }
}
