package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;

import dev.weft.CancelledError;
import dev.weft.Future;
import dev.weft.Task;
import dev.weft.Weft;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120) // a network test that hangs fails instead
class ServerLifecycleTest {
    @Test
    void notServingUntilStartServing() {
        Weft.run(() -> {
            List<String> served = new ArrayList<>();
            Server server = Net.startServer((r, w) -> served.add(new String(r.readLine(), UTF_8)), "127.0.0.1", 0,
                    ServerOptions.defaults().withStartServing(false));
            assertThat(server.isServing()).isFalse();
            // The socket listens already (the kernel completes the handshake), but nobody accepts.
            Connection c = Net.openConnection("127.0.0.1", server.port());
            c.writer().write("queued\n");
            Weft.sleep(Duration.ofMillis(30));
            assertThat(server.acceptedConnections()).isZero();
            server.startServing();
            server.startServing(); // idempotent
            assertThat(server.isServing()).isTrue();
            assertThat(c.reader().read()).isEmpty(); // the handler ran and closed the connection
            assertThat(served).containsExactly("queued\n");
            c.close();
            server.close();
            server.close(); // idempotent
            assertThatThrownBy(server::startServing).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            server.waitClosed();
        });
    }

    @Test
    void closeAndAbortClients() {
        Weft.run(() -> {
            int[] started = {0};
            Future<Void> both = Weft.loop().createFuture();
            Server server = Net.startServer((r, w) -> {
                if (++started[0] == 2) {
                    both.setResult(null);
                }
                r.read();
            }, "127.0.0.1", 0);
            Connection a = Net.openConnection("127.0.0.1", server.port());
            Connection b = Net.openConnection("127.0.0.1", server.port());
            both.await();
            server.close();
            server.closeClients();
            server.waitClosed();
            assertThat(a.reader().read()).isEmpty();
            assertThat(b.reader().read()).isEmpty();
            a.close();
            b.close();

            Future<Void> one = Weft.loop().createFuture();
            Server s2 = Net.startServer((r, w) -> {
                one.setResult(null);
                r.read();
            }, "127.0.0.1", 0);
            Connection c = Net.openConnection("127.0.0.1", s2.port());
            one.await();
            s2.abortClients();
            assertThat(c.reader().read()).isEmpty();
            s2.close();
            s2.waitClosed();
            c.close();
        });
    }

    @Test
    void handlerErrorsAreReportedAndTheConnectionClosed() {
        List<String> reported = new ArrayList<>();
        Weft.run(() -> {
            Weft.loop().setExceptionHandler((loop, ctx) -> reported.add(ctx.message() + ": " + ctx.exception()));
            Server server = Net.startServer((r, w) -> {
                throw new IllegalArgumentException("bad client");
            }, "127.0.0.1", 0);
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                assertThat(c.reader().read()).isEmpty();
            }
            server.close();
            server.waitClosed();
        });
        assertThat(reported).singleElement().asString().contains("Unhandled exception in client handler")
                .contains("bad client");
    }

    @Test
    void serveForeverTwiceIsAnError() {
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {}, "127.0.0.1", 0);
            Task<Void> t = Weft.spawn(server::serveForever);
            Weft.yieldNow();
            assertThatThrownBy(server::serveForever).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already being awaited");
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        });
    }

    @Test
    void cancelledNameResolutionDropsTheLateAnswer() {
        List<String> reported = new ArrayList<>();
        Weft.run(() -> {
            Weft.loop().setExceptionHandler((loop, ctx) -> reported.add(ctx.message()));
            Task<Connection> t = Weft.spawn(() -> Net.openConnection("localhost", 9));
            Weft.yieldNow(); // now waiting for the resolver's virtual thread
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            Weft.sleep(Duration.ofMillis(100)); // the answer arrives and is dropped
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void literalAddressesDoNotSuspend() {
        Weft.run(() -> {
            boolean[] other = {false};
            Weft.spawn(() -> { other[0] = true; });
            assertThat(Resolver.resolve(Weft.loop(), "127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
            assertThat(Resolver.resolve(Weft.loop(), "[::1]")).containsExactly(InetAddress.getByName("::1"));
            assertThat(other[0]).as("no other task ran: nothing suspended").isFalse();
            assertThat(Resolver.literal("example.test")).isNull();
        });
    }
}
