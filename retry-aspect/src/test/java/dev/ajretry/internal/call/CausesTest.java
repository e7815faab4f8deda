package dev.ajretry.internal.call;

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
}
