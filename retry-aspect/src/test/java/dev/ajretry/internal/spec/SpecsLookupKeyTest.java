package dev.ajretry.internal.spec;

import dev.ajretry.Retry;
import dev.ajretry.internal.env.Environment;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.reflect.MethodSignature;
import org.aspectj.runtime.reflect.Factory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity cache of {@link Specs} is keyed by a hash of the join point's line and id: join points that share
 * both (classes compiled without line numbers, where every line is 0; or the same line in two classes) must still
 * each find their own spec. Built with aspectjrt's own factory, as the weaver's generated code does, no weaving.
 */
class SpecsLookupKeyTest {

    static class First {
        @Retry(tries = 2)
        public void call() {
        }

        @Retry(tries = 3)
        public void other() {
        }
    }

    static class Second {
        @Retry(tries = 4)
        public void call() {
        }

        @Retry(tries = 5)
        public void other() {
        }
    }

    @AfterEach
    void reset() {
        Environment.reset();
    }

    private static List<JoinPoint.StaticPart> joinPoints(Class<?> type, int line) throws Exception {
        Factory factory = new Factory(type.getSimpleName() + ".java", type);
        List<JoinPoint.StaticPart> parts = new ArrayList<>();
        for (String name : new String[] {"call", "other"}) {
            MethodSignature signature = factory.makeMethodSig(1, name, type, new Class<?>[0], new String[0],
                    new Class<?>[0], void.class);
            parts.add(factory.makeSJP(JoinPoint.METHOD_EXECUTION, signature, line));
        }
        return parts;
    }

    private static int tries(JoinPoint.StaticPart joinPoint) {
        return Specs.of(joinPoint).spec().tries();
    }

    @Test
    void joinPointsSharingLineAndIdEachFindTheirOwnSpec() throws Exception {
        for (int line : new int[] {0, 42}) {
            List<JoinPoint.StaticPart> first = joinPoints(First.class, line);
            List<JoinPoint.StaticPart> second = joinPoints(Second.class, line);
            assertThat(first.get(0).getId()).isEqualTo(second.get(0).getId());
            for (int round = 0; round < 3; round++) {
                assertThat(tries(first.get(0))).isEqualTo(2);
                assertThat(tries(first.get(1))).isEqualTo(3);
                assertThat(tries(second.get(0))).isEqualTo(4);
                assertThat(tries(second.get(1))).isEqualTo(5);
            }
            // Found again from the cache, not rebuilt.
            assertThat(Specs.of(first.get(0))).isSameAs(Specs.of(first.get(0)));
            Environment.reset();
        }
    }
}
