package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;

import dev.weft.CancelledError;
import dev.weft.Task;
import dev.weft.Weft;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120) // a network test that hangs fails instead
class StreamsTest {
    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    static String s(byte[] b) {
        return new String(b, UTF_8);
    }

    @Test
    void echoOverLoopback() {
        String got = Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {
                for (byte[] line : r) {
                    w.write(line);
                    w.drain();
                }
            }, "127.0.0.1", 0);
            assertThat(server.port()).isPositive();
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                c.writer().write("hello\nworld\n");
                String a = s(c.reader().readLine()) + s(c.reader().readLine());
                assertThat(c.writer().peerAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", server.port()));
                assertThat(((InetSocketAddress) c.writer().localAddress()).getPort()).isPositive();
                return a;
            } finally {
                server.close();
                server.waitClosed();
            }
        });
        assertThat(got).isEqualTo("hello\nworld\n");
    }

    @Test
    void resolvesLocalhostByName() {
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> w.write(r.readLine()), "localhost", 0);
            try (Connection c = Net.openConnection("localhost", server.port())) {
                c.writer().write("x\n");
                assertThat(s(c.reader().readLine())).isEqualTo("x\n");
            }
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void readShapes() {
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(b("abc\ndefXYZghi"));
            assertThat(s(r.readLine())).isEqualTo("abc\n");
            assertThat(s(r.readExactly(3))).isEqualTo("def");
            assertThat(s(r.readUntil(b("YZ")))).isEqualTo("XYZ");
            assertThat(s(r.read(2))).isEqualTo("gh");
            r.feedData(b("tail"));
            r.feedEof();
            assertThat(s(r.read())).isEqualTo("itail");
            assertThat(r.atEof()).isTrue();
            assertThat(r.readLine()).isEmpty();
            assertThat(r.read(10)).isEmpty();
        });
    }

    @Test
    void readExactlyIncomplete() {
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(b("abc"));
            r.feedEof();
            assertThatThrownBy(() -> r.readExactly(5))
                    .isInstanceOfSatisfying(IncompleteReadException.class, e -> {
                        assertThat(s(e.partial())).isEqualTo("abc");
                        assertThat(e.expected()).isEqualTo(5);
                    })
                    .hasMessage("3 bytes read on a total of 5 expected bytes");
            assertThat(r.atEof()).isTrue();
        });
    }

    @Test
    void readUntilIncompleteAtEof() {
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(b("abc--"));
            r.feedEof();
            assertThatThrownBy(() -> r.readUntil(b("---")))
                    .isInstanceOfSatisfying(IncompleteReadException.class, e -> assertThat(s(e.partial())).isEqualTo("abc--"));
        });
    }

    @Test
    void readWaitsForData() {
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            Task<String> t = Weft.spawn(() -> s(r.readUntil(b("\r\n"))));
            Weft.yieldNow();
            r.feedData(b("ab\r"));
            Weft.yieldNow();
            assertThat(t.isDone()).isFalse();
            r.feedData(b("\nrest"));
            assertThat(t.await()).isEqualTo("ab\r\n");
            assertThat(r.buffered()).isEqualTo(4);
        });
    }

    @Test
    void limitOverrunReadUntilKeepsTheBuffer() {
        Weft.run(() -> {
            StreamReader r = new StreamReader(Weft.loop(), 8);
            r.feedData(b("0123456789abcdef"));
            assertThatThrownBy(() -> r.readUntil(b("\n"))).isInstanceOf(LimitOverrunException.class)
                    .hasMessageContaining("not found");
            assertThat(r.buffered()).isEqualTo(16);
            r.feedData(b("\n"));
            assertThatThrownBy(() -> r.readUntil(b("\n"))).isInstanceOfSatisfying(LimitOverrunException.class,
                    e -> assertThat(e.consumed()).isEqualTo(16)).hasMessageContaining("Separator is found");
            assertThat(s(r.read(100))).isEqualTo("0123456789abcdef\n");
        });
    }

    @Test
    void limitOverrunReadLineDiscards() {
        Weft.run(() -> {
            StreamReader r = new StreamReader(Weft.loop(), 4);
            r.feedData(b("toolongline\nok\n"));
            assertThatThrownBy(r::readLine).isInstanceOf(LimitOverrunException.class)
                    .hasMessageContaining("the line was discarded");
            assertThat(s(r.readLine())).isEqualTo("ok\n");
            r.feedData(b("0123456789"));
            assertThatThrownBy(r::readLine).isInstanceOf(LimitOverrunException.class)
                    .hasMessageContaining("the buffer was discarded");
            assertThat(r.buffered()).isZero();
            r.feedData(b("ab\n"));
            assertThat(s(r.readLine())).isEqualTo("ab\n");
        });
    }

    @Test
    void linesIteration() {
        List<String> got = Weft.run(() -> {
            StreamReader r = new StreamReader();
            Weft.spawn(() -> {
                for (String p : List.of("one\r\n", "two\n", "thr", "ee")) {
                    Weft.yieldNow();
                    r.feedData(b(p));
                }
                r.feedEof();
            });
            List<String> out = new ArrayList<>();
            for (String line : r.lines()) {
                out.add(line);
            }
            return out;
        });
        assertThat(got).containsExactly("one", "two", "three");
    }

    @Test
    void cancelledReadConsumesNothing() {
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(b("par"));
            Task<byte[]> t = Weft.spawn(() -> r.readLine());
            Weft.yieldNow();
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            r.feedData(b("tial\n"));
            assertThat(s(r.readLine())).isEqualTo("partial\n");
        });
    }

    // read(n) waiting on an empty buffer takes a chunk that fits as its own array (StreamReader's
    // hand-off): these pin that what follows sees the same bytes as without it.
    @Test
    void chunksArrivingWhileReadWaitsAreReadInOrder() {
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            Task<byte[]> t = Weft.spawn(() -> r.read(10));
            Weft.yieldNow();
            r.feedData(b("abcd")); // the hand-off array
            r.feedData(b("efghijklmnop")); // before the reader runs: appended, not lost
            assertThat(s(t.await())).isEqualTo("abcdefghij");
            assertThat(s(r.read(100))).isEqualTo("klmnop");
            assertThat(r.buffered()).isZero();
            Task<byte[]> u = Weft.spawn(() -> r.read(3));
            Weft.yieldNow();
            r.feedData(b("xyz"));
            byte[] first = u.await();
            r.feedData(b("uvw"));
            assertThat(s(first)).isEqualTo("xyz");
            assertThat(s(r.read(3))).isEqualTo("uvw"); // the returned array is not reused by the reader
            assertThat(s(first)).isEqualTo("xyz");
        });
    }

    @Test
    void aChunkHandedToACancelledReadStaysForTheNextReads() {
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            Task<byte[]> t = Weft.spawn(() -> r.read(100));
            Weft.yieldNow();
            r.feedData(b("one\ntw"));
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(s(r.readLine())).isEqualTo("one\n");
            r.feedData(b("o\n"));
            assertThat(s(r.readLine())).isEqualTo("two\n");
            assertThat(r.buffered()).isZero();
        });
    }

    @Test
    void twoReadersAtOnceIsAnError() {
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            Task<byte[]> t = Weft.spawn(() -> r.readLine());
            Weft.yieldNow();
            assertThatThrownBy(r::readLine).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another task is already waiting");
            t.cancel();
        });
    }

    @Test
    void readOutsideATaskIsAClearError() {
        StreamReader[] holder = new StreamReader[1];
        Weft.run(() -> { holder[0] = new StreamReader(); });
        assertThatThrownBy(() -> holder[0].readLine()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be called from inside a task");
        assertThatThrownBy(() -> Net.openConnection("127.0.0.1", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Net.openConnection() must be called from inside a task");
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            Weft.loop().callSoon(() -> assertThatThrownBy(r::readLine).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not from a plain callback"));
            Weft.yieldNow();
        });
    }

    @Test
    void writeEofHalfClose() {
        String got = Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {
                byte[] all = r.read();          // until the client's EOF
                w.write("got " + all.length);   // the client can still read
            }, "127.0.0.1", 0);
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                c.writer().write(new byte[100_000]);
                assertThat(c.writer().canWriteEof()).isTrue();
                c.writer().writeEof();
                assertThatThrownBy(() -> c.writer().write("x")).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("writeEof");
                return s(c.reader().read());
            } finally {
                server.close();
            }
        });
        assertThat(got).isEqualTo("got 100000");
    }

    @Test
    void drainBoundsMemoryAgainstASlowReader() {
        long[] maxAfterDrain = {0};
        long total = Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {
                long n = 0;
                while (true) {
                    byte[] b = r.read(4096);
                    if (b.length == 0) {
                        break;
                    }
                    n += b.length;
                    Weft.sleep(Duration.ofMillis(1)); // a slow reader
                }
                w.write(Long.toString(n));
            }, "127.0.0.1", 0);
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                byte[] chunk = new byte[32 * 1024];
                for (int i = 0; i < 200; i++) { // 6.4 MB
                    c.writer().write(chunk);
                    c.writer().drain();
                    maxAfterDrain[0] = Math.max(maxAfterDrain[0], c.writer().transport().writeBufferSize());
                }
                c.writer().writeEof();
                return Long.parseLong(s(c.reader().read()));
            } finally {
                server.close();
            }
        });
        assertThat(total).isEqualTo(200L * 32 * 1024);
        // drain returns once the buffer is at or below the high water mark (64 KiB)
        assertThat(maxAfterDrain[0]).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void bufferPausesReadingAboveTwiceTheLimit() {
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {
                w.write(new byte[1 << 20]); // 1 MiB at once; the client reads nothing for a while
                w.drain();
                r.read(); // wait for the client's EOF
            }, "127.0.0.1", 0);
            Connection c = Net.openConnection("127.0.0.1", server.port(), ConnectOptions.defaults().withLimit(16 * 1024));
            for (int i = 0; i < 5000 && c.writer().transport().isReading(); i++) {
                Weft.sleep(Duration.ofMillis(1)); // until the reader has paused the transport
            }
            // paused above 2 * limit: at most 2 * limit plus one read buffered
            assertThat(c.reader().buffered()).isLessThanOrEqualTo(2 * 16 * 1024 + Io.READ_SIZE);
            assertThat(c.writer().transport().isReading()).isFalse();
            assertThat(c.reader().readExactly(1 << 20)).hasSize(1 << 20);
            c.writer().writeEof();
            c.close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void serverWaitClosedWaitsForConnections() {
        Weft.run(() -> {
            dev.weft.Future<Void> accepted = Weft.loop().createFuture();
            Server server = Net.startServer((r, w) -> {
                accepted.setResult(null);
                r.read();
            }, "127.0.0.1", 0);
            Connection c = Net.openConnection("127.0.0.1", server.port());
            accepted.await();
            assertThat(server.activeConnections()).isEqualTo(1);
            server.close();
            Task<Void> waiting = Weft.spawn(server::waitClosed);
            Weft.sleep(Duration.ofMillis(20));
            assertThat(waiting.isDone()).isFalse();
            c.close(); // the handler reads EOF, returns, and the server side closes
            waiting.await();
            assertThat(server.activeConnections()).isZero();
            assertThat(server.toString()).contains("closed");
        });
    }

    @Test
    void serveForeverEndsOnCancelAndOnClose() {
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {}, "127.0.0.1", 0);
            Task<Void> t = Weft.spawn(server::serveForever);
            Weft.sleep(Duration.ofMillis(10));
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(server.isClosed()).isTrue();

            Server s2 = Net.startServer((r, w) -> {}, "127.0.0.1", 0);
            Task<Void> t2 = Weft.spawn(s2::serveForever);
            Weft.sleep(Duration.ofMillis(10));
            s2.close();
            t2.await();
        });
    }

    @Test
    void writeBufferLimitsAreChecked() {
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> r.read(), "127.0.0.1", 0);
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                Transport t = c.writer().transport();
                assertThat(t.highWaterMark()).isEqualTo(64 * 1024);
                assertThat(t.lowWaterMark()).isEqualTo(16 * 1024);
                t.setWriteBufferLimits(1000, -1);
                assertThat(t.lowWaterMark()).isEqualTo(250);
                assertThatThrownBy(() -> t.setWriteBufferLimits(10, 20)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("high (10) must be >= low (20) must be >= 0");
                t.write(ByteBuffer.allocate(0));
            }
            server.close();
        });
    }

    @Test
    void writesAfterTheHandlerReturnedAreDroppedAndDrainSaysSo() {
        Weft.run(() -> {
            dev.weft.Future<StreamWriter> kept = Weft.loop().createFuture();
            Server server = Net.startServer((r, w) -> kept.setResult(w), "127.0.0.1", 0); // returns at once
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                StreamWriter w = kept.await();
                assertThat(c.reader().read()).isEmpty(); // the server closed it when the handler returned
                assertThat(w.isClosing()).isTrue();
                w.write("late\n"); // another task may still hold the writer: dropped, not refused
                assertThatThrownBy(w::drain).isInstanceOf(java.net.SocketException.class)
                        .hasMessageContaining("Connection lost");
                c.writer().close();
                assertThatThrownBy(() -> c.writer().write("x")).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("after close()");
            }
            server.close();
            server.waitClosed();
        });
    }
}
