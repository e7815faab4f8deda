package dev.ajretry.processor;

import dev.ajretry.rules.TrapRules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The traps, as javac reports them with the processor: one project holding each trap beside its neighbours that are
 * none (a CompletableFuture, which is a Future too; a type named like a foreign one in another package; a
 * Continuation that is not the last parameter). The foreign types (Spring, Jakarta, Kotlin, Reactor, RxJava,
 * kotlinx) are small stubs with their real names, compiled with the project: the processor only knows their names.
 */
class TrapsAtCompileTimeTest {

    private static final Map<String, String> STUBS = Map.ofEntries(
            Map.entry("kotlin.coroutines.Continuation", "public interface Continuation<T> { }"),
            Map.entry("org.reactivestreams.Publisher", "public interface Publisher<T> { }"),
            Map.entry("reactor.core.publisher.Mono",
                    "public abstract class Mono<T> implements org.reactivestreams.Publisher<T> { }"),
            Map.entry("reactor.core.publisher.Flux",
                    "public abstract class Flux<T> implements org.reactivestreams.Publisher<T> { }"),
            Map.entry("io.reactivex.rxjava3.core.Single", "public abstract class Single<T> { }"),
            Map.entry("io.reactivex.Observable", "public abstract class Observable<T> { }"),
            Map.entry("kotlinx.coroutines.Deferred", "public interface Deferred<T> { }"),
            Map.entry("kotlinx.coroutines.flow.Flow", "public interface Flow<T> { }"),
            Map.entry("org.springframework.transaction.annotation.Transactional", "@java.lang.annotation.Inherited"
                    + " @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)"
                    + " public @interface Transactional { }"),
            Map.entry("jakarta.transaction.Transactional", "public @interface Transactional { }"),
            // neighbours: the same simple names in another package
            Map.entry("com.acme.Transactional", "public @interface Transactional { }"),
            Map.entry("com.acme.Mono", "public abstract class Mono<T> { }"),
            Map.entry("com.acme.Continuation", "public interface Continuation<T> { }"),
            // a composed annotation, as Spring allows
            Map.entry("com.acme.WriteTx", "@org.springframework.transaction.annotation.Transactional"
                    + " @java.lang.annotation.Documented public @interface WriteTx { }"));

    private static final String TRAPS = String.join("\n",
            "package com.acme;",
            "import dev.ajretry.Retry;",
            "import java.util.concurrent.*;",
            "import kotlin.coroutines.Continuation;",
            "public class Traps {",
            "    @Retry public Object suspending(String id, Continuation<? super String> c) { return null; }",
            "    @Retry public reactor.core.publisher.Mono<String> mono() { return null; }",
            "    @Retry public reactor.core.publisher.Flux<String> flux() { return null; }",
            "    @Retry public Stream publisher() { return null; }",
            "    @Retry public Flow.Publisher<String> flowPublisher() { return null; }",
            "    @Retry public SubmissionPublisher<String> submissionPublisher() { return null; }",
            "    @Retry public io.reactivex.rxjava3.core.Single<String> single() { return null; }",
            "    @Retry public io.reactivex.Observable<String> observable() { return null; }",
            "    @Retry public Future<String> future() { return null; }",
            "    @Retry public FutureTask<String> futureTask() { return null; }",
            "    @Retry public kotlinx.coroutines.Deferred<String> deferred() { return null; }",
            "    @Retry public kotlinx.coroutines.flow.Flow<String> flow() { return null; }",
            "    @Retry public <F extends Future<String>> F generic() { return null; }",
            // none of these is a trap
            "    @Retry public CompletableFuture<String> completableFuture() { return null; }",
            "    @Retry public CompletionStage<String> completionStage() { return null; }",
            "    @Retry public Completable completableSubclass() { return null; }",
            "    @Retry public com.acme.Mono<String> otherMono() { return null; }",
            "    @Retry public Object otherContinuation(String id, com.acme.Continuation<String> c) { return null; }",
            "    @Retry public Object continuationFirst(Continuation<String> c, String id) { return null; }",
            "    @Retry public String[] array() { return null; }",
            "    @Retry public int primitive() { return 0; }",
            "    @Retry @com.acme.Transactional public String otherTransactional() { return null; }",
            "    public static class Stream implements org.reactivestreams.Publisher<String> { }",
            "    public static class Completable extends CompletableFuture<String> { }",
            "}");

    private static final String TRANSACTIONS = String.join("\n",
            "package com.acme;",
            "import dev.ajretry.Retry;",
            "import org.springframework.transaction.annotation.Transactional;",
            "public class Transactions {",
            "    @Retry @Transactional public void spring() { }",
            "    @Retry @jakarta.transaction.Transactional public void jakarta() { }",
            "    @Retry @Transactional @SuppressWarnings(\"ajretry.transactional\") public void known() { }",
            "    @Retry @WriteTx public void composed() { }",
            "    @Transactional public static class Service {",
            "        @Retry public void save() { }",
            "    }",
            "    public static class SubService extends Service {",
            "        @Retry public void more() { }",
            "    }",
            "    @Transactional @SuppressWarnings({\"unused\", \"ajretry.transactional\"})",
            "    public static class KnownService {",
            "        @Retry public void save() { }",
            "    }",
            "}");

    private static final String TYPE_LEVEL = String.join("\n",
            "package com.acme;",
            "import dev.ajretry.Retry;",
            "@Retry(tries = 2)",
            "public class Covered {",
            "    public reactor.core.publisher.Mono<String> mono() { return null; }",
            "    public Object suspending(kotlin.coroutines.Continuation<Object> c) { return null; }",
            "    @org.springframework.transaction.annotation.Transactional public void transactional() { }",
            "    public String fine() { return null; }",
            // not covered by the type-level @Retry: not public, or a @Retry of its own
            "    reactor.core.publisher.Mono<String> packagePrivate() { return null; }",
            "    @Retry(tries = 3) public java.util.concurrent.CompletableFuture<String> own() { return null; }",
            "}");

    private static List<Diagnostic<? extends JavaFileObject>> diagnostics;

    @BeforeAll
    static void compile(@TempDir Path classes) throws Exception {
        List<JavaFileObject> sources = new ArrayList<>();
        STUBS.forEach((name, body) -> {
            int dot = name.lastIndexOf('.');
            sources.add(source(name, "package " + name.substring(0, dot) + ";\n" + body));
        });
        sources.add(source("com.acme.Traps", TRAPS));
        sources.add(source("com.acme.Transactions", TRANSACTIONS));
        sources.add(source("com.acme.Covered", TYPE_LEVEL));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(collector, Locale.ROOT, null)) {
            JavaCompiler.CompilationTask task = javac.getTask(null, files, collector, List.of("-d", classes.toString(),
                    "-cp", System.getProperty("java.class.path")), null, sources);
            task.setProcessors(List.of(new RetryProcessor()));
            task.call();
        }
        diagnostics = collector.getDiagnostics();
    }

    @Test
    void withRetryReactorOnTheClassPathMonoAndFluxAreNoTrapButASubtypeStillIs(@TempDir Path classes)
            throws Exception {
        List<JavaFileObject> sources = new ArrayList<>();
        for (String stub : List.of("org.reactivestreams.Publisher", "reactor.core.publisher.Mono",
                "reactor.core.publisher.Flux")) {
            sources.add(source(stub, "package " + stub.substring(0, stub.lastIndexOf('.')) + ";\n" + STUBS.get(stub)));
        }
        // retry-reactor's marker class, as its jar puts it on the class path
        sources.add(source(TrapRules.REACTOR_SUPPORT, "package dev.ajretry.reactor; public class RetryReactor { }"));
        sources.add(source("com.acme.Reactive", String.join("\n",
                "package com.acme;",
                "import dev.ajretry.Retry;",
                "public class Reactive {",
                "    @Retry public reactor.core.publisher.Mono<String> mono() { return null; }",
                "    @Retry public reactor.core.publisher.Flux<String> flux() { return null; }",
                "    public static abstract class MyMono<T> extends reactor.core.publisher.Mono<T> { }",
                "    @Retry public MyMono<String> subtype() { return null; }",
                "}")));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(collector, Locale.ROOT, null)) {
            JavaCompiler.CompilationTask task = javac.getTask(null, files, collector, List.of("-d", classes.toString(),
                    "-cp", System.getProperty("java.class.path")), null, sources);
            task.setProcessors(List.of(new RetryProcessor()));
            task.call();
        }
        assertThat(collector.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(Locale.ROOT))).singleElement().asString()
                .startsWith("@Retry on com.acme.Reactive.subtype(): returns com.acme.Reactive$MyMono (a subtype of"
                        + " reactor.core.publisher.Mono)");
    }

    private static JavaFileObject source(String className, String text) {
        return new SimpleJavaFileObject(URI.create("string:///" + className.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
    }

    private static List<String> messages(Diagnostic.Kind kind) {
        return diagnostics.stream().filter(d -> d.getKind() == kind).map(d -> d.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
    }

    private static final String SUBSCRIBED = "which does its work when it is subscribed to, after the method has"
            + " returned: its failures never reach @Retry, so nothing would be retried; ";
    private static final String REACTOR_FIX = "add retry-reactor (dev.ajretry:retry-reactor) to the dependencies and"
            + " to aspectj-maven-plugin's aspectLibraries, which retries methods declared to return Mono or Flux; or"
            + " use Reactor's own retry operator (retryWhen(Retry.backoff(...))), or return a CompletionStage (a"
            + " CompletableFuture), which @Retry retries asynchronously";
    private static final String AFTER_RETURN = "which is the handle of work that runs, and fails, after the method"
            + " has returned: its failures never reach @Retry, so nothing would be retried; ";
    private static final String FUTURE_FIX = "return a CompletableFuture or a CompletionStage instead, which @Retry"
            + " retries asynchronously (CompletableFuture.supplyAsync(..., executor) in place of executor.submit(...))";

    @Test
    void eachTrapIsOneErrorNamingClassMethodAndTheFix() {
        String at = "@Retry on com.acme.Traps.";
        assertThat(messages(Diagnostic.Kind.ERROR)).containsExactlyInAnyOrder(
                at + "suspending(String, Continuation): a Kotlin suspend function (its last parameter is"
                        + " kotlin.coroutines.Continuation) returns at its first suspension and is called again at"
                        + " each resumption, so @Retry would start a new series each time: tries would be ignored and"
                        + " code run again; retry inside the coroutine (a loop around the call, or Flow.retry(...)),"
                        + " or put @Retry on a function that is not suspend",
                at + "mono(): returns reactor.core.publisher.Mono, " + SUBSCRIBED + REACTOR_FIX,
                at + "flux(): returns reactor.core.publisher.Flux, " + SUBSCRIBED + REACTOR_FIX,
                at + "publisher(): returns com.acme.Traps$Stream (a subtype of org.reactivestreams.Publisher), "
                        + SUBSCRIBED + "use the library's own retry operator, or return a CompletionStage (a"
                        + " CompletableFuture), which @Retry retries asynchronously",
                at + "flowPublisher(): returns java.util.concurrent.Flow$Publisher, " + SUBSCRIBED + "use the"
                        + " library's own retry operator, or return a CompletionStage (a CompletableFuture), which"
                        + " @Retry retries asynchronously",
                at + "submissionPublisher(): returns java.util.concurrent.SubmissionPublisher (a subtype of"
                        + " java.util.concurrent.Flow$Publisher), " + SUBSCRIBED + "use the library's own retry"
                        + " operator, or return a CompletionStage (a CompletableFuture), which @Retry retries"
                        + " asynchronously",
                at + "single(): returns io.reactivex.rxjava3.core.Single, " + SUBSCRIBED + "use RxJava's own retry"
                        + " operator (retry(...), retryWhen(...)), or return a CompletionStage (a CompletableFuture),"
                        + " which @Retry retries asynchronously",
                at + "observable(): returns io.reactivex.Observable, " + SUBSCRIBED + "use RxJava's own retry"
                        + " operator (retry(...), retryWhen(...)), or return a CompletionStage (a CompletableFuture),"
                        + " which @Retry retries asynchronously",
                at + "future(): returns java.util.concurrent.Future, " + AFTER_RETURN + FUTURE_FIX,
                at + "futureTask(): returns java.util.concurrent.FutureTask (a subtype of java.util.concurrent.Future),"
                        + " " + AFTER_RETURN + FUTURE_FIX,
                at + "generic(): returns java.util.concurrent.Future, " + AFTER_RETURN + FUTURE_FIX,
                at + "deferred(): returns kotlinx.coroutines.Deferred, " + AFTER_RETURN + "use the coroutine"
                        + " library's own retry (Flow.retry(...), or a loop around await()), or return a"
                        + " CompletableFuture (kotlinx.coroutines.future.future { ... }), which @Retry retries"
                        + " asynchronously",
                at + "flow(): returns kotlinx.coroutines.flow.Flow, which does its work when it is collected, after"
                        + " the method has returned: its failures never reach @Retry, so nothing would be retried; use"
                        + " the coroutine library's own retry (Flow.retry(...), or a loop around await()), or return a"
                        + " CompletableFuture (kotlinx.coroutines.future.future { ... }), which @Retry retries"
                        + " asynchronously",
                // a type-level @Retry: the methods it covers, named as the engine names them
                "@Retry on com.acme.Covered.mono() (from @Retry on com.acme.Covered): returns"
                        + " reactor.core.publisher.Mono, " + SUBSCRIBED + REACTOR_FIX,
                "@Retry on com.acme.Covered.suspending(Continuation) (from @Retry on com.acme.Covered): a Kotlin"
                        + " suspend function (its last parameter is kotlin.coroutines.Continuation) returns at its"
                        + " first suspension and is called again at each resumption, so @Retry would start a new"
                        + " series each time: tries would be ignored and code run again; retry inside the coroutine (a"
                        + " loop around the call, or Flow.retry(...)), or put @Retry on a function that is not"
                        + " suspend");
    }

    @Test
    void theErrorsPointAtTheMethodsTheyName() {
        assertThat(diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)).allSatisfy(d -> {
            String source = d.getSource().getCharContent(true).toString();
            String line = source.split("\n", -1)[(int) d.getLineNumber() - 1];
            String method = d.getMessage(Locale.ROOT).replaceFirst("^@Retry on com\\.acme\\.\\w+\\.(\\w+)\\(.*", "$1");
            assertThat(line).contains(" " + method + "(");
        });
    }

    private static final String TRANSACTIONAL = ", so with proxy-based transactions (Spring's default) every attempt"
            + " runs in the one transaction opened around the whole call: after a failure it is aborted or marked"
            + " rollback-only, so the next attempts fail too, or the failed attempt's writes are kept and made again;"
            + " put @Retry on the caller of the transactional method (a method of an outer bean), so that each attempt"
            + " gets a fresh transaction. If the transactions are woven by AspectJ with a declared precedence that"
            + " runs @Retry first, this is intended: say so with @SuppressWarnings(\"ajretry.transactional\") on the"
            + " method or its class";

    @Test
    void aTransactionalMethodIsAWarningSayingWhereRetryBelongsAndHowToSayItIsIntended() {
        String spring = "org.springframework.transaction.annotation.Transactional";
        assertThat(messages(Diagnostic.Kind.WARNING)).filteredOn(w -> w.contains("@Transactional"))
                .containsExactlyInAnyOrder(
                        "@Retry on com.acme.Transactions.spring(): the method is @Transactional (" + spring + ")"
                                + TRANSACTIONAL,
                        "@Retry on com.acme.Transactions.jakarta(): the method is @Transactional"
                                + " (jakarta.transaction.Transactional)" + TRANSACTIONAL,
                        "@Retry on com.acme.Transactions.composed(): the method is @Transactional (com.acme.WriteTx,"
                                + " meta-annotated with " + spring + ")" + TRANSACTIONAL,
                        "@Retry on com.acme.Transactions$Service.save(): its class com.acme.Transactions$Service is"
                                + " @Transactional (" + spring + ")" + TRANSACTIONAL,
                        // Spring's @Transactional is @Inherited: the subclass is transactional too
                        "@Retry on com.acme.Transactions$SubService.more(): its class"
                                + " com.acme.Transactions$SubService is @Transactional (" + spring + ")"
                                + TRANSACTIONAL,
                        "@Retry on com.acme.Covered.transactional() (from @Retry on com.acme.Covered): the method is"
                                + " @Transactional (" + spring + ")" + TRANSACTIONAL);
    }

    @Test
    void neighboursOfTheTrapsAreNone() {
        List<String> all = diagnostics.stream().map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.toList());
        for (String method : List.of("completableFuture()", "completionStage()", "completableSubclass()",
                "otherMono()", "otherContinuation(", "continuationFirst(", "array()", "primitive()",
                "otherTransactional()", "known()", "KnownService.save()", "fine()", "packagePrivate()", "own()")) {
            assertThat(all).noneMatch(m -> m.contains(method));
        }
    }
}
