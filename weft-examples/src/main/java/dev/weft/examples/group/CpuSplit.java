package dev.weft.examples.group;

import dev.weft.LoopGroup;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A CPU-bound job split over a {@link LoopGroup}, while every loop keeps serving a timer: count the
 * primes below a limit in equal chunks, one task per chunk, round-robin over the loops; meanwhile a
 * heartbeat task on each loop wakes every few milliseconds and records how late its timer fired.
 *
 * <p>Teaches three things. The group runs the chunks in parallel, one loop per core. A CPU-bound task
 * must give its loop back now and then ({@link Weft#yieldNow()} every slice of work) or that loop's
 * timers wait; with it, the heartbeats stay on time. And a plain thread ({@code main}) talks to the
 * loops only through the doors: {@link LoopGroup#submit} and the {@link CompletableFuture}s it returns.
 *
 * <p>asyncio: one process per core ({@code ProcessPoolExecutor} with {@code run_in_executor}), since a
 * Python loop cannot use two cores; here it is one loop per core in one JVM.
 */
public final class CpuSplit {
    /**
     * How long a task computes before it yields: 0.1 ms. A timer due meanwhile waits at most for the
     * slices of the tasks ready before it, so about {@code (ready tasks) x SLICE}: keep both small.
     */
    public static final long SLICE_NANOS = 100_000;

    private CpuSplit() {}

    /**
     * What one run measured.
     *
     * @param primes the number of primes below the limit
     * @param chunksPerLoop how many chunks each loop counted
     * @param took wall-clock time of the job
     * @param beatsPerLoop how many heartbeats each loop served while the job ran
     * @param worstDelayPerLoop the latest any heartbeat of that loop fired, past its due time
     */
    public record Report(long primes, int[] chunksPerLoop, Duration took, int[] beatsPerLoop,
            Duration[] worstDelayPerLoop) {}

    /** One heartbeat's statistics, returned by its task when asked to stop. */
    private record Beats(int count, long worstDelayNanos) {}

    /**
     * Counts the primes below {@code limit} in {@code chunks} equal tasks spread over {@code group},
     * with a heartbeat of period {@code heartbeat} on every loop.
     *
     * @param group the loops
     * @param limit count primes in {@code [0, limit)}
     * @param chunks how many tasks to split the range into
     * @param heartbeat the heartbeat period
     * @return the count and what each loop did
     * @throws Exception if a task failed (it does not), or the wait was interrupted
     */
    public static Report countPrimes(LoopGroup group, int limit, int chunks, Duration heartbeat) throws Exception {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        List<CompletableFuture<Beats>> beats = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            beats.add(group.submit(i, () -> heartbeat(heartbeat, stop)));
        }
        long start = System.nanoTime();
        List<CompletableFuture<long[]>> parts = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) limit * c / chunks);
            int to = (int) ((long) limit * (c + 1) / chunks);
            // round-robin: chunk c runs on loop c % size; the task reports where it ran
            parts.add(group.submit(() -> new long[] {countRange(from, to), group.indexOfCurrentLoop()}));
        }
        long primes = 0;
        int[] perLoop = new int[group.size()];
        for (CompletableFuture<long[]> p : parts) {
            long[] r = p.get(); // main is a plain thread: blocking here is fine
            primes += r[0];
            perLoop[(int) r[1]]++;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        stop.complete(null);
        int[] count = new int[group.size()];
        Duration[] worst = new Duration[group.size()];
        for (int i = 0; i < group.size(); i++) {
            Beats b = beats.get(i).get();
            count[i] = b.count();
            worst[i] = Duration.ofNanos(b.worstDelayNanos());
        }
        return new Report(primes, perLoop, took, count, worst);
    }

    /** A task: sleeps {@code period} again and again until {@code stop}, noting how late it wakes. */
    private static Beats heartbeat(Duration period, CompletableFuture<Void> stop) {
        int count = 0;
        long worst = 0;
        while (!stop.isDone()) { // isDone() is safe from any thread
            long due = System.nanoTime() + period.toNanos();
            Weft.sleep(period);
            worst = Math.max(worst, System.nanoTime() - due);
            count++;
        }
        return new Beats(count, worst);
    }

    /** The primes in {@code [from, to)}, yielding the loop every {@link #SLICE_NANOS} of work. */
    static long countRange(int from, int to) {
        long n = 0;
        long sliceEnd = System.nanoTime() + SLICE_NANOS;
        for (int i = from; i < to; i++) {
            if ((i & 63) == 0 && System.nanoTime() - sliceEnd > 0) {
                Weft.yieldNow(); // give the loop back: its timers (the heartbeat) run here
                sliceEnd = System.nanoTime() + SLICE_NANOS;
            }
            if (isPrime(i)) {
                n++;
            }
        }
        return n;
    }

    static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        for (int d = 3; (long) d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    public static void main(String[] args) throws Exception {
        try (LoopGroup group = new LoopGroup()) {
            Report r = countPrimes(group, 2_000_000, 4 * group.size(), Duration.ofMillis(5));
            System.out.printf("%d primes below 2,000,000 in %.2f s on %d loops%n", r.primes(),
                    r.took().toNanos() / 1e9, group.size());
        }
    }
}
