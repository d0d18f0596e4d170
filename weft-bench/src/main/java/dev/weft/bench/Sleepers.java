package dev.weft.bench;

import dev.weft.Task;
import dev.weft.Weft;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * "The more concurrent activities, the larger the coroutines' advantage": N activities that each
 * sleep on a timer, as Weft tasks, virtual threads and platform threads. Reports wall time for all to
 * finish and heap bytes per sleeping activity (measured while all of them sleep).
 *
 * <p>Run: {@code ./weft bench sleepers [N ...]} (default 1000 10000 100000 1000000).
 */
public final class Sleepers {
    private Sleepers() {}

    /** One measurement. */
    public record Result(String kind, int n, double wallSeconds, double bytesPerActivity, String note) {}

    static final Duration SLEEP = Duration.ofSeconds(1);

    static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** N Weft tasks, each sleeping once. */
    public static Result weft(int n) {
        long start = System.nanoTime();
        double[] perTask = {0};
        Weft.run(() -> {
            long before = usedHeap();
            List<Task<Void>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tasks.add(Weft.spawn(() -> Weft.sleep(SLEEP)));
            }
            Weft.yieldNow(); // every task runs its first step and is now asleep on its timer
            long during = usedHeap();
            perTask[0] = (during - before) / (double) n;
            tasks.clear(); // measure the tasks, not our list of them
            Weft.sleep(SLEEP.plusMillis(10)); // all wake before this task does (timers in order)
            return null;
        });
        return new Result("weft tasks", n, (System.nanoTime() - start) / 1e9, perTask[0], "");
    }

    /** N virtual threads, each sleeping once. */
    public static Result virtualThreads(int n) throws InterruptedException {
        return threads("virtual threads", n, Thread.ofVirtual());
    }

    /** N platform threads, each sleeping once (stops with a note where the OS refuses). */
    public static Result platformThreads(int n) throws InterruptedException {
        return threads("platform threads", n, Thread.ofPlatform().stackSize(256 * 1024));
    }

    private static Result threads(String kind, int n, Thread.Builder builder) throws InterruptedException {
        long start = System.nanoTime();
        long before = usedHeap();
        CountDownLatch asleep = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                ts.add(builder.start(() -> {
                    asleep.countDown();
                    try {
                        go.await(); // parked like a sleeper until all are measured
                        Thread.sleep(SLEEP);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
        } catch (OutOfMemoryError | InternalError e) {
            go.countDown();
            for (Thread t : ts) {
                t.join();
            }
            return new Result(kind, n, Double.NaN, Double.NaN, "could not start " + n + ": " + e.getMessage());
        }
        asleep.await();
        long during = usedHeap();
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        return new Result(kind, n, (System.nanoTime() - start) / 1e9, (during - before) / (double) n,
                "heap only: a platform thread's stack is outside the heap".startsWith(kind) ? "" : "");
    }

    public static void main(String[] args) throws Exception {
        int[] ns = args.length == 0 ? new int[] {1000, 10_000, 100_000, 1_000_000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.printf(Locale.ROOT, "%-18s %10s %10s %14s  %s%n", "kind", "N", "wall s", "heap B/each", "note");
        for (int n : ns) {
            print(weft(n));
            print(virtualThreads(n));
            if (n <= 10_000) {
                print(platformThreads(n));
            } else {
                print(new Result("platform threads", n, Double.NaN, Double.NaN, "skipped: beyond 10k on this machine"));
            }
        }
    }

    static void print(Result r) {
        System.out.printf(Locale.ROOT, "%-18s %10d %10.3f %14.0f  %s%n", r.kind(), r.n(), r.wallSeconds(),
                r.bytesPerActivity(), r.note());
    }
}
