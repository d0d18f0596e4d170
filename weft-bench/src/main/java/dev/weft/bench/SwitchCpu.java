package dev.weft.bench;

import dev.weft.Task;
import dev.weft.Weft;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The task switch against a raw continuation's yield + run, measured in the loop thread's CPU time
 * rather than wall time: on a shared, loaded machine a descheduled thread inflates wall-clock figures
 * (JMH's) but not its CPU time. The same work as {@link TaskBench}'s {@code weftZeroSleepPingPong} and
 * {@code rawContinuationYieldRun}, alternated round by round in one JVM after a warm-up; prints the
 * medians and their ratio.
 *
 * <p>Run: {@code ./weft bench switch-cpu [rounds]} (default 21).
 */
public final class SwitchCpu {
    private SwitchCpu() {}

    static final int SWITCHES = 200_000;
    static final ContinuationScope SCOPE = new ContinuationScope("bench");
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    static int weft() {
        return Weft.run(() -> {
            int[] count = {0};
            Task<Void> a = Weft.spawn(() -> { for (int i = 0; i < SWITCHES / 2; i++) { count[0]++; Weft.yieldNow(); } });
            Task<Void> b = Weft.spawn(() -> { for (int i = 0; i < SWITCHES / 2; i++) { count[0]++; Weft.yieldNow(); } });
            a.await();
            b.await();
            return count[0];
        });
    }

    static int raw() {
        int[] count = {0};
        Continuation c = new Continuation(SCOPE, () -> { while (true) { count[0]++; Continuation.yield(SCOPE); } });
        for (int i = 0; i < SWITCHES; i++) c.run();
        return count[0];
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        long sink = 0;
        for (int i = 0; i < 30; i++) { sink += weft() + raw(); }
        double[] w = new double[rounds], r = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = MX.getCurrentThreadCpuTime(); sink += weft(); long t1 = MX.getCurrentThreadCpuTime();
            sink += raw(); long t2 = MX.getCurrentThreadCpuTime();
            w[i] = (t1 - t0) / (double) SWITCHES; r[i] = (t2 - t1) / (double) SWITCHES;
        }
        java.util.Arrays.sort(w); java.util.Arrays.sort(r);
        System.out.printf(java.util.Locale.ROOT, "task switch, thread CPU time per switch, median of %d rounds: "
                + "weft %.1f ns, raw continuation %.1f ns, ratio %.2f (minima %.1f / %.1f)%s%n", rounds,
                w[rounds / 2], r[rounds / 2], w[rounds / 2] / r[rounds / 2], w[0], r[0], sink == 42 ? "!" : "");
    }
}
