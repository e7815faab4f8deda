package kotlin.coroutines;

/**
 * A stub with the name of Kotlin's: the last parameter kotlinc gives a {@code suspend} function. Only its name
 * matters to ajretry, which depends on no Kotlin library (TrapsAtFirstCallTest).
 */
public interface Continuation<T> {
}
