package dev.weft.bench;

import dev.weft.Future;
import dev.weft.LoopGroup;
import dev.weft.Weft;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./weft bench idle [seconds]}: the CPU an idle {@link LoopGroup} of 4 loops uses, read as the
 * process's CPU time (OperatingSystemMXBean, user + system, all threads) over the window, against a
 * JVM doing nothing over the same window (its JIT, GC and JMH-less housekeeping). The group first
 * does 20,000 cross-loop round trips, so every loop has spun before a park at least once (EventLoop's
 * spin before park): an idle group must still use no CPU after that. Prints one line per case and a
 * last line {@code idle-cpu: group=X ms baseline=Y ms seconds=S} for the report.
 */
public final class IdleCpu {
    private IdleCpu() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        if (seconds <= 0) {
            throw new IllegalArgumentException("seconds must be positive (got " + seconds + ")");
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // The JVM alone, no loop: what any Java process costs over the window.
        long b0 = os.getProcessCpuTime();
        idle(seconds);
        double baselineMs = (os.getProcessCpuTime() - b0) / 1e6;
        System.out.printf(Locale.ROOT, "JVM with no loop, %d s idle: %.1f ms CPU%n", seconds, baselineMs);

        double groupMs;
        try (LoopGroup group = new LoopGroup(4, "idle")) {
            crossLoopTraffic(group);
            long g0 = os.getProcessCpuTime();
            idle(seconds);
            groupMs = (os.getProcessCpuTime() - g0) / 1e6;
            group.shutdown(Duration.ofSeconds(5));
        }
        System.out.printf(Locale.ROOT, "LoopGroup(4), after 20,000 cross-loop round trips, %d s idle: %.1f ms CPU "
                + "(%.3f%% of one core)%n", seconds, groupMs, groupMs / (seconds * 10.0));
        System.out.printf(Locale.ROOT, "idle-cpu: group=%.1f ms baseline=%.1f ms seconds=%d%n", groupMs, baselineMs,
                seconds);
    }

    /** Waits the window out without using CPU (parkNanos until the deadline). */
    private static void idle(int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** Ping-pong between loops 0 and 1, and 2 and 3: every loop posts across and spins. */
    private static void crossLoopTraffic(LoopGroup group) throws Exception {
        for (int pair = 0; pair < 4; pair += 2) {
            int a = pair;
            int b = pair + 1;
            int rounds = 10_000;
            @SuppressWarnings("unchecked")
            Future<Integer>[] onA = group.submit(a, () -> futures(rounds)).get();
            @SuppressWarnings("unchecked")
            Future<Integer>[] onB = group.submit(b, () -> futures(rounds)).get();
            var pb = group.submit(b, () -> {
                for (int i = 0; i < rounds; i++) {
                    onA[i].await();
                    onB[i].setResult(i);
                }
                return null;
            });
            var pa = group.submit(a, () -> {
                for (int i = 0; i < rounds; i++) {
                    onA[i].setResult(i);
                    onB[i].await();
                }
                return null;
            });
            pa.get();
            pb.get();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Future[] futures(int n) {
        Future[] fs = new Future[n];
        for (int i = 0; i < n; i++) {
            fs[i] = Weft.loop().createFuture();
        }
        return fs;
    }
}
