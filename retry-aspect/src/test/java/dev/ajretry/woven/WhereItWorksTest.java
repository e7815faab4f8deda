package dev.ajretry.woven;

import dev.ajretry.Retry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every kind of method a proxy-based library misses: each fixture fails twice, then returns; a woven method is
 * attempted three times, a method that is not woven once.
 */
class WhereItWorksTest {

    @RegisterExtension
    final RecordedWaits sleeper = new RecordedWaits();

    static class Visibility {
        final Script script = Script.failing(new IllegalStateException("1"), new IllegalStateException("2"));

        @Retry
        public String publicMethod() {
            script.attemptUnchecked();
            return "public";
        }

        @Retry
        protected String protectedMethod() {
            script.attemptUnchecked();
            return "protected";
        }

        @Retry
        String packageMethod() {
            script.attemptUnchecked();
            return "package";
        }

        @Retry
        private String privateMethod() {
            script.attemptUnchecked();
            return "private";
        }

        String callsPrivate() {
            return privateMethod();
        }

        @Retry
        final String finalMethod() {
            script.attemptUnchecked();
            return "final";
        }

        @Retry
        synchronized String synchronizedMethod() {
            script.attemptUnchecked();
            return "synchronized";
        }

        /** Self-invocation: the call a Spring proxy never sees. */
        String selfInvoking() {
            return this.publicMethod() + "+self";
        }
    }

    static class Statics {
        static Script script;

        @Retry
        static String staticMethod() {
            script.attemptUnchecked();
            return "static";
        }

        @Retry
        private static String privateStaticMethod() {
            script.attemptUnchecked();
            return "private static";
        }

        static String callsPrivateStatic() {
            return privateStaticMethod();
        }
    }

    @Test
    void publicProtectedPackageAndPrivateMethods() {
        Visibility a = new Visibility();
        assertThat(a.publicMethod()).isEqualTo("public");
        assertThat(a.script.attempts()).isEqualTo(3);

        Visibility b = new Visibility();
        assertThat(b.protectedMethod()).isEqualTo("protected");
        assertThat(b.script.attempts()).isEqualTo(3);

        Visibility c = new Visibility();
        assertThat(c.packageMethod()).isEqualTo("package");
        assertThat(c.script.attempts()).isEqualTo(3);

        Visibility d = new Visibility();
        assertThat(d.callsPrivate()).isEqualTo("private");
        assertThat(d.script.attempts()).isEqualTo(3);
    }

    @Test
    void finalAndSynchronizedMethods() {
        Visibility a = new Visibility();
        assertThat(a.finalMethod()).isEqualTo("final");
        assertThat(a.script.attempts()).isEqualTo(3);

        Visibility b = new Visibility();
        assertThat(b.synchronizedMethod()).isEqualTo("synchronized");
        assertThat(b.script.attempts()).isEqualTo(3);
    }

    @Test
    void selfInvocation() {
        Visibility a = new Visibility();
        assertThat(a.selfInvoking()).isEqualTo("public+self");
        assertThat(a.script.attempts()).isEqualTo(3);
    }

    @Test
    void staticMethods() {
        Statics.script = Script.failing(new IllegalStateException("1"), new IllegalStateException("2"));
        assertThat(Statics.staticMethod()).isEqualTo("static");
        assertThat(Statics.script.attempts()).isEqualTo(3);

        Statics.script = Script.failing(new IllegalStateException("1"), new IllegalStateException("2"));
        assertThat(Statics.callsPrivateStatic()).isEqualTo("private static");
        assertThat(Statics.script.attempts()).isEqualTo(3);
    }

    class Inner {
        final Script script = Script.failing(new IllegalStateException("1"), new IllegalStateException("2"));

        @Retry
        String innerMethod() {
            script.attemptUnchecked();
            return "inner of " + WhereItWorksTest.this.getClass().getSimpleName();
        }
    }

    @Test
    void innerClassMethods() {
        Inner inner = new Inner();
        assertThat(inner.innerMethod()).isEqualTo("inner of WhereItWorksTest");
        assertThat(inner.script.attempts()).isEqualTo(3);
    }

    @Test
    void anonymousClassMethods() throws Exception {
        Script script = Script.failing(new IllegalStateException("1"), new IllegalStateException("2"));
        Callable<String> anonymous = new Callable<>() {
            @Retry
            @Override
            public String call() {
                script.attemptUnchecked();
                return "anonymous";
            }
        };
        assertThat(anonymous.call()).isEqualTo("anonymous");
        assertThat(script.attempts()).isEqualTo(3);
    }

    @Test
    void localClassMethods() {
        Script script = Script.failing(new IllegalStateException("1"), new IllegalStateException("2"));
        class Local implements Supplier<String> {
            @Retry
            @Override
            public String get() {
                script.attemptUnchecked();
                return "local";
            }
        }
        assertThat(new Local().get()).isEqualTo("local");
        assertThat(script.attempts()).isEqualTo(3);
    }

    static class ReturnTypes {
        Script script;

        private void arm() {
            script = Script.failing(new IllegalStateException("1"), new IllegalStateException("2"));
        }

        @Retry void voidMethod() { script.attemptUnchecked(); }
        @Retry boolean booleanMethod() { script.attemptUnchecked(); return true; }
        @Retry byte byteMethod() { script.attemptUnchecked(); return (byte) -7; }
        @Retry char charMethod() { script.attemptUnchecked(); return 'z'; }
        @Retry short shortMethod() { script.attemptUnchecked(); return (short) 30_000; }
        @Retry int intMethod() { script.attemptUnchecked(); return 1_000_000; }
        @Retry long longMethod() { script.attemptUnchecked(); return Long.MAX_VALUE; }
        @Retry float floatMethod() { script.attemptUnchecked(); return 1.5f; }
        @Retry double doubleMethod() { script.attemptUnchecked(); return Math.PI; }
        @Retry String stringMethod() { script.attemptUnchecked(); return "text"; }
        @Retry int[] arrayMethod() { script.attemptUnchecked(); return new int[] {1, 2, 3}; }
        @Retry String[][] nestedArrayMethod() { script.attemptUnchecked(); return new String[][] {{"a"}}; }
        @Retry List<String> genericMethod() { script.attemptUnchecked(); return List.of("g"); }
        @Retry <T extends Comparable<T>> T typeVariableMethod(T value) { script.attemptUnchecked(); return value; }
        @Retry Integer boxedMethod() { script.attemptUnchecked(); return null; }
    }

    @Test
    void everyReturnType() {
        ReturnTypes r = new ReturnTypes();
        r.arm();
        r.voidMethod();
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.booleanMethod()).isTrue();
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.byteMethod()).isEqualTo((byte) -7);
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.charMethod()).isEqualTo('z');
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.shortMethod()).isEqualTo((short) 30_000);
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.intMethod()).isEqualTo(1_000_000);
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.longMethod()).isEqualTo(Long.MAX_VALUE);
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.floatMethod()).isEqualTo(1.5f);
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.doubleMethod()).isEqualTo(Math.PI);
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.stringMethod()).isEqualTo("text");
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.arrayMethod()).containsExactly(1, 2, 3);
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.nestedArrayMethod()).isDeepEqualTo(new String[][] {{"a"}});
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.genericMethod()).containsExactly("g");
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.typeVariableMethod("t")).isEqualTo("t");
        assertThat(r.script.attempts()).isEqualTo(3);
        r.arm();
        assertThat(r.boxedMethod()).isNull();
        assertThat(r.script.attempts()).isEqualTo(3);
    }

    @Retry(tries = 4)
    static class AnnotatedType {
        final Script script = Script.failing(new IllegalStateException("1"), new IllegalStateException("2"),
                new IllegalStateException("3"));

        public String publicMethod() {
            script.attemptUnchecked();
            return "type-level";
        }

        public static String publicStaticMethod(Script script) {
            script.attemptUnchecked();
            return "type-level static";
        }

        @Retry(tries = 2)
        public String ownAnnotationWins() {
            script.attemptUnchecked();
            return "own";
        }

        String packagePrivateMethod() {
            script.attemptUnchecked();
            return "not retried";
        }

        private String privateMethod() {
            script.attemptUnchecked();
            return "not retried";
        }

        String callsPrivate() {
            return privateMethod();
        }

        static class Nested {
            final Script script = Script.failing(new IllegalStateException("nested"));

            public String nestedPublicMethod() {
                script.attemptUnchecked();
                return "not retried";
            }
        }
    }

    @Test
    void onATypeEveryPublicMethodIsRetried() {
        AnnotatedType a = new AnnotatedType();
        assertThat(a.publicMethod()).isEqualTo("type-level");
        assertThat(a.script.attempts()).isEqualTo(4);

        Script script = Script.failing(new IllegalStateException("1"));
        assertThat(AnnotatedType.publicStaticMethod(script)).isEqualTo("type-level static");
        assertThat(script.attempts()).isEqualTo(2);
    }

    @Test
    void aMethodsOwnRetryWinsOverItsTypes() {
        AnnotatedType a = new AnnotatedType();
        assertThat(catchThrowable(a::ownAnnotationWins)).hasMessage("2");
        assertThat(a.script.attempts()).isEqualTo(2);
    }

    @Test
    void onATypeNonPublicMethodsAndNestedTypesAreNotRetried() {
        AnnotatedType a = new AnnotatedType();
        assertThat(catchThrowable(a::packagePrivateMethod)).hasMessage("1");
        assertThat(a.script.attempts()).isEqualTo(1);

        AnnotatedType b = new AnnotatedType();
        assertThat(catchThrowable(b::callsPrivate)).hasMessage("1");
        assertThat(b.script.attempts()).isEqualTo(1);

        AnnotatedType.Nested nested = new AnnotatedType.Nested();
        assertThat(catchThrowable(nested::nestedPublicMethod)).hasMessage("nested");
        assertThat(nested.script.attempts()).isEqualTo(1);
    }

    @Retry(tries = 2)
    static class AnnotatedComparable implements Comparable<AnnotatedComparable> {
        final Script script = Script.failing(new IllegalStateException("1"), new IllegalStateException("2"));

        @Override
        public int compareTo(AnnotatedComparable other) {
            script.attemptUnchecked();
            return 0;
        }
    }

    @Test
    void aBridgeMethodDoesNotRetryASecondTime() {
        AnnotatedComparable a = new AnnotatedComparable();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparable<Object> raw = (Comparable) a;
        // Through the synthetic bridge compareTo(Object): still 2 attempts, not 2 x 2.
        assertThat(catchThrowable(() -> raw.compareTo(new AnnotatedComparable()))).hasMessage("2");
        assertThat(a.script.attempts()).isEqualTo(2);
    }
}
