package dev.ajretry.internal.spec;

import dev.ajretry.internal.env.TokenBucket;

import dev.ajretry.internal.env.Overrides;
import dev.ajretry.internal.text.Texts;

import dev.ajretry.FailurePredicate;
import dev.ajretry.RandomJitter;
import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import dev.ajretry.RetryConfigurationException;
import dev.ajretry.rules.RetryRules;
import dev.ajretry.rules.TrapRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads the {@link Retry} that applies to a method, applies operators' {@link Overrides}, checks every value and
 * resolves what needs reflection (predicates, the recovery method, the budget, the type of an asynchronous result),
 * checks the {@link Traps}, then compiles the result into a {@link RetrySpec}. Every rule and its message come from
 * {@link RetryRules} and {@link TrapRules}, the ones the compile-time check applies too; this class only adapts what
 * reflection sees to them.
 *
 * <p>One reader per method, used once, on one thread; the policy it builds is what is shared.
 */
final class SpecReader {
    /** Hedged besides stages: a Mono, when retry-reactor retries it. */
    private static final String MONO = "reactor.core.publisher.Mono";
    final Method javaMethod;
    final String where;
    final Logger log;
    final boolean typeLevel;
    final List<String> problems = new ArrayList<>();
    /** How a message names each attribute: its name, and the override it came from, if any. */
    final Map<String, String> labels = new HashMap<>();

    int tries;
    long delay;
    TimeUnit unit;
    double backoff;
    long jitter;
    long minDelay;
    long maxDelay;
    long maxDuration;
    long attemptTimeout;
    int hedges;
    long hedgeDelay;
    boolean matchCauses;
    Class<? extends Throwable>[] exceptions;
    Class<? extends Throwable>[] abortOn;
    RandomJitter randomJitter;
    double jitterRatio;
    boolean logArguments;
    boolean disabled;
    String disabledBy;
    final Retry.WaitOn[] waitOn;
    final Class<? extends FailurePredicate> giveUpIf;
    final Class<? extends ResultPredicate<?>> retryIfResult;
    final String recover;

    Class<?>[] waitOnClasses;
    long[] waitOnNanos;
    FailurePredicate giveUpPredicate;
    ResultPredicate<Object> resultPredicate;
    Recovery recovery;
    java.lang.reflect.Constructor<?> resultFutureType;
    final String budgetName;
    final dev.ajretry.Nested whenNested;
    TokenBucket budget;
    boolean singleAttemptWhenNested;

    /**
     * Reads, overrides and validates the {@code @Retry} that applies to {@code method}: its own, else its declaring
     * type's.
     *
     * @throws RetryConfigurationException naming the method and every invalid attribute
     * @throws IllegalArgumentException    if neither the method nor its type carries {@code @Retry}
     */
    static RetrySpec read(Method method, Overrides overrides) {
        Retry retry = method.getAnnotation(Retry.class);
        boolean typeLevel = retry == null;
        String where = RetrySpec.describe(method);
        if (typeLevel) {
            retry = method.getDeclaringClass().getAnnotation(Retry.class);
            where = RetryRules.fromTypeLevel(where, method.getDeclaringClass().getName());
        }
        if (retry == null) {
            throw new IllegalArgumentException("no @Retry on " + RetrySpec.describe(method) + " nor on its class");
        }
        SpecReader reader = new SpecReader(method, where, LoggerFactory.getLogger(method.getDeclaringClass()), retry,
                typeLevel);
        reader.override(overrides);
        return reader.build();
    }

    /** The policy of {@code method} as if it carried {@code retry}: for property tests over generated annotations. */
    static RetrySpec read(Method method, Retry retry, Overrides overrides) {
        SpecReader reader = new SpecReader(method, RetrySpec.describe(method),
                LoggerFactory.getLogger(method.getDeclaringClass()), retry, false);
        reader.override(overrides);
        return reader.build();
    }

    private SpecReader(Method javaMethod, String where, Logger log, Retry retry, boolean typeLevel) {
        this.javaMethod = javaMethod;
        this.where = where;
        this.log = log;
        this.typeLevel = typeLevel;
        tries = retry.tries();
        delay = retry.delay();
        unit = retry.unit();
        backoff = retry.backoff();
        jitter = retry.jitter();
        minDelay = retry.minDelay();
        maxDelay = retry.maxDelay();
        maxDuration = retry.maxDuration();
        attemptTimeout = retry.attemptTimeout();
        hedges = retry.hedges();
        hedgeDelay = retry.hedgeDelay();
        matchCauses = retry.matchCauses();
        exceptions = retry.exceptions();
        abortOn = retry.abortOn();
        randomJitter = retry.randomJitter();
        jitterRatio = retry.jitterRatio();
        logArguments = retry.logArguments();
        waitOn = retry.waitOn();
        giveUpIf = retry.giveUpIf();
        retryIfResult = retry.retryIfResult();
        recover = retry.recover();
        budgetName = retry.budget();
        whenNested = retry.whenNested();
    }

    private String label(String attribute) {
        return labels.getOrDefault(attribute, attribute);
    }

    private void override(Overrides overrides) {
        Class<?> type = javaMethod.getDeclaringClass();
        String name = javaMethod.getName();
        tries = parse(overrides.find(type, name, "tries"), "tries", Integer::parseInt, tries);
        delay = parse(overrides.find(type, name, "delay"), "delay", Long::parseLong, delay);
        unit = parse(overrides.find(type, name, "unit"), "unit",
                s -> TimeUnit.valueOf(s.toUpperCase(Locale.ROOT)), unit);
        backoff = parse(overrides.find(type, name, "backoff"), "backoff", Double::parseDouble, backoff);
        jitter = parse(overrides.find(type, name, "jitter"), "jitter", Long::parseLong, jitter);
        minDelay = parse(overrides.find(type, name, "minDelay"), "minDelay", Long::parseLong, minDelay);
        maxDelay = parse(overrides.find(type, name, "maxDelay"), "maxDelay", Long::parseLong, maxDelay);
        maxDuration = parse(overrides.find(type, name, "maxDuration"), "maxDuration", Long::parseLong,
                maxDuration);
        attemptTimeout = parse(overrides.find(type, name, "attemptTimeout"), "attemptTimeout", Long::parseLong,
                attemptTimeout);
        hedges = parse(overrides.find(type, name, "hedges"), "hedges", Integer::parseInt, hedges);
        hedgeDelay = parse(overrides.find(type, name, "hedgeDelay"), "hedgeDelay", Long::parseLong, hedgeDelay);
        matchCauses = parse(overrides.find(type, name, "matchCauses"), "matchCauses", SpecReader::parseBoolean,
                matchCauses);
        randomJitter = parse(overrides.find(type, name, "randomJitter"), "randomJitter",
                s -> RandomJitter.valueOf(s.toUpperCase(Locale.ROOT)), randomJitter);
        jitterRatio = parse(overrides.find(type, name, "jitterRatio"), "jitterRatio", Double::parseDouble,
                jitterRatio);
        logArguments = parse(overrides.find(type, name, "logArguments"), "logArguments", SpecReader::parseBoolean,
                logArguments);
        exceptions = parse(overrides.find(type, name, "exceptions"), "exceptions", this::classes, exceptions);
        abortOn = parse(overrides.find(type, name, "abortOn"), "abortOn", this::classes, abortOn);
        Overrides.Value enabled = overrides.find(type, name, "enabled");
        if (enabled != null) {
            String trailing = Overrides.trailingText(enabled.text(), text -> RetryRules.notABoolean(text) == null);
            add(trailing != null
                    ? RetryRules.trailingText(RetryRules.overridden("enabled", enabled.origin()), enabled.text(),
                            trailing)
                    : RetryRules.enabled(enabled.text(), enabled.origin()));
        }
        singleAttemptWhenNested = whenNested == dev.ajretry.Nested.SINGLE_ATTEMPT || overrides.outermostOnly();
        resolveBudget(overrides);
        Overrides.Value off = overrides.disabled(type, name);
        if (off != null) {
            disabled = true;
            disabledBy = off.origin();
        }
    }

    private <T> T parse(Overrides.Value value, String attribute, Function<String, T> parser, T current) {
        if (value == null) {
            return current;
        }
        labels.put(attribute, RetryRules.overridden(attribute, value.origin()));
        String trailing = Overrides.trailingText(value.text(), text -> Overrides.parses(text, parser));
        if (trailing != null) {
            problems.add(RetryRules.trailingText(label(attribute), value.text(), trailing));
            return current;
        }
        try {
            return parser.apply(value.text());
        } catch (RuntimeException e) {
            problems.add(RetryRules.unparsable(label(attribute), value.text(), e.getMessage()));
            return current;
        }
    }

    private static Boolean parseBoolean(String text) {
        String problem = RetryRules.notABoolean(text);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return Boolean.valueOf(text);
    }

    @SuppressWarnings("unchecked")
    private Class<? extends Throwable>[] classes(String list) {
        List<Class<? extends Throwable>> found = new ArrayList<>();
        for (String name : list.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                Class<?> c = Class.forName(name.trim(), false, javaMethod.getDeclaringClass().getClassLoader());
                if (!Throwable.class.isAssignableFrom(c)) {
                    throw new IllegalArgumentException(RetryRules.notAThrowable(name.trim()));
                }
                found.add((Class<? extends Throwable>) c);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException(RetryRules.noSuchClass(name.trim()));
            }
        }
        return found.toArray(new Class[0]);
    }

    private RetrySpec build() {
        validateNumbers();
        validateClasses();
        compileWaitOn();
        giveUpPredicate = instantiate("giveUpIf", giveUpIf, FailurePredicate.Never.class);
        @SuppressWarnings("unchecked")
        ResultPredicate<Object> rp = (ResultPredicate<Object>) instantiate("retryIfResult", retryIfResult,
                ResultPredicate.Never.class);
        resultPredicate = rp;
        checkResultPredicateType();
        resolveRecovery();
        resolveResultFuture();
        add(RetryRules.logArgumentsParameters(logArguments, javaMethod.getParameterCount()));
        problems.addAll(Traps.problems(javaMethod));
        if (!problems.isEmpty()) {
            throw new RetryConfigurationException(RetryRules.report(where, problems));
        }
        if (disabled) {
            // Retrying switched off by an operator: one attempt; recovery and reporting still apply.
            log.info("{}: retrying is switched off by {}: a single attempt per call", where, disabledBy);
            tries = 1;
        }
        // Said at compile time by the processor; said again here for builds that do not run it (Kotlin, LTW).
        String monitor = RetryRules.holdsMonitorWhileWaiting(where,
                java.lang.reflect.Modifier.isSynchronized(javaMethod.getModifiers()),
                java.lang.reflect.Modifier.isStatic(javaMethod.getModifiers()), tries);
        if (monitor != null) {
            log.warn(monitor);
        }
        String transactional = Traps.transactional(javaMethod, where);
        if (transactional != null) {
            LoggerFactory.getLogger(TrapRules.TRANSACTIONAL_LOGGER).warn(transactional);
        }
        long maxNanos = maxDelay == Retry.UNBOUNDED ? WaitSchedule.UNBOUNDED : unit.toNanos(maxDelay);
        WaitSchedule schedule = new WaitSchedule(unit.toNanos(delay), backoff, unit.toNanos(jitter),
                unit.toNanos(minDelay), maxNanos);
        return new RetrySpec(this, schedule, new FailureClassifier(exceptions, abortOn, giveUpPredicate, matchCauses));
    }

    private void validateNumbers() {
        problems.addAll(RetryRules.numbers(tries, delay, backoff, jitter, minDelay, maxDelay,
                maxDuration, attemptTimeout, hedges, hedgeDelay, randomJitter, jitterRatio, this::label));
        Class<?> returned = javaMethod.getReturnType();
        add(RetryRules.hedgesNeedAStage(label("hedges"), hedges, CompletionStage.class.isAssignableFrom(returned)
                || (returned.getName().equals(MONO) && Traps.reactorRetries(javaMethod)), returned.getName()));
    }

    private void validateClasses() {
        add(RetryRules.<Class<?>>abortOnCoversExceptions(label("abortOn"), List.of(abortOn),
                label("exceptions"), List.of(exceptions), (e, a) -> a.isAssignableFrom(e),
                Class::getSimpleName));
    }

    /** Flattens the waitOn entries to parallel arrays, checking each. */
    private void compileWaitOn() {
        List<List<Class<?>>> entries = new ArrayList<>();
        List<Long> delays = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>();
        List<Long> nanos = new ArrayList<>();
        for (Retry.WaitOn entry : waitOn) {
            entries.add(List.of(entry.value()));
            delays.add(entry.delay());
            for (Class<? extends Throwable> c : entry.value()) {
                classes.add(c);
                nanos.add(unit.toNanos(entry.delay()));
            }
        }
        problems.addAll(RetryRules.<Class<?>>waitOn(entries, delays, Object::equals, Class::getSimpleName));
        waitOnClasses = classes.toArray(new Class<?>[0]);
        waitOnNanos = nanos.stream().mapToLong(Long::longValue).toArray();
    }

    private <T> T instantiate(String attribute, Class<? extends T> type, Class<?> none) {
        if (type == none) {
            return null;
        }
        String why;
        try {
            int modifiers = type.getModifiers();
            why = RetryRules.predicateShape(Modifier.isPublic(modifiers), Modifier.isAbstract(modifiers),
                    type.isMemberClass() && !Modifier.isStatic(modifiers), publicNoArgumentConstructor(type));
            if (why == null) {
                try {
                    return type.getConstructor().newInstance();
                } catch (ReflectiveOperationException | RuntimeException e) {
                    why = Texts.text(e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e);
                }
            }
        } catch (LinkageError e) {
            // ExceptionInInitializerError the first time a static initializer throws, NoClassDefFoundError at every
            // later use of the class (and when a class it needs is missing): a configuration error, not a crash.
            problems.add(RetryRules.predicateNotInitialized(attribute, type.getName(), linkageText(e)));
            return null;
        }
        problems.add(RetryRules.predicateNotInstantiable(attribute, type.getName(), why));
        return null;
    }

    /** What the JVM threw, with what the static initializer threw if it says. */
    private static String linkageText(LinkageError e) {
        Throwable cause = e.getCause();
        return cause == null || cause == e ? Texts.text(e) : Texts.text(e) + ", caused by " + Texts.text(cause);
    }

    private static boolean publicNoArgumentConstructor(Class<?> type) {
        try {
            type.getConstructor();
            return true;
        } catch (NoSuchMethodException | SecurityException e) {
            return false;
        }
    }

    private void resolveRecovery() {
        if (recover.isEmpty()) {
            return;
        }
        if (typeLevel) {
            problems.add(RetryRules.recoverOnType(recover));
            return;
        }
        try {
            recovery = Recovery.resolve(javaMethod, recover);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return;
        }
        add(RetryRules.recoverParameters(javaMethod.getParameterCount()));
    }

    /**
     * A result predicate whose type argument cannot hold what the method returns would throw a
     * ClassCastException on every successful call: reported now instead.
     */
    private void checkResultPredicateType() {
        if (resultPredicate == null) {
            return;
        }
        String onVoid = RetryRules.retryIfResultOnVoid(retryIfResult.getSimpleName(),
                javaMethod.getReturnType() == void.class);
        if (onVoid != null) {
            problems.add(onVoid);
            return;
        }
        add(RetryRules.<Class<?>>retryIfResultType(retryIfResult.getSimpleName(),
                ResultTypes.testedBy(retryIfResult), ResultTypes.seenBy(javaMethod),
                (a, b) -> b.isAssignableFrom(a), Class::getSimpleName));
    }

    /** The named budget, created with the sizes the properties give it, else the defaults ({@link Budgets}). */
    private void resolveBudget(Overrides overrides) {
        if (!budgetName.isEmpty()) {
            budget = Budgets.sized(budgetName, overrides, problems::add);
        }
    }

    /** An asynchronous method must return a type the driver can create an instance of. */
    private void resolveResultFuture() {
        Class<?> type = javaMethod.getReturnType();
        if (!CompletionStage.class.isAssignableFrom(type)
                || type == CompletionStage.class || type == CompletableFuture.class) {
            return;
        }
        boolean completableFuture = CompletableFuture.class.isAssignableFrom(type);
        if (completableFuture) {
            try {
                resultFutureType = type.getConstructor();
            } catch (NoSuchMethodException e) {
                resultFutureType = null;
            }
        }
        add(RetryRules.asyncReturnType(type.getName(), completableFuture, resultFutureType != null));
    }

    private void add(String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }
}
