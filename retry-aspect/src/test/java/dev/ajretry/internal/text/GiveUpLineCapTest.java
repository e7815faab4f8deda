package dev.ajretry.internal.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole give-up line has a cap, 8 KiB, whatever it holds: a backstop behind each value's own cut. */
class GiveUpLineCapTest {

    @Test
    void aLineLongerThanTheCapIsCutAndSaysSo() {
        String line = Texts.line(new StringBuilder("x".repeat(100_000)));

        assertThat(line).hasSize(8192 + "... (cut at 8192 characters)".length())
                .endsWith("x... (cut at 8192 characters)");
    }

    @Test
    void aLineAtTheCapIsKeptWhole() {
        String text = "y".repeat(8192);

        assertThat(Texts.line(new StringBuilder(text))).isEqualTo(text);
    }
}
