package dev.weft.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The load generator of {@link EchoBench}, run as its own JVM so that it does not share a heap or a
 * JIT with the server under test. The same client for every server: one virtual thread per
 * connection, blocking ping-pong (write a message, read the echo, check it). Args: port, connections,
 * warm-up seconds, measured seconds, message size.
 *
 * <p>Each connection times its round trips (write start to the last byte of the echo, {@link System#nanoTime})
 * into its own HdrHistogram while the measured window is open; the histograms are merged at the end. The
 * load is closed-loop (a connection sends its next message when the echo is back), so these are the
 * latencies this client saw at the throughput it reached, client scheduling included, not a fixed-rate
 * service-time curve.
 *
 * <p>Prints {@code RESULT <round trips per second> <errors> <p50> <p99> <p99.9> <max>}, the latencies in
 * µs ({@code -} when no round trip completed inside the window).
 */
public final class EchoLoad {
    private EchoLoad() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int conns = Integer.parseInt(args[1]);
        double warmup = Double.parseDouble(args[2]);
        double measure = Double.parseDouble(args[3]);
        int size = Integer.parseInt(args[4]);
        LongAdder count = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean measuring = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        for (int c = 0; c < conns; c++) {
            int id = c;
            // ns, 3 significant digits, resized as larger values come (a round trip here is µs to ms)
            Histogram h = new Histogram(3);
            histograms.add(h);
            threads.add(Thread.ofVirtual().start(() -> {
                byte[] msg = new byte[size];
                byte[] back = new byte[size];
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    for (long i = 0; !stop.get(); i++) {
                        Arrays.fill(msg, (byte) (id + i));
                        boolean timed = measuring.get();
                        long t0 = System.nanoTime();
                        out.write(msg);
                        if (in.readNBytes(back, 0, size) != size) {
                            errors.increment();
                            return;
                        }
                        long rt = System.nanoTime() - t0;
                        if (!Arrays.equals(msg, back)) {
                            errors.increment();
                            return;
                        }
                        if (timed) {
                            h.recordValue(rt);
                        }
                        count.increment();
                    }
                } catch (Exception e) {
                    errors.increment();
                }
            }));
        }
        Thread.sleep((long) (warmup * 1000));
        measuring.set(true);
        long start = System.nanoTime();
        long before = count.sum();
        Thread.sleep((long) (measure * 1000));
        long n = count.sum() - before;
        double secs = (System.nanoTime() - start) / 1e9;
        measuring.set(false);
        stop.set(true);
        for (Thread t : threads) {
            t.join(5000);
        }
        Histogram all = new Histogram(3);
        for (Histogram h : histograms) {
            all.add(h); // a connection still stuck after the join may race here: at worst one sample is off
        }
        System.out.printf(Locale.ROOT, "RESULT %.0f %d %s %s %s %s%n", n / secs, errors.sum(),
                micros(all, 50), micros(all, 99), micros(all, 99.9), micros(all, 100));
    }

    /** The percentile in µs, one decimal; {@code -} for an empty histogram. */
    static String micros(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        long ns = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return String.format(Locale.ROOT, "%.1f", ns / 1000.0);
    }
}
