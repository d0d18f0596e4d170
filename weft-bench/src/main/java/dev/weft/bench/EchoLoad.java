package dev.weft.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load generator of {@link EchoBench}, run as its own JVM so that it does not share a heap or a
 * JIT with the server under test. The same client for every server: one virtual thread per
 * connection, blocking ping-pong (write a message, read the echo, check it). Args: port, connections,
 * warm-up seconds, measured seconds, message size. Prints "RESULT <round trips per second> <errors>".
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
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < conns; c++) {
            int id = c;
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
                        out.write(msg);
                        if (in.readNBytes(back, 0, size) != size || !Arrays.equals(msg, back)) {
                            errors.increment();
                            return;
                        }
                        count.increment();
                    }
                } catch (Exception e) {
                    errors.increment();
                }
            }));
        }
        Thread.sleep((long) (warmup * 1000));
        long start = System.nanoTime();
        long before = count.sum();
        Thread.sleep((long) (measure * 1000));
        long n = count.sum() - before;
        double secs = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread t : threads) {
            t.join(5000);
        }
        System.out.printf("RESULT %.0f %d%n", n / secs, errors.sum());
    }
}
