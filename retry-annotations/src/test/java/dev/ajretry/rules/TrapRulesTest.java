package dev.ajretry.rules;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decisions of the trap rules on names alone, at their edges (the sentences are spelled out in full by the
 * processor's TrapsAtCompileTimeTest and the engine's TrapsAtFirstCallTest, which use these rules).
 */
class TrapRulesTest {

    private static final String FUTURE = "java.util.concurrent.Future";
    private static final String STAGE = "java.util.concurrent.CompletionStage";

    @Test
    void aCompletionStageIsNoTrapEvenWhenItIsAFutureOrAPublisherToo() {
        assertThat(TrapRules.workAfterReturn("java.util.concurrent.CompletableFuture",
                Set.of("java.util.concurrent.CompletableFuture", FUTURE, STAGE, "java.lang.Object"))).isNull();
        assertThat(TrapRules.workAfterReturn("com.acme.Both", Set.of("com.acme.Both", STAGE,
                "org.reactivestreams.Publisher"))).isNull();
    }

    @Test
    void theMostSpecificTypeNamesTheTrap() {
        assertThat(TrapRules.workAfterReturn("com.acme.MyMono", Set.of("com.acme.MyMono",
                "reactor.core.publisher.Mono", "org.reactivestreams.Publisher")))
                .startsWith("returns com.acme.MyMono (a subtype of reactor.core.publisher.Mono), which")
                .contains("Reactor's own retry operator");
        assertThat(TrapRules.workAfterReturn("com.acme.Task", Set.of("com.acme.Task", FUTURE)))
                .startsWith("returns com.acme.Task (a subtype of java.util.concurrent.Future), which is the handle");
    }

    @Test
    void withRetryReactorMonoAndFluxThemselvesAreNoTrapButTheirSubtypesStillAre() {
        String mono = "reactor.core.publisher.Mono", flux = "reactor.core.publisher.Flux";
        Set<String> monoTypes = Set.of(mono, "org.reactivestreams.Publisher");
        assertThat(TrapRules.workAfterReturn(mono, monoTypes)).contains("add retry-reactor (dev.ajretry:retry-reactor)");
        assertThat(TrapRules.workAfterReturn(mono, monoTypes, true)).isNull();
        assertThat(TrapRules.workAfterReturn(flux, Set.of(flux, "org.reactivestreams.Publisher"), true)).isNull();
        assertThat(TrapRules.workAfterReturn("com.acme.MyMono", Set.of("com.acme.MyMono", mono), true))
                .startsWith("returns com.acme.MyMono (a subtype of reactor.core.publisher.Mono)")
                .contains("methods declared to return Mono or Flux");
        // retry-reactor retries Reactor's types only
        assertThat(TrapRules.workAfterReturn("io.reactivex.Single", Set.of("io.reactivex.Single"), true))
                .contains("RxJava's own retry");
    }

    @Test
    void everyRxJavaTypeOfBothVersionsIsATrap() {
        for (String rx : List.of("io.reactivex.", "io.reactivex.rxjava3.core.")) {
            for (String type : List.of("Observable", "Single", "Maybe", "Completable", "Flowable")) {
                assertThat(TrapRules.workAfterReturn(rx + type, Set.of(rx + type))).contains("RxJava's own retry");
            }
        }
    }

    @Test
    void ordinaryResultsAreNoTrap() {
        assertThat(TrapRules.workAfterReturn("java.lang.String", Set.of("java.lang.String", "java.lang.Object",
                "java.lang.CharSequence"))).isNull();
        assertThat(TrapRules.workAfterReturn("com.acme.Mono", Set.of("com.acme.Mono"))).isNull();
        assertThat(TrapRules.workAfterReturn("void", Set.of())).isNull();
    }

    @Test
    void aSuspendFunctionIsOneWhoseLastParameterIsAContinuation() {
        assertThat(TrapRules.suspendFunction(List.of(TrapRules.CONTINUATION))).startsWith("a Kotlin suspend function");
        assertThat(TrapRules.suspendFunction(List.of("int", TrapRules.CONTINUATION))).isNotNull();
        assertThat(TrapRules.suspendFunction(List.of(TrapRules.CONTINUATION, "int"))).isNull();
        assertThat(TrapRules.suspendFunction(List.of("com.acme.Continuation"))).isNull();
        assertThat(TrapRules.suspendFunction(List.of())).isNull();
    }

    @Test
    void theTransactionalWarningNamesTheMethodsAnnotationFirstAndHowToSilenceItWhereItIsSaid() {
        String spring = TrapRules.TRANSACTIONAL.get(0);
        assertThat(TrapRules.transactional("C.m()", "C", null, null, true)).isNull();
        assertThat(TrapRules.transactional("C.m()", "C", "jakarta.transaction.Transactional", spring, true))
                .startsWith("@Retry on C.m(): the method is @Transactional (jakarta.transaction.Transactional), so")
                .endsWith("say so with @SuppressWarnings(\"ajretry.transactional\") on the method or its class");
        assertThat(TrapRules.transactional("C.m()", "C", null, spring, false))
                .startsWith("@Retry on C.m(): its class C is @Transactional (" + spring + "), so")
                .endsWith("silence this line with the logger dev.ajretry.transactional (level ERROR)");
    }
}
