package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;

import dev.weft.CancelledError;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault scenarios, one method each, run inside a task against a {@link FaultPeer}. Each asserts
 * what the task sees and leaves nothing open. Shared by the focused tests and the fd-leak test.
 */
final class Faults {
    private Faults() {}

    static Connection connect(int port, String command) throws IOException {
        Connection c = Net.openConnection("127.0.0.1", port);
        c.writer().write(command + "\n");
        return c;
    }

    /** The peer resets the connection in the middle of a read: the read throws "Connection reset". */
    static void resetMidRead(int port) throws IOException {
        try (Connection c = connect(port, "RESET 1000")) {
            assertThatThrownBy(() -> c.reader().readExactly(5000))
                    .isInstanceOfAny(SocketException.class, IncompleteReadException.class);
            // The error sticks: the next read fails again (or sees the end).
            assertThatThrownBy(() -> c.reader().readExactly(1)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> c.writer().waitClosed()).isInstanceOf(IOException.class);
        }
    }

    /** The peer vanishes (closes) mid-message: an IncompleteReadException with the partial bytes, then EOF. */
    static void vanishMidRead(int port) throws IOException {
        try (Connection c = connect(port, "VANISH 300")) {
            assertThatThrownBy(() -> c.reader().readExactly(1000))
                    .isInstanceOfSatisfying(IncompleteReadException.class, e -> assertThat(e.partial()).hasSize(300));
            assertThat(c.reader().readLine()).isEmpty();
            assertThat(c.reader().atEof()).isTrue();
        }
    }

    /** The client half-closes; the peer still answers on the open half. */
    static void halfClose(int port) throws IOException {
        try (Connection c = connect(port, "HALF")) {
            c.writer().write(new byte[5000]);
            c.writer().writeEof();
            assertThat(new String(c.reader().readLine(), UTF_8)).isEqualTo("got 5000\n");
            assertThat(c.reader().readLine()).isEmpty();
        }
    }

    /**
     * The peer half-closes: the client reads its last line and EOF, and can still write; the peer
     * gets those bytes, then the client's EOF, and the connection ends cleanly.
     */
    static void peerHalfClose(int port) throws IOException {
        Connection c = connect(port, "PEERHALF");
        assertThat(new String(c.reader().readLine(), UTF_8)).isEqualTo("bye\n");
        assertThat(c.reader().readLine()).isEmpty();
        assertThat(c.reader().atEof()).isTrue();
        assertThat(c.writer().isClosing()).isFalse(); // half-closed only
        c.writer().write(new byte[3000]);
        c.writer().drain();
        c.writer().writeEof();
        c.writer().waitClosed(); // both directions done: closed without error
    }

    /** An endless line: readLine fails with LimitOverrunException and memory stays bounded. */
    static void endlessLine(int port) throws IOException {
        try (Connection c = Net.openConnection("127.0.0.1", port, ConnectOptions.defaults().withLimit(4096))) {
            c.writer().write("ENDLESS\n");
            assertThatThrownBy(() -> c.reader().readLine()).isInstanceOf(LimitOverrunException.class);
            assertThat(c.reader().buffered()).isLessThanOrEqualTo(2 * 4096 + Io.READ_SIZE);
        }
    }

    /** A slow reader: write-and-drain keeps the write buffer under the high water mark. */
    static void slowReader(int port, int bytes) throws IOException {
        try (Connection c = connect(port, "SLOW")) {
            byte[] chunk = new byte[16 * 1024];
            for (int sent = 0; sent < bytes; sent += chunk.length) {
                c.writer().write(chunk);
                c.writer().drain();
                assertThat(c.writer().transport().writeBufferSize()).isLessThanOrEqualTo(64 * 1024);
            }
            c.writer().writeEof();
            int expected = (bytes + chunk.length - 1) / chunk.length * chunk.length;
            assertThat(new String(c.reader().readLine(), UTF_8)).isEqualTo("got " + expected + "\n");
        }
    }

    /** Cancel a task waiting in a read: CancelledError there, and the connection closes cleanly. */
    static void cancelMidRead(int port) throws IOException {
        try (Connection c = connect(port, "SILENT")) {
            Task<byte[]> t = Weft.spawn(() -> c.reader().readLine());
            Weft.yieldNow();
            Weft.yieldNow();
            assertThat(t.isDone()).isFalse();
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        } finally {
            FaultPeer.releaseSilent(port);
        }
    }

    /** Cancel a task waiting in drain against a peer that does not read. */
    static void cancelMidDrain(int port) throws IOException {
        try {
            cancelMidDrainAgainstSilentPeer(port);
        } finally {
            FaultPeer.releaseSilent(port);
        }
    }

    private static void cancelMidDrainAgainstSilentPeer(int port) throws IOException {
        Connection c = connect(port, "SILENT");
        Task<Void> writer = Weft.spawn(() -> {
            byte[] chunk = new byte[64 * 1024];
            while (true) { // until drain waits: the peer reads nothing
                c.writer().write(chunk);
                c.writer().drain();
            }
        });
        while (c.writer().transport().writeBufferSize() <= 64 * 1024 && !writer.isDone()) {
            Weft.yieldNow();
        }
        Weft.yieldNow();
        writer.cancel();
        assertThatThrownBy(writer::await).isInstanceOf(CancelledError.class);
        c.writer().transport().abort(); // drop the unsent megabytes
        try {
            c.writer().waitClosed();
        } catch (IOException ignored) {
            // aborted: no error expected, but none matters here
        }
    }

    /** A refused connect: ConnectException naming host:port. */
    static void refused(int closedPort) {
        assertThatThrownBy(() -> Net.openConnection("127.0.0.1", closedPort))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("refused");
    }

    /** Cancel a connect that hangs (the listener's backlog is full, SYNs are dropped). */
    static void cancelMidConnect(int hangingPort) {
        Task<Connection> t = Weft.spawn(() -> Net.openConnection("127.0.0.1", hangingPort));
        Weft.yieldNow();
        Weft.yieldNow();
        t.cancel();
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
    }

    /** A connect past its timeout: SocketTimeoutException naming host:port. */
    static void connectTimeout(int hangingPort) {
        assertThatThrownBy(() -> Net.openConnection("127.0.0.1", hangingPort,
                ConnectOptions.defaults().withTimeout(Duration.ofMillis(20))))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessageContaining("127.0.0.1:" + hangingPort);
    }

    /** A port nobody listens on (bound, then closed). */
    static int closedPort() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
    }

    /**
     * A listener whose accept queue is full and never drained: a further connect hangs (Linux drops
     * the SYN). Holds the listener and the filler connections; close it after use.
     */
    static final class HangingListener implements AutoCloseable {
        final ServerSocketChannel server;
        final List<SocketChannel> fillers = new ArrayList<>();

        HangingListener() throws IOException {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            for (int i = 0; i < 2; i++) { // backlog 1 takes 2 connections
                fillers.add(SocketChannel.open(server.getLocalAddress()));
            }
        }

        int port() throws IOException {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel f : fillers) {
                f.close();
            }
            server.close();
        }
    }
}
