package dev.weft.net;

import static org.assertj.core.api.Assertions.*;

import dev.weft.Weft;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120) // a network test that hangs fails instead
class FaultsTest {
    static FaultPeer peer;

    @BeforeAll
    static void start() throws Exception {
        peer = new FaultPeer();
    }

    @AfterAll
    static void stop() throws Exception {
        peer.close();
    }

    @Test
    void resetMidRead() {
        Weft.run(() -> Faults.resetMidRead(peer.port()));
    }

    @Test
    void vanishMidRead() {
        Weft.run(() -> Faults.vanishMidRead(peer.port()));
    }

    @Test
    void halfClose() {
        Weft.run(() -> Faults.halfClose(peer.port()));
    }

    @Test
    void peerHalfClose() throws Exception {
        long before = FaultPeer.halfReceived.get();
        Weft.run(() -> Faults.peerHalfClose(peer.port()));
        peer.awaitIdle(5000);
        assertThat(FaultPeer.halfReceived.get() - before).isEqualTo(3000);
    }

    @Test
    void endlessLine() {
        Weft.run(() -> Faults.endlessLine(peer.port()));
    }

    @Test
    void slowReader() {
        Weft.run(() -> Faults.slowReader(peer.port(), 1 << 20));
    }

    @Test
    void cancelMidRead() {
        Weft.run(() -> Faults.cancelMidRead(peer.port()));
    }

    @Test
    void cancelMidDrain() {
        Weft.run(() -> Faults.cancelMidDrain(peer.port()));
    }

    @Test
    void refused() throws Exception {
        int port = Faults.closedPort();
        Weft.run(() -> Faults.refused(port));
    }

    @Test
    void cancelMidConnectAndTimeout() throws Exception {
        try (Faults.HangingListener h = new Faults.HangingListener()) {
            Weft.run(() -> {
                Faults.cancelMidConnect(h.port());
                Faults.connectTimeout(h.port());
            });
        }
    }

    @Test
    void unknownHost() {
        Weft.run(() -> {
            assertThatThrownBy(() -> Net.openConnection("no-such-host.invalid", 80))
                    .isInstanceOf(java.net.UnknownHostException.class)
                    .hasMessageContaining("no-such-host.invalid");
        });
    }

    @Test
    void badPort() {
        Weft.run(() -> {
            assertThatThrownBy(() -> Net.openConnection("127.0.0.1", 70000))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("port: 70000 (expected: 0..65535)");
        });
    }

    @Test
    void bindInUse() {
        Weft.run(() -> {
            Server a = Net.startServer((r, w) -> {}, "127.0.0.1", 0);
            assertThatThrownBy(() -> Net.startServer((r, w) -> {}, "127.0.0.1", a.port(),
                    ServerOptions.defaults().withReuseAddress(false)))
                    .isInstanceOf(java.net.BindException.class).hasMessageContaining("127.0.0.1:" + a.port());
            a.close();
        });
    }
}
