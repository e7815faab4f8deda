package dev.ajretry;

/**
 * What a {@link Retry} method does when it fails while another {@code @Retry} method is running further down the
 * same thread's stack. Nested retries multiply: a method with 3 tries calling one with 3 tries makes up to 9 calls
 * to the dependency (the "product of layers" of the Google SRE book). ajretry logs each such pair of methods once, at
 * WARN, either way.
 */
public enum Nested {

    /** Retry as the policy says, nested or not (the default). */
    RETRY,

    /**
     * When nested, make a single attempt and let the outermost {@code @Retry} method do the retrying. The whole
     * application can be switched to this with the property {@code ajretry.nested=outermost}.
     */
    SINGLE_ATTEMPT
}
