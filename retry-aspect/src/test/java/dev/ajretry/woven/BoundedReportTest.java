package dev.ajretry.woven;

import ch.qos.logback.classic.Level;
import dev.ajretry.AttemptRecord;
import dev.ajretry.Retry;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryListeners;
import dev.ajretry.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reporting has a bounded cost: the give-up line, the events and their history cut each value at 200 characters,
 * failures included, and formatting an argument reads only what it shows (a 20 MB array is not printed to be cut).
 * Each scenario runs on the blocking and the async path.
 */
class BoundedReportTest {

    enum Path { BLOCKING, ASYNC }

    private static final int MEGABYTE = 1 << 20;

    static class Service {
        final Script script;

        Service(Script script) {
            this.script = script;
        }

        private CompletableFuture<String> attempt() {
            try {
                script.attempt();
                return CompletableFuture.completedFuture("ok");
            } catch (Throwable failure) {
                return CompletableFuture.failedFuture(failure);
            }
        }

        @Retry(tries = 4, delay = 10)
        String call() throws Throwable {
            script.attempt();
            return "ok";
        }

        @Retry(tries = 4, delay = 10)
        CompletableFuture<String> callAsync() {
            return attempt();
        }

        @Retry(tries = 2, delay = 10, logArguments = true)
        String withArgument(Object argument) throws Throwable {
            script.attempt();
            return "ok";
        }

        @Retry(tries = 2, delay = 10, logArguments = true)
        CompletableFuture<String> withArgumentAsync(Object argument) {
            return attempt();
        }
    }

    /** A failure whose own toString() is a megabyte long. */
    static class Verbose extends IOException {
        @Override
        public String toString() {
            return "Verbose " + "v".repeat(MEGABYTE);
        }
    }

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(Service.class).at(Level.WARN);
    private RecordingSleeper sleeper;
    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void allocationCounter() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean) {
            threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            if (threads.isThreadAllocatedMemorySupported()) {
                threads.setThreadAllocatedMemoryEnabled(true);
            } else {
                threads = null;
            }
        }
    }

    @BeforeEach
    void install() {
        sleeper = RecordingSleeper.installOnThisThread();
    }

    @AfterEach
    void release() {
        sleeper.close();
    }

    private static Object call(Path path, Service service) {
        if (path == Path.BLOCKING) {
            try {
                return service.call();
            } catch (Throwable thrown) {
                return thrown;
            }
        }
        return service.callAsync().handle((value, failure) -> failure != null ? failure : value).join();
    }

    private static Object callWith(Path path, Service service, Object argument) {
        if (path == Path.BLOCKING) {
            try {
                return service.withArgument(argument);
            } catch (Throwable thrown) {
                return thrown;
            }
        }
        return service.withArgumentAsync(argument).handle((value, failure) -> failure != null ? failure : value)
                .join();
    }

    private String giveUpLine() {
        assertThat(log.messages()).hasSize(1);
        return log.messages().get(0);
    }

    private static int longestRun(String text, char c) {
        Matcher runs = Pattern.compile(Pattern.quote(String.valueOf(c)) + "+").matcher(text);
        int longest = 0;
        while (runs.find()) {
            longest = Math.max(longest, runs.group().length());
        }
        return longest;
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void fourMegabyteMessagesGiveAGiveUpLineOfAFewHundredCharactersEach(Path path) {
        String message = "m".repeat(MEGABYTE);
        IOException[] failures = {new IOException(message), new IOException(message), new IOException(message),
                new IOException(message)};

        Object outcome = call(path, new Service(Script.failing(failures)));

        assertThat(outcome).isSameAs(failures[3]);
        String line = giveUpLine();
        assertThat(line.length()).isLessThan(2_000);
        // each failure's text, "java.io.IOException: mmm...", is cut at 200 characters
        assertThat(longestRun(line, 'm')).isEqualTo(200 - "java.io.IOException: ".length());
        assertThat(line).contains("#4 at +30 ms ran 0 ms, failed with java.io.IOException: mmm")
                .contains("throwing java.io.IOException: mmm");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aFailureWithAMegabyteToStringIsCutInTheLine(Path path) {
        Verbose[] failures = {new Verbose(), new Verbose(), new Verbose(), new Verbose()};

        Object outcome = call(path, new Service(Script.failing(failures)));

        assertThat(outcome).isSameAs(failures[3]);
        String line = giveUpLine();
        assertThat(line.length()).isLessThan(2_000);
        assertThat(longestRun(line, 'v')).isEqualTo(200 - "Verbose ".length());
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void eventHistoriesPrintBoundedRecords(Path path) {
        String message = "m".repeat(MEGABYTE);
        IOException[] failures = {new IOException(message), new Verbose(), new IOException(message),
                new IOException(message)};
        List<String> texts = new ArrayList<>();
        RetryListener listener = new RetryListener() {
            @Override
            public void onGiveUp(RetryEvent event) {
                for (AttemptRecord record : event.history()) {
                    texts.add(record.toString());
                }
                texts.add(event.toString());
            }
        };

        try (RetryListeners.Registration registration = RetryListeners.register(listener)) {
            call(path, new Service(Script.failing(failures)));
        }

        assertThat(texts).hasSize(5);
        assertThat(texts.subList(0, 4)).allSatisfy(text -> assertThat(text.length()).isLessThan(300));
        assertThat(texts.get(4).length()).isLessThan(3_000);
    }

    static Stream<Arguments> bigArguments() {
        byte[] bytes = new byte[20 * MEGABYTE];
        Object[] objects = new Object[MEGABYTE];
        Arrays.fill(objects, 12345);
        List<Integer> list = new ArrayList<>(Arrays.asList(new Integer[MEGABYTE]));
        Map<Integer, String> map = new HashMap<>();
        IntStream.range(0, 200_000).forEach(i -> map.put(i, "value"));
        StringBuilder chars = new StringBuilder("c".repeat(20 * MEGABYTE));
        return Stream.of(Path.values()).flatMap(path -> Stream.of(
                Arguments.of(path, "a 20 MB byte[]", bytes, "[0, 0, 0, 0"),
                Arguments.of(path, "a 5 M long[]", new long[5 * MEGABYTE], "[0, 0, 0, 0"),
                Arguments.of(path, "a 1 M Object[]", objects, "[12345, 12345, "),
                Arguments.of(path, "an Object[] holding the byte[]", new Object[] {bytes}, "[[0, 0, 0, 0"),
                Arguments.of(path, "a 1 M list", list, "[null, null, "),
                Arguments.of(path, "a list of the byte[]", List.of(bytes, bytes), "[[0, 0, 0, 0"),
                Arguments.of(path, "a 200 k map", map, "{0=value, 1=value, "),
                Arguments.of(path, "a 20 M char StringBuilder", chars, "ccccc")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("bigArguments")
    void formattingAHugeArgumentReadsOnlyWhatItShows(Path path, String what, Object argument, String shown) {
        assumeTrue(threads != null, "needs the HotSpot allocation counter");
        // warm-up: the policy is built, the classes loaded, the code run once
        callWith(path, new Service(Script.failing(new IOException("1"), new IOException("2"))), new byte[10]);
        log.clear();
        Service service = new Service(Script.failing(new IOException("1"), new IOException("2")));
        long id = Thread.currentThread().getId();

        long before = threads.getThreadAllocatedBytes(id);
        Object outcome = callWith(path, service, argument);
        long allocated = threads.getThreadAllocatedBytes(id) - before;

        assertThat(outcome).isInstanceOf(IOException.class);
        assertThat(allocated).as("bytes allocated by the failing call").isLessThan(MEGABYTE);
        String line = giveUpLine();
        String arguments = line.substring(line.indexOf("; arguments: [") + "; arguments: [".length());
        assertThat(arguments).startsWith(shown).endsWith("...]").hasSize(Texts200.LENGTH + "...]".length());
    }

    /** The documented cut, spelled out here rather than read from the engine. */
    static final class Texts200 {
        static final int LENGTH = 200;
    }

    /** An application's list that hides its elements: it is shown by its own toString(), never read around it. */
    static final class Secrets extends AbstractList<String> {
        @Override
        public String get(int index) {
            return "secret";
        }

        @Override
        public int size() {
            return 3;
        }

        @Override
        public String toString() {
            return "Secrets[3 hidden]";
        }
    }

    static Stream<Arguments> containers() {
        List<Object> selfContaining = new ArrayList<>();
        selfContaining.add("a");
        selfContaining.add(selfContaining);
        Object[] selfArray = new Object[2];
        selfArray[0] = "b";
        selfArray[1] = selfArray;
        HostileValuesTest.Order order = new HostileValuesTest.Order();
        new HostileValuesTest.Line(order);
        String overflow = "<" + HostileValuesTest.Order.class.getName()
                + ": toString() threw java.lang.StackOverflowError>";
        return Stream.of(Path.values()).flatMap(path -> Stream.of(
                Arguments.of(path, "a list inside itself", selfContaining, "[a, [...]]"),
                Arguments.of(path, "an array inside itself", selfArray, "[b, [...]]"),
                Arguments.of(path, "a list holding an order printing its lines", List.of(order, 1),
                        "[" + overflow + ", 1]"),
                Arguments.of(path, "an array of lists holding the order",
                        new Object[] {List.of((Object) new Object[] {order})}, "[[[" + overflow + "]]]"),
                Arguments.of(path, "an int[] in an Object[] in a map", Map.of("k", new Object[] {new int[] {1, 2}}),
                        "{k=[[1, 2]]}"),
                Arguments.of(path, "an application's list", List.of(new Secrets()), "[Secrets[3 hidden]]")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("containers")
    void containersAreShownElementByElement(Path path, String what, Object argument, String shown) {
        Object outcome = callWith(path, new Service(Script.failing(new IOException("1"), new IOException("2"))),
                argument);

        assertThat(outcome).isInstanceOf(IOException.class);
        assertThat(giveUpLine()).endsWith("; arguments: [" + shown + "]");
    }
}
