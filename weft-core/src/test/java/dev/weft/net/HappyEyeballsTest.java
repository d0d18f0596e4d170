package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;

import dev.weft.Weft;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Happy eyeballs (issue 15 item 7): a name whose addresses are all on loopback (127.0.0.x), given
 * by a fake resolver entry; a "blackhole" is a listener whose accept queue is full, so a connect
 * to it hangs (Linux drops the SYN). No external address is ever used.
 */
@Timeout(60)
class HappyEyeballsTest {
    private final List<String> names = new ArrayList<>();

    String name(String... addrs) throws IOException {
        String n = "he-" + System.nanoTime() + ".weft-test.invalid";
        InetAddress[] as = new InetAddress[addrs.length];
        for (int i = 0; i < addrs.length; i++) {
            as[i] = InetAddress.getByName(addrs[i]);
        }
        Resolver.FAKE_NAMES.put(n, as);
        names.add(n);
        return n;
    }

    @AfterEach
    void forget() {
        names.forEach(Resolver.FAKE_NAMES::remove);
    }

    /** A listener on {@code addr:port} whose accept queue is full: connects to it hang. */
    static final class Blackhole implements AutoCloseable {
        final ServerSocketChannel server = ServerSocketChannel.open();
        final List<SocketChannel> fillers = new ArrayList<>();

        Blackhole(String addr, int port) throws IOException {
            server.bind(new InetSocketAddress(addr, port), 1);
            for (int i = 0; i < 2; i++) {
                fillers.add(SocketChannel.open(server.getLocalAddress()));
            }
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel f : fillers) {
                f.close();
            }
            server.close();
        }
    }

    static long openFds() throws IOException {
        return FdLeakTest.openFds();
    }

    @Test
    void theFirstAddressBlackholedTheSecondWinsAfterTheDelayAndTheLoserIsClosed() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")));
        int port = Weft.run(() -> {
            Server s = Net.startServer((r, w) -> {}, "127.0.0.1", 0);
            int p = s.port();
            s.close();
            return p;
        });
        try (Blackhole hole = new Blackhole("127.0.0.2", port)) {
            String host = name("127.0.0.2", "127.0.0.1");
            ConnectOptions o = ConnectOptions.defaults().withHappyEyeballsDelay(Duration.ofMillis(100));
            race(host, port, o); // warm-up: whatever the JVM opens lazily
            long before = openFds();
            for (int i = 0; i < 5; i++) {
                InetSocketAddress peer = race(host, port, o);
                assertThat(peer.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            }
            assertThat(openFds()).as("open descriptors after 5 races").isEqualTo(before);
            // without happy eyeballs the blackhole holds the connect until the timeout
            Weft.run(() -> assertThatThrownBy(() -> Net.openConnection(host, port,
                    ConnectOptions.defaults().withHappyEyeballsDelay(null).withTimeout(Duration.ofMillis(300))))
                    .isInstanceOf(SocketTimeoutException.class));
        }
    }

    /** Connects to host:port on a server there, exchanges a line, returns the address it connected to. */
    private static InetSocketAddress race(String host, int port, ConnectOptions o) {
        return Weft.run(() -> {
            Server s = Net.startServer((r, w) -> w.write(r.readLine()), "127.0.0.1", port);
            try (Connection c = Net.openConnection(host, port, o)) {
                c.writer().write("hi\n");
                assertThat(c.reader().readLine()).isEqualTo("hi\n".getBytes(UTF_8));
                return (InetSocketAddress) c.writer().transport().peerAddress();
            } finally {
                s.close();
                s.waitClosed();
            }
        });
    }

    @Test
    void aRefusedAddressStartsTheNextAttemptAtOnce() throws Exception {
        Weft.run(() -> {
            Server s = Net.startServer((r, w) -> w.write(r.readLine()), "127.0.0.1", 0);
            String host = name("127.0.0.3", "127.0.0.1"); // nothing listens on 127.0.0.3: refused
            long t0 = System.nanoTime();
            try (Connection c = Net.openConnection(host, s.port(),
                    ConnectOptions.defaults().withHappyEyeballsDelay(Duration.ofSeconds(30)))) {
                assertThat((System.nanoTime() - t0) / 1_000_000).as("ms, with a 30 s delay").isLessThan(10_000);
                c.writer().write("x\n");
                assertThat(c.reader().readLine()).isEqualTo("x\n".getBytes(UTF_8));
            }
            s.close();
        });
    }

    @Test
    void everyAddressRefusedIsOneConnectExceptionNamingEach() throws Exception {
        int closed = Faults.closedPort();
        String host = name("127.0.0.3", "127.0.0.4", "127.0.0.5");
        Weft.run(() -> {
            assertThatThrownBy(() -> Net.openConnection(host, closed))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("cannot connect to " + host + ":" + closed)
                    .hasMessageContaining("127.0.0.3:" + closed)
                    .hasMessageContaining("127.0.0.4:" + closed)
                    .hasMessageContaining("127.0.0.5:" + closed);
        });
    }

    @Test
    void aTimeoutOverTheWholeRaceLeavesNothingOpen() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")));
        int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.6", 0));
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        try (Blackhole a = new Blackhole("127.0.0.6", port); Blackhole b = new Blackhole("127.0.0.7", port)) {
            String host = name("127.0.0.6", "127.0.0.7");
            ConnectOptions o = ConnectOptions.defaults().withHappyEyeballsDelay(Duration.ofMillis(20))
                    .withTimeout(Duration.ofMillis(200));
            Runnable attempt = () -> Weft.run(() -> assertThatThrownBy(() -> Net.openConnection(host, port, o))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageContaining(host + ":" + port));
            attempt.run(); // warm-up
            long before = openFds();
            attempt.run();
            attempt.run();
            assertThat(openFds()).isEqualTo(before);
        }
    }

    @Test
    void familiesAreInterleavedStartingWithTheFirst() throws Exception {
        InetAddress v6a = InetAddress.getByName("::1");
        InetAddress v6b = InetAddress.getByName("fe80::1");
        InetAddress v4a = InetAddress.getByName("127.0.0.1");
        InetAddress v4b = InetAddress.getByName("127.0.0.2");
        InetAddress v4c = InetAddress.getByName("127.0.0.3");
        List<InetSocketAddress> order = HappyEyeballs.interleave(new InetAddress[] {v6a, v6b, v4a, v4b, v4c, v4a}, 80);
        assertThat(order).extracting(InetSocketAddress::getAddress).containsExactly(v6a, v4a, v6b, v4b, v4c);
        assertThat(order).allSatisfy(a -> assertThat(a.getPort()).isEqualTo(80));
        assertThat(HappyEyeballs.interleave(new InetAddress[] {v4a, v6a}, 1)).extracting(InetSocketAddress::getAddress)
                .containsExactly(v4a, v6a);
    }

    @Test
    void theDelayValidates() {
        assertThat(ConnectOptions.defaults().happyEyeballsDelay()).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> ConnectOptions.defaults().withHappyEyeballsDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("happyEyeballsDelay: PT-0.001S (expected: >= 0, or null for none)");
    }
}
