package dev.ajretry.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The traps: a {@code @Retry} whose values are all valid, on a method where the retry cannot work as written. Like
 * {@link RetryRules} (which names methods and writes the report these phrases go into), each rule is a function over
 * plain values, here names of classes, shared by the compile-time check and the engine's check at the first call, so
 * that both say the same thing in the same words. Types are told apart by name only: ajretry depends on none of them.
 *
 * <p><b>Internal.</b> Public only because the engine, in another module, uses it; not an API for users.
 */
public final class TrapRules {

    /** The {@code @SuppressWarnings} token that silences the compile-time warning of {@link #transactional}. */
    public static final String SUPPRESS_TRANSACTIONAL = "ajretry.transactional";

    /**
     * The logger of the engine's one-time warning of {@link #transactional}, for builds without the compile-time
     * check: {@code @SuppressWarnings} is not kept in class files, so this logger is how to silence it there.
     */
    public static final String TRANSACTIONAL_LOGGER = "dev.ajretry.transactional";

    /** The annotations that open a transaction around a call, by binary name. */
    public static final List<String> TRANSACTIONAL = List.of(
            "org.springframework.transaction.annotation.Transactional", "jakarta.transaction.Transactional",
            "javax.transaction.Transactional");

    /** The type of the last parameter of a Kotlin {@code suspend} function, as kotlinc compiles it. */
    public static final String CONTINUATION = "kotlin.coroutines.Continuation";

    /**
     * A class of retry-reactor, by binary name: where it can be loaded (the compile-time class path, the retried
     * method's class loader), a method declared to return exactly one of {@link #REACTOR_RETRIED} is retried by
     * retry-reactor's aspect, and is no trap.
     */
    public static final String REACTOR_SUPPORT = "dev.ajretry.reactor.RetryReactor";

    /** The return types retry-reactor retries (not their subtypes: its aspect returns a Mono or a Flux). */
    public static final Set<String> REACTOR_RETRIED = Set.of("reactor.core.publisher.Mono",
            "reactor.core.publisher.Flux");

    /** What @Retry retries asynchronously: a return type that is one is no trap, whatever else it is. */
    private static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";

    private static final String SUBSCRIBED = "does its work when it is subscribed to, after the method has returned";
    private static final String RUNS_ELSEWHERE = "is the handle of work that runs, and fails, after the method has"
            + " returned";
    private static final String OR_STAGE = ", or return a CompletionStage (a CompletableFuture), which @Retry"
            + " retries asynchronously";
    private static final String REACTOR = "add retry-reactor (dev.ajretry:retry-reactor) to the dependencies and to"
            + " aspectj-maven-plugin's aspectLibraries, which retries methods declared to return Mono or Flux; or use"
            + " Reactor's own retry operator (retryWhen(Retry.backoff(...)))" + OR_STAGE;
    private static final String RXJAVA = "use RxJava's own retry operator (retry(...), retryWhen(...))" + OR_STAGE;
    private static final String KOTLIN = "use the coroutine library's own retry (Flow.retry(...), or a loop around"
            + " await()), or return a CompletableFuture (kotlinx.coroutines.future.future { ... }), which @Retry"
            + " retries asynchronously";
    private static final String PUBLISHER = "use the library's own retry operator" + OR_STAGE;

    /** A return type whose work happens after the method has returned: what it is, and what to do instead. */
    private record Deferred(String type, String what, String fix) {
    }

    /** The first one a return type is, or extends, names it: the specific types come before the general ones. */
    private static final List<Deferred> DEFERRED = deferred();

    private TrapRules() {
    }

    private static List<Deferred> deferred() {
        List<Deferred> types = new ArrayList<>();
        types.add(new Deferred("reactor.core.publisher.Mono", SUBSCRIBED, REACTOR));
        types.add(new Deferred("reactor.core.publisher.Flux", SUBSCRIBED, REACTOR));
        for (String rx : List.of("io.reactivex.", "io.reactivex.rxjava3.core.")) { // RxJava 2, RxJava 3
            for (String type : List.of("Observable", "Single", "Maybe", "Completable", "Flowable")) {
                types.add(new Deferred(rx + type, SUBSCRIBED, RXJAVA));
            }
        }
        types.add(new Deferred("kotlinx.coroutines.Deferred", RUNS_ELSEWHERE, KOTLIN));
        types.add(new Deferred("kotlinx.coroutines.flow.Flow", "does its work when it is collected, after the method"
                + " has returned", KOTLIN));
        types.add(new Deferred("org.reactivestreams.Publisher", SUBSCRIBED, PUBLISHER));
        types.add(new Deferred("java.util.concurrent.Flow$Publisher", SUBSCRIBED, PUBLISHER));
        types.add(new Deferred("java.util.concurrent.Future", RUNS_ELSEWHERE, "return a CompletableFuture or a"
                + " CompletionStage instead, which @Retry retries asynchronously (CompletableFuture.supplyAsync(...,"
                + " executor) in place of executor.submit(...))"));
        return List.copyOf(types);
    }

    /**
     * The warning for a {@code @Retry} on a method that is transactional too, itself or through its class: with
     * proxy-based transactions (Spring's default) the proxy opens one transaction around the call, and every
     * attempt of the woven retry runs inside it. Not an error: transactions woven by AspectJ with a declared
     * precedence that runs the retry first do work. Null if neither is transactional.
     *
     * @param method           the method, as {@link RetryRules#method} names it (with where its @Retry came from)
     * @param methodAnnotation the binary name of the method's transactional annotation ({@link #composed} if it is
     *                         one), or null
     * @param typeAnnotation   that of its class's (an inherited one included), or null
     * @param atCompileTime    whether the compile-time check says it (silenced by {@code @SuppressWarnings}) or the
     *                         engine does (silenced by its logger)
     */
    public static String transactional(String method, String typeName, String methodAnnotation,
                                       String typeAnnotation, boolean atCompileTime) {
        if (methodAnnotation == null && typeAnnotation == null) {
            return null;
        }
        String what = methodAnnotation != null ? "the method is @Transactional (" + methodAnnotation + ")"
                : "its class " + typeName + " is @Transactional (" + typeAnnotation + ")";
        return "@Retry on " + method + ": " + what + ", so with proxy-based transactions (Spring's default) every"
                + " attempt runs in the one transaction opened around the whole call: after a failure it is aborted"
                + " or marked rollback-only, so the next attempts fail too, or the failed attempt's writes are kept"
                + " and made again; put @Retry on the caller of the transactional method (a method of an outer bean),"
                + " so that each attempt gets a fresh transaction. If the transactions are woven by AspectJ with a"
                + " declared precedence that runs @Retry first, this is intended: "
                + (atCompileTime ? "say so with @SuppressWarnings(\"" + SUPPRESS_TRANSACTIONAL + "\") on the method"
                + " or its class" : "silence this line with the logger " + TRANSACTIONAL_LOGGER + " (level ERROR)");
    }

    /**
     * How {@link #transactional} names an annotation that is transactional through its own annotations (Spring's
     * composed annotations): {@code com.acme.WriteTx, meta-annotated with org...Transactional}.
     *
     * @param transactional the transactional annotation found on {@code composed}, itself possibly composed
     */
    public static String composed(String composed, String transactional) {
        return composed + ", meta-annotated with " + transactional;
    }

    /**
     * A Kotlin {@code suspend} function returns at its first suspension and is called again to resume, so a woven
     * retry would start a new series at each resumption. Null if the method is not one.
     *
     * @param parameterClassNames the erased parameter types, as class names
     */
    public static String suspendFunction(List<String> parameterClassNames) {
        boolean suspend = !parameterClassNames.isEmpty()
                && parameterClassNames.get(parameterClassNames.size() - 1).equals(CONTINUATION);
        return !suspend ? null : "a Kotlin suspend function (its last parameter is " + CONTINUATION + ") returns at"
                + " its first suspension and is called again at each resumption, so @Retry would start a new series"
                + " each time: tries would be ignored and code run again; retry inside the coroutine (a loop around"
                + " the call, or Flow.retry(...)), or put @Retry on a function that is not suspend";
    }

    /**
     * A method declared to return a Mono or a Flux ran without retry-reactor's aspect around it, although the module
     * is on the class path: it is missing from the weaving (aspectLibraries), so nothing would be retried.
     *
     * @param returnTypeName the method's return type, as a class name
     */
    public static String reactorNotWoven(String returnTypeName) {
        return "returns " + returnTypeName + " and retry-reactor is on the class path, but its aspect did not weave"
                + " this method, so nothing would be retried; list retry-reactor (dev.ajretry:retry-reactor) in"
                + " aspectj-maven-plugin's aspectLibraries beside retry-aspect";
    }

    /**
     * A method whose result does its work after the method has returned (a Publisher, a plain Future ...) cannot be
     * retried: its failure comes after the retry has seen a successful return. A CompletionStage (CompletableFuture
     * included, although it is a Future too) is retried asynchronously: no trap. Null if the type is none of those.
     *
     * @param returnTypeName the erased return type, as a class name
     * @param typeNames      the binary names of the return type and of all its supertypes
     */
    public static String workAfterReturn(String returnTypeName, Set<String> typeNames) {
        return workAfterReturn(returnTypeName, typeNames, false);
    }

    /**
     * As {@link #workAfterReturn(String, Set)}; with {@code reactorRetries} (retry-reactor is there, see
     * {@link #REACTOR_SUPPORT}), a method declared to return a Mono or a Flux is no trap.
     */
    public static String workAfterReturn(String returnTypeName, Set<String> typeNames, boolean reactorRetries) {
        if (typeNames.contains(COMPLETION_STAGE) || reactorRetries && REACTOR_RETRIED.contains(returnTypeName)) {
            return null;
        }
        for (Deferred type : DEFERRED) {
            if (typeNames.contains(type.type())) {
                String kind = type.type().equals(returnTypeName) ? "" : " (a subtype of " + type.type() + ")";
                return "returns " + returnTypeName + kind + ", which " + type.what() + ": its failures never reach"
                        + " @Retry, so nothing would be retried; " + type.fix();
            }
        }
        return null;
    }
}
