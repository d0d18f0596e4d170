package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;

import dev.weft.Future;
import dev.weft.Weft;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connection deadlines (issue 15 item 2): first-byte, read, write and idle timeouts on servers and
 * clients, and {@link Server#close(Duration)}. Bounds on time are generous (the machine is shared):
 * they catch "never", not "slow".
 */
@Timeout(120)
class ConnectionDeadlinesTest {
    /** A client that sends {@code first} bytes, then one byte every {@code everyMs}, and records its end. */
    static final class Slowloris implements Protocol {
        final Future<Long> lostAt;
        final long everyMs;
        Transport t;
        dev.weft.TimerHandle timer;

        Slowloris(long everyMs) {
            this.everyMs = everyMs;
            this.lostAt = Weft.loop().createFuture();
        }

        @Override
        public void connectionMade(Transport transport) {
            t = transport;
            t.write("G".getBytes(UTF_8));
            tick();
        }

        void tick() {
            timer = Weft.loop().callLater(Duration.ofMillis(everyMs), () -> {
                if (!t.isClosing()) {
                    t.write("E".getBytes(UTF_8));
                    tick();
                }
            });
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            data.position(data.limit());
        }

        @Override
        public void connectionLost(Throwable exc) {
            timer.cancel();
            lostAt.setResult(System.nanoTime());
        }
    }

    @Test
    void slowlorisConnectionsAreClosedWithinTheReadTimeoutWhileANormalClientIsServed() {
        int n = 500;
        Duration readTimeout = Duration.ofMillis(300);
        Weft.run(() -> {
            AtomicInteger timedOut = new AtomicInteger();
            List<String> messages = new ArrayList<>();
            Server server = Net.startServer((r, w) -> {
                try {
                    for (byte[] line : r) { // an echo of lines; a slowloris never ends its line
                        w.write(line);
                        w.drain();
                    }
                } catch (java.io.UncheckedIOException e) {
                    if (e.getCause() instanceof SocketTimeoutException t) {
                        timedOut.incrementAndGet();
                        if (messages.size() < 3) {
                            messages.add(t.getMessage());
                        }
                    }
                }
            }, "127.0.0.1", 0, ServerOptions.defaults().withReadTimeout(readTimeout));
            List<Slowloris> attackers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Slowloris s = new Slowloris(1000); // one byte a second: past the 300 ms read timeout
                Net.createConnection(() -> s, "127.0.0.1", server.port());
                attackers.add(s);
            }
            long opened = System.nanoTime();
            // meanwhile a normal client is served, line after line
            long slowestRoundTrip = 0;
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                for (int i = 0; i < 20; i++) {
                    long t0 = System.nanoTime();
                    c.writer().write("line " + i + "\n");
                    assertThat(new String(c.reader().readLine(), UTF_8)).isEqualTo("line " + i + "\n");
                    slowestRoundTrip = Math.max(slowestRoundTrip, System.nanoTime() - t0);
                    Weft.sleep(Duration.ofMillis(20)); // a client that talks: well inside the read timeout
                }
            }
            long last = 0;
            for (Slowloris s : attackers) {
                last = Math.max(last, s.lostAt.await());
            }
            double latestMs = (last - opened) / 1e6;
            System.out.printf("slowloris: %d connections, read timeout %d ms: the last closed %.0f ms after the last "
                    + "connect; the normal client's slowest round trip %.2f ms%n", n, readTimeout.toMillis(), latestMs,
                    slowestRoundTrip / 1e6);
            // each was closed about 300 ms after its last byte (at most 1 s apart): bound it by 1.3 s plus slack
            assertThat(latestMs).as("ms from the last connect to the last slowloris closed").isLessThan(10_000);
            assertThat(timedOut).hasValue(n);
            assertThat(messages).allSatisfy(m -> assertThat(m).startsWith("read timeout: nothing from 127.0.0.1:")
                    .endsWith("for 300 ms"));
            server.close();
            server.waitClosed();
            assertThat(server.activeConnections()).isZero();
        });
    }

    @Test
    void firstByteTimeoutClosesASilentClientButNotATalkingOne() {
        Weft.run(() -> {
            Future<Throwable> silentGot = Weft.loop().createFuture();
            Server server = Net.startServer((r, w) -> {
                try {
                    w.write(r.readLine());
                    w.drain();
                } catch (IOException e) {
                    silentGot.setResult(e);
                }
            }, "127.0.0.1", 0, ServerOptions.defaults().withFirstByteTimeout(Duration.ofMillis(200)));
            Connection silent = Net.openConnection("127.0.0.1", server.port());
            try (Connection talking = Net.openConnection("127.0.0.1", server.port())) {
                talking.writer().write("hello\n");
                assertThat(talking.reader().readLine()).isEqualTo("hello\n".getBytes(UTF_8));
            }
            assertThat(silentGot.await()).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("first byte timeout: nothing from 127.0.0.1:")
                    .hasMessageContaining("within 200 ms");
            assertThat(silent.reader().read()).isEmpty(); // the server closed it
            silent.close();
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void writeTimeoutEndsADrainAgainstAPeerThatNeverReads() {
        Weft.run(() -> {
            Future<Throwable> drainGot = Weft.loop().createFuture();
            Server server = Net.startServer((r, w) -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    while (true) {
                        w.write(chunk);
                        w.drain();
                    }
                } catch (IOException e) {
                    drainGot.setResult(e);
                }
            }, "127.0.0.1", 0, ServerOptions.defaults().withWriteTimeout(Duration.ofMillis(200)));
            Future<Void> made = Weft.loop().createFuture();
            Transport reader = Net.createConnection(() -> new Protocol() {
                @Override
                public void connectionMade(Transport t) {
                    t.pauseReading(); // never reads: the server's buffers fill
                    made.setResult(null);
                }

                @Override
                public void dataReceived(ByteBuffer data) {}
            }, "127.0.0.1", server.port());
            made.await();
            assertThat(drainGot.await()).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("write timeout: 127.0.0.1:")
                    .hasMessageContaining("for 200 ms");
            reader.abort();
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void idleTimeoutOnAClientConnection() {
        Weft.run(() -> {
            Future<Void> release = Weft.loop().createFuture();
            Server server = Net.startServer((r, w) -> release.await(), "127.0.0.1", 0);
            try (Connection c = Net.openConnection("127.0.0.1", server.port(),
                    ConnectOptions.defaults().withIdleTimeout(Duration.ofMillis(150)))) {
                c.writer().write("one\n");
                assertThatThrownBy(() -> c.reader().readLine())
                        .isInstanceOf(SocketTimeoutException.class)
                        .hasMessageContaining("idle timeout: nothing read from or sent to 127.0.0.1:" + server.port())
                        .hasMessageContaining("for 150 ms");
            }
            release.setResult(null);
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void readTimeoutDoesNotCountWhileReadingIsPaused() {
        Weft.run(() -> {
            Future<Void> release = Weft.loop().createFuture();
            Server server = Net.startServer((r, w) -> {
                release.await();
                w.write("late\n");
            }, "127.0.0.1", 0);
            Future<Throwable> lost = Weft.loop().createFuture();
            Transport t = Net.createConnection(() -> new Protocol() {
                @Override
                public void dataReceived(ByteBuffer data) {}

                @Override
                public void connectionLost(Throwable exc) {
                    lost.setResult(exc);
                }
            }, "127.0.0.1", server.port(), ConnectOptions.defaults().withReadTimeout(Duration.ofMillis(100)));
            t.pauseReading();
            Weft.sleep(Duration.ofMillis(400)); // four read timeouts, all paused
            assertThat(lost.isDone()).isFalse();
            t.resumeReading();
            assertThat(lost.await()).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("read timeout");
            release.setResult(null);
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void closeWithGraceFlushesWellBehavedClientsAndAbortsThoseThatDoNotRead() {
        Weft.run(() -> {
            Future<Void> stuckReady = Weft.loop().createFuture();
            Server server = Net.startServer((r, w) -> {
                byte[] cmd = r.readLine();
                if (new String(cmd, UTF_8).equals("flood\n")) {
                    byte[] chunk = new byte[256 * 1024];
                    for (int i = 0; i < 16; i++) {
                        w.write(chunk); // far more than the socket buffers take; no drain
                    }
                    stuckReady.setResult(null);
                } else {
                    w.write("bye\n");
                }
                r.read(); // until the server's close
            }, "127.0.0.1", 0);
            // a well-behaved client
            Connection good = Net.openConnection("127.0.0.1", server.port());
            good.writer().write("hello\n");
            // a client that asks for a flood and never reads it
            Future<Throwable> stuckLost = Weft.loop().createFuture();
            Transport stuck = Net.createConnection(() -> new Protocol() {
                @Override
                public void connectionMade(Transport t) {
                    t.pauseReading();
                }

                @Override
                public void dataReceived(ByteBuffer data) {}

                @Override
                public void connectionLost(Throwable exc) {
                    stuckLost.setResult(exc);
                }
            }, "127.0.0.1", server.port());
            stuck.write("flood\n".getBytes(UTF_8));
            stuckReady.await();
            assertThat(good.reader().readLine()).isEqualTo("bye\n".getBytes(UTF_8));
            long t0 = System.nanoTime();
            server.close(Duration.ofMillis(300));
            double ms = (System.nanoTime() - t0) / 1e6;
            assertThat(ms).as("close(300 ms) took").isGreaterThanOrEqualTo(250).isLessThan(10_000);
            assertThat(server.activeConnections()).isZero();
            assertThat(server.isClosed()).isTrue();
            assertThat(good.reader().read()).isEmpty(); // the well-behaved one was closed cleanly
            good.close();
            stuck.abort();
            stuckLost.await();
            // bad input
            assertThatThrownBy(() -> server.close(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grace");
        });
    }

    @Test
    void closeWithGraceReturnsAtOnceWhenEveryoneLeavesAndZeroAbortsAtOnce() {
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> r.read(), "127.0.0.1", 0);
            List<Connection> cs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                cs.add(Net.openConnection("127.0.0.1", server.port()));
            }
            while (server.activeConnections() < 5) {
                Weft.yieldNow();
            }
            long t0 = System.nanoTime();
            server.close(Duration.ofSeconds(30));
            assertThat((System.nanoTime() - t0) / 1e6).as("ms").isLessThan(10_000);
            for (Connection c : cs) {
                assertThat(c.reader().read()).isEmpty();
                c.close();
            }
            Server other = Net.startServer((r, w) -> r.read(), "127.0.0.1", 0);
            Connection c = Net.openConnection("127.0.0.1", other.port());
            while (other.activeConnections() < 1) {
                Weft.yieldNow();
            }
            other.close(Duration.ZERO);
            assertThat(other.activeConnections()).isZero();
            c.close();
        });
    }

    @Test
    void deadlinesValidate() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-5)}) {
            assertThatThrownBy(() -> ServerOptions.defaults().withIdleTimeout(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("idleTimeout: " + bad + " (expected: > 0, or null for none)");
            assertThatThrownBy(() -> ServerOptions.defaults().withWriteTimeout(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writeTimeout");
            assertThatThrownBy(() -> ConnectOptions.defaults().withFirstByteTimeout(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstByteTimeout");
        }
        assertThat(ServerOptions.defaults().withReadTimeout(Duration.ofSeconds(1)).withReadTimeout(null).readTimeout())
                .isNull();
    }
}
