package dev.ajretry.woven;

import dev.ajretry.FailurePredicate;
import dev.ajretry.Retry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding a method's policy: it never pins a dropped class loader, and building one never blocks other methods. */
class SpecLookupTest {

    /** Loads {@code dev.ajretry.woven.isolated.*} itself, from the test classes; everything else from its parent. */
    static final class ThrowawayLoader extends ClassLoader {
        ThrowawayLoader() {
            super(SpecLookupTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.ajretry.woven.isolated.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return loaded;
            }
        }
    }

    @Test
    void aWovenClassOfADroppedLoaderIsNotKeptAlive() throws Exception {
        WeakReference<ClassLoader> loader = callOnceAndDrop();

        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(loader.get()).as("the throwaway loader, after its class was retried and dropped").isNull();
    }

    @SuppressWarnings("unchecked")
    private static WeakReference<ClassLoader> callOnceAndDrop() throws Exception {
        ClassLoader loader = new ThrowawayLoader();
        Class<?> plugin = loader.loadClass("dev.ajretry.woven.isolated.Plugin");
        assertThat(plugin.getClassLoader()).isSameAs(loader);
        Supplier<String> instance = (Supplier<String>) plugin.getConstructor().newInstance();
        // Run on a thread whose context loader is the plugin's, as a container's request thread would be.
        String[] result = new String[1];
        Thread caller = new Thread(() -> result[0] = instance.get());
        caller.setContextClassLoader(loader);
        caller.start();
        caller.join();
        assertThat(result[0]).isEqualTo("ok ok");
        return new WeakReference<>(loader);
    }

    // ---- no lock shared by other methods while a policy is built -------------------------------------------------

    static final CountDownLatch OTHER_METHOD_CALLED = new CountDownLatch(1);

    /** A predicate whose construction waits for another method's first call, made on another thread. */
    public static final class WaitsForAnotherMethod implements FailurePredicate {
        public WaitsForAnotherMethod() throws InterruptedException {
            CompletableFuture.runAsync(() -> {
                new Slow().other();
                OTHER_METHOD_CALLED.countDown();
            });
            if (!OTHER_METHOD_CALLED.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other method's first call was blocked");
            }
        }

        @Override
        public boolean test(Throwable failure) {
            return false;
        }
    }

    static final class Slow {
        @Retry(giveUpIf = WaitsForAnotherMethod.class)
        String built() {
            return "built";
        }

        @Retry
        String other() {
            return "other";
        }
    }

    @Test
    void buildingOnePolicyNeverWaitsForAnotherMethodsFirstCall() {
        assertThat(new Slow().built()).isEqualTo("built");
        assertThat(OTHER_METHOD_CALLED.getCount()).isZero();
    }
}
