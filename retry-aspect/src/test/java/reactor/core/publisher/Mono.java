package reactor.core.publisher;

/** A stub with the name of Reactor's Mono: only its names matter to ajretry (TrapsAtFirstCallTest). */
public abstract class Mono<T> implements org.reactivestreams.Publisher<T> {
}
