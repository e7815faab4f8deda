package dev.ajretry.rules;

import dev.ajretry.RandomJitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Every rule a {@code @Retry} value must follow, and the sentence that reports a broken one, in one place: the
 * compile-time check ({@code dev.ajretry.processor.RetryProcessor}, over {@code javax.lang.model}) and the engine's
 * check at a method's first call (over reflection, after operators' overrides) both adapt what they see to these
 * functions, so that both decide the same way and say the same thing in the same words, and neither writes a message
 * of its own.
 *
 * <p>Each rule is a static function over plain values: numbers, strings, booleans, names of classes. It returns the
 * problem as a phrase such as {@code tries = 0, must be >= 1 ...}, or null when there is none. Where a rule needs to
 * relate classes (is one a subclass of the other?) it is generic in how the caller represents a class ({@code Class}
 * or {@code TypeMirror}) and takes the relation as a function.
 *
 * <p><b>Internal.</b> Public only because the engine, in another module, uses it; not an API for users, and no
 * compatibility is promised from one version to the next. It depends on nothing but the JDK and the annotations.
 */
public final class RetryRules {

    /** The most parameters a method with {@code recover} or {@code logArguments} may have. */
    public static final int MAX_CAPTURED_PARAMETERS = 10;

    private static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "char", "short", "int", "long", "float",
            "double", "void");

    private RetryRules() {
    }

    // ---- the report ------------------------------------------------------------------------------------------

    /** {@code com.acme.Client.fetch(String, int)}: how every message names a method. */
    public static String method(String className, String methodName, List<String> simpleParameterTypes) {
        return className + "." + methodName + "(" + String.join(", ", simpleParameterTypes) + ")";
    }

    /** How the engine names a method whose {@code @Retry} comes from its type. */
    public static String fromTypeLevel(String method, String typeName) {
        return method + " (from @Retry on " + typeName + ")";
    }

    /** The one message that reports every problem of a {@code @Retry}, at compile time and at run time. */
    public static String report(String where, List<String> problems) {
        return "@Retry on " + where + ": " + String.join("; ", problems);
    }

    /** The warning for a {@code @Retry} on a method with no body to weave; null if it has one. */
    public static String notWoven(String method, boolean isNative, boolean isAbstract) {
        String why = isNative ? "native" : isAbstract ? "abstract" : null;
        return why == null ? null : "@Retry on " + method + " does nothing: the method is " + why
                + " and has no body to weave; put @Retry on the implementation";
    }

    /**
     * The warning for a {@code synchronized} method that may retry: it keeps its monitor through every wait between
     * attempts. Null if the method is not synchronized or makes a single attempt.
     */
    public static String holdsMonitorWhileWaiting(String method, boolean isSynchronized, boolean isStatic, int tries) {
        if (!isSynchronized || tries == 1) {
            return null;
        }
        return "@Retry on " + method + ": the method is synchronized, so it keeps the monitor of its "
                + (isStatic ? "class" : "object") + " through every wait between attempts and blocks the other"
                + " synchronized methods meanwhile; synchronize a block inside the method instead, or put @Retry on"
                + " an unsynchronized method that calls it";
    }

    // ---- numbers and jitter ------------------------------------------------------------------------------------

    /**
     * The problems of the numeric and jitter attributes, in the order they are reported.
     *
     * @param label how to name an attribute in a message (the engine adds where an override came from)
     */
    public static List<String> numbers(int tries, long delay, double backoff, long jitter, long minDelay,
                                       long maxDelay, long maxDuration, long attemptTimeout, int hedges,
                                       long hedgeDelay, RandomJitter randomJitter,
                                       double jitterRatio, UnaryOperator<String> label) {
        List<String> problems = new ArrayList<>();
        add(problems, tries(label.apply("tries"), tries));
        add(problems, delay(label.apply("delay"), delay));
        add(problems, backoff(label.apply("backoff"), backoff));
        add(problems, minDelay(label.apply("minDelay"), minDelay));
        add(problems, maxDelay(label.apply("maxDelay"), maxDelay, minDelay));
        add(problems, maxDuration(label.apply("maxDuration"), maxDuration));
        add(problems, attemptTimeout(label.apply("attemptTimeout"), attemptTimeout));
        add(problems, hedges(label.apply("hedges"), hedges, tries));
        add(problems, hedgeDelay(label.apply("hedgeDelay"), hedgeDelay));
        add(problems, jitterRatio(label.apply("jitterRatio"), jitterRatio, randomJitter));
        add(problems, jitterWithoutDelay(label.apply("randomJitter"), randomJitter, delay, jitter));
        add(problems, decorrelatedDefaults(label.apply("randomJitter"), randomJitter, backoff, jitter));
        return problems;
    }

    public static String tries(String label, int tries) {
        return tries != 0 ? null : label + " = 0, must be >= 1 (total attempts, the first included)"
                + " or negative (until success)";
    }

    public static String delay(String label, long delay) {
        return delay >= 0 ? null : label + " = " + delay + ", must be >= 0";
    }

    public static String backoff(String label, double backoff) {
        return backoff > 0 && !Double.isInfinite(backoff) ? null
                : label + " = " + backoff + ", must be > 0 and finite";
    }

    public static String minDelay(String label, long minDelay) {
        return minDelay >= 0 ? null : label + " = " + minDelay + ", must be >= 0";
    }

    /** {@code maxDelay} is -1 (unbounded) or at least {@code minDelay} (0 when that is itself invalid). */
    public static String maxDelay(String label, long maxDelay, long minDelay) {
        return maxDelay == -1 || maxDelay >= Math.max(0, minDelay) ? null
                : label + " = " + maxDelay + ", must be -1 (unbounded) or >= minDelay (" + minDelay + ")";
    }

    public static String maxDuration(String label, long maxDuration) {
        return noneOrPositive(label, maxDuration);
    }

    public static String attemptTimeout(String label, long attemptTimeout) {
        return noneOrPositive(label, attemptTimeout);
    }

    /** {@code hedges >= 0}; a hedge is an attempt, so a method with hedges needs tries for them. */
    public static String hedges(String label, int hedges, int tries) {
        if (hedges < 0) {
            return label + " = " + hedges + ", must be >= 0";
        }
        return hedges == 0 || tries != 1 ? null : label + " = " + hedges + " with tries = 1: every hedge is an attempt,"
                + " and the tries allow none beside the first";
    }

    public static String hedgeDelay(String label, long hedgeDelay) {
        return hedgeDelay >= 0 ? null : label + " = " + hedgeDelay + ", must be >= 0";
    }

    /**
     * Hedges run attempts side by side, which only a method returning a {@code CompletionStage} can, or a Reactor
     * {@code Mono} retried by retry-reactor: null if there are none, or if it returns one.
     *
     * @param sideBySide whether the method can run attempts side by side (a stage, or a Mono with retry-reactor)
     */
    public static String hedgesNeedAStage(String label, int hedges, boolean sideBySide, String returnType) {
        return hedges <= 0 || sideBySide ? null : label + " = " + hedges + " on a method returning " + returnType
                + ": hedged attempts run side by side, which only a method returning a CompletionStage (a"
                + " CompletableFuture), or a Reactor Mono with retry-reactor, can; a blocking call runs one attempt"
                + " at a time";
    }

    private static String noneOrPositive(String label, long value) {
        return value == -1 || value > 0 ? null : label + " = " + value + ", must be -1 (none) or > 0";
    }

    /** An explicit {@code jitterRatio} (NaN means unset) is for PROPORTIONAL jitter only, and in [0, 1]. */
    public static String jitterRatio(String label, double jitterRatio, RandomJitter randomJitter) {
        if (Double.isNaN(jitterRatio)) {
            return null;
        }
        if (randomJitter != RandomJitter.PROPORTIONAL) {
            return label + " = " + jitterRatio + " only applies to randomJitter = PROPORTIONAL, not " + randomJitter;
        }
        return jitterRatio >= 0 && jitterRatio <= 1 ? null : label + " = " + jitterRatio + ", must be in [0, 1]";
    }

    /** Random jitter over waits that are all 0 would do nothing. */
    public static String jitterWithoutDelay(String label, RandomJitter randomJitter, long delay, long jitter) {
        return randomJitter == RandomJitter.NONE || delay != 0 || jitter > 0 ? null
                : label + " = " + randomJitter + " with delay = 0: every wait would be 0, so the jitter would do"
                + " nothing";
    }

    /** DECORRELATED computes each wait from the previous one: backoff and jitter must keep their defaults. */
    public static String decorrelatedDefaults(String label, RandomJitter randomJitter, double backoff, long jitter) {
        return randomJitter != RandomJitter.DECORRELATED || (backoff == 1.0 && jitter == 0) ? null
                : label + " = DECORRELATED computes every wait from the previous one; backoff (" + backoff
                + ") and jitter (" + jitter + ") must keep their defaults";
    }

    // ---- classes -----------------------------------------------------------------------------------------------

    /**
     * {@code abortOn} must not cover every class of {@code exceptions}, or nothing listed would ever be retried.
     *
     * @param isSubclass  whether the first class is the second or a subclass of it
     * @param simpleName  how a message names a class
     */
    public static <T> String abortOnCoversExceptions(String abortOnLabel, List<T> abortOn, String exceptionsLabel,
                                                     List<T> exceptions, BiPredicate<T, T> isSubclass,
                                                     Function<T, String> simpleName) {
        boolean coversAll = !exceptions.isEmpty() && exceptions.stream()
                .allMatch(e -> abortOn.stream().anyMatch(a -> isSubclass.test(e, a)));
        return !coversAll ? null : abortOnLabel + " = " + names(abortOn, simpleName) + " covers every class of "
                + exceptionsLabel + " = " + names(exceptions, simpleName) + ", so nothing listed would ever be retried";
    }

    /**
     * The problems of the {@code waitOn} entries: each names at least one class, waits at least 0, and no class is
     * named twice.
     *
     * @param classes one list per entry, its {@code value}
     * @param delays  one per entry, its {@code delay}
     */
    public static <T> List<String> waitOn(List<List<T>> classes, List<Long> delays, BiPredicate<T, T> same,
                                          Function<T, String> simpleName) {
        List<String> problems = new ArrayList<>();
        List<T> seen = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            List<T> entry = classes.get(i);
            long delay = delays.get(i);
            if (entry.isEmpty()) {
                problems.add("waitOn: an entry with delay = " + delay + " names no exception class");
            }
            if (delay < 0) {
                problems.add("waitOn " + names(entry, simpleName) + ": delay = " + delay + ", must be >= 0");
            }
            for (T c : entry) {
                if (seen.stream().anyMatch(s -> same.test(s, c))) {
                    problems.add("waitOn names " + simpleName.apply(c) + " twice");
                }
                seen.add(c);
            }
        }
        return problems;
    }

    /**
     * Why a predicate class cannot be created with its public no-argument constructor, as far as its declaration
     * tells: null if nothing in it stops that.
     *
     * @param innerClass a nested class that is not static (it needs an enclosing instance)
     */
    public static String predicateShape(boolean isPublic, boolean isAbstract, boolean innerClass,
                                        boolean publicNoArgumentConstructor) {
        if (!isPublic || isAbstract) {
            return "not a public concrete class";
        }
        if (innerClass) {
            return "an inner class: it needs to be static";
        }
        return publicNoArgumentConstructor ? null : "no public no-argument constructor";
    }

    /**
     * A {@code giveUpIf} or {@code retryIfResult} class that cannot be instantiated.
     *
     * @param className the class's binary name
     * @param why       what stops it: {@link #predicateShape}, or what its constructor threw
     */
    public static String predicateNotInstantiable(String attribute, String className, String why) {
        return attribute + " = " + className + ".class cannot be instantiated: it needs to be a public class with a"
                + " public no-argument constructor (" + why + ")";
    }

    /**
     * A {@code giveUpIf} or {@code retryIfResult} class the JVM cannot initialize or link: its static initializer
     * threw (now or at an earlier use), or a class it needs is missing.
     *
     * @param why what the JVM threw, with its cause
     */
    public static String predicateNotInitialized(String attribute, String className, String why) {
        return attribute + " = " + className + ".class cannot be initialized: its static initializer threw, or a"
                + " class it needs is missing (" + why + ")";
    }

    // ---- results -----------------------------------------------------------------------------------------------

    /** A result predicate on a method that returns nothing; null if it returns something. */
    public static String retryIfResultOnVoid(String predicateSimpleName, boolean returnsVoid) {
        return !returnsVoid ? null : "retryIfResult = " + predicateSimpleName + ".class on a method that returns"
                + " nothing: there is no result to test";
    }

    /**
     * A result predicate whose type argument cannot hold what the method returns would fail on every successful
     * call: one of the two classes must be assignable to the other.
     *
     * @param tested     the T of the predicate's {@code ResultPredicate<T>}
     * @param result     what the method returns, boxed; for a CompletionStage, the stage's value
     * @param isSubclass whether the first class is the second or a subclass of it
     */
    public static <T> String retryIfResultType(String predicateSimpleName, T tested, T result,
                                               BiPredicate<T, T> isSubclass, Function<T, String> simpleName) {
        return isSubclass.test(result, tested) || isSubclass.test(tested, result) ? null
                : "retryIfResult = " + predicateSimpleName + ".class tests " + simpleName.apply(tested)
                + ", but the method's result is " + simpleName.apply(result);
    }

    /**
     * An asynchronous method (one returning a CompletionStage other than CompletionStage and CompletableFuture
     * themselves) must return a type the engine can create: a CompletableFuture with a public no-argument
     * constructor.
     */
    public static String asyncReturnType(String returnTypeName, boolean completableFuture,
                                         boolean publicNoArgumentConstructor) {
        return completableFuture && publicNoArgumentConstructor ? null
                : "returns " + returnTypeName + ": an asynchronous @Retry method must be declared to return"
                + " CompletionStage, CompletableFuture, or a subclass of CompletableFuture with a public"
                + " no-argument constructor";
    }

    // ---- recover -----------------------------------------------------------------------------------------------

    /** {@code recover} names a method of the retried method's own class, which a type-level @Retry does not have. */
    public static String recoverOnType(String recover) {
        return "recover = \"" + recover + "\" is not allowed on a type-level @Retry: each method would need its own"
                + " recovery method; put @Retry(recover = ...) on the method";
    }

    /**
     * No other method has the name {@code recover}.
     *
     * @param namesItself the name is the retried method's own
     */
    public static String recoverNotFound(String recover, boolean namesItself, String className) {
        return "recover = \"" + recover + "\": " + (namesItself ? "names the retried method itself"
                : "no method " + recover + " in " + className);
    }

    /**
     * Why a method named by {@code recover} cannot recover the retried method, or null if it can: it takes the same
     * parameters, optionally preceded by a Throwable (or a subclass); it returns what the retried method returns
     * (assignable to it, for references); it is static if the retried method is.
     *
     * @param retriedParameters   the erased parameter types of the retried method, as class names
     * @param candidateParameters the candidate's, likewise
     * @param firstIsThrowable    the candidate's first parameter is Throwable or a subclass
     * @param expectedReturn      the retried method's return type, as a class name ({@code int}, {@code void} ...)
     * @param actualReturn        the candidate's
     * @param returnAssignable    for two reference types: the candidate's return type is assignable to the other
     */
    public static String recoverMismatch(List<String> retriedParameters, List<String> candidateParameters,
                                         boolean firstIsThrowable, String expectedReturn, String actualReturn,
                                         boolean returnAssignable, boolean retriedStatic, boolean candidateStatic) {
        boolean plain = candidateParameters.equals(retriedParameters);
        boolean withFailure = candidateParameters.size() == retriedParameters.size() + 1 && firstIsThrowable
                && candidateParameters.subList(1, candidateParameters.size()).equals(retriedParameters);
        if (!plain && !withFailure) {
            return "has other parameters";
        }
        boolean primitive = PRIMITIVES.contains(expectedReturn) || PRIMITIVES.contains(actualReturn);
        if (primitive ? !expectedReturn.equals(actualReturn) : !returnAssignable) {
            return "returns " + actualReturn + ", not " + expectedReturn;
        }
        if (retriedStatic && !candidateStatic) {
            return "is not static, and the retried method is";
        }
        return null;
    }

    /**
     * Methods are named {@code recover}, but none matches.
     *
     * @param mismatches              each candidate as {@link #method} names it, a space, and its
     *                                {@link #recoverMismatch}
     * @param simpleParameterTypes    the retried method's parameter types, simple names
     * @param returnTypeName          the retried method's return type, as a class name
     */
    public static String recoverNoMatch(String recover, String className, List<String> mismatches,
                                        List<String> simpleParameterTypes, String returnTypeName,
                                        boolean retriedStatic) {
        String signature = String.join(", ", simpleParameterTypes);
        return "recover = \"" + recover + "\": no method " + recover + " of " + className + " matches: "
                + String.join("; ", mismatches) + ". Expected " + recover + "(" + signature + ") or " + recover
                + "(Throwable, " + signature + ") returning " + returnTypeName + (retriedStatic ? ", static" : "");
    }

    /** More than one method named {@code recover} matches, each as {@link #method} names it. */
    public static String recoverAmbiguous(String recover, List<String> matching) {
        return "recover = \"" + recover + "\": ambiguous: " + matching.size() + " methods match ("
                + String.join(", ", matching) + ")";
    }

    /** The engine cannot call the recovery method it found. */
    public static String recoverInaccessible(String recover, String method, String error) {
        return "recover = \"" + recover + "\": " + method + " cannot be made accessible: " + error;
    }

    /** The arguments of a recovered call are captured, up to {@link #MAX_CAPTURED_PARAMETERS}. */
    public static String recoverParameters(int parameters) {
        return parameters <= MAX_CAPTURED_PARAMETERS ? null : "recover needs a method of at most "
                + MAX_CAPTURED_PARAMETERS + " parameters, this one has " + parameters;
    }

    /** The arguments of a logged call are captured, up to {@link #MAX_CAPTURED_PARAMETERS}. */
    public static String logArgumentsParameters(boolean logArguments, int parameters) {
        return !logArguments || parameters <= MAX_CAPTURED_PARAMETERS ? null : "logArguments = true needs a method of"
                + " at most " + MAX_CAPTURED_PARAMETERS + " parameters, this one has " + parameters;
    }

    // ---- budget ------------------------------------------------------------------------------------------------

    /** A budget name is empty (no budget) or has no surrounding blanks; null if it is usable. */
    public static String budgetName(String budget) {
        return budget.isEmpty() || (!budget.isBlank() && budget.equals(budget.trim())) ? null
                : "budget = \"" + budget + "\" is not a usable name";
    }

    /**
     * The sizes given to a budget do not make one.
     *
     * @param error            what parsing or creating the budget said
     * @param maxTokensOrigin  where {@code maxTokens} was given, or null
     * @param tokenRatioOrigin where {@code tokenRatio} was given, or null
     */
    public static String budgetSizes(String budget, String error, String maxTokensOrigin, String tokenRatioOrigin) {
        return "budget = \"" + budget + "\": " + error + (maxTokensOrigin != null ? " (" + maxTokensOrigin + ")" : "")
                + (tokenRatioOrigin != null ? " (" + tokenRatioOrigin + ")" : "");
    }

    // ---- overrides ---------------------------------------------------------------------------------------------

    /** How a message names an attribute whose value an override gave. */
    public static String overridden(String attribute, String origin) {
        return attribute + " (from " + origin + ")";
    }

    /** An override whose text does not parse as the attribute's type. */
    public static String unparsable(String label, String text, String error) {
        return label + " = '" + text + "' is not a valid value: " + error;
    }

    /** Why {@code text} is not a boolean an override may give, or null if it is one. */
    public static String notABoolean(String text) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false") ? null : "expected true or false";
    }

    /**
     * An override whose value has a comment after it: {@code .properties} files have no inline comments, so the
     * comment is part of the value.
     *
     * @param label    the attribute and where its value came from, or the key and its file
     * @param trailing the text after the value, from its {@code #} or {@code !}
     */
    public static String trailingText(String label, String text, String trailing) {
        return label + " = '" + text + "' has trailing text '" + trailing + "': .properties comments must start a"
                + " line";
    }

    /** The {@code enabled} override is true or false; null if it is. */
    public static String enabled(String text, String origin) {
        return notABoolean(text) == null ? null : "enabled = " + text + " (from " + origin
                + "), must be true or false";
    }

    /** A class an override lists that is not there. */
    public static String noSuchClass(String name) {
        return "no class " + name;
    }

    /** A class an override lists as an exception that is none. */
    public static String notAThrowable(String name) {
        return name + " is not a Throwable";
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static <T> String names(List<T> classes, Function<T, String> simpleName) {
        return classes.stream().map(simpleName).collect(Collectors.joining(", ", "{", "}"));
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }
}
