package dev.weft.bench;

import dev.weft.gen.Generator;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One generator round trip (a value sent in, a value yielded back) three ways, side by side:
 *
 * <ul>
 *   <li>{@link #weftSend}: a Weft {@link Generator} whose body echoes what it is sent, forever.
 *   <li>{@link #rawContinuation}: the floor, a bare {@code jdk.internal.vm.Continuation} that yields in
 *       a loop; one {@code run()} plus one {@code yield} with nothing around them (no value passed, no
 *       state kept). Weft's target is to stay within 1.25x of it.
 *   <li>{@link #threadHandOff}: what a generator costs without continuations, the body on a second
 *       platform thread and the two threads exchanging values through {@link SynchronousQueue}s.
 * </ul>
 *
 * <p>Run: {@code ./weft bench GeneratorBench}.
 *
 * <p>Measured on the 2-core development box (shared with other builds, JDK 25.0.3, -f 1 -wi 3 -i 5):
 * rawContinuation 112 ns/op, weftSend 123 ns/op (1.10x the floor; target 1.25x), threadHandOff
 * 200 ns/op while both threads can spin on idle cores but 12-17 us/op as soon as the cores are busy
 * and the threads park. On a loaded machine single JMH runs swing by 30%; an interleaved run (raw,
 * Weft, raw, Weft ... in one JVM, best of 30 rounds) gave raw 109-111 ns, Weft 115-116 ns.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class GeneratorBench {

    /** A Weft generator echoing every value sent to it. */
    @State(Scope.Thread)
    public static class WeftState {
        Generator<Object, Object, Void> echo;
        final Object token = new Object(); // one object, so no boxing or allocation in the loop

        @Setup(Level.Trial)
        public void setUp() {
            echo = Generator.of(y -> {
                Object v = null;
                while (true) {
                    v = y.yield(v);
                }
            });
            echo.send(null); // started: suspended at its first yield
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            echo.close();
        }
    }

    /** A bare continuation yielding in a loop. */
    @State(Scope.Thread)
    public static class RawState {
        final ContinuationScope scope = new ContinuationScope("bench");
        Continuation cont;

        @Setup(Level.Trial)
        public void setUp() {
            cont = new Continuation(scope, () -> {
                while (true) {
                    Continuation.yield(scope);
                }
            });
            cont.run(); // started: suspended at its first yield
        }
    }

    /** A "generator" whose body runs on its own platform thread, echoing through two queues. */
    @State(Scope.Thread)
    public static class ThreadState {
        final SynchronousQueue<Object> in = new SynchronousQueue<>();
        final SynchronousQueue<Object> out = new SynchronousQueue<>();
        final Object token = new Object();
        Thread body;

        @Setup(Level.Trial)
        public void setUp() {
            body = Thread.ofPlatform().daemon().name("generator-body").start(() -> {
                try {
                    while (true) {
                        out.put(in.take());
                    }
                } catch (InterruptedException e) {
                    // torn down
                }
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            body.interrupt();
            body.join();
        }

        Object send(Object v) throws InterruptedException {
            in.put(v);
            return out.take();
        }
    }

    /** One Weft round trip: send a value in, get the next yielded value back. */
    @Benchmark
    public Object weftSend(WeftState s) {
        return s.echo.send(s.token);
    }

    /** The floor: one {@code Continuation.run()} that comes back at the body's next yield. */
    @Benchmark
    public void rawContinuation(RawState s) {
        s.cont.run();
    }

    /** One round trip between two platform threads. */
    @Benchmark
    public Object threadHandOff(ThreadState s) throws InterruptedException {
        return s.send(s.token);
    }
}
