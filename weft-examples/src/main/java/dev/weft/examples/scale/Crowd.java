package dev.weft.examples.scale;

import dev.weft.Future;
import dev.weft.Weft;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A crowd of N activities that each sleep once, run as Weft tasks, virtual threads or platform
 * threads; {@link #measure} reports how long the crowd took and how much heap each member held.
 *
 * <p>How it measures, the same way for all three kinds: start the N activities; each one waits at a
 * gate; once all wait, measure the heap (used heap after a full GC, against the same before they
 * started); open the gate; each sleeps, counts itself finished and ends. Wall time is from the first
 * start to the last finish, less the pause for the heap measurement (nothing runs while the gate is
 * shut, so the pause is simply cut out).
 *
 * <p>What it does not measure: a platform thread's stack is native memory, outside the heap (the JVM
 * reserves {@code -Xss}, 1 MB by default, per thread); a virtual thread's or a Weft task's stack is a
 * heap object, and counted. This is a demonstration, not a benchmark: {@code ./weft bench sleepers}
 * measures the same thing with more care.
 */
public final class Crowd {
    private Crowd() {}

    /** How the activities run. */
    public enum Kind {
        /** Tasks of one Weft event loop, all on one thread. */
        WEFT_TASKS("Weft tasks"),
        /** {@code Thread.ofVirtual()}: the JDK's virtual threads, on its carrier pool. */
        VIRTUAL_THREADS("virtual threads"),
        /** {@code Thread.ofPlatform()}: one OS thread each, default stack size. */
        PLATFORM_THREADS("platform threads");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name the table prints. */
        public String label() {
            return label;
        }
    }

    /**
     * One measurement.
     *
     * @param kind how the activities ran
     * @param n how many were asked for
     * @param finished how many slept and finished
     * @param wallSeconds from the first start to the last finish, the heap measurement left out
     * @param heapBytesEach heap held per waiting activity, in bytes
     * @param note why some did not run (empty when all did)
     */
    public record Measurement(Kind kind, int n, int finished, double wallSeconds, double heapBytesEach, String note) {
        /** A measurement not made, with the reason. */
        static Measurement skipped(Kind kind, int n, String why) {
            return new Measurement(kind, n, 0, Double.NaN, Double.NaN, why);
        }
    }

    /**
     * Runs {@code n} activities of {@code kind}, each sleeping {@code sleep} once, and measures them.
     * Platform threads that the OS refuses to start are reported in the note; those started run.
     *
     * @param kind how to run them
     * @param n how many
     * @param sleep how long each sleeps
     * @return the measurement
     * @throws InterruptedException if this thread is interrupted while waiting for threads
     */
    public static Measurement measure(Kind kind, int n, Duration sleep) throws InterruptedException {
        return switch (kind) {
            case WEFT_TASKS -> weftTasks(n, sleep);
            case VIRTUAL_THREADS -> threads(kind, n, sleep, Thread.ofVirtual());
            case PLATFORM_THREADS -> threads(kind, n, sleep, Thread.ofPlatform());
        };
    }

    private static Measurement weftTasks(int n, Duration sleep) {
        return Weft.run(() -> {
            int[] finished = {0}; // one thread: a plain counter will do
            Future<Void> gate = Weft.loop().createFuture();
            Future<Void> allFinished = Weft.loop().createFuture();
            long before = usedHeap();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Weft.spawn(() -> {
                    gate.await();
                    Weft.sleep(sleep);
                    if (++finished[0] == n) {
                        allFinished.setResult(null);
                    }
                });
            }
            Weft.yieldNow(); // the tasks spawned before this one's turn: each runs to gate.await()
            long allWaiting = System.nanoTime();
            long during = usedHeap();
            long opened = System.nanoTime();
            gate.setResult(null);
            if (n > 0) {
                allFinished.await();
            }
            long end = System.nanoTime();
            return new Measurement(Kind.WEFT_TASKS, n, finished[0], seconds(allWaiting - start + end - opened),
                    perEach(during - before, n), "");
        });
    }

    private static Measurement threads(Kind kind, int n, Duration sleep, Thread.Builder builder)
            throws InterruptedException {
        Semaphore waiting = new Semaphore(0);
        Semaphore done = new Semaphore(0);
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        long before = usedHeap();
        long start = System.nanoTime();
        int started = 0;
        String note = "";
        Runnable body = () -> {
            try {
                waiting.release();
                gate.await();
                Thread.sleep(sleep);
                finished.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // not counted as finished
            } finally {
                done.release();
            }
        };
        try {
            for (; started < n; started++) {
                builder.start(body);
            }
        } catch (OutOfMemoryError e) { // "unable to create native thread": the OS said no
            note = "the OS refused thread " + (started + 1) + ": " + e.getMessage();
        }
        waiting.acquire(started);
        long allWaiting = System.nanoTime();
        long during = usedHeap();
        long opened = System.nanoTime();
        gate.countDown();
        done.acquire(started);
        long end = System.nanoTime();
        return new Measurement(kind, n, finished.get(), seconds(allWaiting - start + end - opened),
                perEach(during - before, started), note);
    }

    /** Used heap after full collections: what is live, not what is garbage yet. */
    static long usedHeap() {
        System.gc();
        System.gc(); // a second pass catches what the first one's reference processing freed
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double perEach(long bytes, int n) {
        return n == 0 ? Double.NaN : bytes / (double) n;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
