package dev.ajretry.rules;

import dev.ajretry.RandomJitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Each rule, as a table: what it is given, and the exact sentence it reports (or null when there is nothing wrong).
 * These sentences are what users read at compile time and at the first call, so the table spells them out in full.
 */
class RetryRulesTest {

    /** A tiny class hierarchy standing in for Class or TypeMirror: each name maps to its superclass. */
    private static final Map<String, String> SUPER = Map.of(
            "FileNotFoundException", "IOException",
            "IOException", "Exception",
            "IllegalStateException", "RuntimeException",
            "RuntimeException", "Exception",
            "Integer", "Number",
            "Number", "Object",
            "String", "Object",
            "Exception", "Object");

    private static final BiPredicate<String, String> IS_SUBCLASS = (sub, sup) -> {
        for (String c = sub; c != null; c = SUPER.get(c)) {
            if (c.equals(sup)) {
                return true;
            }
        }
        return false;
    };

    private static final Function<String, String> NAME = Function.identity();

    private static Arguments row(String rule, Supplier<Object> actual, Object expected) {
        return arguments(rule, actual, expected);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // ---- the report
                row("method", () -> RetryRules.method("com.acme.Client", "fetch", List.of("String", "int")),
                        "com.acme.Client.fetch(String, int)"),
                row("method without parameters", () -> RetryRules.method("com.acme.Client", "ping", List.of()),
                        "com.acme.Client.ping()"),
                row("fromTypeLevel", () -> RetryRules.fromTypeLevel("com.acme.Client.ping()", "com.acme.Client"),
                        "com.acme.Client.ping() (from @Retry on com.acme.Client)"),
                row("report", () -> RetryRules.report("com.acme.Client.ping()", List.of("a", "b")),
                        "@Retry on com.acme.Client.ping(): a; b"),
                row("notWoven abstract", () -> RetryRules.notWoven("com.acme.Client.get(String)", false, true),
                        "@Retry on com.acme.Client.get(String) does nothing: the method is abstract and has no body"
                                + " to weave; put @Retry on the implementation"),
                row("notWoven native (native wins)", () -> RetryRules.notWoven("C.m()", true, true),
                        "@Retry on C.m() does nothing: the method is native and has no body to weave; put @Retry"
                                + " on the implementation"),
                row("notWoven with a body", () -> RetryRules.notWoven("C.m()", false, false), null),

                // ---- numbers
                row("tries = 0", () -> RetryRules.tries("tries", 0),
                        "tries = 0, must be >= 1 (total attempts, the first included) or negative (until success)"),
                row("tries = -1", () -> RetryRules.tries("tries", -1), null),
                row("tries = 1", () -> RetryRules.tries("tries", 1), null),
                row("delay = -5", () -> RetryRules.delay("delay", -5), "delay = -5, must be >= 0"),
                row("delay = 0", () -> RetryRules.delay("delay", 0), null),
                row("backoff = 0", () -> RetryRules.backoff("backoff", 0), "backoff = 0.0, must be > 0 and finite"),
                row("backoff = -2", () -> RetryRules.backoff("backoff", -2), "backoff = -2.0, must be > 0 and finite"),
                row("backoff = NaN", () -> RetryRules.backoff("backoff", Double.NaN),
                        "backoff = NaN, must be > 0 and finite"),
                row("backoff = Infinity", () -> RetryRules.backoff("backoff", Double.POSITIVE_INFINITY),
                        "backoff = Infinity, must be > 0 and finite"),
                row("backoff = 0.5", () -> RetryRules.backoff("backoff", 0.5), null),
                row("minDelay = -1", () -> RetryRules.minDelay("minDelay", -1), "minDelay = -1, must be >= 0"),
                row("minDelay = 0", () -> RetryRules.minDelay("minDelay", 0), null),
                row("maxDelay below minDelay", () -> RetryRules.maxDelay("maxDelay", 50, 100),
                        "maxDelay = 50, must be -1 (unbounded) or >= minDelay (100)"),
                row("maxDelay = -2", () -> RetryRules.maxDelay("maxDelay", -2, 0),
                        "maxDelay = -2, must be -1 (unbounded) or >= minDelay (0)"),
                row("maxDelay = -1", () -> RetryRules.maxDelay("maxDelay", -1, 100), null),
                row("maxDelay = minDelay", () -> RetryRules.maxDelay("maxDelay", 100, 100), null),
                row("maxDelay = 0 with an invalid minDelay", () -> RetryRules.maxDelay("maxDelay", 0, -1), null),
                row("maxDuration = 0", () -> RetryRules.maxDuration("maxDuration", 0),
                        "maxDuration = 0, must be -1 (none) or > 0"),
                row("maxDuration = -5", () -> RetryRules.maxDuration("maxDuration", -5),
                        "maxDuration = -5, must be -1 (none) or > 0"),
                row("maxDuration = -1", () -> RetryRules.maxDuration("maxDuration", -1), null),
                row("attemptTimeout = 0", () -> RetryRules.attemptTimeout("attemptTimeout", 0),
                        "attemptTimeout = 0, must be -1 (none) or > 0"),
                row("attemptTimeout = -2", () -> RetryRules.attemptTimeout("attemptTimeout", -2),
                        "attemptTimeout = -2, must be -1 (none) or > 0"),
                row("attemptTimeout = -1", () -> RetryRules.attemptTimeout("attemptTimeout", -1), null),
                row("attemptTimeout = 1", () -> RetryRules.attemptTimeout("attemptTimeout", 1), null),
                row("hedges = -1", () -> RetryRules.hedges("hedges", -1, 3), "hedges = -1, must be >= 0"),
                row("hedges = 2, tries = 1", () -> RetryRules.hedges("hedges", 2, 1), "hedges = 2 with tries = 1:"
                        + " every hedge is an attempt, and the tries allow none beside the first"),
                row("hedges = 2, tries = -1", () -> RetryRules.hedges("hedges", 2, -1), null),
                row("hedges = 0, tries = 1", () -> RetryRules.hedges("hedges", 0, 1), null),
                row("hedgeDelay = -1", () -> RetryRules.hedgeDelay("hedgeDelay", -1), "hedgeDelay = -1, must be >= 0"),
                row("hedgeDelay = 0", () -> RetryRules.hedgeDelay("hedgeDelay", 0), null),
                row("hedges on a String method", () -> RetryRules.hedgesNeedAStage("hedges", 1, false,
                        "java.lang.String"), "hedges = 1 on a method returning java.lang.String: hedged attempts run"
                        + " side by side, which only a method returning a CompletionStage (a CompletableFuture), or a"
                        + " Reactor Mono with retry-reactor, can; a blocking call runs one attempt at a time"),
                row("hedges on a stage method", () -> RetryRules.hedgesNeedAStage("hedges", 1, true,
                        "java.util.concurrent.CompletableFuture"), null),
                row("jitterRatio unset", () -> RetryRules.jitterRatio("jitterRatio", Double.NaN, RandomJitter.FULL),
                        null),
                row("jitterRatio with FULL", () -> RetryRules.jitterRatio("jitterRatio", 0.3, RandomJitter.FULL),
                        "jitterRatio = 0.3 only applies to randomJitter = PROPORTIONAL, not FULL"),
                row("jitterRatio = 1.5", () -> RetryRules.jitterRatio("jitterRatio", 1.5,
                        RandomJitter.PROPORTIONAL), "jitterRatio = 1.5, must be in [0, 1]"),
                row("jitterRatio = 1", () -> RetryRules.jitterRatio("jitterRatio", 1, RandomJitter.PROPORTIONAL),
                        null),
                row("jitter without delay", () -> RetryRules.jitterWithoutDelay("randomJitter", RandomJitter.FULL,
                        0, 0), "randomJitter = FULL with delay = 0: every wait would be 0, so the jitter would do"
                        + " nothing"),
                row("jitter with a fixed jitter", () -> RetryRules.jitterWithoutDelay("randomJitter",
                        RandomJitter.FULL, 0, 10), null),
                row("no jitter without delay", () -> RetryRules.jitterWithoutDelay("randomJitter", RandomJitter.NONE,
                        0, 0), null),
                row("DECORRELATED with backoff", () -> RetryRules.decorrelatedDefaults("randomJitter",
                        RandomJitter.DECORRELATED, 2.0, 0), "randomJitter = DECORRELATED computes every wait from"
                        + " the previous one; backoff (2.0) and jitter (0) must keep their defaults"),
                row("DECORRELATED with jitter", () -> RetryRules.decorrelatedDefaults("randomJitter",
                        RandomJitter.DECORRELATED, 1.0, 5), "randomJitter = DECORRELATED computes every wait from"
                        + " the previous one; backoff (1.0) and jitter (5) must keep their defaults"),
                row("DECORRELATED with defaults", () -> RetryRules.decorrelatedDefaults("randomJitter",
                        RandomJitter.DECORRELATED, 1.0, 0), null),
                row("FULL with backoff", () -> RetryRules.decorrelatedDefaults("randomJitter", RandomJitter.FULL,
                        2.0, 5), null),
                row("a label names the override", () -> RetryRules.backoff(
                        RetryRules.overridden("backoff", "system property ajretry.X.m.backoff"), 0),
                        "backoff (from system property ajretry.X.m.backoff) = 0.0, must be > 0 and finite"),

                // ---- classes
                row("abortOn covers every exception", () -> RetryRules.abortOnCoversExceptions("abortOn",
                        List.of("IOException"), "exceptions", List.of("FileNotFoundException"), IS_SUBCLASS, NAME),
                        "abortOn = {IOException} covers every class of exceptions = {FileNotFoundException}, so"
                                + " nothing listed would ever be retried"),
                row("abortOn covers some", () -> RetryRules.abortOnCoversExceptions("abortOn",
                        List.of("FileNotFoundException"), "exceptions", List.of("IOException"), IS_SUBCLASS, NAME),
                        null),
                row("abortOn without exceptions", () -> RetryRules.abortOnCoversExceptions("abortOn",
                        List.of("Exception"), "exceptions", List.of(), IS_SUBCLASS, NAME), null),
                row("abortOn covers two of two", () -> RetryRules.abortOnCoversExceptions("abortOn",
                        List.of("Exception"), "exceptions", List.of("IOException", "IllegalStateException"),
                        IS_SUBCLASS, NAME), "abortOn = {Exception} covers every class of exceptions = {IOException,"
                        + " IllegalStateException}, so nothing listed would ever be retried"),
                row("waitOn: an empty entry", () -> RetryRules.waitOn(List.of(List.of()), List.of(5L),
                        String::equals, NAME), List.of("waitOn: an entry with delay = 5 names no exception class")),
                row("waitOn: a negative delay", () -> RetryRules.waitOn(List.of(List.of("IOException")),
                        List.of(-1L), String::equals, NAME), List.of("waitOn {IOException}: delay = -1, must be >= 0")),
                row("waitOn: a class twice", () -> RetryRules.waitOn(List.of(List.of("IOException"),
                                List.of("IllegalStateException", "IOException")), List.of(5L, 6L), String::equals, NAME),
                        List.of("waitOn names IOException twice")),
                row("waitOn: every problem", () -> RetryRules.waitOn(List.of(List.of(), List.of("A", "A")),
                                List.of(-1L, -2L), String::equals, NAME),
                        List.of("waitOn: an entry with delay = -1 names no exception class",
                                "waitOn {}: delay = -1, must be >= 0", "waitOn {A, A}: delay = -2, must be >= 0",
                                "waitOn names A twice")),
                row("waitOn: fine", () -> RetryRules.waitOn(List.of(List.of("IOException"), List.of("Exception")),
                        List.of(0L, 10L), String::equals, NAME), List.of()),
                row("predicateShape: not public", () -> RetryRules.predicateShape(false, false, false, true),
                        "not a public concrete class"),
                row("predicateShape: abstract", () -> RetryRules.predicateShape(true, true, false, true),
                        "not a public concrete class"),
                row("predicateShape: inner class", () -> RetryRules.predicateShape(true, false, true, false),
                        "an inner class: it needs to be static"),
                row("predicateShape: no constructor", () -> RetryRules.predicateShape(true, false, false, false),
                        "no public no-argument constructor"),
                row("predicateShape: fine", () -> RetryRules.predicateShape(true, false, false, true), null),
                row("predicateNotInstantiable", () -> RetryRules.predicateNotInstantiable("giveUpIf",
                        "com.acme.Client$Strict", "no public no-argument constructor"),
                        "giveUpIf = com.acme.Client$Strict.class cannot be instantiated: it needs to be a public"
                                + " class with a public no-argument constructor (no public no-argument constructor)"),

                // ---- results
                row("retryIfResult on void", () -> RetryRules.retryIfResultOnVoid("IsNull", true),
                        "retryIfResult = IsNull.class on a method that returns nothing: there is no result to test"),
                row("retryIfResult on a value", () -> RetryRules.retryIfResultOnVoid("IsNull", false), null),
                row("retryIfResult of another type", () -> RetryRules.retryIfResultType("IsBlank", "String",
                        "Integer", IS_SUBCLASS, NAME),
                        "retryIfResult = IsBlank.class tests String, but the method's result is Integer"),
                row("retryIfResult of a supertype", () -> RetryRules.retryIfResultType("IsZero", "Number",
                        "Integer", IS_SUBCLASS, NAME), null),
                row("retryIfResult of a subtype", () -> RetryRules.retryIfResultType("IsZero", "Integer",
                        "Number", IS_SUBCLASS, NAME), null),
                row("async: not a CompletableFuture", () -> RetryRules.asyncReturnType("com.acme.MyStage", false,
                        false), "returns com.acme.MyStage: an asynchronous @Retry method must be declared to return"
                        + " CompletionStage, CompletableFuture, or a subclass of CompletableFuture with a public"
                        + " no-argument constructor"),
                row("async: no constructor", () -> RetryRules.asyncReturnType("com.acme.MyFuture", true, false),
                        "returns com.acme.MyFuture: an asynchronous @Retry method must be declared to return"
                                + " CompletionStage, CompletableFuture, or a subclass of CompletableFuture with a"
                                + " public no-argument constructor"),
                row("async: fine", () -> RetryRules.asyncReturnType("com.acme.MyFuture", true, true), null),

                // ---- recover
                row("recover on a type", () -> RetryRules.recoverOnType("fallback"),
                        "recover = \"fallback\" is not allowed on a type-level @Retry: each method would need its"
                                + " own recovery method; put @Retry(recover = ...) on the method"),
                row("recover: no method", () -> RetryRules.recoverNotFound("missing", false, "com.acme.Client"),
                        "recover = \"missing\": no method missing in com.acme.Client"),
                row("recover: itself", () -> RetryRules.recoverNotFound("fetch", true, "com.acme.Client"),
                        "recover = \"fetch\": names the retried method itself"),
                row("mismatch: other parameters", () -> RetryRules.recoverMismatch(List.of("int"),
                        List.of("java.lang.String"), false, "java.lang.String", "java.lang.String", true, false,
                        false), "has other parameters"),
                row("mismatch: a first parameter that is no Throwable", () -> RetryRules.recoverMismatch(
                        List.of("int"), List.of("java.lang.String", "int"), false, "void", "void", true, false,
                        false), "has other parameters"),
                row("mismatch: other return type", () -> RetryRules.recoverMismatch(List.of("int"), List.of("int"),
                        false, "java.lang.String", "java.lang.Integer", false, false, false),
                        "returns java.lang.Integer, not java.lang.String"),
                row("mismatch: primitive return types", () -> RetryRules.recoverMismatch(List.of(), List.of(),
                        false, "int", "long", true, false, false), "returns long, not int"),
                row("mismatch: boxed for primitive", () -> RetryRules.recoverMismatch(List.of(), List.of(),
                        false, "int", "java.lang.Integer", true, false, false), "returns java.lang.Integer, not int"),
                row("mismatch: not static", () -> RetryRules.recoverMismatch(List.of(), List.of(), false, "void",
                        "void", false, true, false), "is not static, and the retried method is"),
                row("mismatch: none, same parameters", () -> RetryRules.recoverMismatch(List.of("int"),
                        List.of("int"), false, "java.lang.Object", "java.lang.String", true, false, false), null),
                row("mismatch: none, failure first", () -> RetryRules.recoverMismatch(List.of("int"),
                        List.of("java.io.IOException", "int"), true, "void", "void", false, true, true), null),
                row("recover: none matches", () -> RetryRules.recoverNoMatch("fallback", "com.acme.Client",
                        List.of("com.acme.Client.fallback(int) has other parameters"), List.of("String"),
                        "java.lang.String", true),
                        "recover = \"fallback\": no method fallback of com.acme.Client matches:"
                                + " com.acme.Client.fallback(int) has other parameters. Expected fallback(String) or"
                                + " fallback(Throwable, String) returning java.lang.String, static"),
                row("recover: ambiguous", () -> RetryRules.recoverAmbiguous("fallback",
                        List.of("C.fallback(int)", "C.fallback(Throwable, int)")),
                        "recover = \"fallback\": ambiguous: 2 methods match (C.fallback(int), C.fallback(Throwable,"
                                + " int))"),
                row("recover: inaccessible", () -> RetryRules.recoverInaccessible("fallback", "C.fallback()",
                        "java.lang.SecurityException: no"),
                        "recover = \"fallback\": C.fallback() cannot be made accessible: java.lang.SecurityException:"
                                + " no"),
                row("recover: 11 parameters", () -> RetryRules.recoverParameters(11),
                        "recover needs a method of at most 10 parameters, this one has 11"),
                row("recover: 10 parameters", () -> RetryRules.recoverParameters(10), null),
                row("logArguments: 11 parameters", () -> RetryRules.logArgumentsParameters(true, 11),
                        "logArguments = true needs a method of at most 10 parameters, this one has 11"),
                row("logArguments: 10 parameters", () -> RetryRules.logArgumentsParameters(true, 10), null),
                row("logArguments off", () -> RetryRules.logArgumentsParameters(false, 11), null),

                // ---- budget
                row("budget: blank", () -> RetryRules.budgetName(" "), "budget = \" \" is not a usable name"),
                row("budget: padded", () -> RetryRules.budgetName(" db"), "budget = \" db\" is not a usable name"),
                row("budget: none", () -> RetryRules.budgetName(""), null),
                row("budget: fine", () -> RetryRules.budgetName("db"), null),
                row("budget sizes", () -> RetryRules.budgetSizes("db", "For input string: \"x\"",
                        "system property ajretry.budget.db.maxTokens", null),
                        "budget = \"db\": For input string: \"x\" (system property ajretry.budget.db.maxTokens)"),
                row("budget sizes, both", () -> RetryRules.budgetSizes("db", "bad", "a", "b"),
                        "budget = \"db\": bad (a) (b)"),

                // ---- overrides
                row("overridden", () -> RetryRules.overridden("tries", "ajretry.properties"),
                        "tries (from ajretry.properties)"),
                row("unparsable", () -> RetryRules.unparsable("tries (from ajretry.properties)", "zero",
                        "For input string: \"zero\""), "tries (from ajretry.properties) = 'zero' is not a valid"
                        + " value: For input string: \"zero\""),
                row("notABoolean", () -> RetryRules.notABoolean("yes"), "expected true or false"),
                row("a boolean", () -> RetryRules.notABoolean("TRUE"), null),
                row("enabled: not a boolean", () -> RetryRules.enabled("off", "system property ajretry.enabled"),
                        "enabled = off (from system property ajretry.enabled), must be true or false"),
                row("enabled: false", () -> RetryRules.enabled("False", "x"), null),
                row("noSuchClass", () -> RetryRules.noSuchClass("com.acme.Gone"), "no class com.acme.Gone"),
                row("notAThrowable", () -> RetryRules.notAThrowable("java.lang.String"),
                        "java.lang.String is not a Throwable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleSaysWhatIsWrongOrNothing(String rule, Supplier<Object> actual, Object expected) {
        assertThat(actual.get()).isEqualTo(expected);
    }

    @Test
    void numbersReportsEveryProblemInOrderWithTheLabels() {
        List<String> problems = RetryRules.numbers(0, -1, 0, 0, -1, -2, 0, 0, -1, -2, RandomJitter.DECORRELATED, 0.5,
                name -> name.equals("delay") ? "delay (from test)" : name);

        assertThat(problems).containsExactly(
                "tries = 0, must be >= 1 (total attempts, the first included) or negative (until success)",
                "delay (from test) = -1, must be >= 0",
                "backoff = 0.0, must be > 0 and finite",
                "minDelay = -1, must be >= 0",
                "maxDelay = -2, must be -1 (unbounded) or >= minDelay (-1)",
                "maxDuration = 0, must be -1 (none) or > 0",
                "attemptTimeout = 0, must be -1 (none) or > 0",
                "hedges = -1, must be >= 0",
                "hedgeDelay = -2, must be >= 0",
                "jitterRatio = 0.5 only applies to randomJitter = PROPORTIONAL, not DECORRELATED",
                "randomJitter = DECORRELATED computes every wait from the previous one; backoff (0.0) and jitter (0)"
                        + " must keep their defaults");
    }

    @Test
    void theDefaultsOfRetryBreakNoRule() {
        assertThat(RetryRules.numbers(3, 0, 1.0, 0, 0, -1, -1, -1, 0, 0, RandomJitter.NONE, Double.NaN, name -> name))
                .isEmpty();
    }
}
