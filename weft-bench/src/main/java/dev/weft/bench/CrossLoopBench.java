package dev.weft.bench;

import dev.weft.Future;
import dev.weft.LoopGroup;
import dev.weft.Weft;
import dev.weft.EventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round trips between two threads, in ns per round trip (one message each way):
 * <ul>
 *   <li>{@code weftCrossLoopAwait}: a task on loop A completes a future of A and awaits a future of
 *       loop B; a task on B awaits A's future and completes B's. Both awaits are bridged (a relay
 *       registered on the other loop, the outcome posted back through callSoonThreadsafe).
 *   <li>{@code weftSubmitAndAwait}: a task on A does {@code Weft.await(group.submit(1, body))}: a
 *       new task on B each time, through the CompletableFuture door.
 *   <li>{@code cfPingPongPlatformThreads}: the peer: two platform threads, each completing a
 *       {@link CompletableFuture} the other {@code join()}s.
 *   <li>{@code weftSameLoopAwait}: the floor without any thread crossing: the same ping-pong between
 *       two tasks of one loop.
 * </ul>
 *
 * <p>{@code spinNanos} is how long a loop that has posted to another loop polls its inbox before it
 * parks (EventLoop's spin before park; 0 turns it off): {@code -p spinNanos=0,20000} puts both side by
 * side in one run.
 *
 * <p>Run: {@code ./weft bench CrossLoopBench}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Xmx2g"})
@State(Scope.Thread)
public class CrossLoopBench {
    static final int ROUNDS = 2_000;

    /** EventLoop's weft.spinNanos for the group's loops; the default is the library's. */
    @Param({"20000"})
    public long spinNanos;

    private LoopGroup group;
    private ExecutorService peer;
    private Future<Integer>[] onA;
    private Future<Integer>[] onB;
    private CompletableFuture<Integer>[] cfA;
    private CompletableFuture<Integer>[] cfB;

    @Setup(Level.Trial)
    public void start() {
        System.setProperty("weft.spinNanos", Long.toString(spinNanos)); // read as each loop is made
        group = new LoopGroup(2, "bench");
        peer = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("peer").unstarted(r));
    }

    @TearDown(Level.Trial)
    public void stop() {
        group.shutdown(Duration.ofSeconds(5));
        peer.shutdownNow();
    }

    /** Fresh futures for each invocation, made on their own loops (not timed). */
    @Setup(Level.Invocation)
    @SuppressWarnings("unchecked")
    public void freshFutures() throws Exception {
        onA = group.submit(0, () -> makeFutures()).get();
        onB = group.submit(1, () -> makeFutures()).get();
        cfA = new CompletableFuture[ROUNDS];
        cfB = new CompletableFuture[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            cfA[i] = new CompletableFuture<>();
            cfB[i] = new CompletableFuture<>();
        }
    }

    @SuppressWarnings("unchecked")
    private static Future<Integer>[] makeFutures() {
        EventLoop loop = Weft.loop();
        Future<Integer>[] fs = new Future[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            fs[i] = loop.createFuture();
        }
        return fs;
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int weftCrossLoopAwait() throws Exception {
        Future<Integer>[] a = onA;
        Future<Integer>[] b = onB;
        CompletableFuture<Integer> pb = group.submit(1, () -> {
            int sum = 0;
            for (int i = 0; i < ROUNDS; i++) {
                sum += a[i].await(); // a future of loop A: bridged
                b[i].setResult(i);
            }
            return sum;
        });
        CompletableFuture<Integer> pa = group.submit(0, () -> {
            int sum = 0;
            for (int i = 0; i < ROUNDS; i++) {
                a[i].setResult(i);
                sum += b[i].await(); // a future of loop B: bridged
            }
            return sum;
        });
        return pa.get() + pb.get();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int weftSubmitAndAwait() throws Exception {
        return group.submit(0, () -> {
            int sum = 0;
            for (int i = 0; i < ROUNDS; i++) {
                int v = i;
                sum += Weft.await(group.submit(1, () -> v));
            }
            return sum;
        }).get();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int cfPingPongPlatformThreads() throws Exception {
        CompletableFuture<Integer>[] a = cfA;
        CompletableFuture<Integer>[] b = cfB;
        java.util.concurrent.Future<Integer> other = peer.submit(() -> {
            int sum = 0;
            for (int i = 0; i < ROUNDS; i++) {
                sum += a[i].join();
                b[i].complete(i);
            }
            return sum;
        });
        int sum = 0;
        for (int i = 0; i < ROUNDS; i++) {
            a[i].complete(i);
            sum += b[i].join();
        }
        return sum + other.get();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int weftSameLoopAwait() throws Exception {
        return group.submit(0, () -> {
            Future<Integer>[] a = makeFutures();
            Future<Integer>[] b = makeFutures();
            var other = Weft.spawn(() -> {
                int sum = 0;
                for (int i = 0; i < ROUNDS; i++) {
                    sum += a[i].await();
                    b[i].setResult(i);
                }
                return sum;
            });
            int sum = 0;
            for (int i = 0; i < ROUNDS; i++) {
                a[i].setResult(i);
                sum += b[i].await();
            }
            return sum + other.await();
        }).get();
    }
}
