package dev.weft.bench;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The floor under {@link Million}'s Weft row: the same shape with nothing of Weft's. N bare
 * {@code Continuation}s are made, each runs until it yields once ("sleeps" until one second after its
 * first step), then all are resumed in deadline order from one thread: no loop, no timer heap, no
 * future, no task. Cold, like the canonical rows: run it in a fresh JVM.
 *
 * <p>Run: {@code ./weft java -cp weft-bench/target/weft-bench.jar dev.weft.bench.MillionFloor 1000000}.
 * It prints the wall time and the same three phases as {@code Million}: create, first step, wake-up.
 */
public final class MillionFloor {
    private static final ContinuationScope SCOPE = new ContinuationScope("floor");
    private static final long SLEEP_NANOS = 1_000_000_000L;
    private static long ended;

    private MillionFloor() {}

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long start = System.nanoTime();
        Continuation[] all = new Continuation[n];
        long[] deadline = new long[n];
        for (int i = 0; i < n; i++) {
            all[i] = new Continuation(SCOPE, () -> {
                Continuation.yield(SCOPE);
                ended++;
            });
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
        System.out.printf("floor: %d bare continuations, each yielding once for 1 s: wall %.2f s "
                        + "(create %.2f s, first step %.2f s, wake-up %.2f s)%n",
                n, (end - start) / 1e9, (created - start) / 1e9, (suspended - created) / 1e9, (end - firstWake) / 1e9);
    }
}
