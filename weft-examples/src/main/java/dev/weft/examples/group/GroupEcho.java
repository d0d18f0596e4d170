package dev.weft.examples.group;

import dev.weft.LoopGroup;
import dev.weft.net.Connection;
import dev.weft.net.GroupServer;
import dev.weft.net.Net;
import dev.weft.net.ServerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An echo server on a {@link LoopGroup}: the connections spread over the loops, each served on one
 * loop from start to end ({@link GroupServer}). Clients on a group of their own ping-pong 100-byte
 * messages for a while; the report says how many round trips were done and how many connections each
 * server loop served.
 *
 * <p>asyncio: one loop per process, so several processes sharing a socket (SO_REUSEPORT or a
 * pre-fork server); here, one loop per core in one JVM and one call.
 */
public final class GroupEcho {
    /** The size of one message. */
    public static final int MESSAGE = 100;

    private GroupEcho() {}

    /**
     * What one run measured.
     *
     * @param strategy how the server spread its connections
     * @param roundTrips the round trips completed by all clients
     * @param connectionsPerLoop how many connections each server loop served
     * @param took how long the clients ran
     */
    public record Report(GroupServer.Strategy strategy, long roundTrips, long[] connectionsPerLoop, Duration took) {
        /**
         * Round trips per second.
         *
         * @return the rate
         */
        public double perSecond() {
            return roundTrips / (took.toNanos() / 1e9);
        }
    }

    /**
     * Serves an echo on {@code server} loops and runs {@code clients} clients against it for
     * {@code duration}, from {@code clientLoops} loops of their own.
     *
     * @param serverLoops the size of the server's group
     * @param strategy the server's strategy
     * @param clients how many connections
     * @param clientLoops the size of the clients' group
     * @param duration how long the clients ping-pong
     * @return what was measured
     * @throws Exception if a client failed or the wait was interrupted
     */
    public static Report run(int serverLoops, GroupServer.Strategy strategy, int clients, int clientLoops,
            Duration duration) throws Exception {
        try (LoopGroup serverGroup = new LoopGroup(serverLoops, "echo-server");
                LoopGroup clientGroup = new LoopGroup(clientLoops, "echo-client")) {
            GroupServer server = Net.startServer(serverGroup, (reader, writer) -> {
                while (true) {
                    byte[] b = reader.read(65536);
                    if (b.length == 0) {
                        return; // the client's EOF
                    }
                    writer.write(b);
                    writer.drain();
                }
            }, "127.0.0.1", 0, ServerOptions.defaults().withBacklog(1024), strategy);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            List<CompletableFuture<Long>> counts = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                counts.add(clientGroup.submit(() -> client(server.port(), end)));
            }
            long total = 0;
            for (CompletableFuture<Long> c : counts) {
                total += c.get();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            server.close();
            server.waitClosed();
            return new Report(server.strategy(), total, server.connectionsPerLoop(), took);
        }
    }

    /** One connection: send a message, read its echo, until the deadline; returns the round trips. */
    private static long client(int port, long end) throws Exception {
        byte[] msg = new byte[MESSAGE];
        Arrays.fill(msg, (byte) 'x');
        long n = 0;
        try (Connection c = Net.openConnection("127.0.0.1", port)) {
            while (System.nanoTime() < end) {
                c.writer().write(msg);
                c.writer().drain();
                c.reader().readExactly(MESSAGE);
                n++;
            }
            c.writer().writeEof();
            c.reader().read(); // the server's EOF
        }
        return n;
    }
}
