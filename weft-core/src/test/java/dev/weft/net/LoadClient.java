package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.Future;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The load generator of {@link LoadTest}, run in a separate JVM so that each process holds only its
 * own half of the sockets. Args: port, connections, messages per connection. Opens every connection
 * (at most 200 connects in flight), exchanges one message on each, waits until all did (so all are
 * open at once on the server), then exchanges the rest, half-closes, reads to EOF and closes.
 * Prints "OK connections=N messages=M bytes=B" and exits 0, or prints the error and exits 1.
 */
public final class LoadClient {
    private LoadClient() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        try {
            long[] r = Weft.run(() -> run(port, connections, messages));
            System.out.println("OK connections=" + r[0] + " messages=" + r[1] + " bytes=" + r[2]);
            System.exit(0);
        } catch (Throwable e) {
            System.out.println("FAIL " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    static byte[] message(int conn, int i) {
        return ("conn " + conn + " msg " + i + " " + "p".repeat((conn * 17 + i * 5) % 90) + "\n").getBytes(UTF_8);
    }

    static long[] run(int port, int connections, int messages) throws Exception {
        ArrayDeque<Future<Void>> waiting = new ArrayDeque<>();
        int[] connecting = {0};
        Future<Void> allFirst = Weft.loop().createFuture();
        int[] firstDone = {0};
        List<Task<long[]>> tasks = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int id = c;
            tasks.add(Weft.spawn(() -> {
                // at most 200 connects in flight: no SYN storm against the listen queue
                if (connecting[0] >= 200) {
                    Future<Void> turn = Weft.loop().createFuture();
                    waiting.add(turn);
                    turn.await();
                } else {
                    connecting[0]++;
                }
                Connection conn;
                try {
                    conn = Net.openConnection("127.0.0.1", port);
                } finally {
                    Future<Void> next = waiting.poll();
                    if (next != null) {
                        next.setResult(null);
                    } else {
                        connecting[0]--;
                    }
                }
                long bytes = 0;
                try (conn) {
                    for (int i = 0; i < messages; i++) {
                        byte[] m = message(id, i);
                        conn.writer().write(m);
                        conn.writer().drain();
                        byte[] back = conn.reader().readLine();
                        if (!Arrays.equals(m, back)) {
                            throw new IllegalStateException("conn " + id + " msg " + i + ": sent "
                                    + new String(m, UTF_8).trim() + ", got " + new String(back, UTF_8).trim());
                        }
                        bytes += back.length;
                        if (i == 0 && ++firstDone[0] == connections) {
                            allFirst.setResult(null);
                        }
                        if (i == 0) {
                            allFirst.await(); // every connection is open on the server now
                        }
                    }
                    conn.writer().writeEof();
                    if (conn.reader().read().length != 0) {
                        throw new IllegalStateException("conn " + id + ": bytes after the echoes");
                    }
                }
                return new long[] {messages, bytes};
            }));
        }
        long msgs = 0;
        long bytes = 0;
        for (long[] r : Weft.gather(tasks).await()) {
            msgs += r[0];
            bytes += r[1];
        }
        return new long[] {connections, msgs, bytes};
    }
}
