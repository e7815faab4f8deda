package dev.ajretry.internal.failure;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The one walk over cause chains: the wrapped failure when there is one, else the failure as it is; always ends. */
class CausesTest {

    /** A CompletionException whose cause is set later, so that chains can loop. */
    static final class Wrapper extends CompletionException {
        Wrapper(String message) {
            super(message);
        }
    }

    /** A wrapper whose getCause() invents a new wrapper each time: a chain that never ends. */
    static final class Endless extends CompletionException {
        Endless() {
            super("endless");
        }

        @Override
        public synchronized Throwable getCause() {
            return new Endless();
        }
    }

    @Test
    void unwrapsNestedWrappersToTheFailure() {
        IOException failure = new IOException("down");
        assertThat(Causes.unwrapCompletion(new CompletionException(new CompletionException(failure)))).isSameAs(failure);
    }

    @Test
    void aFailureThatIsNoWrapperIsItself() {
        IOException failure = new IOException("down", new CompletionException(new IllegalStateException()));
        assertThat(Causes.unwrapCompletion(failure)).isSameAs(failure);
    }

    @Test
    void aWrapperWithoutCauseIsItself() {
        Wrapper alone = new Wrapper("alone");
        assertThat(Causes.unwrapCompletion(alone)).isSameAs(alone);
    }

    @Test
    void cyclesOfEveryLengthGiveTheFailureAsItIs() {
        for (int length = 2; length <= 50; length++) {
            Wrapper[] ring = new Wrapper[length];
            for (int i = 0; i < length; i++) {
                ring[i] = new Wrapper(Integer.toString(i));
            }
            for (int i = 0; i < length; i++) {
                ring[i].initCause(ring[(i + 1) % length]);
            }
            assertThat(Causes.unwrapCompletion(ring[0])).as("a ring of %d", length).isSameAs(ring[0]);
        }
    }

    @Test
    void aChainLongerThanTheBoundGivesTheFailureAsItIs() {
        Wrapper head = new Wrapper("0");
        Wrapper tail = head;
        for (int i = 1; i <= Causes.MAX_DEPTH; i++) {
            Wrapper next = new Wrapper(Integer.toString(i));
            tail.initCause(next);
            tail = next;
        }
        tail.initCause(new IOException("too deep"));
        assertThat(Causes.unwrapCompletion(head)).isSameAs(head);
        assertThat(Causes.unwrapCompletion(new Endless())).isInstanceOf(Endless.class).hasMessage("endless");
    }

    @Test
    void aChainWithinTheBoundIsUnwrapped() {
        IOException failure = new IOException("deep");
        Throwable chain = failure;
        for (int i = 1; i < Causes.MAX_DEPTH; i++) {
            chain = new CompletionException(chain);
        }
        assertThat(Causes.unwrapCompletion(chain)).isSameAs(failure);
    }

    // ---- find: the outermost link a test accepts ------------------------------------------------------------

    @Test
    void findReturnsTheOutermostMatchingLinkItselfFirst() {
        IOException inner = new IOException("inner");
        IOException outer = new IOException("outer", inner);
        IllegalStateException top = new IllegalStateException(outer);
        assertThat(Causes.find(top, IOException.class::isInstance)).isSameAs(outer);
        assertThat(Causes.find(outer, IOException.class::isInstance)).isSameAs(outer);
        assertThat(Causes.find(top, t -> t.getMessage() != null && t.getMessage().equals("inner"))).isSameAs(inner);
        assertThat(Causes.find(top, ArithmeticException.class::isInstance)).isNull();
    }

    @Test
    void findTestsEveryLinkOfALoopAndEnds() {
        for (int length = 2; length <= 7; length++) {
            for (int tail = 0; tail <= 3; tail++) {
                Wrapper[] ring = new Wrapper[length];
                for (int i = 0; i < length; i++) {
                    ring[i] = new Wrapper("r" + i);
                }
                for (int i = 0; i < length; i++) {
                    ring[i].initCause(ring[(i + 1) % length]);
                }
                Throwable head = ring[0];
                for (int i = 0; i < tail; i++) {
                    head = new IllegalStateException("t" + i, head);
                }
                java.util.Map<Throwable, Integer> tested = new java.util.IdentityHashMap<>();
                assertThat(Causes.find(head, t -> {
                    tested.merge(t, 1, Integer::sum);
                    return false;
                })).isNull();
                assertThat(tested).as("ring %d, tail %d", length, tail).hasSize(length + tail);
                String last = "r" + (length - 1);
                assertThat(Causes.find(head, t -> last.equals(t.getMessage()))).isSameAs(ring[length - 1]);
            }
        }
    }

    @Test
    void findStopsAtTheBoundAndAtAGetCauseThatThrows() {
        assertThat(Causes.find(new Endless(), t -> false)).isNull();
        RuntimeException hostile = new RuntimeException("hostile") {
            @Override
            public synchronized Throwable getCause() {
                throw new IllegalStateException("no");
            }
        };
        assertThat(Causes.find(hostile, t -> "hostile".equals(t.getMessage()))).isSameAs(hostile);
        assertThat(Causes.find(hostile, t -> false)).isNull();
    }
}
