package dev.weft.net;

import static org.assertj.core.api.Assertions.*;

import dev.weft.LoopGroup;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.EventLoop;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A server over a LoopGroup, in both strategies: spread, one loop per connection, echo, close. */
@Timeout(120) // a network test that hangs fails instead
class GroupServerTest {
    private static final int CLIENTS = 200;
    private static final int LOOPS = 4;

    /** Which loop served each connection (by the id the client sends first), and any loop switch seen. */
    private static final class Record {
        final Map<Integer, EventLoop> loopOf = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

        /** Echoes after a first line with the connection's id; checks it never leaves its loop. */
        ClientHandler handler() {
            return (reader, writer) -> {
                EventLoop here = EventLoop.running();
                int id = Integer.parseInt(new String(reader.readLine(), StandardCharsets.US_ASCII).trim());
                if (loopOf.putIfAbsent(id, here) != null) {
                    problems.add("connection " + id + " served twice");
                }
                while (true) {
                    byte[] chunk = reader.read();
                    if (EventLoop.running() != here) {
                        problems.add("connection " + id + " moved from " + here + " to " + EventLoop.running());
                    }
                    if (chunk.length == 0) {
                        break;
                    }
                    writer.write(chunk);
                    writer.drain();
                }
            };
        }
    }

    private static void assumeStrategy(GroupServer.Strategy s) {
        if (s == GroupServer.Strategy.REUSE_PORT) {
            Assumptions.assumeTrue(GroupServer.reusePortBalances(), "SO_REUSEPORT balances only on Linux");
        }
    }

    /** CLIENTS clients at once, each sending its id and some bytes; returns the ids whose echo differed. */
    private static List<Integer> runClients(int port, int clients) {
        return Weft.run(() -> {
            List<Task<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int id = i;
                tasks.add(Weft.spawn(() -> {
                    byte[] data = new byte[1000 + new Random(id).nextInt(20_000)];
                    new Random(id * 31L).nextBytes(data);
                    try (Connection c = Net.openConnection("127.0.0.1", port)) {
                        c.writer().write(id + "\n");
                        for (int off = 0; off < data.length; off += 4096) {
                            c.writer().write(Arrays.copyOfRange(data, off, Math.min(data.length, off + 4096)));
                            c.writer().drain();
                        }
                        c.writer().writeEof();
                        ByteArrayOutputStream got = new ByteArrayOutputStream();
                        for (byte[] chunk = c.reader().read(); chunk.length > 0; chunk = c.reader().read()) {
                            got.write(chunk);
                        }
                        return Arrays.equals(got.toByteArray(), data);
                    }
                }));
            }
            List<Integer> bad = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                if (!tasks.get(i).await()) {
                    bad.add(i);
                }
            }
            return bad;
        });
    }

    @ParameterizedTest
    @EnumSource(value = GroupServer.Strategy.class, names = {"REUSE_PORT", "ACCEPTOR"})
    void spreadsConnectionsOverTheLoopsEachServedOnOneLoop(GroupServer.Strategy strategy) throws Exception {
        assumeStrategy(strategy);
        Record rec = new Record();
        try (LoopGroup group = new LoopGroup(LOOPS, "gsrv")) {
            GroupServer server = Net.startServer(group, rec.handler(), "127.0.0.1", 0, ServerOptions.defaults()
                    .withBacklog(CLIENTS), strategy);
            assertThat(server.strategy()).isEqualTo(strategy);
            assertThat(server.port()).isPositive();
            if (strategy == GroupServer.Strategy.REUSE_PORT) {
                assertThat(server.addresses()).hasSize(LOOPS);
            }
            List<Integer> bad = runClients(server.port(), CLIENTS);
            server.close();
            server.waitClosed();

            assertThat(bad).as("connections whose echo differed").isEmpty();
            assertThat(rec.problems).isEmpty();
            assertThat(rec.loopOf).hasSize(CLIENTS);
            long[] perLoop = new long[LOOPS];
            for (EventLoop l : rec.loopOf.values()) {
                int i = group.loops().indexOf(l);
                assertThat(i).as("a loop of the group").isNotNegative();
                perLoop[i]++;
            }
            assertThat(server.connectionsPerLoop()).containsExactly(perLoop);
            assertThat(Arrays.stream(perLoop).min().orElseThrow()).as("fewest connections on a loop of %s", Arrays.toString(perLoop)).isPositive();
            if (strategy == GroupServer.Strategy.ACCEPTOR) {
                assertThat(perLoop).as("round-robin").containsOnly(CLIENTS / LOOPS);
            }
        }
    }

    @Test
    void autoPicksReusePortOnLinuxElseTheAcceptor() throws Exception {
        try (LoopGroup group = new LoopGroup(2);
                GroupServer server = Net.startServer(group, (r, w) -> {}, "127.0.0.1", 0)) {
            assertThat(server.strategy()).isEqualTo(GroupServer.reusePortBalances()
                    ? GroupServer.Strategy.REUSE_PORT : GroupServer.Strategy.ACCEPTOR);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GroupServer.Strategy.class, names = {"REUSE_PORT", "ACCEPTOR"})
    void startsFromATaskOfTheGroupItself(GroupServer.Strategy strategy) throws Exception {
        assumeStrategy(strategy);
        Record rec = new Record();
        try (LoopGroup group = new LoopGroup(2)) {
            GroupServer server = group.submit(0, () -> Net.startServer(group, rec.handler(), "127.0.0.1", 0,
                    ServerOptions.defaults(), strategy)).get();
            assertThat(runClients(server.port(), 10)).isEmpty();
            group.submit(1, () -> {
                server.close(); // suspends this task while every loop closes its listener
                server.waitClosed();
                return null;
            }).get();
            assertThat(server.isClosed()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = GroupServer.Strategy.class, names = {"REUSE_PORT", "ACCEPTOR"})
    void closeReleasesThePortAndLeaksNoDescriptor(GroupServer.Strategy strategy) throws Exception {
        assumeStrategy(strategy);
        boolean proc = Files.isDirectory(Path.of("/proc/self/fd"));
        try (LoopGroup group = new LoopGroup(LOOPS)) {
            roundTrip(group, strategy); // warm-up: whatever the JVM opens lazily
            long before = proc ? FdLeakTest.openFds() : 0;
            int port = 0;
            for (int round = 0; round < 3; round++) {
                port = roundTrip(group, strategy);
            }
            if (proc) {
                // <=: other tests in this JVM may close theirs meanwhile
                assertThat(FdLeakTest.openFds()).as("open descriptors after 3 group servers").isLessThanOrEqualTo(before);
            }
            // The port is free: a plain server (no SO_REUSEPORT, which a leftover listener would refuse) binds it.
            int p = port;
            int rebound = Weft.run(() -> {
                try (Server s = Net.startServer((r, w) -> {}, "127.0.0.1", p)) {
                    return s.port();
                }
            });
            assertThat(rebound).isEqualTo(port);
            // And so does another group server.
            try (GroupServer again = Net.startServer(group, (r, w) -> {}, "127.0.0.1", p, ServerOptions.defaults(),
                    strategy)) {
                assertThat(again.port()).isEqualTo(port);
            }
        }
    }

    /** Starts a group server, echoes on 20 connections, closes it and waits for its connections; returns its port. */
    private static int roundTrip(LoopGroup group, GroupServer.Strategy strategy) throws Exception {
        Record rec = new Record();
        GroupServer server = Net.startServer(group, rec.handler(), "127.0.0.1", 0, ServerOptions.defaults(), strategy);
        assertThat(runClients(server.port(), 20)).isEmpty();
        server.close();
        server.close(); // idempotent
        server.waitClosed();
        return server.port();
    }

    @Test
    void aGroupShutDownFirstStillLetsCloseReleaseTheListeners() throws Exception {
        LoopGroup group = new LoopGroup(2);
        GroupServer server = Net.startServer(group, (r, w) -> {}, "127.0.0.1", 0);
        int port = server.port();
        group.shutdown(Duration.ofSeconds(5));
        server.close();
        int rebound = Weft.run(() -> {
            try (Server s = Net.startServer((r, w) -> {}, "127.0.0.1", port)) {
                return s.port();
            }
        });
        assertThat(rebound).isEqualTo(port);
    }
}
