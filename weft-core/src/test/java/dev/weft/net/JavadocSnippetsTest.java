package dev.weft.net;

import static org.assertj.core.api.Assertions.*;

import dev.weft.Future;
import dev.weft.Weft;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code {@snippet}} examples of this package's class javadoc, run as written: each test copies
 * one snippet's code and gives its placeholders ({@code handle}, {@code hasMore}, ...) small bodies.
 * Change the snippet and the test together.
 */
@Timeout(120) // a network test that hangs fails instead
class JavadocSnippetsTest {
    /** The snippet of Protocol. */
    static final class Echo implements Protocol {
        private Transport transport;
        public void connectionMade(Transport t) { transport = t; }
        public void dataReceived(ByteBuffer data) { transport.write(data); }
    }

    /** The snippet of Transport's protocol. */
    static final class Collect implements Protocol {
        final Future<String> reply = Weft.loop().createFuture();
        final StringBuilder got = new StringBuilder();
        public void dataReceived(ByteBuffer data) { got.append(StandardCharsets.UTF_8.decode(data)); }
        public void connectionLost(Throwable exc) {
            if (exc == null) reply.setResult(got.toString()); else reply.setException(exc);
        }
    }

    @Test
    void transport() {
        String got = Weft.run(() -> {
            Server server = Net.createServer(Echo::new, "127.0.0.1", 0);
            int port = server.port();
            // = the snippet of Transport
            Collect p = new Collect();
            Transport t = Net.createConnection(() -> p, "127.0.0.1", port);
            t.write("hello".getBytes(StandardCharsets.UTF_8));
            t.writeEof();
            String answer = p.reply.await();
            // what it says
            assertThat(t.isClosing()).isTrue();
            server.close();
            server.waitClosed();
            return answer;
        });
        assertThat(got).isEqualTo("hello");
    }

    /** The snippet of BaseProtocol, its placeholders filled, plus counters for the test. */
    static final class Sender implements Protocol {
        static final int CHUNK = 64 * 1024;
        final Future<Boolean> done = Weft.loop().createFuture();
        int left;
        int pauses;
        int resumes;

        Sender(int chunks) {
            left = chunks;
        }

        boolean hasMore() {
            return left > 0;
        }

        ByteBuffer nextChunk() {
            left--;
            byte[] b = new byte[CHUNK];
            Arrays.fill(b, (byte) 'x');
            return ByteBuffer.wrap(b);
        }

        // = the snippet of BaseProtocol
        private Transport transport;
        private boolean paused;
        public void connectionMade(Transport t) { transport = t; pump(); }
        public void pauseWriting() { paused = true; pauses++; }
        public void resumeWriting() { paused = false; resumes++; pump(); }
        public void connectionLost(Throwable exc) { done.setResult(exc == null); }
        public void dataReceived(ByteBuffer data) {}
        private void pump() {
            while (!paused && hasMore()) transport.write(nextChunk());
            if (!hasMore()) transport.close();
        }
    }

    @Test
    void baseProtocolFlowControl() {
        int chunks = 256; // 16 MiB: more than the socket buffers hold, so the transport must buffer
        Weft.run(() -> {
            Future<Void> go = Weft.loop().createFuture();
            Future<Long> received = Weft.loop().createFuture();
            Server sink = Net.startServer((reader, writer) -> {
                go.await(); // reads nothing until the sender was paused
                long n = 0;
                for (byte[] b = reader.read(1 << 16); b.length > 0; b = reader.read(1 << 16)) {
                    n += b.length;
                }
                received.setResult(n);
            }, "127.0.0.1", 0);
            Sender sender = new Sender(chunks);
            Net.createConnection(() -> sender, "127.0.0.1", sink.port());
            for (int i = 0; i < 1000 && sender.pauses == 0; i++) {
                Weft.sleep(Duration.ofMillis(10));
            }
            assertThat(sender.pauses).as("pauseWriting was called").isEqualTo(1);
            assertThat(sender.left).as("the sender stopped while paused").isPositive();
            go.setResult(null);
            assertThat(Weft.waitFor(sender.done, Duration.ofSeconds(60))).as("a clean close").isTrue();
            assertThat(Weft.waitFor(received, Duration.ofSeconds(60))).isEqualTo((long) chunks * Sender.CHUNK);
            assertThat(sender.resumes).isGreaterThanOrEqualTo(1);
            sink.close();
        });
    }

    /** The snippet of DatagramProtocol. */
    static final class UdpEcho implements DatagramProtocol {
        private DatagramTransport transport;
        public void connectionMade(DatagramTransport t) { transport = t; }
        public void datagramReceived(ByteBuffer data, SocketAddress from) {
            transport.sendTo(data, from);
        }
    }

    @Test
    void datagramProtocolAndTransport() {
        String got = Weft.run(() -> {
            // = the snippet of DatagramProtocol
            DatagramTransport server = Net.createDatagramEndpoint(UdpEcho::new, new InetSocketAddress("127.0.0.1", 0),
                    null);
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            // = the snippet of DatagramTransport
            Future<String> answer = Weft.loop().createFuture();
            DatagramTransport t = Net.createDatagramEndpoint(() -> new DatagramProtocol() {
                public void datagramReceived(ByteBuffer data, SocketAddress from) {
                    answer.setResult(StandardCharsets.UTF_8.decode(data).toString());
                }
            }, null, new InetSocketAddress("127.0.0.1", port));
            t.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
            String pong = Weft.waitFor(answer, Duration.ofSeconds(1));
            t.close();
            // what it says
            assertThat(t.isClosing()).isTrue();
            server.close();
            return pong;
        });
        assertThat(got).isEqualTo("ping");
    }

    /** The placeholder of DatagramOptions' snippet: keeps what arrives. */
    static final class Listener implements DatagramProtocol {
        static final List<String> GOT = new ArrayList<>();
        public void datagramReceived(ByteBuffer data, SocketAddress from) {
            GOT.add(StandardCharsets.UTF_8.decode(data).toString());
        }
    }

    @Test
    void datagramOptions() {
        Listener.GOT.clear();
        Weft.run(() -> {
            // = the snippet of DatagramOptions
            DatagramOptions o = DatagramOptions.defaults()
                    .withReuseAddress(true)
                    .withAllowBroadcast(true);
            DatagramTransport t = Net.createDatagramEndpoint(Listener::new, new InetSocketAddress(0), null, o);
            // what it says: bound to every interface, on a port the system chose
            assertThat(o).isEqualTo(new DatagramOptions(true, false, true));
            int port = ((InetSocketAddress) t.localAddress()).getPort();
            assertThat(port).isPositive();
            DatagramTransport client = Net.createDatagramEndpoint(Listener::new, null,
                    new InetSocketAddress("127.0.0.1", port));
            for (int i = 0; i < 50 && Listener.GOT.isEmpty(); i++) { // UDP: resend until it arrives
                client.send(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
                Weft.sleep(Duration.ofMillis(20));
            }
            assertThat(Listener.GOT).contains("hi");
            client.close();
            t.close();
        });
    }

    @Test
    void serverOptions() {
        String got = Weft.run(() -> {
            ClientHandler handler = (reader, writer) -> {
                byte[] line = reader.readLine();
                writer.write(line.length + "\n");
            };
            // = the snippet of ServerOptions
            ServerOptions o = ServerOptions.defaults()
                    .withBacklog(1024)
                    .withLimit(1 << 20)
                    .withStartServing(false);
            Server server = Net.startServer(handler, "127.0.0.1", 0, o);
            int port = server.port();
            // what it says: clients may connect and wait before startServing()
            try (Connection c = Net.openConnection("127.0.0.1", port)) {
                c.writer().write("y".repeat(100_000) + "\n"); // more than the default limit, 64 KiB
                Weft.sleep(Duration.ofMillis(50));
                assertThat(server.acceptedConnections()).isZero();
                server.startServing(); // = the snippet's last line
                String answer = new String(c.reader().readLine(), StandardCharsets.UTF_8);
                assertThat(server.acceptedConnections()).isEqualTo(1);
                server.close();
                return answer;
            }
        });
        assertThat(got).isEqualTo("100001\n");
    }

    @Test
    void clientHandler() {
        String got = Weft.run(() -> {
            // = the snippet of ClientHandler
            ClientHandler shout = (reader, writer) -> {
                for (String line : reader.lines()) {
                    writer.write(line.toUpperCase() + "\n");
                    writer.drain();
                }
            };
            Server server = Net.startServer(shout, "127.0.0.1", 0);
            // what it says
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                c.writer().write("hello\nworld\n");
                c.writer().writeEof();
                String all = new String(c.reader().read(), StandardCharsets.UTF_8); // to the EOF: closed by then
                server.close();
                return all;
            }
        });
        assertThat(got).isEqualTo("HELLO\nWORLD\n");
    }

    /** Reads frames as IncompleteReadException's snippet does; returns them, or throws. */
    private static List<String> readFrames(StreamReader reader) throws IOException {
        List<String> frames = new ArrayList<>();
        // = the snippet of IncompleteReadException (handle(...) adds to `frames`)
        while (true) {
            byte[] header;
            try {
                header = reader.readExactly(4);
            } catch (IncompleteReadException e) {
                if (e.partial().length == 0) break;
                throw e;
            }
            frames.add(new String(reader.readExactly(ByteBuffer.wrap(header).getInt()), StandardCharsets.UTF_8));
        }
        return frames;
    }

    private static byte[] frame(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b).array();
    }

    /** A server that sends {@code bytes} to each client, then closes. */
    private static Server sending(byte[] bytes) throws IOException {
        return Net.startServer((reader, writer) -> writer.write(bytes), "127.0.0.1", 0);
    }

    @Test
    void incompleteReadException() {
        Weft.run(() -> {
            ByteArrayOutputStream clean = new ByteArrayOutputStream();
            clean.write(frame("abc"));
            clean.write(frame("de"));
            Server s1 = sending(clean.toByteArray());
            try (Connection c = Net.openConnection("127.0.0.1", s1.port())) {
                assertThat(readFrames(c.reader())).containsExactly("abc", "de");
            }
            ByteArrayOutputStream cut = new ByteArrayOutputStream();
            cut.write(frame("abc"));
            cut.write(new byte[] {0, 0});
            Server s2 = sending(cut.toByteArray());
            try (Connection c = Net.openConnection("127.0.0.1", s2.port())) {
                assertThatThrownBy(() -> readFrames(c.reader())).isInstanceOfSatisfying(IncompleteReadException.class,
                        e -> {
                            assertThat(e.partial()).hasSize(2);
                            assertThat(e.expected()).isEqualTo(4);
                        });
            }
            s1.close();
            s2.close();
        });
    }

    @Test
    void limitOverrunException() {
        List<String> handled = new ArrayList<>();
        String errors = Weft.run(() -> {
            Future<String> toldServer = Weft.loop().createFuture();
            Server server = Net.startServer((r, w) -> {
                w.write("short\n" + "x".repeat(100) + "\nafter\n");
                w.writeEof();
                toldServer.setResult(new String(r.read(), StandardCharsets.UTF_8));
            }, "127.0.0.1", 0);
            ConnectOptions limit16 = ConnectOptions.defaults().withLimit(16);
            try (Connection c = Net.openConnection("127.0.0.1", server.port(), limit16)) {
                StreamReader reader = c.reader();
                StreamWriter writer = c.writer();
                // = the snippet of LimitOverrunException (handle(...) adds to `handled`)
                for (;;) {
                    byte[] line;
                    try {
                        line = reader.readLine();
                    } catch (LimitOverrunException e) {
                        writer.write("ERR line too long\n");
                        continue;
                    }
                    if (line.length == 0) break;
                    handled.add(new String(line, StandardCharsets.UTF_8));
                }
                writer.writeEof();
                String told = Weft.waitFor(toldServer, Duration.ofSeconds(30));
                server.close();
                return told;
            }
        });
        assertThat(handled).containsExactly("short\n", "after\n");
        assertThat(errors).isEqualTo("ERR line too long\n");
    }
}
