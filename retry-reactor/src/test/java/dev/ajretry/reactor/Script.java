package dev.ajretry.reactor;

import dev.ajretry.runtime.RetryContext;
import org.reactivestreams.Publisher;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a retried method's invocations return, one step per invocation, and what each invocation saw: the time on
 * the Reactor scheduler's clock (virtual in tests that use virtual time), its {@code RetryContext}, its thread.
 * The last step repeats once the script runs out. Thread-safe enough for the tests: steps are taken one at a time.
 */
final class Script {

    private final Deque<Supplier<? extends Publisher<String>>> steps = new ArrayDeque<>();
    private Supplier<? extends Publisher<String>> last = () -> Mono.just("done");
    final List<Long> invokedAtMillis = Collections.synchronizedList(new ArrayList<>());
    final List<Long> contextAttempts = Collections.synchronizedList(new ArrayList<>());
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    final List<String> mdcAttempts = Collections.synchronizedList(new ArrayList<>());

    /** Each step, in order: a failure (thrown by the publisher), or values (emitted, then completion). */
    static Script of(Object... steps) {
        Script script = new Script();
        for (Object step : steps) {
            script.then(step);
        }
        return script;
    }

    Script then(Object step) {
        Supplier<? extends Publisher<String>> supplier;
        if (step instanceof Throwable) {
            supplier = () -> Flux.error((Throwable) step);
        } else if (step instanceof Publisher) {
            @SuppressWarnings("unchecked")
            Publisher<String> publisher = (Publisher<String>) step;
            supplier = () -> publisher;
        } else if (step instanceof String[]) {
            supplier = () -> Flux.just((String[]) step);
        } else {
            supplier = () -> Flux.just((String) step);
        }
        steps.add(supplier);
        last = supplier;
        return this;
    }

    int invocations() {
        return invokedAtMillis.size();
    }

    /** The waits between invocations, in milliseconds of the scheduler's clock. */
    List<Long> waitsMillis() {
        List<Long> waits = new ArrayList<>();
        for (int i = 1; i < invokedAtMillis.size(); i++) {
            waits.add(invokedAtMillis.get(i) - invokedAtMillis.get(i - 1));
        }
        return waits;
    }

    /** One invocation of the method body: notes what it saw, and takes the next step. */
    Publisher<String> invoke() {
        invokedAtMillis.add(Schedulers.parallel().now(TimeUnit.MILLISECONDS));
        RetryContext context = RetryContext.current();
        contextAttempts.add(context == null ? -1L : context.attempt());
        threads.add(Thread.currentThread().getName());
        mdcAttempts.add(String.valueOf(MDC.get(RetryContext.MDC_ATTEMPT)));
        Supplier<? extends Publisher<String>> step = steps.isEmpty() ? last : steps.poll();
        return step.get();
    }

    Mono<String> mono() {
        return Mono.from(invoke());
    }

    Flux<String> flux() {
        return Flux.from(invoke());
    }
}
