package dev.ajretry.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the {@code @Retry} methods called by a test (or by every test of a class) instant and recorded: waits are
 * recorded instead of slept, and a {@link RetryRecorder} parameter tells the waits and attempts.
 * <pre>{@code
 * @RecordRetries
 * class ClientTest {
 *     @Test
 *     void backsOff(RetryRecorder retries) {
 *         assertThatThrownBy(client::fetch).isInstanceOf(IOException.class);
 *         assertThat(retries.waits()).containsExactly(ofMillis(100), ofMillis(200));
 *         assertThat(retries.attempts()).isEqualTo(3);
 *     }
 * }
 * }</pre>
 * Everything is restored after each test. Safe with tests running in parallel: each test sees only the calls made on
 * its own thread.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RetryRecorderExtension.class)
public @interface RecordRetries {
}
