package dev.weft.bench;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The floor under {@link Million}'s Weft row: the same shape with nothing of Weft's. N bare
 * {@code Continuation}s are made, each runs until it yields once ("sleeps" until one second after its
 * first step), then all are resumed in deadline order from one thread: no loop, no timer queue, no
 * future, no task. Cold, like the canonical rows: the suite runs it in a fresh JVM, as the row
 * {@value Million#FLOOR} of the million table ({@link Million#floorRow}).
 *
 * <p>The two shapes are Million's: {@link #timed} (wall time and the three phases: create, first
 * step, wake-up) and {@link #memory} (used heap and resident set per suspended continuation, with its
 * deadline, 8 B, as the timer). Run by hand: {@code ./weft java -cp weft-bench/target/weft-bench.jar
 * dev.weft.bench.MillionFloor [N]} prints the timed shape (default 1000000).
 */
public final class MillionFloor {
    private static final ContinuationScope SCOPE = new ContinuationScope("floor");
    private static final long SLEEP_NANOS = 1_000_000_000L;
    private static long ended;

    private MillionFloor() {}

    /** One bare "task": yields once (its sleep), then counts itself ended. */
    private static Continuation sleeper() {
        return new Continuation(SCOPE, () -> {
            Continuation.yield(SCOPE);
            ended++;
        });
    }

    /** N bare continuations, each yielding once for 1 s, resumed in deadline order: Million's timed shape. */
    static Million.Result timed(int n) throws InterruptedException {
        ended = 0;
        long start = System.nanoTime();
        Continuation[] all = new Continuation[n];
        long[] deadline = new long[n];
        for (int i = 0; i < n; i++) {
            all[i] = sleeper();
        }
        long created = System.nanoTime();
        for (int i = 0; i < n; i++) {
            deadline[i] = System.nanoTime() + SLEEP_NANOS;
            all[i].run();
        }
        long suspended = System.nanoTime();
        long firstWake = 0;
        for (int i = 0; i < n; i++) {
            long wait = deadline[i] - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            if (i == 0) {
                firstWake = System.nanoTime();
            }
            all[i].run();
            all[i] = null;
        }
        long end = System.nanoTime();
        if (ended != n) {
            throw new AssertionError(ended + " of " + n + " ended");
        }
        return new Million.Result(null, n, (int) ended, (end - start) / 1e9, (created - start) / 1e9,
                (suspended - created) / 1e9, (end - firstWake) / 1e9, Double.NaN, Double.NaN, "");
    }

    /** N bare continuations suspended at once, each with its deadline: Million's memory shape. */
    static Million.Result memory(int n) {
        long heapBefore = Sleepers.usedHeap();
        long rssBefore = Sleepers.rss();
        Continuation[] all = new Continuation[n];
        long[] deadline = new long[n];
        for (int i = 0; i < n; i++) {
            all[i] = sleeper();
            deadline[i] = System.nanoTime() + SLEEP_NANOS;
            all[i].run();
        }
        long heapDuring = Sleepers.usedHeap();
        long rssDuring = Sleepers.rss();
        int suspended = 0;
        for (Continuation c : all) { // after the readings: keeps every continuation reachable until then
            suspended += c.isDone() ? 0 : 1;
        }
        if (suspended != n || n > 0 && deadline[n - 1] == 0) {
            throw new AssertionError(suspended + " of " + n + " suspended");
        }
        return new Million.Result(null, n, n, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                (heapDuring - heapBefore) / (double) n, Sleepers.perEach(rssBefore, rssDuring, n), "");
    }

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Million.Result r = timed(n);
        System.out.printf("floor: %d bare continuations, each yielding once for 1 s: wall %.2f s "
                        + "(create %.2f s, first step %.2f s, wake-up %.2f s)%n",
                n, r.wallSeconds(), r.createSeconds(), r.firstStepSeconds(), r.wakeSeconds());
    }
}
