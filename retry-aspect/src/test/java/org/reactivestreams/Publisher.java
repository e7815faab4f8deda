package org.reactivestreams;

/** A stub with the name of the Reactive Streams Publisher: only its name matters to ajretry (TrapsAtFirstCallTest). */
public interface Publisher<T> {
}
