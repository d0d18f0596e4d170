package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;

import dev.weft.CancelledError;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.IOException;
import java.net.SocketException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** StreamReader.readInto and StreamWriter.write(byte[], int, int): the Java way of read(n) and write. */
@Timeout(120)
class StreamReadIntoTest {
    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    static String s(byte[] b, int off, int len) {
        return new String(b, off, len, UTF_8);
    }

    @Test
    void copiesWhatIsBufferedUpToLenThenMinusOneAtTheEnd() {
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(b("abcdef"));
            byte[] dst = b("..........");
            assertThat(r.readInto(dst, 1, 4)).isEqualTo(4);
            assertThat(new String(dst, UTF_8)).isEqualTo(".abcd.....");
            assertThat(r.readInto(dst, 0, 10)).isEqualTo(2); // what is there, not len
            assertThat(s(dst, 0, 2)).isEqualTo("ef");
            r.feedEof();
            assertThat(r.readInto(dst, 0, 10)).isEqualTo(-1);
            assertThat(r.readInto(dst, 0, 0)).isZero(); // len 0: 0, as InputStream.read
            assertThat(r.atEof()).isTrue();
        });
    }

    @Test
    void mixesWithTheOtherReadsInOrder() {
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(b("line\nABCDEFGH"));
            byte[] dst = new byte[3];
            assertThat(new String(r.readLine(), UTF_8)).isEqualTo("line\n");
            assertThat(r.readInto(dst, 0, 3)).isEqualTo(3);
            assertThat(new String(dst, UTF_8)).isEqualTo("ABC");
            assertThat(new String(r.readExactly(2), UTF_8)).isEqualTo("DE");
            assertThat(r.readInto(dst, 0, 3)).isEqualTo(3);
            assertThat(new String(dst, UTF_8)).isEqualTo("FGH");
            assertThat(r.buffered()).isZero();
        });
    }

    @Test
    void waitsForDataThenReturnsTheFirstChunk() {
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            byte[] dst = new byte[100];
            Task<Integer> t = Weft.spawn(() -> r.readInto(dst, 10, 90));
            Weft.yieldNow();
            assertThat(t.isDone()).isFalse();
            r.feedData(b("hello"));
            assertThat(t.await()).isEqualTo(5);
            assertThat(s(dst, 10, 5)).isEqualTo("hello");
            Task<Integer> atEnd = Weft.spawn(() -> r.readInto(dst, 0, 100));
            Weft.yieldNow();
            r.feedEof();
            assertThat(atEnd.await()).isEqualTo(-1);
        });
    }

    @Test
    void aCancelledReadIntoConsumesNothingAndLeavesTheArrayAlone() {
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            byte[] dst = b("untouched");
            Task<Integer> t = Weft.spawn(() -> r.readInto(dst, 0, dst.length));
            Weft.yieldNow();
            r.feedData(b("data")); // wakes it, but it is cancelled before it runs again
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(new String(dst, UTF_8)).isEqualTo("untouched");
            byte[] next = new byte[10];
            assertThat(r.readInto(next, 0, 10)).isEqualTo(4);
            assertThat(s(next, 0, 4)).isEqualTo("data");
        });
    }

    @Test
    void readsAChunkHandedToACancelledReadInPieces() {
        // read(n) waiting on an empty buffer takes the next chunk as its own array (the hand-off); once
        // that read is cancelled the array is the buffer, and readInto must drain it, then reuse the old one
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            Task<byte[]> t = Weft.spawn(() -> r.read(100));
            Weft.yieldNow();
            r.feedData(b("12345"));
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            byte[] dst = new byte[2];
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                int n = r.readInto(dst, 0, 2);
                got.append(s(dst, 0, n));
            }
            assertThat(got).hasToString("12345");
            r.feedData(b("678"));
            byte[] more = new byte[10];
            assertThat(r.readInto(more, 0, 10)).isEqualTo(3);
            assertThat(s(more, 0, 3)).isEqualTo("678");
        });
    }

    @Test
    void badArgumentsAndMisuseAreClearErrors() {
        StreamReader[] holder = new StreamReader[1];
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            holder[0] = r;
            r.feedData(b("abc"));
            assertThatThrownBy(() -> r.readInto(new byte[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> r.readInto(new byte[4], -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> r.readInto(null, 0, 1)).isInstanceOf(NullPointerException.class);
            assertThat(r.buffered()).isEqualTo(3); // nothing consumed by the refused calls
            Task<Integer> first = Weft.spawn(() -> {
                r.readInto(new byte[8], 0, 8); // takes "abc"
                return r.readInto(new byte[8], 0, 8); // then waits
            });
            Weft.yieldNow();
            assertThatThrownBy(() -> r.readInto(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("readInto() called while another task is already waiting");
            r.setException(new SocketException("Connection reset"));
            assertThatThrownBy(first::await).isInstanceOf(java.util.concurrent.CompletionException.class)
                    .cause().isInstanceOf(SocketException.class).hasMessage("Connection reset"); // a checked error, as await() gives it
            assertThatThrownBy(() -> r.readInto(new byte[1], 0, 1)).isInstanceOf(SocketException.class);
        });
        assertThatThrownBy(() -> holder[0].readInto(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("StreamReader.readInto() must be called from inside a task");
    }

    @Test
    void echoesLargeMessagesOverLoopbackWithOneArrayPerConnection() {
        byte[] message = new byte[300_000]; // more than the socket takes at once: partial writes, many reads
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (i * 131 + 7);
        }
        byte[] echoed = Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {
                byte[] buf = new byte[16 * 1024];
                for (int n; (n = r.readInto(buf, 0, buf.length)) != -1; ) {
                    w.write(buf, 0, n);
                    w.drain();
                }
                w.close();
            }, "127.0.0.1", 0);
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                Task<Void> send = Weft.spawn(() -> {
                    for (int off = 0; off < message.length; off += 7000) {
                        c.writer().write(message, off, Math.min(7000, message.length - off));
                        c.writer().drain();
                    }
                    c.writer().writeEof();
                });
                byte[] all = c.reader().read(); // to the server's close
                send.await();
                return all;
            } finally {
                server.close();
                server.waitClosed();
            }
        });
        assertThat(Arrays.equals(echoed, message)).as("echoed bytes equal the message").isTrue();
    }

    @Test
    void writeOfARangeChecksItsBounds() throws IOException {
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> w.write(r.readLine()), "127.0.0.1", 0);
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                assertThatThrownBy(() -> c.writer().write(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
                c.writer().write(b("xxline\nyy"), 2, 5);
                assertThat(new String(c.reader().readLine(), UTF_8)).isEqualTo("line\n");
            } finally {
                server.close();
                server.waitClosed();
            }
        });
    }
}
