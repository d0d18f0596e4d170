package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;

import dev.weft.Future;
import dev.weft.Weft;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120) // a network test that hangs fails instead
class ProtocolsTest {
    /** Echoes everything; records its callbacks. */
    static final class Echo implements Protocol {
        final List<String> events = new ArrayList<>();
        Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            events.add("made");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return false;
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost " + exc);
        }
    }

    /** Collects what arrives, and completes futures on the events. */
    static final class Client implements Protocol {
        final Future<String> done = Weft.loop().createFuture();
        final StringBuilder got = new StringBuilder();
        final List<String> events = new ArrayList<>();
        Transport transport;
        int expected;

        Client(int expected) {
            this.expected = expected;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            got.append(UTF_8.decode(data));
            if (got.length() >= expected) {
                transport.close();
            }
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
        }

        @Override
        public void resumeWriting() {
            events.add("resume");
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost " + exc);
            done.setResult(got.toString());
        }
    }

    @Test
    void echoProtocol() {
        Weft.run(() -> {
            List<Echo> made = new ArrayList<>();
            Server server = Net.createServer(() -> {
                Echo e = new Echo();
                made.add(e);
                return e;
            }, "127.0.0.1", 0);
            Client client = new Client(10);
            Transport t = Net.createConnection(() -> client, "127.0.0.1", server.port());
            assertThat(t.protocol()).isSameAs(client);
            assertThat(client.transport).as("connectionMade ran before createConnection returned").isSameAs(t);
            t.write("hello".getBytes(UTF_8));
            t.writeLines(List.of(ByteBuffer.wrap("world".getBytes(UTF_8))));
            assertThat(client.done.await()).isEqualTo("helloworld");
            assertThat(t.isClosing()).isTrue();
            assertThatThrownBy(() -> t.write(new byte[1])).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("after close()");
            server.close();
            server.waitClosed();
            assertThat(made).hasSize(1);
            assertThat(made.getFirst().events).containsExactly("made", "eof", "lost null");
            assertThat(client.events).containsExactly("lost null");
            assertThat(t.toString()).contains("closed");
        });
    }

    @Test
    void pauseAndResumeWritingFollowTheWaterMarks() {
        Weft.run(() -> {
            // A server that reads nothing until told to.
            Future<Transport> serverSide = Weft.loop().createFuture();
            Server server = Net.createServer(() -> new Protocol() {
                public void connectionMade(Transport t) {
                    t.pauseReading();
                    assertThat(t.isReading()).isFalse();
                    serverSide.setResult(t);
                }

                public void dataReceived(ByteBuffer data) {
                    data.position(data.limit());
                }
            }, "127.0.0.1", 0);
            Client client = new Client(Integer.MAX_VALUE);
            Transport t = Net.createConnection(() -> client, "127.0.0.1", server.port());
            t.setWriteBufferLimits(1024, 256);
            byte[] chunk = new byte[64 * 1024];
            while (client.events.isEmpty()) { // until the socket buffers are full and ours passes 1 KiB
                t.write(chunk);
                Weft.yieldNow();
            }
            assertThat(client.events).containsExactly("pause");
            assertThat(t.writeBufferSize()).isGreaterThan(1024);
            serverSide.await().resumeReading();
            for (int i = 0; i < 10_000 && client.events.size() < 2; i++) {
                Weft.sleep(Duration.ofMillis(1)); // polls: resumeWriting has no future to await
            }
            assertThat(client.events).containsExactly("pause", "resume");
            assertThat(t.writeBufferSize()).isLessThanOrEqualTo(256);
            t.abort();
            assertThat(client.done.await()).isEmpty();
            server.close();
        });
    }

    @Test
    void aProtocolThatThrowsIsReportedAndClosed() {
        List<String> reported = new ArrayList<>();
        Weft.run(() -> {
            Weft.loop().setExceptionHandler((loop, ctx) -> reported.add(ctx.message()));
            Server server = Net.createServer(() -> new Protocol() {
                public void dataReceived(ByteBuffer data) {
                    throw new IllegalStateException("boom");
                }
            }, "127.0.0.1", 0);
            Client client = new Client(Integer.MAX_VALUE);
            Transport t = Net.createConnection(() -> client, "127.0.0.1", server.port());
            t.write(new byte[] {1});
            client.done.await(); // the server dropped the connection
            server.close();
            server.waitClosed();
        });
        assertThat(reported).anySatisfy(m -> assertThat(m).contains("protocol.dataReceived() call failed"));
    }

    @Test
    void udpEcho() {
        Weft.run(() -> {
            DatagramTransport server = Net.createDatagramEndpoint(() -> new DatagramProtocol() {
                DatagramTransport t;

                public void connectionMade(DatagramTransport t) {
                    this.t = t;
                }

                public void datagramReceived(ByteBuffer data, SocketAddress from) {
                    t.sendTo(data, from);
                }
            }, new InetSocketAddress("127.0.0.1", 0), null);
            InetSocketAddress at = (InetSocketAddress) server.localAddress();
            assertThat(at.getPort()).isPositive();

            Future<String> reply = Weft.loop().createFuture();
            List<String> events = new ArrayList<>();
            DatagramTransport client = Net.createDatagramEndpoint(() -> new DatagramProtocol() {
                public void datagramReceived(ByteBuffer data, SocketAddress from) {
                    if (!reply.isDone()) {
                        reply.setResult(UTF_8.decode(data) + " from " + ((InetSocketAddress) from).getPort());
                    }
                }

                public void connectionLost(Throwable exc) {
                    events.add("lost " + exc);
                }
            }, null, InetSocketAddress.createUnresolved("localhost", at.getPort()));
            assertThat(client.peerAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", at.getPort()));
            client.send(ByteBuffer.wrap("ping".getBytes(UTF_8)));
            assertThat(reply.await()).isEqualTo("ping from " + at.getPort());
            assertThatThrownBy(() -> client.sendTo(ByteBuffer.allocate(1), new InetSocketAddress("127.0.0.1", 9)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connected endpoint");
            client.close();
            server.close();
            Weft.yieldNow();
            assertThat(events).containsExactly("lost null");
            assertThatThrownBy(() -> client.send(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void udpPortUnreachableGoesToErrorReceived() {
        Weft.run(() -> {
            int closed;
            try (var s = java.nio.channels.DatagramChannel.open()) {
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                closed = ((InetSocketAddress) s.getLocalAddress()).getPort();
            }
            Future<Exception> error = Weft.loop().createFuture();
            DatagramTransport t = Net.createDatagramEndpoint(() -> new DatagramProtocol() {
                public void datagramReceived(ByteBuffer data, SocketAddress from) {}

                public void errorReceived(Exception exc) {
                    if (!error.isDone()) {
                        error.setResult(exc);
                    }
                }
            }, null, new InetSocketAddress("127.0.0.1", closed));
            for (int i = 0; i < 400 && !error.isDone(); i++) {
                t.send(ByteBuffer.wrap(new byte[] {1}));
                Weft.sleep(Duration.ofMillis(5));
            }
            assertThat(error.isDone()).as("an ICMP port unreachable reported").isTrue();
            assertThat(error.result()).isInstanceOf(java.net.PortUnreachableException.class);
            assertThat(t.isClosing()).isFalse();
            t.close();
        });
    }

    @Test
    void unixDomainStreams() throws Exception {
        Path dir = Files.createTempDirectory("weft-unix");
        Path sock = dir.resolve("echo.sock");
        try {
            Weft.run(() -> {
                Server server = Net.startUnixServer((r, w) -> {
                    for (byte[] line : r) {
                        w.write(line);
                        w.drain();
                    }
                }, sock);
                assertThat(Files.exists(sock)).isTrue();
                assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
                try (Connection c = Net.openUnixConnection(sock)) {
                    c.writer().write("over unix\n");
                    assertThat(new String(c.reader().readLine(), UTF_8)).isEqualTo("over unix\n");
                    assertThat(c.writer().peerAddress()).isInstanceOf(java.net.UnixDomainSocketAddress.class);
                }
                server.close();
                server.waitClosed();
                assertThat(Files.exists(sock)).as("the socket file is removed on close").isFalse();

                // a stale socket file is replaced; a regular file is refused
                Server again = Net.startUnixServer((r, w) -> {}, sock);
                again.close();
                Files.writeString(sock, "not a socket");
                assertThatThrownBy(() -> Net.startUnixServer((r, w) -> {}, sock))
                        .isInstanceOf(java.net.BindException.class).hasMessageContaining("not a socket");
                Files.delete(sock);
                assertThatThrownBy(() -> Net.openUnixConnection(sock)).isInstanceOf(java.net.ConnectException.class)
                        .hasMessageContaining(sock.toString());
            });
        } finally {
            Files.deleteIfExists(sock);
            Files.delete(dir);
        }
    }

    @Test
    void ipv6Loopback() {
        Weft.run(() -> {
            Server server;
            try {
                server = Net.startServer((r, w) -> w.write(r.readLine()), "::1", 0);
            } catch (java.net.SocketException e) {
                org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e);
                return;
            }
            try (Connection c = Net.openConnection("::1", server.port())) {
                c.writer().write("v6\n");
                assertThat(new String(c.reader().readLine(), UTF_8)).isEqualTo("v6\n");
            }
            server.close();
        });
    }

    @Test
    void wildcardServer() {
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> w.write(r.readLine()), null, 0);
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                c.writer().write("any\n");
                assertThat(new String(c.reader().readLine(), UTF_8)).isEqualTo("any\n");
            }
            server.close();
        });
    }
}
