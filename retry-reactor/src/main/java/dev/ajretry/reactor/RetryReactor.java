package dev.ajretry.reactor;

/**
 * retry-reactor's mark on the class path. ajretry's compile-time check and its engine look this class up by name
 * ({@code dev.ajretry.rules.TrapRules.REACTOR_SUPPORT}): where it is found, a {@code @Retry} method declared to
 * return a {@code Mono} or a {@code Flux} is no error, because ReactorRetryAspect retries it (once it is
 * listed in {@code <aspectLibraries>}: docs/reactor.md). Nothing to call.
 */
public final class RetryReactor {

    /** The artifact to depend on and to list in {@code <aspectLibraries>}. */
    public static final String ARTIFACT = "dev.ajretry:retry-reactor";

    private RetryReactor() {
    }
}
