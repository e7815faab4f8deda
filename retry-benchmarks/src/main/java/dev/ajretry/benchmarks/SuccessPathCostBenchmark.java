package dev.ajretry.benchmarks;

import dev.ajretry.internal.call.BlockingCall;
import dev.ajretry.internal.spec.HotSpec;
import dev.ajretry.internal.spec.Specs;
import org.aspectj.lang.JoinPoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;

/**
 * Where the nanoseconds of ajretry's success path go: each part of what a woven call does besides the method's own
 * body, measured alone (not a comparison with the peers; see {@link SuccessBenchmark}). The parts are the policy
 * lookup ({@link Specs#of}, and inside it the {@link ClassValue} probe of the woven class), and the success tail
 * ({@link BlockingCall#succeeded}: the budget test and the read of the first-attempt listeners).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = {Logging.NOP, Logging.QUIET})
public class SuccessPathCostBenchmark {

    JoinPoint.StaticPart joinPoint;
    HotSpec spec;
    Class<?> wovenClass;
    final ClassValue<Object> classValue = new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> type) {
            return type.getName();
        }
    };

    @Setup
    public void setUp() throws Exception {
        Contenders contenders = new Contenders().verified();
        contenders.ajretry.call();
        wovenClass = AjRetryTarget.class;
        // The join point of AjRetryTarget.call(), as the woven code holds it in a static field of the class.
        for (Field field : wovenClass.getDeclaredFields()) {
            if (field.getName().startsWith("ajc$tjp_")) {
                field.setAccessible(true);
                JoinPoint.StaticPart candidate = (JoinPoint.StaticPart) field.get(null);
                if (candidate.getSignature().getName().equals("call")) {
                    joinPoint = candidate;
                }
            }
        }
        spec = Specs.of(joinPoint);
    }

    /** The whole lookup a woven call makes: its class's table, then the join point's slot. */
    @Benchmark
    public Object lookup() {
        return Specs.of(joinPoint);
    }

    /** The ClassValue probe alone, the part of the lookup that finds the woven class's table. */
    @Benchmark
    public Object classValueProbe() {
        return classValue.get(wovenClass);
    }

    /** The declaring type from the join point's signature, the lookup's key. */
    @Benchmark
    public Object declaringType() {
        return joinPoint.getSignature().getDeclaringType();
    }

    /** What a first-attempt success does after the body returned. */
    @Benchmark
    public void successTail() {
        BlockingCall.succeeded(null, spec);
    }

    /** The two tests the advice makes around proceed(): a deadline to time, a result to check. */
    @Benchmark
    public boolean specTests() {
        return spec.startTime() == 0 && !spec.checksResults();
    }
}
