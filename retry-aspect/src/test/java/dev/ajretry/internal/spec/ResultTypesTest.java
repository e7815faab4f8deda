package dev.ajretry.internal.spec;

import dev.ajretry.ResultPredicate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** The types the retryIfResult check compares, read by reflection: a plain table, no weaving. */
class ResultTypesTest {

    static class IsBlank implements ResultPredicate<String> {
        @Override
        public boolean test(String result) {
            return result.isBlank();
        }
    }

    static class IsBlankToo extends IsBlank {
    }

    static class IsEmptyList implements ResultPredicate<List<String>> {
        @Override
        public boolean test(List<String> result) {
            return result.isEmpty();
        }
    }

    @SuppressWarnings("rawtypes")
    static class Raw implements ResultPredicate {
        @Override
        public boolean test(Object result) {
            return false;
        }
    }

    static class Generic<T> implements ResultPredicate<T> {
        @Override
        public boolean test(T result) {
            return false;
        }
    }

    @SuppressWarnings({"unused", "rawtypes"})
    static class Methods {
        int count() {
            return 0;
        }

        String name() {
            return "";
        }

        CompletableFuture<Integer> later() {
            return null;
        }

        CompletionStage<List<String>> names() {
            return null;
        }

        CompletableFuture raw() {
            return null;
        }

        <T> CompletableFuture<T> any() {
            return null;
        }
    }

    private static Class<?> seenBy(String method) throws NoSuchMethodException {
        return ResultTypes.seenBy(Methods.class.getDeclaredMethod(method));
    }

    @Test
    void whatThePredicateTests() {
        assertThat(ResultTypes.testedBy(IsBlank.class)).isEqualTo(String.class);
        assertThat(ResultTypes.testedBy(IsBlankToo.class)).isEqualTo(String.class);
        assertThat(ResultTypes.testedBy(IsEmptyList.class)).isEqualTo(List.class);
        assertThat(ResultTypes.testedBy(Raw.class)).isEqualTo(Object.class);
        assertThat(ResultTypes.testedBy(Generic.class)).isEqualTo(Object.class);
    }

    @Test
    void whatTheMethodHandsIt() throws Exception {
        assertThat(seenBy("count")).isEqualTo(Integer.class);
        assertThat(seenBy("name")).isEqualTo(String.class);
        assertThat(seenBy("later")).isEqualTo(Integer.class);
        assertThat(seenBy("names")).isEqualTo(List.class);
        assertThat(seenBy("raw")).isEqualTo(Object.class);
        assertThat(seenBy("any")).isEqualTo(Object.class);
    }
}
