package dev.weft.examples.net;

import dev.weft.Future;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.examples.Section;
import dev.weft.net.Server;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./weft demo downloader}: fetch 50 resources from a local HTTP server that takes 50 ms per
 * answer, first one by one, then with at most 10 in flight, and compare. Each fetch is a plain
 * sequential-looking method; the limiter is a counter and a queue of futures.
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

            Limiter limiter = new Limiter(maxInFlight);
            t0 = System.nanoTime();
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < resources; i++) {
                int n = i;
                tasks.add(Weft.spawn(() -> limiter.run(() -> check(n, TinyHttp.get(port, "/r/" + n)))));
            }
            for (int b : Weft.gather(tasks).await()) {
                bytes += b;
            }
            double concurrent = (System.nanoTime() - t0) / 1e9;

            server.close();
            server.waitClosed();
            return new Result(resources, sequential, concurrent, maxInFlight, limiter.peak, bytes);
        });
    }

    private static int check(int n, byte[] got) {
        if (!Arrays.equals(got, TinyHttp.body(n))) {
            throw new IllegalStateException("resource " + n + ": wrong body (" + got.length + " bytes)");
        }
        return got.length;
    }

    /**
     * At most {@code max} bodies run at once; the others wait in FIFO order. A counter and a queue of
     * futures: all callers are tasks of one loop, so no lock is needed.
     */
    static final class Limiter {
        private final int max;
        private final ArrayDeque<Future<Void>> waiting = new ArrayDeque<>();
        private int running;
        int peak;

        Limiter(int max) {
            this.max = max;
        }

        <T> T run(java.util.concurrent.Callable<T> body) throws Exception {
            if (running >= max) {
                Future<Void> turn = Weft.loop().createFuture();
                waiting.add(turn);
                try {
                    turn.await(); // the finishing task hands its slot over: `running` stays counted
                } catch (dev.weft.CancelledError e) {
                    if (!waiting.remove(turn)) {
                        release(); // the slot was already ours: pass it on
                    }
                    throw e;
                }
            } else {
                running++;
            }
            peak = Math.max(peak, running);
            try {
                return body.call();
            } finally {
                release();
            }
        }

        private void release() {
            Future<Void> next = waiting.poll();
            if (next != null) {
                next.setResult(null); // hand the slot over
            } else {
                running--;
            }
        }
    }
}
