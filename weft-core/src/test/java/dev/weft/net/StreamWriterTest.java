package dev.weft.net;

import static org.assertj.core.api.Assertions.*;

import dev.weft.Future;
import dev.weft.Weft;
import dev.weft.sync.Event;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The send path of {@link StreamWriter#write(byte[])} over a socket (SocketTransport.write(byte[])):
 * an array goes to the socket through the loop's send buffer when nothing is queued, and only what
 * the socket did not take is buffered, copied from the array. These are its edge cases: partial
 * sends, writes behind a partial send, arrays over the send buffer's size, the end of the stream
 * behind a partial send, a peer that resets. On the portable backend the same tests run the wrapping
 * path (a task there runs on a virtual thread, which has no send buffer).
 */
@Timeout(120)
class StreamWriterTest {
    /** Bytes that never repeat with a period a misplaced copy could hide behind. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * A server whose handler reads nothing until {@code go} is set, then everything to the end; small
     * socket buffers on both sides, so that a write of tens of KiB is sent only in part.
     */
    record Slow(Server server, Event go, Future<byte[]> got) {
        static Slow start() throws Exception {
            Event go = new Event();
            Future<byte[]> got = Weft.loop().createFuture();
            Server server = Net.startServer((r, w) -> {
                go.await();
                got.setResult(r.read());
            }, "127.0.0.1", 0, ServerOptions.defaults().withBufferSizes(0, 4096));
            return new Slow(server, go, got);
        }

        Connection connect() throws Exception {
            return Net.openConnection("127.0.0.1", server.port(), ConnectOptions.defaults().withBufferSizes(4096, 0));
        }
    }

    @Test
    void arraysSentInPartAreSentWholeAndInOrderThoughTheCallerReusesThem() {
        Weft.run(() -> {
            Slow slow = Slow.start();
            try (Connection c = slow.connect()) {
                StreamWriter w = c.writer();
                byte[] a = pattern(60 * 1024, 1);    // fits the send buffer: sent through it, in part
                byte[] b = pattern(40 * 1024, 2);    // behind a partial send: buffered whole
                byte[] big = pattern(100 * 1024, 3); // over the send buffer's 64 KiB
                byte[] small = pattern(100, 4);      // packed into the buffer's tail chunk
                byte[] expected = concat(a, b, big, small, "text".getBytes());

                w.write(a);
                long afterA = w.transport().writeBufferSize();
                assertThat(afterA).as("the socket took only part of 60 KiB").isPositive().isLessThan(a.length);
                Arrays.fill(a, (byte) 0); // "may be reused when this returns"
                w.write(b);
                assertThat(w.transport().writeBufferSize()).isEqualTo(afterA + b.length); // nothing sent past a queue
                Arrays.fill(b, (byte) 0);
                w.write(big);
                Arrays.fill(big, (byte) 0);
                w.write(small);
                Arrays.fill(small, (byte) 0);
                w.write("text");
                assertThat(w.transport().writeBufferSize()).isEqualTo(afterA + expected.length - 60 * 1024);

                slow.go().set();
                w.drain();
                w.writeEof(); // after the buffered bytes
                assertThatThrownBy(() -> w.write(new byte[1])).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("writeEof");
                assertThat(slow.got().await()).isEqualTo(expected);
            } finally {
                slow.server().close();
            }
        });
    }

    @Test
    void aWriteWhileTheQueueDrainsGoesBehindIt() {
        Weft.run(() -> {
            Slow slow = Slow.start();
            try (Connection c = slow.connect()) {
                StreamWriter w = c.writer();
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                slow.go().set();
                // Writes of 16 KiB against small socket buffers: some find the queue empty and go
                // through the send buffer, some find it non-empty (the socket took only part of an
                // earlier one) and queue behind; drain() waits only above the high water mark.
                for (int i = 0; i < 64; i++) {
                    byte[] m = pattern(16 * 1024, i);
                    expected.writeBytes(m);
                    w.write(m);
                    Arrays.fill(m, (byte) 0);
                    w.drain();
                }
                w.writeEof();
                assertThat(slow.got().await()).isEqualTo(expected.toByteArray());
            } finally {
                slow.server().close();
            }
        });
    }

    @Test
    void closeAfterAPartialWriteFlushesFirst() {
        Weft.run(() -> {
            Slow slow = Slow.start();
            Connection c = slow.connect();
            byte[] a = pattern(60 * 1024, 5);
            c.writer().write(a);
            assertThat(c.writer().transport().writeBufferSize()).isPositive();
            c.writer().close(); // the peer reads every byte, then the end
            assertThatThrownBy(() -> c.writer().write(a)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("after close()");
            slow.go().set();
            assertThat(slow.got().await()).isEqualTo(pattern(60 * 1024, 5));
            c.writer().waitClosed();
            slow.server().close();
        });
    }

    @Test
    void aPeerThatResetsFailsDrainNotWrite() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = Thread.ofPlatform().name("resetting-peer").start(() -> {
                try (Socket s = ss.accept()) {
                    s.getInputStream().read(); // one byte, then a reset
                    s.setSoLinger(true, 0);
                } catch (Exception e) {
                    // the test fails on its own side
                }
            });
            Weft.run(() -> {
                try (Connection c = Net.openConnection("127.0.0.1", ss.getLocalPort())) {
                    StreamWriter w = c.writer();
                    w.transport().pauseReading(); // only a write can see the reset
                    byte[] m = pattern(16 * 1024, 6);
                    Throwable failed = null;
                    while (failed == null) { // until the reset reaches a write (and the next drain)
                        w.write(m);
                        try {
                            w.drain();
                            Weft.yieldNow();
                        } catch (SocketException e) {
                            failed = e;
                        }
                    }
                    assertThat(w.isClosing()).isTrue();
                    w.write(m); // after the connection broke: dropped, not refused (asyncio)
                    assertThatThrownBy(w::drain).isInstanceOf(SocketException.class)
                            .hasMessageContaining("reset");
                    assertThatThrownBy(c.writer()::waitClosed).isInstanceOf(SocketException.class);
                }
            });
            peer.join(10_000);
        }
    }

    @Test
    void readHandsOverChunksThenTheEndAfterAPeerStopsMidMessage() throws Exception {
        byte[] sent = pattern(50_000, 7);
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = Thread.ofPlatform().name("stopping-peer").start(() -> {
                try (Socket s = ss.accept()) {
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    for (int at = 0; at < sent.length; at += 10_000) {
                        out.write(sent, at, 10_000);
                        out.flush();
                        in.read(); // the client's go for the next piece
                    }
                    s.shutdownOutput(); // the end, mid-message for a reader that wanted 65536
                    in.read();
                } catch (Exception e) {
                    // the test fails on its own side
                }
            });
            Weft.run(() -> {
                try (Connection c = Net.openConnection("127.0.0.1", ss.getLocalPort())) {
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    while (true) {
                        byte[] b = c.reader().read(65536); // waits on an empty buffer: hand-off
                        if (b.length == 0) {
                            break;
                        }
                        assertThat(b.length).isLessThanOrEqualTo(10_000);
                        got.writeBytes(b);
                        if (got.size() % 10_000 == 0) {
                            c.writer().write(new byte[1]);
                        }
                    }
                    assertThat(got.toByteArray()).isEqualTo(sent);
                    assertThat(c.reader().atEof()).isTrue();
                    assertThat(c.reader().read(65536)).isEmpty();
                    assertThatThrownBy(() -> c.reader().readExactly(1)).isInstanceOf(IncompleteReadException.class);
                }
            });
            peer.join(10_000);
        }
    }
}
