package dev.weft.examples.scale;

import dev.weft.examples.scale.Crowd.Kind;
import dev.weft.examples.scale.Crowd.Measurement;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What it teaches: "coroutines vs threads as N grows". N activities each sleep once, as Weft tasks
 * (all on one thread), as virtual threads and as platform threads, for growing N; the table shows the
 * wall time of each crowd and the heap each member holds while it waits. A suspended Weft task is a
 * small heap object, so a hundred thousand of them cost megabytes and finish in little more than the
 * sleep itself; a platform thread is an OS thread with a native stack, so the demo starts them only
 * up to {@link #PLATFORM_LIMIT}, and stops sooner where the crowd before took so long that the next
 * would blow the demo's time ({@link #PLATFORM_BUDGET_SECONDS}): on a small virtual machine, creating
 * an OS thread can cost a millisecond.
 *
 * <p>Run it: {@code ./weft demo scale}. {@link Crowd} does the measuring.
 */
public final class ScaleTable {
    /** The crowd sizes of the demo. */
    public static final int[] SIZES = {1_000, 10_000, 100_000};
    /** The largest crowd of platform threads the demo starts. */
    public static final int PLATFORM_LIMIT = 10_000;
    /** How long each activity of the demo sleeps. */
    public static final Duration SLEEP = Duration.ofMillis(200);

    /** The most time the demo spends on one crowd of platform threads, by a linear estimate. */
    static final double PLATFORM_BUDGET_SECONDS = 3;

    private static final String ROW = "%-17s %8s %9s %12s %10s  %s";

    /** The size of the unprinted warm-up crowds: enough calls for the JIT to compile the tasks' code. */
    static final int WARM_UP = 20_000;

    private ScaleTable() {}

    /**
     * Measures every kind for every size in {@code sizes} (platform threads only up to
     * {@code platformLimit}) and prints the table and what it shows.
     *
     * @param out where to print
     * @param sizes the crowd sizes, in order
     * @param platformLimit the largest crowd of platform threads to start
     * @param sleep how long each activity sleeps
     * @return the measurements, in table order (skipped ones included)
     * @throws InterruptedException if interrupted while waiting for threads
     */
    public static List<Measurement> run(PrintStream out, int[] sizes, int platformLimit, Duration sleep)
            throws InterruptedException {
        return run(out, sizes, platformLimit, sleep, WARM_UP);
    }

    /** As the public {@code run}, warming up with crowds of {@code warmUp} (0: none). */
    static List<Measurement> run(PrintStream out, int[] sizes, int platformLimit, Duration sleep, int warmUp)
            throws InterruptedException {
        if (warmUp > 0) {
            warmUp(warmUp);
        }
        out.println(String.format(Locale.ROOT, ROW, "each sleeps " + sleep.toMillis() + " ms", "N", "wall s",
                "heap B/each", "finished", "").stripTrailing());
        List<Measurement> all = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            if (i > 0) {
                out.println();
            }
            for (Kind kind : Kind.values()) {
                String skip = kind == Kind.PLATFORM_THREADS ? platformSkip(all, n, platformLimit) : null;
                Measurement m = skip != null ? Measurement.skipped(kind, n, skip) : Crowd.measure(kind, n, sleep);
                all.add(m);
                print(out, m);
            }
        }
        out.println();
        out.println(wrap(conclusion(all, sleep), 100));
        return all;
    }

    /**
     * Why platform threads are not started for a crowd of {@code n}, or null to start them: beyond
     * {@code limit}, or when the last crowd of them, scaled to {@code n}, would take more than
     * {@link #PLATFORM_BUDGET_SECONDS} (creating an OS thread costs a system call or several, and on a
     * small virtual machine far more than on a laptop).
     */
    static String platformSkip(List<Measurement> sofar, int n, int limit) {
        if (n > limit) {
            return String.format(Locale.ROOT, "not started: this demo starts at most %,d", limit);
        }
        Measurement last = largest(sofar, Kind.PLATFORM_THREADS);
        if (last != null && last.wallSeconds() * n / last.n() > PLATFORM_BUDGET_SECONDS) {
            return String.format(Locale.ROOT, "not started: %,d took %.2f s here, so %,d would take %.0f s or more",
                    last.n(), last.wallSeconds(), n, last.wallSeconds() * n / last.n());
        }
        return null;
    }

    /** One row: kind, N, wall time, heap per activity, how many finished, and a note. */
    static void print(PrintStream out, Measurement m) {
        boolean ran = !Double.isNaN(m.wallSeconds());
        out.println(String.format(Locale.ROOT, ROW, m.kind().label(), String.format(Locale.ROOT, "%,d", m.n()),
                ran ? String.format(Locale.ROOT, "%.2f", m.wallSeconds()) : "-",
                ran ? String.format(Locale.ROOT, "%,.0f", m.heapBytesEach()) : "-",
                ran ? String.format(Locale.ROOT, "%,d", m.finished()) : "-",
                m.note().isEmpty() && m.kind() == Kind.PLATFORM_THREADS ? "+ a native stack each" : m.note())
                .stripTrailing());
    }

    /**
     * The sentence under the table, from its largest crowds that ran: the numbers are this run's, so
     * the sentence stays true on another machine.
     */
    static String conclusion(List<Measurement> all, Duration sleep) {
        Measurement weft = largest(all, Kind.WEFT_TASKS);
        Measurement virtual = largest(all, Kind.VIRTUAL_THREADS);
        Measurement platform = largest(all, Kind.PLATFORM_THREADS);
        String platforms = platform == null ? "platform threads were not started"
                : String.format(Locale.ROOT, "%,d platform threads, each an OS thread with its own native stack, took %.2f s",
                        platform.n(), platform.wallSeconds());
        return String.format(Locale.ROOT,
                "What it proves: a waiting coroutine is only a small heap object. On one thread, %,d Weft tasks slept their %d ms together in %.2f s at %,.0f heap "
                        + "bytes each (%,d virtual threads: %.2f s, %,.0f bytes each), while %s.",
                weft.n(), sleep.toMillis(), weft.wallSeconds(), weft.heapBytesEach(),
                virtual.n(), virtual.wallSeconds(), virtual.heapBytesEach(), platforms);
    }

    /** {@code text} broken at spaces into lines of at most {@code width} characters. */
    static String wrap(String text, int width) {
        StringBuilder lines = new StringBuilder();
        int lineStart = 0;
        for (String word : text.split(" ")) {
            if (lines.length() > lineStart && lines.length() - lineStart + 1 + word.length() > width) {
                lines.append(System.lineSeparator());
                lineStart = lines.length();
            } else if (lines.length() > lineStart) {
                lines.append(' ');
            }
            lines.append(word);
        }
        return lines.toString();
    }

    private static Measurement largest(List<Measurement> all, Kind kind) {
        Measurement best = null;
        for (Measurement m : all) {
            if (m.kind() == kind && !Double.isNaN(m.wallSeconds()) && (best == null || m.n() > best.n())) {
                best = m;
            }
        }
        return best;
    }

    /** One small unprinted round, so the first row measures the activities, not class loading and the JIT. */
    private static void warmUp(int n) throws InterruptedException {
        Crowd.measure(Kind.WEFT_TASKS, n, Duration.ofMillis(1));
        Crowd.measure(Kind.VIRTUAL_THREADS, n, Duration.ofMillis(1));
        Crowd.measure(Kind.PLATFORM_THREADS, 100, Duration.ofMillis(1));
    }

    /**
     * Runs the example: {@code [N ...]}, default 1,000 10,000 100,000.
     *
     * @param args optional crowd sizes
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        int[] sizes = args.length == 0 ? SIZES : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        run(System.out, sizes, PLATFORM_LIMIT, SLEEP);
    }
}
