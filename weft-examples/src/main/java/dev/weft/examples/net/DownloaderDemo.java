package dev.weft.examples.net;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.examples.Section;
import dev.weft.net.Server;
import dev.weft.sync.Semaphore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./weft demo downloader}: fetch 50 resources from a local HTTP server that takes 50 ms per
 * answer, first one by one, then with at most 10 in flight, and compare. Each fetch is a plain
 * sequential-looking method; a {@link Semaphore} keeps at most N in flight.
 */
public final class DownloaderDemo implements Section {
    /** The section. */
    public DownloaderDemo() {}

    /**
     * What a run did.
     *
     * @param resources how many resources each run fetched
     * @param sequentialSeconds the one-by-one run's time
     * @param concurrentSeconds the limited concurrent run's time
     * @param maxInFlight the limit
     * @param peakInFlight the most fetches seen at once
     * @param bytes body bytes fetched and checked in both runs
     */
    public record Result(int resources, double sequentialSeconds, double concurrentSeconds, int maxInFlight,
            int peakInFlight, long bytes) {
        /**
         * The speed-up.
         *
         * @return how many times faster the concurrent run was
         */
        public double speedUp() {
            return sequentialSeconds / concurrentSeconds;
        }
    }

    @Override
    public String name() {
        return "downloader";
    }

    @Override
    public String summary() {
        return "50 downloads from a server that answers in 50 ms: one by one, then 10 at a time";
    }

    @Override
    public void run(PrintStream out) {
        Result r = run(50, 10, Duration.ofMillis(50));
        out.printf("%d resources of %,d bytes, each answer delayed %d ms on the server's loop%n", r.resources(),
                TinyHttp.SIZE, 50);
        out.printf("one by one:          %.2f s%n", r.sequentialSeconds());
        out.printf("at most %d in flight: %.2f s (peak %d in flight)%n", r.maxInFlight(), r.concurrentSeconds(),
                r.peakInFlight());
        out.printf("speed-up: %.1fx, %,d bytes checked, one thread%n", r.speedUp(), r.bytes());
    }

    /**
     * Runs both downloads against a fresh server.
     *
     * @param resources how many resources
     * @param maxInFlight the most fetches at once
     * @param delay the server's delay per answer
     * @return the timings
     */
    public static Result run(int resources, int maxInFlight, Duration delay) {
        return Weft.run(() -> {
            Server server = TinyHttp.start(0, delay);
            int port = server.port();
            long bytes = 0;

            long t0 = System.nanoTime();
            for (int i = 0; i < resources; i++) {
                bytes += check(i, TinyHttp.get(port, "/r/" + i));
            }
            double sequential = (System.nanoTime() - t0) / 1e9;

            Semaphore inFlight = new Semaphore(maxInFlight);
            int[] running = {0, 0}; // now, peak: one loop, so plain ints
            t0 = System.nanoTime();
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < resources; i++) {
                int n = i;
                tasks.add(Weft.spawn(() -> {
                    try (var permit = inFlight.acquire()) { // waits while maxInFlight fetches run
                        running[1] = Math.max(running[1], ++running[0]);
                        try {
                            return check(n, TinyHttp.get(port, "/r/" + n));
                        } finally {
                            running[0]--;
                        }
                    }
                }));
            }
            for (int b : Weft.gather(tasks).await()) {
                bytes += b;
            }
            double concurrent = (System.nanoTime() - t0) / 1e9;

            server.close();
            server.waitClosed();
            return new Result(resources, sequential, concurrent, maxInFlight, running[1], bytes);
        });
    }

    private static int check(int n, byte[] got) {
        if (!Arrays.equals(got, TinyHttp.body(n))) {
            throw new IllegalStateException("resource " + n + ": wrong body (" + got.length + " bytes)");
        }
        return got.length;
    }
}
