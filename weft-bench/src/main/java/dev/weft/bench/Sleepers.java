package dev.weft.bench;

import dev.weft.Future;
import dev.weft.Weft;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * "The more concurrent activities, the larger the coroutines' advantage": N activities that each wait
 * on a timer a few times (3 sleeps of 100 ms by default), as Weft tasks, virtual threads and platform
 * threads. The asyncio peer is {@code src/main/python/sleepers_bench.py}, measured the same way.
 *
 * <p>How it measures, the same way for every kind, each run in a fresh JVM: start the N activities;
 * each waits at a gate (a Weft future, a latch); once all wait, measure memory; open the gate; each
 * sleeps its sleeps and ends. Wall time runs from the first start to the last end, less the pause for
 * the memory measurement (nothing runs while the gate is shut, so the pause is cut out).
 *
 * <p>Memory per activity, two ways: <em>heap</em> is the used heap after full collections while all
 * wait, against the same before the first start (a Weft task's or a virtual thread's stack is a heap
 * object, so it is counted; a platform thread's stack is native memory, so it is not); <em>RSS</em> is
 * the growth of the process's resident set ({@code VmRSS} in {@code /proc/self/status}) over the same
 * interval, which counts platform threads' stacks and the JVM's per-thread structures too, and the
 * heap's growth as far as the collector keeps it committed.
 *
 * <p>Run: {@code ./weft bench sleepers [N ...]} (default 1000 10000 100000 1000000), or
 * {@code ./weft bench} for the whole comparison with asyncio.
 */
public final class Sleepers {
    private Sleepers() {}

    /** How the activities run. */
    public enum Kind {
        /** Tasks of one Weft event loop, all on one thread. */
        WEFT("weft", "Weft tasks"),
        /** {@code Thread.ofVirtual()}: the JDK's virtual threads on their carrier pool. */
        VIRTUAL("virtual-thread", "virtual threads"),
        /** {@code Thread.ofPlatform()}: one OS thread each, default stack size. */
        PLATFORM("platform-thread", "platform threads");

        /** The id the suite's data uses. */
        public final String id;
        /** The name tables print. */
        public final String label;

        Kind(String id, String label) {
            this.id = id;
            this.label = label;
        }

        /** The kind with this id or enum name. */
        public static Kind of(String s) {
            for (Kind k : values()) {
                if (k.id.equals(s) || k.name().equalsIgnoreCase(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("not a kind: " + s + " (weft, virtual-thread, platform-thread)");
        }
    }

    /**
     * One measurement.
     *
     * @param kind how the activities ran
     * @param n how many were asked for
     * @param finished how many slept and ended
     * @param wallSeconds first start to last end, the memory measurement cut out
     * @param heapBytesEach used heap per waiting activity, after full collections
     * @param rssBytesEach resident-set growth per waiting activity (NaN where there is no /proc)
     * @param note why some did not run (empty when all did)
     */
    public record Result(Kind kind, int n, int finished, double wallSeconds, double heapBytesEach,
            double rssBytesEach, String note) {}

    /** Platform threads beyond this many are not started (see {@link #platformLimitNote}). */
    public static final int PLATFORM_LIMIT = 10_000;

    /** Why platform threads stop at {@link #PLATFORM_LIMIT} on this machine. */
    public static String platformLimitNote() {
        return "not run beyond " + String.format(Locale.ROOT, "%,d", PLATFORM_LIMIT) + ": this machine allows "
                + readFirst("/proc/sys/kernel/pid_max", "?") + " threads system-wide (kernel.pid_max) and "
                + readFirst("/proc/sys/vm/max_map_count", "?") + " memory maps per process (two per thread stack), "
                + "shared with everything else running";
    }

    /** Runs N activities of a kind in this JVM and measures them. */
    public static Result measure(Kind kind, int n, int sleeps, Duration sleep) throws InterruptedException {
        return switch (kind) {
            case WEFT -> weft(n, sleeps, sleep);
            case VIRTUAL -> threads(kind, n, sleeps, sleep, Thread.ofVirtual());
            case PLATFORM -> threads(kind, n, sleeps, sleep, Thread.ofPlatform());
        };
    }

    private static Result weft(int n, int sleeps, Duration sleep) {
        return Weft.run(() -> {
            int[] finished = {0}; // one thread: a plain counter will do
            Future<Void> gate = Weft.loop().createFuture();
            Future<Void> allFinished = Weft.loop().createFuture();
            long heapBefore = usedHeap();
            long rssBefore = rss();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Weft.spawn(() -> {
                    gate.await();
                    for (int s = 0; s < sleeps; s++) {
                        Weft.sleep(sleep);
                    }
                    if (++finished[0] == n) {
                        allFinished.setResult(null);
                    }
                });
            }
            Weft.yieldNow(); // the tasks spawned before this one's turn: each runs to gate.await()
            long allWaiting = System.nanoTime();
            long heapDuring = usedHeap();
            long rssDuring = rss();
            long opened = System.nanoTime();
            gate.setResult(null);
            if (n > 0) {
                allFinished.await();
            }
            long end = System.nanoTime();
            return new Result(Kind.WEFT, n, finished[0], (allWaiting - start + end - opened) / 1e9,
                    (heapDuring - heapBefore) / (double) n, perEach(rssBefore, rssDuring, n), "");
        });
    }

    private static Result threads(Kind kind, int n, int sleeps, Duration sleep, Thread.Builder builder)
            throws InterruptedException {
        Semaphore waiting = new Semaphore(0);
        Semaphore done = new Semaphore(0);
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        ArrayList<Thread> started = new ArrayList<>(n);
        String note = "";
        Runnable body = () -> {
            try {
                waiting.release();
                gate.await();
                for (int s = 0; s < sleeps; s++) {
                    Thread.sleep(sleep);
                }
                finished.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // not counted as finished
            } finally {
                done.release();
            }
        };
        long heapBefore = usedHeap();
        long rssBefore = rss();
        long start = System.nanoTime();
        try {
            while (started.size() < n) {
                started.add(builder.start(body));
            }
        } catch (OutOfMemoryError e) { // "unable to create native thread": the OS said no
            note = "the OS refused thread " + (started.size() + 1) + ": " + e.getMessage();
        }
        int count = started.size();
        waiting.acquire(count);
        long allWaiting = System.nanoTime();
        // A thread that released 'waiting' may not be parked yet; a virtual one is unmounted (its stack
        // copied to the heap) only once parked. Measure when all are.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread t : started) {
            while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        started.clear();
        started.trimToSize(); // measure the threads, not our list of them
        long heapDuring = usedHeap();
        long rssDuring = rss();
        long opened = System.nanoTime();
        gate.countDown();
        done.acquire(count);
        long end = System.nanoTime();
        return new Result(kind, n, finished.get(), (allWaiting - start + end - opened) / 1e9,
                (heapDuring - heapBefore) / (double) Math.max(count, 1),
                perEach(rssBefore, rssDuring, count), note);
    }

    /** Used heap after full collections: what is live, not what is garbage yet. */
    static long usedHeap() {
        System.gc();
        System.gc(); // a second pass catches what the first one's reference processing freed
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Growth per activity; NaN where a reading is missing (-1). */
    static double perEach(long before, long during, int n) {
        return before < 0 || during < 0 || n == 0 ? Double.NaN : (during - before) / (double) n;
    }

    /** The resident set in bytes, from /proc/self/status; -1 without /proc. */
    static long rss() {
        return procBytes("/proc/self/status", "VmRSS:");
    }

    /**
     * A "Key: N kB" line of a /proc file (status, meminfo), in bytes; -1 where it can not be read
     * (not Linux).
     */
    public static long procBytes(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    static String readFirst(String file, String otherwise) {
        try {
            return Files.readAllLines(Path.of(file)).getFirst().strip();
        } catch (IOException | RuntimeException e) {
            return otherwise;
        }
    }

    // ---- a fresh JVM per measurement ----

    /**
     * Runs one measurement in a fresh JVM (the same java and class path as this one, with Weft's flag),
     * so that no run inherits another's heap, JIT state or threads.
     *
     * @param progress receives the child's output lines as they come
     */
    public static Result inChildJvm(Kind kind, int n, int sleeps, long sleepMillis, Consumer<String> progress)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Sleepers.class.getName(), "--one", kind.id,
                String.valueOf(n), String.valueOf(sleeps), String.valueOf(sleepMillis)));
        ChildRun.Outcome o = ChildRun.run(cmd, progress);
        if (o.fields() == null) {
            return new Result(kind, n, 0, Double.NaN, Double.NaN, Double.NaN, o.failure());
        }
        var f = o.fields();
        return new Result(kind, n, Integer.parseInt(f.get("finished")), Double.parseDouble(f.get("wall")),
                Double.parseDouble(f.get("heap")), Double.parseDouble(f.get("rss")), f.getOrDefault("note", "")
                        .replace('_', ' '));
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--one")) { // the child side of inChildJvm
            Kind kind = Kind.of(args[1]);
            Result r = measure(kind, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Duration.ofMillis(Long.parseLong(args[4])));
            System.out.printf(Locale.ROOT, "RESULT wall=%.6f heap=%.1f rss=%.1f finished=%d note=%s%n", r.wallSeconds(),
                    r.heapBytesEach(), r.rssBytesEach(), r.finished(), r.note().replace(' ', '_'));
            return;
        }
        int[] ns = args.length == 0 ? new int[] {1000, 10_000, 100_000, 1_000_000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("N activities, each waiting at a gate, then sleeping 3 x 100 ms; a fresh JVM per line");
        System.out.printf(Locale.ROOT, "%-18s %10s %10s %12s %12s  %s%n", "kind", "N", "wall s", "heap B/each",
                "RSS B/each", "note");
        for (int n : ns) {
            for (Kind k : Kind.values()) {
                Result r = k == Kind.PLATFORM && n > PLATFORM_LIMIT
                        ? new Result(k, n, 0, Double.NaN, Double.NaN, Double.NaN, platformLimitNote())
                        : inChildJvm(k, n, 3, 100, line -> System.out.println("  " + line));
                System.out.printf(Locale.ROOT, "%-18s %10d %10.3f %12.0f %12.0f  %s%n", r.kind().label, r.n(),
                        r.wallSeconds(), r.heapBytesEach(), r.rssBytesEach(), r.note());
            }
        }
    }
}
