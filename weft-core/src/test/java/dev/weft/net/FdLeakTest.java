package dev.weft.net;

import static org.assertj.core.api.Assertions.*;

import dev.weft.Weft;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every fault scenario (reset, vanish, half-close either way, endless line, slow reader, cancelled read,
 * cancelled drain, refused connect, cancelled connect, connect timeout, a client that aborts on a
 * Weft server) more than a thousand times and checks that the process holds exactly as many file
 * descriptors afterwards as before. No slack: a warm-up round first opens whatever the JVM opens
 * lazily (jar files of classes loaded on first use), so the count must match exactly.
 */
@Timeout(180) // a network test that hangs fails instead
class FdLeakTest {
    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void noDescriptorLeaksAfterThousandsOfFaultCycles() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")),
                "needs /proc/self/fd (Linux) to count open file descriptors");
        int closedPort = Faults.closedPort();
        AtomicInteger handlerErrors = new AtomicInteger();
        try (FaultPeer peer = new FaultPeer(); Faults.HangingListener hang = new Faults.HangingListener()) {
            int hangPort = hang.port();
            rounds(1, peer, closedPort, hangPort, handlerErrors); // warm-up
            peer.awaitIdle(10_000);
            long before = openFds();

            int rounds = 85;
            int cycles = rounds(rounds, peer, closedPort, hangPort, handlerErrors);
            peer.awaitIdle(10_000);
            assertThat(peer.active()).as("peer connections still open").isZero();
            long after = openFds();
            assertThat(cycles).isGreaterThanOrEqualTo(1000);
            assertThat(after).as("open file descriptors after %d fault cycles", cycles).isEqualTo(before);
        }
    }

    /** Runs `rounds` rounds of every scenario on one loop; returns the number of cycles. */
    private static int rounds(int rounds, FaultPeer peer, int closedPort, int hangPort, AtomicInteger handlerErrors) {
        return Weft.run(() -> {
            Weft.loop().setExceptionHandler((loop, ctx) -> handlerErrors.incrementAndGet());
            Server server = Net.startServer((r, w) -> {
                while (r.readLine().length > 0) {
                    w.write("ok\n");
                }
            }, "127.0.0.1", 0);
            int cycles = 0;
            for (int i = 0; i < rounds; i++) {
                Faults.resetMidRead(peer.port());
                Faults.vanishMidRead(peer.port());
                Faults.halfClose(peer.port());
                Faults.peerHalfClose(peer.port());
                Faults.endlessLine(peer.port());
                Faults.slowReader(peer.port(), i % 10 == 0 ? 256 * 1024 : 16 * 1024);
                Faults.cancelMidRead(peer.port());
                Faults.cancelMidDrain(peer.port());
                Faults.refused(closedPort);
                Faults.cancelMidConnect(hangPort);
                Faults.connectTimeout(hangPort);
                Connection c = Net.openConnection("127.0.0.1", server.port());
                c.writer().write("half a li");
                c.writer().transport().abort(); // the server's handler sees the end mid-line
                cycles += 12;
            }
            server.close();
            server.waitClosed();
            return cycles;
        });
    }
}
