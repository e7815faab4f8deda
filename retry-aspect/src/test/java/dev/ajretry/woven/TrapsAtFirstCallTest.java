package dev.ajretry.woven;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ajretry.Retry;
import dev.ajretry.RetryConfigurationException;
import dev.ajretry.rules.TrapRules;
import kotlin.coroutines.Continuation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The traps where the compiler cannot see them: these classes are compiled with the processor off (as all this
 * module's tests are, like Kotlin compiled by kotlinc or javac without the processor) and woven by ajc, against stubs
 * with the names of the foreign types (kotlin.coroutines.Continuation, reactor.core.publisher.Mono, Spring's and
 * Jakarta's @Transactional). At the method's first call, the errors are a RetryConfigurationException before the body
 * runs, with the compile-time check's sentence; the warning is one WARN line, once.
 */
class TrapsAtFirstCallTest {

    static final AtomicInteger bodyRuns = new AtomicInteger();

    static class Traps {
        /** What kotlinc makes of {@code suspend fun fetch(id: String): String}. */
        @Retry(tries = 3)
        Object fetch(String id, Continuation<? super String> completion) {
            bodyRuns.incrementAndGet();
            return id;
        }

        @Retry
        Mono<String> mono() {
            bodyRuns.incrementAndGet();
            return null;
        }

        @Retry
        Future<String> future() {
            bodyRuns.incrementAndGet();
            return CompletableFuture.completedFuture("done");
        }

        @Retry
        SubmissionPublisher<String> publisher() {
            bodyRuns.incrementAndGet();
            return null;
        }

        // neighbours that are no traps
        @Retry
        CompletableFuture<String> completableFuture() {
            return CompletableFuture.completedFuture("done");
        }

        @Retry
        Object continuationFirst(Continuation<?> continuation, String id) {
            return id;
        }
    }

    @Retry
    static class TypeLevel {
        public Mono<String> mono() {
            bodyRuns.incrementAndGet();
            return null;
        }

        public String fine() {
            return "fine";
        }
    }

    /** Another package's annotation with the same simple name. */
    @Retention(RetentionPolicy.RUNTIME)
    @interface Transactional {
    }

    /** Composed, as Spring allows: transactional through its own annotation. */
    @Retention(RetentionPolicy.RUNTIME)
    @org.springframework.transaction.annotation.Transactional
    @interface WriteTx {
    }

    static class Transactions {
        @Retry
        @WriteTx
        String composed() {
            return "composed";
        }

        @Retry
        @org.springframework.transaction.annotation.Transactional
        String spring() {
            return "spring";
        }

        @Retry
        @jakarta.transaction.Transactional
        String jakarta() {
            return "jakarta";
        }

        @Retry
        @Transactional
        String otherTransactional() {
            return "other";
        }
    }

    @org.springframework.transaction.annotation.Transactional
    static class Service {
        @Retry
        String save() {
            return "saved";
        }
    }

    /** Spring's @Transactional is @Inherited. */
    static class SubService extends Service {
        @Retry
        String more() {
            return "more";
        }
    }

    private static final String TRAPS = "@Retry on dev.ajretry.woven.TrapsAtFirstCallTest$Traps.";

    private static void assertRejected(Runnable call, String message, String... fragments) {
        int before = bodyRuns.get();
        assertThatThrownBy(call::run)
                .isInstanceOf(RetryConfigurationException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(List.of(fragments))
                        .allSatisfy(f -> assertThat(e.getMessage()).contains(f)));
        assertThat(bodyRuns.get()).as("the method body must not run").isEqualTo(before);
    }

    @Test
    void aSuspendFunctionIsRejectedAtItsFirstCallWithTheCompileTimeSentence() {
        assertRejected(() -> new Traps().fetch("a", null),
                TRAPS + "fetch(String, Continuation): " + TrapRules.suspendFunction(
                        List.of("java.lang.String", "kotlin.coroutines.Continuation")),
                "a Kotlin suspend function", "tries would be ignored", "put @Retry on a function that is not suspend");
    }

    @Test
    void aResultThatDoesItsWorkAfterTheMethodReturnedIsRejected() {
        assertRejected(() -> new Traps().mono(), TRAPS + "mono(): " + TrapRules.workAfterReturn(
                "reactor.core.publisher.Mono", Set.of("reactor.core.publisher.Mono")),
                "returns reactor.core.publisher.Mono", "nothing would be retried", "Reactor's own retry operator");
        assertRejected(() -> new Traps().future(), TRAPS + "future(): " + TrapRules.workAfterReturn(
                "java.util.concurrent.Future", Set.of("java.util.concurrent.Future")),
                "returns java.util.concurrent.Future", "return a CompletableFuture or a CompletionStage instead");
        // a JDK class, found a Flow.Publisher through its interfaces
        assertRejected(() -> new Traps().publisher(), TRAPS + "publisher(): " + TrapRules.workAfterReturn(
                "java.util.concurrent.SubmissionPublisher", Set.of("java.util.concurrent.Flow$Publisher")),
                "(a subtype of java.util.concurrent.Flow$Publisher)");
    }

    @Test
    void aTypeLevelRetryChecksTheMethodsItCovers() {
        assertRejected(() -> new TypeLevel().mono(), "@Retry on dev.ajretry.woven.TrapsAtFirstCallTest$TypeLevel"
                + ".mono() (from @Retry on dev.ajretry.woven.TrapsAtFirstCallTest$TypeLevel): returns"
                + " reactor.core.publisher.Mono, which does its work when it is subscribed to, after the method has"
                + " returned: its failures never reach @Retry, so nothing would be retried; add retry-reactor"
                + " (dev.ajretry:retry-reactor) to the dependencies and to aspectj-maven-plugin's aspectLibraries,"
                + " which retries methods declared to return Mono or Flux; or use Reactor's own retry operator"
                + " (retryWhen(Retry.backoff(...))), or return a CompletionStage (a CompletableFuture), which @Retry"
                + " retries asynchronously");
        assertThat(new TypeLevel().fine()).isEqualTo("fine");
    }

    @Test
    void aCompletableFutureIsAFutureAndStillRetriedAndAContinuationThatIsNotLastIsNoSuspendFunction()
            throws Exception {
        assertThat(new Traps().completableFuture().get()).isEqualTo("done");
        assertThat(new Traps().continuationFirst(null, "a")).isEqualTo("a");
    }

    // ---- the warning ------------------------------------------------------------------------------------------

    private final Logger logger = (Logger) LoggerFactory.getLogger(TrapRules.TRANSACTIONAL_LOGGER);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(null);
        logger.setAdditive(true);
    }

    private List<String> warnings() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static final String SPRING = "org.springframework.transaction.annotation.Transactional";

    @Test
    void aTransactionalMethodIsOneWarnLineOnceSayingWhereRetryBelongsAndItStillRuns() {
        Transactions transactions = new Transactions();
        assertThat(transactions.spring()).isEqualTo("spring");
        assertThat(transactions.spring()).isEqualTo("spring");

        String where = "dev.ajretry.woven.TrapsAtFirstCallTest$Transactions.spring()";
        assertThat(warnings()).containsExactly(TrapRules.transactional(where, null, SPRING, null, false));
        assertThat(warnings().get(0)).startsWith("@Retry on " + where + ": the method is @Transactional (" + SPRING
                        + "), so with proxy-based transactions (Spring's default) every attempt runs in the one"
                        + " transaction opened around the whole call")
                .contains("put @Retry on the caller of the transactional method (a method of an outer bean), so that"
                        + " each attempt gets a fresh transaction")
                .endsWith("this is intended: silence this line with the logger dev.ajretry.transactional (level"
                        + " ERROR)");
    }

    @Test
    void jakartaTransactionalIsWarnedAboutToo() {
        assertThat(new Transactions().jakarta()).isEqualTo("jakarta");

        assertThat(warnings()).singleElement().asString()
                .contains("Transactions.jakarta(): the method is @Transactional (jakarta.transaction.Transactional)");
    }

    @Test
    void aComposedTransactionalIsWarnedAboutNamingBoth() {
        assertThat(new Transactions().composed()).isEqualTo("composed");

        assertThat(warnings()).singleElement().asString().contains("Transactions.composed(): the method is"
                + " @Transactional (dev.ajretry.woven.TrapsAtFirstCallTest$WriteTx, meta-annotated with " + SPRING
                + ")");
    }

    @Test
    void aTransactionalClassIsWarnedAboutForItsMethodsAndItsSubclasses() {
        assertThat(new Service().save()).isEqualTo("saved");
        assertThat(new SubService().more()).isEqualTo("more");

        assertThat(warnings()).containsExactly(
                TrapRules.transactional("dev.ajretry.woven.TrapsAtFirstCallTest$Service.save()",
                        "dev.ajretry.woven.TrapsAtFirstCallTest$Service", null, SPRING, false),
                TrapRules.transactional("dev.ajretry.woven.TrapsAtFirstCallTest$SubService.more()",
                        "dev.ajretry.woven.TrapsAtFirstCallTest$SubService", null, SPRING, false));
        assertThat(warnings().get(1)).contains("its class dev.ajretry.woven.TrapsAtFirstCallTest$SubService is"
                + " @Transactional (" + SPRING + ")");
    }

    @Test
    void aTransactionalOfAnotherPackageIsNone() {
        assertThat(new Transactions().otherTransactional()).isEqualTo("other");

        assertThat(appender.list).isEmpty();
    }
}
