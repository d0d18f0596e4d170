package dev.weft.bench;

import dev.weft.Task;
import dev.weft.Weft;
import java.util.concurrent.TimeUnit;
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
 * What eager task start saves (asyncio 3.12's {@code eager_task_factory}): spawn a short task and
 * await it, in ns per task, with {@link Weft#spawn} (scheduled: the creator suspends, the loop runs the
 * task's step, then wakes the creator) and with {@link Weft#spawnEager} (the step runs inside the
 * spawn; a task that returns at once is done before the await, which then does not suspend). The
 * {@code ...SuspendsOnce} pair gives the task one zero sleep, where eager start saves less.
 *
 * <p>Run: {@code ./weft bench EagerTaskBench}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Xmx2g"})
@State(Scope.Thread)
public class EagerTaskBench {
    static final int SPAWNS = 10_000;

    /** A task that returns at once, spawned and awaited SPAWNS times. */
    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public void spawnAndAwait(Blackhole bh) {
        Weft.run(() -> {
            for (int i = 0; i < SPAWNS; i++) {
                final int v = i;
                bh.consume(Weft.spawn(() -> v).await());
            }
        });
    }

    /** The same task started eagerly. */
    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public void spawnEagerAndAwait(Blackhole bh) {
        Weft.run(() -> {
            for (int i = 0; i < SPAWNS; i++) {
                final int v = i;
                bh.consume(Weft.spawnEager(() -> v).await());
            }
        });
    }

    /** A task that sleeps zero once, then returns: scheduled. */
    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public void spawnAndAwaitSuspendsOnce(Blackhole bh) {
        Weft.run(() -> {
            for (int i = 0; i < SPAWNS; i++) {
                final int v = i;
                Task<Integer> t = Weft.spawn(() -> {
                    Weft.yieldNow();
                    return v;
                });
                bh.consume(t.await());
            }
        });
    }

    /** The same, started eagerly. */
    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public void spawnEagerAndAwaitSuspendsOnce(Blackhole bh) {
        Weft.run(() -> {
            for (int i = 0; i < SPAWNS; i++) {
                final int v = i;
                Task<Integer> t = Weft.spawnEager(() -> {
                    Weft.yieldNow();
                    return v;
                });
                bh.consume(t.await());
            }
        });
    }
}
