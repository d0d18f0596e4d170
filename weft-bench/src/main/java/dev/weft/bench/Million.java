package dev.weft.bench;

import dev.weft.Future;
import dev.weft.Weft;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The canonical test of "coroutines beat threads": N activities each sleeping one second once, in a
 * fresh JVM with nothing warmed (cold), as Weft tasks, virtual threads ({@code Thread.sleep}) and
 * platform threads. The asyncio peer is {@code src/main/python/million_bench.py}.
 *
 * <p>Two fresh JVMs per row. The <em>timed</em> run does nothing but the work: wall time from the
 * first start to the last end, and three phases: <em>create</em> (starting all N), <em>first step</em>
 * (until all N are suspended in their sleep), <em>wake-up</em> (from the first activity resuming to
 * the last one ending). The <em>memory</em> run holds all N suspended (a sleep long enough) and measures
 * the used heap after full collections and the resident set, per activity, against the same before the
 * first start. The full collections would delay the timed run's timers, hence the second JVM. Each N
 * also runs the floor the same way ({@link MillionFloor}: bare continuations on one thread, nothing of
 * Weft's), so the table shows how much of each figure any continuation pays.
 *
 * <p>Run: {@code ./weft bench million [N ...]} (default 10000 100000 1000000; the full suite adds
 * 10000000 when the machine has the memory). One run by hand, with the
 * objects per task: {@code ./weft java -Dmillion.histogram=true -cp weft-bench/target/weft-bench.jar
 * dev.weft.bench.Million --one memory weft 1000000}.
 */
public final class Million {
    private Million() {}

    /**
     * One run's figures; NaN where the run does not measure one.
     *
     * @param kind how the activities ran
     * @param n how many were asked for
     * @param finished how many slept and ended
     * @param wallSeconds first start to last end (timed run)
     * @param createSeconds starting all N
     * @param firstStepSeconds from the end of creation until all N are suspended
     * @param wakeSeconds from the first resume to the last end
     * @param heapBytesEach used heap per suspended activity after full collections (memory run)
     * @param rssBytesEach resident-set growth per suspended activity (memory run)
     * @param note why some did not run (empty when all did)
     */
    public record Result(Sleepers.Kind kind, int n, int finished, double wallSeconds, double createSeconds,
            double firstStepSeconds, double wakeSeconds, double heapBytesEach, double rssBytesEach, String note) {

        Result merge(Result memory) {
            return new Result(kind, n, finished, wallSeconds, createSeconds, firstStepSeconds, wakeSeconds,
                    memory.heapBytesEach, memory.rssBytesEach, note.isEmpty() ? memory.note : note);
        }
    }

    static final Duration SLEEP = Duration.ofSeconds(1);

    /** The id of the floor row ({@link MillionFloor}) in {@code --one} and in the suite's data. */
    public static final String FLOOR = "raw-continuation";
    private static final String FLOOR_LABEL = "bare continuation";

    /** Runs the timed shape in this JVM. */
    public static Result timed(Sleepers.Kind kind, int n) throws InterruptedException {
        return kind == Sleepers.Kind.WEFT ? weftTimed(n) : threadsTimed(kind, n);
    }

    private static Result weftTimed(int n) {
        return Weft.run(() -> {
            Future<Void> allFinished = Weft.loop().createFuture();
            int[] finished = {0}; // one thread: plain fields will do
            long[] firstWake = {0};
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Weft.spawn(() -> {
                    Weft.sleep(SLEEP);
                    if (finished[0]++ == 0) {
                        firstWake[0] = System.nanoTime();
                    }
                    if (finished[0] == n) {
                        allFinished.setResult(null);
                    }
                });
            }
            long created = System.nanoTime();
            Weft.yieldNow(); // the tasks spawned before this one's turn: each runs to its sleep
            long suspended = System.nanoTime();
            if (n > 0) {
                allFinished.await();
            }
            long end = System.nanoTime();
            return new Result(Sleepers.Kind.WEFT, n, finished[0], (end - start) / 1e9, (created - start) / 1e9,
                    (suspended - created) / 1e9, (end - firstWake[0]) / 1e9, Double.NaN, Double.NaN, "");
        });
    }

    private static Result threadsTimed(Sleepers.Kind kind, int n) throws InterruptedException {
        Thread.Builder builder = kind == Sleepers.Kind.VIRTUAL ? Thread.ofVirtual() : Thread.ofPlatform();
        AtomicInteger sleeping = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicLong firstWake = new AtomicLong();
        CountDownLatch allEnded = new CountDownLatch(1);
        long[] allSleeping = {0};
        Runnable body = () -> {
            try {
                if (sleeping.incrementAndGet() == n) {
                    allSleeping[0] = System.nanoTime(); // published by the latch below
                }
                Thread.sleep(SLEEP);
                if (finished.getAndIncrement() == 0) {
                    firstWake.set(System.nanoTime());
                }
                if (finished.get() == n) {
                    allEnded.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        String note = "";
        int started = 0;
        long start = System.nanoTime();
        try {
            for (; started < n; started++) {
                builder.start(body);
            }
        } catch (OutOfMemoryError e) {
            note = "the OS refused thread " + (started + 1) + ": " + e.getMessage();
        }
        long created = System.nanoTime();
        if (started == n) {
            allEnded.await();
        }
        long end = System.nanoTime();
        // The first step of a thread overlaps creation: it starts running when started. Its phase ends
        // when the last one is asleep.
        return new Result(kind, n, finished.get(), (end - start) / 1e9, (created - start) / 1e9,
                Math.max(0, allSleeping[0] - created) / 1e9, (end - firstWake.get()) / 1e9, Double.NaN, Double.NaN,
                note);
    }

    /** Runs the memory shape in this JVM: all N suspended, then measured, then released. */
    public static Result memory(Sleepers.Kind kind, int n) throws InterruptedException {
        if (kind == Sleepers.Kind.WEFT) {
            return Weft.<Result>run(() -> {
                long heapBefore = Sleepers.usedHeap();
                long rssBefore = Sleepers.rss();
                int[] finished = {0};
                for (int i = 0; i < n; i++) {
                    Weft.spawn(() -> {
                        Weft.sleep(Duration.ofMinutes(10)); // the JVM exits once they are measured
                        finished[0]++;
                        return null;
                    });
                }
                Weft.yieldNow();
                long heapDuring = Sleepers.usedHeap();
                long rssDuring = Sleepers.rss();
                if (Boolean.getBoolean("million.histogram")) {
                    histogram();
                }
                printAndExit(new Result(Sleepers.Kind.WEFT, n, n, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        (heapDuring - heapBefore) / (double) n, Sleepers.perEach(rssBefore, rssDuring, n), ""));
                return null; // not reached
            });
        }
        Thread.Builder builder = kind == Sleepers.Kind.VIRTUAL ? Thread.ofVirtual() : Thread.ofPlatform();
        CountDownLatch gate = new CountDownLatch(1);
        Runnable body = () -> {
            try {
                gate.await(); // parked, as in a sleep: the same frozen stack, no timer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ArrayList<Thread> started = new ArrayList<>(n);
        String note = "";
        long heapBefore = Sleepers.usedHeap();
        long rssBefore = Sleepers.rss();
        try {
            while (started.size() < n) {
                started.add(builder.start(body));
            }
        } catch (OutOfMemoryError e) {
            note = "the OS refused thread " + (started.size() + 1) + ": " + e.getMessage();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Thread t : started) {
            while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        int count = started.size();
        started.clear();
        started.trimToSize();
        long heapDuring = Sleepers.usedHeap();
        long rssDuring = Sleepers.rss();
        gate.countDown();
        return new Result(kind, n, count, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                (heapDuring - heapBefore) / (double) Math.max(count, 1), Sleepers.perEach(rssBefore, rssDuring, count),
                note);
    }

    // ---- a fresh JVM per run ----

    /** The heap a child JVM gets for N activities: room for about 2 KB each, at least 1 GB. */
    static String heapFlag(int n) {
        long mb = Math.max(1024, (long) n * 2048 / (1 << 20) + 512);
        return "-Xmx" + mb + "m";
    }

    /**
     * Runs one shape ({@code timed} or {@code memory}) in a fresh JVM: the same java and class path as
     * this one, with Weft's flag, nothing warmed.
     *
     * @param jvmFlags extra JVM flags (diagnostics), usually none
     * @param progress receives the child's output lines other than its result
     */
    public static Result inChildJvm(String shape, Sleepers.Kind kind, int n, List<String> jvmFlags,
            Consumer<String> progress) throws IOException, InterruptedException {
        return inChildJvm(shape, kind.id, kind, n, jvmFlags, progress);
    }

    /** As above, for the row {@code id}: a kind's id, or {@link #FLOOR} (then {@code kind} is null). */
    private static Result inChildJvm(String shape, String id, Sleepers.Kind kind, int n, List<String> jvmFlags,
            Consumer<String> progress) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The blocked-loop warning off: spawning N tasks in one step blocks the loop by design here, and
        // its warnings (with stacks) would only fill the suite's log; it measures nothing either way.
        List<String> cmd = new ArrayList<>(List.of(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                heapFlag(n), "-Dweft.blockedLoopWarning=off"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Million.class.getName(), "--one", shape,
                id, String.valueOf(n)));
        ChildRun.Outcome o = ChildRun.run(cmd, progress);
        if (o.fields() == null) {
            return failed(kind, n, o.failure());
        }
        var f = o.fields();
        return new Result(kind, n, Integer.parseInt(f.get("finished")), d(f.get("wall")), d(f.get("create")),
                d(f.get("first")), d(f.get("wake")), d(f.get("heap")), d(f.get("rss")),
                f.getOrDefault("note", "").replace('_', ' '));
    }

    /** Both runs of a row, each in a fresh JVM. */
    public static Result row(Sleepers.Kind kind, int n, Consumer<String> progress)
            throws IOException, InterruptedException {
        List<String> flags = jvmFlags();
        Result t = inChildJvm("timed", kind, n, flags, progress);
        Result m = inChildJvm("memory", kind, n, flags, progress);
        return t.merge(m);
    }

    /**
     * Both runs of the floor row ({@link MillionFloor}: bare continuations, nothing of Weft's), each in a
     * fresh JVM as the other rows; its result's kind is null.
     */
    public static Result floorRow(int n, Consumer<String> progress) throws IOException, InterruptedException {
        List<String> flags = jvmFlags();
        Result t = inChildJvm("timed", FLOOR, null, n, flags, progress);
        Result m = inChildJvm("memory", FLOOR, null, n, flags, progress);
        return t.merge(m);
    }

    /**
     * Extra JVM flags for every child, from {@code -Dmillion.jvm="..."} (split at spaces); none by
     * default: the canonical rows run as a newcomer's JVM would. For example {@code -Xmn2g}, a young
     * generation that holds a million suspended tasks, so no collection copies them while they pile up.
     */
    static List<String> jvmFlags() {
        String f = System.getProperty("million.jvm", "").strip();
        return f.isEmpty() ? List.of() : List.of(f.split("\\s+"));
    }

    static Result failed(Sleepers.Kind kind, int n, String why) {
        return new Result(kind, n, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, why);
    }

    private static double d(String s) {
        return s == null ? Double.NaN : Double.parseDouble(s);
    }

    /**
     * Prints the top of this JVM's class histogram ({@code jcmd <pid> GC.class_histogram}): the objects
     * each suspended activity is made of. {@code -Dmillion.histogram=true} on the memory run.
     */
    static void histogram() {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process p = new ProcessBuilder(jcmd, String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                // Read to the end: a reader that stops early leaves jcmd blocked on a full pipe.
                r.lines().toList().stream().limit(14).forEach(System.out::println);
            }
            p.waitFor();
        } catch (IOException | InterruptedException e) {
            System.out.println("no class histogram: " + e);
        }
    }

    /** The child's result line; then the JVM exits (the memory run leaves its activities suspended). */
    static void printAndExit(Result r) {
        System.out.printf(Locale.ROOT, "RESULT wall=%.6f create=%.6f first=%.6f wake=%.6f heap=%.1f rss=%.1f "
                + "finished=%d note=%s%n", r.wallSeconds(), r.createSeconds(), r.firstStepSeconds(),
                r.wakeSeconds(), r.heapBytesEach(), r.rssBytesEach(), r.finished(), r.note().replace(' ', '_'));
        System.out.flush();
        System.exit(0);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--one")) { // the child side of inChildJvm
            boolean memory = args[1].equals("memory");
            int n = Integer.parseInt(args[3]);
            if (args[2].equals(FLOOR)) {
                printAndExit(memory ? MillionFloor.memory(n) : MillionFloor.timed(n));
            }
            Sleepers.Kind kind = Sleepers.Kind.of(args[2]);
            printAndExit(memory ? memory(kind, n) : timed(kind, n));
        }
        int[] ns = args.length == 0 ? new int[] {10_000, 100_000, 1_000_000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("N activities each sleeping 1 s once, cold: a fresh JVM per run (timed, then memory)"
                + (jvmFlags().isEmpty() ? "" : "; child JVM flags " + jvmFlags()));
        System.out.printf(Locale.ROOT, "%-18s %10s %8s %8s %8s %8s %9s %9s %9s  %s%n", "kind", "N", "wall s",
                "create", "first", "wake", "µs/wake", "heap B", "RSS B", "note");
        for (int n : ns) {
            for (Sleepers.Kind k : Sleepers.Kind.values()) {
                Result r = k == Sleepers.Kind.PLATFORM && n > Sleepers.PLATFORM_LIMIT
                        ? failed(k, n, Sleepers.platformLimitNote())
                        : row(k, n, line -> System.out.println("  " + line));
                printRow(k.label, r);
            }
            printRow(FLOOR_LABEL, floorRow(n, line -> System.out.println("  " + line)));
        }
    }

    private static void printRow(String label, Result r) {
        System.out.printf(Locale.ROOT, "%-18s %10d %8.3f %8.3f %8.3f %8.3f %9.2f %9.0f %9.0f  %s%n", label, r.n(),
                r.wallSeconds(), r.createSeconds(), r.firstStepSeconds(), r.wakeSeconds(),
                r.wakeSeconds() * 1e6 / r.n(), r.heapBytesEach(), r.rssBytesEach(), r.note());
    }
}
