package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.CancelledError;
import dev.weft.Future;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120) // a network test that hangs fails instead
class TlsTest {
    @TempDir
    static Path dir;
    static TlsCerts certs;
    static SSLContext serverCtx;
    static SSLContext clientCtx;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TlsCerts.create(dir);
        serverCtx = certs.serverContext();
        clientCtx = certs.clientContext();
    }

    static String s(byte[] b) {
        return new String(b, UTF_8);
    }

    static Server echoServer() throws Exception {
        return Net.startServer((r, w) -> {
            for (byte[] line : r) {
                w.write(line);
                w.drain();
            }
        }, "127.0.0.1", 0, ServerOptions.defaults().withTls(serverCtx));
    }

    @Test
    void echoWithStreams() {
        Weft.run(() -> {
            Server server = echoServer();
            try (Connection c = Net.openConnection("127.0.0.1", server.port(),
                    ConnectOptions.defaults().withTls(clientCtx))) {
                c.writer().write("hello\nworld\n");
                assertThat(s(c.reader().readLine()) + s(c.reader().readLine())).isEqualTo("hello\nworld\n");
                assertThat(c.writer().transport().sslSession()).isNotNull();
                assertThat(c.writer().transport().sslSession().getProtocol()).startsWith("TLSv1.");
                assertThat(c.writer().canWriteEof()).isFalse();
                assertThatThrownBy(() -> c.writer().writeEof()).isInstanceOf(UnsupportedOperationException.class);
            }
            // by name too: SNI and the DNS SAN
            try (Connection c = Net.openConnection("localhost", server.port(),
                    ConnectOptions.defaults().withTls(clientCtx))) {
                c.writer().write("x\n");
                assertThat(s(c.reader().readLine())).isEqualTo("x\n");
            }
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void closeSendsCloseNotifyAndThePeerReadsEof() {
        Weft.run(() -> {
            Future<byte[]> rest = Weft.loop().createFuture();
            Server server = Net.startServer((r, w) -> rest.setResult(r.read()), "127.0.0.1", 0,
                    ServerOptions.defaults().withTls(serverCtx));
            Connection c = Net.openConnection("127.0.0.1", server.port(), ConnectOptions.defaults().withTls(clientCtx));
            c.writer().write("last words");
            c.writer().close();
            c.writer().waitClosed();
            assertThat(s(rest.await())).isEqualTo("last words");
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void hostnameMismatchIsAClearHandshakeFailure() {
        Weft.run(() -> {
            AtomicInteger served = new AtomicInteger();
            Server server = Net.startServer((r, w) -> served.incrementAndGet(), "127.0.0.1", 0,
                    ServerOptions.defaults().withTls(serverCtx));
            ConnectOptions o = ConnectOptions.defaults().withTls(clientCtx).withServerHostname("wrong.example");
            assertThatThrownBy(() -> Net.openConnection("127.0.0.1", server.port(), o))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("wrong.example:" + server.port())
                    .hasMessageContaining("wrong.example found");
            // turned off, the same certificate is taken
            try (Connection c = Net.openConnection("127.0.0.1", server.port(), o.withVerifyHostname(false))) {
                assertThat(c.writer().transport().sslSession()).isNotNull();
            }
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void untrustedCertificateIsAClearHandshakeFailure() {
        Weft.run(() -> {
            AtomicInteger served = new AtomicInteger();
            Server server = Net.startServer((r, w) -> served.incrementAndGet(), "127.0.0.1", 0,
                    ServerOptions.defaults().withTls(serverCtx));
            // the JDK's default trust (the public CAs) does not know our self-signed certificate
            ConnectOptions o = ConnectOptions.defaults().withTls(SSLContext.getDefault());
            assertThatThrownBy(() -> Net.openConnection("127.0.0.1", server.port(), o))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("127.0.0.1:" + server.port())
                    .hasMessageContaining("unable to find valid certification path");
            // a client that trusts nothing at all
            assertThatThrownBy(() -> Net.openConnection("127.0.0.1", server.port(),
                    ConnectOptions.defaults().withTls(TlsCerts.trustingNothing())))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("127.0.0.1:" + server.port())
                    .hasMessageContaining("trustAnchors");
            // the server survives its failed handshake, and never ran the handler for it
            try (Connection c = Net.openConnection("127.0.0.1", server.port(),
                    ConnectOptions.defaults().withTls(clientCtx))) {
                c.reader().read();
            }
            assertThat(served).hasValue(1);
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void plainClientAgainstTlsServerAndBack() {
        Weft.run(() -> {
            Server server = echoServer();
            // a TLS client against a plain server: the server's plaintext is no TLS record
            Server plain = Net.startServer((r, w) -> {
                w.write("HTTP/1.0 400 nope\r\n\r\n");
            }, "127.0.0.1", 0);
            assertThatThrownBy(() -> Net.openConnection("127.0.0.1", plain.port(),
                    ConnectOptions.defaults().withTls(clientCtx)))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("127.0.0.1:" + plain.port());
            // a plain client against the TLS server: the server drops it
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                c.writer().write("GET / HTTP/1.0\r\n\r\n");
                c.reader().read(); // an alert, then the end of file (or a reset)
            } catch (java.io.IOException expected) {
                // a reset is fine too
            }
            server.close();
            plain.close();
        });
    }

    @Test
    void startTlsAfterAPlaintextExchange() {
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {
                assertThat(s(r.readLine())).isEqualTo("STARTTLS\n");
                w.write("GO AHEAD\n");
                w.startTlsServer(serverCtx);
                for (byte[] line : r) {
                    w.write("secret: ");
                    w.write(line);
                    w.drain();
                }
            }, "127.0.0.1", 0);
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                c.writer().write("STARTTLS\n");
                assertThat(s(c.reader().readLine())).isEqualTo("GO AHEAD\n");
                assertThat(c.writer().transport().sslSession()).isNull();
                c.writer().startTls(clientCtx, "localhost");
                assertThat(c.writer().transport().sslSession()).isNotNull();
                c.writer().write("tell no one\n");
                assertThat(s(c.reader().readLine())).isEqualTo("secret: tell no one\n");
                assertThatThrownBy(() -> c.writer().startTls(clientCtx, "localhost"))
                        .isInstanceOf(IllegalStateException.class);
            }
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void startTlsWithTheWrongNameFails() {
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {
                r.readLine();
                w.write("GO AHEAD\n");
                w.startTlsServer(serverCtx);
            }, "127.0.0.1", 0);
            try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
                c.writer().write("STARTTLS\n");
                c.reader().readLine();
                assertThatThrownBy(() -> c.writer().startTls(clientCtx, "wrong.example"))
                        .isInstanceOf(SSLHandshakeException.class)
                        .hasMessageContaining("wrong.example");
                assertThat(c.writer().isClosing()).isTrue();
            }
            server.close();
        });
    }

    @Test
    void largeTransferBothWays() {
        byte[] data = new byte[4 * 1024 * 1024 + 123];
        new Random(42).nextBytes(data);
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {
                byte[] chunk;
                while ((chunk = r.read(100_000)).length > 0) {
                    w.write(chunk);
                    w.drain();
                }
            }, "127.0.0.1", 0, ServerOptions.defaults().withTls(serverCtx));
            try (Connection c = Net.openConnection("127.0.0.1", server.port(),
                    ConnectOptions.defaults().withTls(clientCtx))) {
                Task<Void> sender = Weft.spawn(() -> {
                    for (int at = 0; at < data.length; at += 50_000) {
                        c.writer().write(ByteBuffer.wrap(data, at, Math.min(50_000, data.length - at)));
                        c.writer().drain();
                    }
                });
                byte[] back = c.reader().readExactly(data.length);
                sender.await();
                assertThat(MessageDigest.getInstance("SHA-256").digest(back))
                        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
            }
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void cancelledMidHandshakeLeavesNoOpenSocket() {
        Weft.run(() -> {
            Future<StreamReader> accepted = Weft.loop().createFuture();
            Future<byte[]> serverSaw = Weft.loop().createFuture();
            Server silent = Net.startServer((r, w) -> { // plain TCP: reads the ClientHello, never answers
                accepted.setResult(r);
                byte[] all = r.read(); // until the client's socket closes
                serverSaw.setResult(all);
            }, "127.0.0.1", 0);
            Task<Connection> client = Weft.spawn(() -> Net.openConnection("127.0.0.1", silent.port(),
                    ConnectOptions.defaults().withTls(clientCtx)));
            accepted.await();
            client.cancel();
            assertThatThrownBy(client::await).isInstanceOf(CancelledError.class);
            assertThat(serverSaw.await().length).isPositive(); // the ClientHello, then the end of file
            silent.close();
            silent.waitClosed();
        });
    }

    @Test
    void handshakeTimeout() {
        Weft.run(() -> {
            Future<byte[]> serverSaw = Weft.loop().createFuture();
            Server silent = Net.startServer((r, w) -> serverSaw.setResult(r.read()), "127.0.0.1", 0);
            assertThatThrownBy(() -> Net.openConnection("127.0.0.1", silent.port(),
                    ConnectOptions.defaults().withTls(clientCtx).withHandshakeTimeout(Duration.ofMillis(200))))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("TLS handshake with 127.0.0.1:" + silent.port() + " timed out");
            assertThat(serverSaw.await().length).isPositive(); // the client's socket was closed
            silent.close();
            silent.waitClosed();
        });
    }

    @Test
    void protocolLevelTlsServerAndClient() {
        Weft.run(() -> {
            final class Echo implements Protocol {
                Transport t;

                @Override
                public void connectionMade(Transport transport) {
                    t = transport;
                    assertThat(transport.sslSession()).isNotNull();
                }

                @Override
                public void dataReceived(ByteBuffer data) {
                    t.write(data);
                }
            }
            Server server = Net.createServer(Echo::new, "127.0.0.1", 0, ServerOptions.defaults().withTls(serverCtx));
            Future<String> got = Weft.loop().createFuture();
            Future<Throwable> lost = Weft.loop().createFuture();
            StringBuilder sb = new StringBuilder();
            Transport t = Net.createConnection(() -> new Protocol() {
                @Override
                public void dataReceived(ByteBuffer data) {
                    sb.append(UTF_8.decode(data));
                    if (sb.length() == 5) {
                        got.setResult(sb.toString());
                    }
                }

                @Override
                public void connectionLost(Throwable exc) {
                    lost.setResult(exc);
                }
            }, "127.0.0.1", server.port(), ConnectOptions.defaults().withTls(clientCtx));
            t.write("he".getBytes(UTF_8));
            t.write("llo".getBytes(UTF_8));
            assertThat(got.await()).isEqualTo("hello");
            assertThat(t.isReading()).isTrue();
            t.pauseReading();
            assertThat(t.isReading()).isFalse();
            t.resumeReading();
            t.close();
            assertThat(t.isClosing()).isTrue();
            assertThat(lost.await()).isNull();
            server.close();
            server.waitClosed();
        });
    }

    // ---- against OpenSSL and curl ----

    @Test
    void opensslClientAgainstWeftServer() throws Exception {
        assumeTrue(TlsCerts.haveTool("openssl", "version"), "openssl is not installed");
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {
                byte[] line = r.readLine();
                w.write("echo: ");
                w.write(line);
                w.drain();
            }, "127.0.0.1", 0, ServerOptions.defaults().withTls(serverCtx));
            String out = Weft.toThread(() -> {
                Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
                        "-quiet", "-CAfile", certs.certPem.toString(), "-verify_return_error",
                        "-verify_hostname", "localhost").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write("over the wire\n".getBytes(UTF_8));
                    in.flush();
                    String o = new String(p.getInputStream().readAllBytes(), UTF_8);
                    p.waitFor();
                    return o;
                }
            });
            assertThat(out).isEqualTo("echo: over the wire\n");
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void weftClientAgainstOpensslServer() throws Exception {
        assumeTrue(TlsCerts.haveTool("openssl", "version"), "openssl is not installed");
        Path pem = certs.keyAndCertPem();
        Process p = new ProcessBuilder("openssl", "s_server", "-accept", "0", "-cert", pem.toString(),
                "-key", pem.toString(), "-rev", "-naccept", "1").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
            int port = -1;
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("ACCEPT")) {
                    port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
                    break;
                }
            }
            assertThat(port).isPositive();
            int at = port;
            String got = Weft.run(() -> {
                try (Connection c = Net.openConnection("localhost", at, ConnectOptions.defaults().withTls(clientCtx))) {
                    c.writer().write("stressed\n");
                    return s(c.reader().readLine());
                }
            });
            assertThat(got.trim()).isEqualTo("desserts");
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    @Test
    void curlAgainstAWeftHttpsResponder() throws Exception {
        assumeTrue(TlsCerts.haveTool("curl", "--version"), "curl is not installed");
        Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {
                while (r.readLine().length > 2) {
                    // skip the request head
                }
                w.write("HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\nhello, TLS!\n");
                w.drain();
            }, "127.0.0.1", 0, ServerOptions.defaults().withTls(serverCtx));
            String body = Weft.toThread(() -> {
                Process p = new ProcessBuilder("curl", "-sS", "--cacert", certs.certPem.toString(),
                        "https://localhost:" + server.port() + "/").redirectErrorStream(true).start();
                String o = new String(p.getInputStream().readAllBytes(), UTF_8);
                p.waitFor();
                return o;
            });
            assertThat(body).isEqualTo("hello, TLS!\n");
            server.close();
            server.waitClosed();
        });
    }

    @Test
    void optionsValidate() {
        assertThatThrownBy(() -> ConnectOptions.defaults().withHandshakeTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ConnectOptions.defaults().verifyHostname()).isTrue();
        assertThat(ConnectOptions.defaults().sslContext()).isNull();
        assertThat(ServerOptions.defaults().sslContext()).isNull();
        assertThat(Arrays.asList(ServerOptions.defaults().withTls(null).handshakeTimeout()))
                .containsExactly(ConnectOptions.DEFAULT_HANDSHAKE_TIMEOUT);
    }
}
