package dev.weft.bench;

import dev.weft.Task;
import dev.weft.Weft;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import jdk.internal.vm.ScopedValueContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Task switching: a two-task ping-pong through a zero sleep (asyncio's {@code await sleep(0)}), in ns
 * per switch, next to the raw continuation floor (yield + run with nothing around it) and to two
 * threads (virtual, then platform) handing a token back and forth through {@link SynchronousQueue}s;
 * and the cost of spawning a task and awaiting its completion. The asyncio peer is
 * {@code src/main/python/switch_bench.py}.
 *
 * <p>Run: {@code ./weft bench TaskBench}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Xmx2g"})
@State(Scope.Thread)
public class TaskBench {
    static final int SWITCHES = 100_000;
    static final int SPAWNS = 10_000;
    /** Fewer for threads: a parked platform thread can take microseconds per switch on a busy box. */
    static final int THREAD_SWITCHES = 10_000;
    static final Object TOKEN = new Object();
    static final ContinuationScope SCOPE = new ContinuationScope("bench");

    /** Two tasks alternating through Weft.yieldNow(): SWITCHES switches in all. */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public int weftZeroSleepPingPong() {
        return Weft.run(() -> {
            int[] count = {0};
            Task<Void> a = Weft.spawn(() -> {
                for (int i = 0; i < SWITCHES / 2; i++) {
                    count[0]++;
                    Weft.yieldNow();
                }
            });
            Task<Void> b = Weft.spawn(() -> {
                for (int i = 0; i < SWITCHES / 2; i++) {
                    count[0]++;
                    Weft.yieldNow();
                }
            });
            a.await();
            b.await();
            return count[0];
        });
    }

    /** The floor: a continuation yielded and resumed SWITCHES times, nothing else. */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public int rawContinuationYieldRun() {
        int[] count = {0};
        Continuation c = new Continuation(SCOPE, () -> {
            while (true) {
                count[0]++;
                Continuation.yield(SCOPE);
            }
        });
        for (int i = 0; i < SWITCHES; i++) {
            c.run();
        }
        return count[0];
    }

    /**
     * The floor plus what the continuation backend adds to every switch so that ScopedValue bindings
     * never leak between tasks (docs/design.md, section 3): the thread's bindings read on resume and
     * compared on suspension. Its ratio to {@link #rawContinuationYieldRun} in the same run is that cost.
     */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public int rawContinuationYieldRunWithBindingsCheck() {
        int[] count = {0};
        Object[] atResume = {null};
        Continuation c = new Continuation(SCOPE, () -> {
            while (true) {
                count[0]++;
                if (Continuation.getCurrentContinuation(SCOPE) == null
                        || ScopedValueContainer.captureBindings().scopedValueBindings() != atResume[0]) {
                    throw new IllegalStateException("bindings changed");
                }
                Continuation.yield(SCOPE);
            }
        });
        for (int i = 0; i < SWITCHES; i++) {
            atResume[0] = ScopedValueContainer.captureBindings().scopedValueBindings();
            c.run();
        }
        return count[0];
    }

    /** Spawn a task that returns at once, and await it: SPAWNS times. */
    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public void weftSpawnAndAwait(Blackhole bh) {
        Weft.run(() -> {
            for (int i = 0; i < SPAWNS; i++) {
                final int v = i;
                bh.consume(Weft.spawn(() -> v).await());
            }
        });
    }

    /** Two virtual threads alternating through two SynchronousQueues: THREAD_SWITCHES switches. */
    @Benchmark
    @OperationsPerInvocation(THREAD_SWITCHES)
    public int virtualThreadPingPong() throws InterruptedException {
        return threadPingPong(Thread.ofVirtual());
    }

    /** Two platform threads alternating through two SynchronousQueues: THREAD_SWITCHES switches. */
    @Benchmark
    @OperationsPerInvocation(THREAD_SWITCHES)
    public int platformThreadPingPong() throws InterruptedException {
        return threadPingPong(Thread.ofPlatform());
    }

    /** A round trip (ping there, pong back) is two switches; THREAD_SWITCHES / 2 round trips. */
    static int threadPingPong(Thread.Builder threads) throws InterruptedException {
        SynchronousQueue<Object> ping = new SynchronousQueue<>();
        SynchronousQueue<Object> pong = new SynchronousQueue<>();
        int[] count = {0, 0};
        Thread a = threads.start(() -> {
            try {
                for (int i = 0; i < THREAD_SWITCHES / 2; i++) {
                    ping.put(TOKEN);
                    pong.take();
                    count[0]++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread b = threads.start(() -> {
            try {
                for (int i = 0; i < THREAD_SWITCHES / 2; i++) {
                    pong.put(ping.take());
                    count[1]++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        a.join();
        b.join();
        return count[0] + count[1];
    }
}
