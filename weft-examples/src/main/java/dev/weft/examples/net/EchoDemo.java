package dev.weft.examples.net;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.examples.Section;
import dev.weft.net.Connection;
import dev.weft.net.Net;
import dev.weft.net.Server;
import dev.weft.net.ServerOptions;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ./weft demo echo}: an echo server and a thousand clients talking to it at once, every one of
 * them a task on one thread. Each client sends lines of its own and checks every byte that comes
 * back.
 */
public final class EchoDemo implements Section {
    /** The section. */
    public EchoDemo() {}

    /**
     * What a run did.
     *
     * @param connections connections the server accepted
     * @param messages lines echoed
     * @param bytesChecked bytes that came back and were compared
     * @param threads the names of the threads that ran the server's and the clients' code
     * @param seconds the wall time
     */
    public record Stats(int connections, long messages, long bytesChecked, Set<String> threads, double seconds) {}

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String summary() {
        return "an echo server and 1000 concurrent clients, all tasks on one thread, every byte checked";
    }

    @Override
    public void run(PrintStream out) {
        int clients = Math.min(1000, fdBudget() / 2);
        out.printf("starting an echo server and %d clients, 20 lines each...%n", clients);
        Stats s = run(clients, 20);
        out.printf("%d connections handled, %,d messages, %,d bytes echoed and checked, in %.2f s%n",
                s.connections(), s.messages(), s.bytesChecked(), s.seconds());
        out.printf("threads that ran the server and every client: %s%n", s.threads());
    }

    /**
     * Runs the server and {@code clients} clients, each sending {@code lines} lines.
     *
     * @param clients how many connections at once
     * @param lines lines per client
     * @return what happened
     */
    public static Stats run(int clients, int lines) {
        return Weft.run(() -> {
            Set<String> threads = new TreeSet<>();
            long t0 = System.nanoTime();
            Server server = Net.startServer((reader, writer) -> {
                threads.add(Thread.currentThread().getName());
                for (byte[] line : reader) {       // every line until the client's EOF
                    writer.write(line);
                    writer.drain();
                }
            }, "127.0.0.1", 0, ServerOptions.defaults().withBacklog(Math.max(100, clients)));

            List<Task<long[]>> tasks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int id = i;
                tasks.add(Weft.spawn(() -> client(server.port(), id, lines, threads)));
            }
            long messages = 0;
            long bytes = 0;
            for (long[] r : Weft.gather(tasks).await()) {
                messages += r[0];
                bytes += r[1];
            }
            server.close();
            server.waitClosed();
            return new Stats((int) server.acceptedConnections(), messages, bytes, threads,
                    (System.nanoTime() - t0) / 1e9);
        });
    }

    private static long[] client(int port, int id, int lines, Set<String> threads) throws Exception {
        threads.add(Thread.currentThread().getName());
        long bytes = 0;
        try (Connection c = Net.openConnection("127.0.0.1", port)) {
            for (int i = 0; i < lines; i++) {
                byte[] line = ("client " + id + " line " + i + " " + "x".repeat((id * 31 + i) % 200) + "\n")
                        .getBytes(StandardCharsets.UTF_8);
                c.writer().write(line);
                c.writer().drain();
                byte[] back = c.reader().readLine();
                if (!Arrays.equals(line, back)) {
                    throw new IllegalStateException("client " + id + ": sent " + line.length + " bytes, got back "
                            + back.length + " different ones");
                }
                bytes += back.length;
            }
            c.writer().writeEof();
            if (c.reader().read().length != 0) {
                throw new IllegalStateException("client " + id + ": unexpected bytes after the echoes");
            }
        }
        return new long[] {lines, bytes};
    }

    /** How many descriptors this process may still open, with room for the JVM's own. */
    static int fdBudget() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return (int) Math.max(20, Math.min(Integer.MAX_VALUE, u.getMaxFileDescriptorCount() - u.getOpenFileDescriptorCount() - 64));
        }
        return 2000;
    }
}
