package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Future;
import dev.weft.Weft;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS parameters (issue 15 item 3): ALPN, client certificates (mTLS), protocol choice, SNI, and the
 * check of a pinned certificate's dates, against Weft and OpenSSL peers.
 */
@Timeout(120)
class TlsKnobsTest {
    @TempDir
    static Path dir;
    static TlsCerts server;
    static TlsCerts client;
    static TlsCerts expired;

    @BeforeAll
    static void makeCertificates() throws Exception {
        server = TlsCerts.create(dir);
        client = TlsCerts.create(dir, "client", "CN=weft-client", null);
        expired = TlsCerts.create(dir, "expired", "CN=localhost", "-30d"); // valid 30 to 28 days ago
    }

    static SSLParameters alpn(String... protocols) {
        SSLParameters p = new SSLParameters();
        p.setApplicationProtocols(protocols);
        return p;
    }

    static Server echo(ServerOptions o) throws Exception {
        return Net.startServer((r, w) -> {
            for (byte[] line : r) {
                w.write(line);
                w.drain();
            }
        }, "127.0.0.1", 0, o);
    }

    @Test
    void alpnIsAgreedAndReadableOnBothSides() {
        Weft.run(() -> {
            Future<String> serverSaw = Weft.loop().createFuture();
            Server s = Net.startServer((r, w) -> {
                serverSaw.setResult(w.transport().applicationProtocol());
                w.write(r.readLine());
            }, "127.0.0.1", 0, ServerOptions.defaults().withTls(server.serverContext())
                    .withSslParameters(alpn("h2", "http/1.1")));
            try (Connection c = Net.openConnection("localhost", s.port(), ConnectOptions.defaults()
                    .withTls(server.clientContext()).withSslParameters(alpn("http/1.1", "h2")))) {
                c.writer().write("ping\n");
                assertThat(c.reader().readLine()).isEqualTo("ping\n".getBytes(UTF_8));
                // the server's preference wins among what the client offers (the JDK's rule)
                assertThat(c.writer().transport().applicationProtocol()).isEqualTo("h2");
            }
            assertThat(serverSaw.await()).isEqualTo("h2");
            // no ALPN offered: null, as asyncio's selected_alpn_protocol() gives None
            try (Connection c = Net.openConnection("localhost", s.port(),
                    ConnectOptions.defaults().withTls(server.clientContext()))) {
                c.writer().write("x\n");
                c.reader().readLine();
                assertThat(c.writer().transport().applicationProtocol()).isNull();
            }
            // a plain connection has none
            Server plain = echo(ServerOptions.defaults());
            try (Connection c = Net.openConnection("127.0.0.1", plain.port())) {
                assertThat(c.writer().transport().applicationProtocol()).isNull();
            }
            plain.close();
            s.close();
        });
    }

    @Test
    void alpnWithNoCommonProtocolFailsTheHandshake() {
        Weft.run(() -> {
            Server s = echo(ServerOptions.defaults().withTls(server.serverContext()).withSslParameters(alpn("h2")));
            assertThatThrownBy(() -> Net.openConnection("localhost", s.port(), ConnectOptions.defaults()
                    .withTls(server.clientContext()).withSslParameters(alpn("spdy/3"))))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("localhost:" + s.port());
            s.close();
            s.waitClosed();
        });
    }

    @Test
    void protocolsAndCipherSuitesArePassedThrough() {
        Weft.run(() -> {
            SSLParameters only12 = new SSLParameters();
            only12.setProtocols(new String[] {"TLSv1.2"});
            Server s = echo(ServerOptions.defaults().withTls(server.serverContext()).withSslParameters(only12));
            try (Connection c = Net.openConnection("localhost", s.port(),
                    ConnectOptions.defaults().withTls(server.clientContext()))) {
                c.writer().write("x\n");
                c.reader().readLine();
                assertThat(c.writer().transport().sslSession().getProtocol()).isEqualTo("TLSv1.2");
            }
            SSLParameters only13 = new SSLParameters();
            only13.setProtocols(new String[] {"TLSv1.3"});
            assertThatThrownBy(() -> Net.openConnection("localhost", s.port(),
                    ConnectOptions.defaults().withTls(server.clientContext()).withSslParameters(only13)))
                    .isInstanceOf(SSLHandshakeException.class);
            SSLParameters suite = new SSLParameters();
            suite.setProtocols(new String[] {"TLSv1.2"});
            suite.setCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});
            try (Connection c = Net.openConnection("localhost", s.port(),
                    ConnectOptions.defaults().withTls(server.clientContext()).withSslParameters(suite))) {
                c.writer().write("x\n");
                c.reader().readLine();
                assertThat(c.writer().transport().sslSession().getCipherSuite())
                        .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            }
            s.close();
        });
    }

    @Test
    void mutualTlsNeedAndWant() throws Exception {
        SSLContext serverCtx = server.contextTrusting(client);
        SSLContext withKey = client.contextTrusting(server);
        SSLContext withoutKey = server.clientContext();
        Weft.run(() -> {
            List<String> peers = new ArrayList<>();
            ClientHandler who = (r, w) -> {
                SSLSession ss = w.transport().sslSession();
                String name;
                try {
                    name = ((X509Certificate) ss.getPeerCertificates()[0]).getSubjectX500Principal().getName();
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    name = "anonymous";
                }
                peers.add(name);
                w.write(name + "\n");
            };
            SSLParameters need = new SSLParameters();
            need.setNeedClientAuth(true);
            Server needs = Net.startServer(who, "127.0.0.1", 0,
                    ServerOptions.defaults().withTls(serverCtx).withSslParameters(need));
            try (Connection c = Net.openConnection("localhost", needs.port(), ConnectOptions.defaults().withTls(withKey))) {
                assertThat(new String(c.reader().readLine(), UTF_8)).isEqualTo("CN=weft-client\n");
            }
            // without a certificate: refused (in TLS 1.3 the client may learn it at its first read)
            assertThatThrownBy(() -> {
                try (Connection c = Net.openConnection("localhost", needs.port(),
                        ConnectOptions.defaults().withTls(withoutKey))) {
                    c.reader().readLine();
                    throw new AssertionError("served without a client certificate");
                }
            }).isInstanceOf(java.io.IOException.class);
            SSLParameters want = new SSLParameters();
            want.setWantClientAuth(true);
            Server wants = Net.startServer(who, "127.0.0.1", 0,
                    ServerOptions.defaults().withTls(serverCtx).withSslParameters(want));
            for (SSLContext ctx : List.of(withKey, withoutKey)) {
                try (Connection c = Net.openConnection("localhost", wants.port(), ConnectOptions.defaults().withTls(ctx))) {
                    c.reader().readLine();
                }
            }
            assertThat(peers).containsExactly("CN=weft-client", "CN=weft-client", "anonymous");
            needs.close();
            wants.close();
        });
    }

    @Test
    void sniMatchersChooseWhichNamesTheServerAnswers() {
        Weft.run(() -> {
            Future<List<SNIServerName>> asked = Weft.loop().createFuture();
            SSLParameters p = new SSLParameters();
            p.setSNIMatchers(List.of(SNIHostName.createSNIMatcher("localhost")));
            Server s = Net.startServer((r, w) -> {
                asked.setResult(((ExtendedSSLSession) w.transport().sslSession()).getRequestedServerNames());
                w.write("hi\n");
            }, "127.0.0.1", 0, ServerOptions.defaults().withTls(server.serverContext()).withSslParameters(p));
            try (Connection c = Net.openConnection("localhost", s.port(),
                    ConnectOptions.defaults().withTls(server.clientContext()))) {
                assertThat(c.reader().readLine()).isEqualTo("hi\n".getBytes(UTF_8));
            }
            assertThat(asked.await()).containsExactly(new SNIHostName("localhost"));
            // a name the server does not answer: unrecognized_name
            assertThatThrownBy(() -> Net.openConnection("127.0.0.1", s.port(), ConnectOptions.defaults()
                    .withTls(server.clientContext()).withServerHostname("other.example").withVerifyHostname(false)))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("other.example:" + s.port());
            s.close();
        });
    }

    // ---- certificate dates ----

    @Test
    void anExpiredPinnedCertificateIsRefusedByDefault() throws Exception {
        SSLContext pinned = expired.clientContext();
        Weft.run(() -> {
            Server s = echo(ServerOptions.defaults().withTls(expired.serverContext()));
            assertThatThrownBy(() -> Net.openConnection("localhost", s.port(), ConnectOptions.defaults().withTls(pinned)))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("localhost:" + s.port())
                    .hasMessageContaining("certificate has expired")
                    .hasMessageContaining("CN=localhost");
            // the explicit opt-out takes it, as the JDK alone does
            try (Connection c = Net.openConnection("localhost", s.port(),
                    ConnectOptions.defaults().withTls(pinned).withCheckCertificateDates(false))) {
                c.writer().write("old\n");
                assertThat(c.reader().readLine()).isEqualTo("old\n".getBytes(UTF_8));
            }
            // and the server survived the refused client
            assertThat(s.isServing()).isTrue();
            s.close();
        });
    }

    @Test
    void anExpiredClientCertificateIsRefusedByAServerThatNeedsOne() throws Exception {
        SSLContext serverCtx = server.contextTrusting(expired);
        SSLContext clientCtx = expired.contextTrusting(server);
        Weft.run(() -> {
            SSLParameters need = new SSLParameters();
            need.setNeedClientAuth(true);
            Server s = echo(ServerOptions.defaults().withTls(serverCtx).withSslParameters(need));
            assertThatThrownBy(() -> {
                try (Connection c = Net.openConnection("localhost", s.port(), ConnectOptions.defaults().withTls(clientCtx))) {
                    c.writer().write("x\n");
                    c.reader().readExactly(2);
                }
            }).isInstanceOf(java.io.IOException.class);
            assertThat(s.acceptedConnections()).isEqualTo(1);
            s.close();
        });
    }

    @Test
    void anExpiredPinnedCertificateFromOpensslServerIsRefusedAsOpensslItselfRefusesIt() throws Exception {
        assumeTrue(TlsCerts.haveTool("openssl", "version"), "openssl is not installed");
        Path pem = expired.keyAndCertPem();
        // OpenSSL's own client refuses it: "certificate has expired" (verify error 10)
        Process sServer = opensslServer(pem, "-naccept", "2");
        try {
            int port = acceptPort(sServer);
            String verdict = Weft.run(() -> Weft.toThread(() -> {
                Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                        "-CAfile", expired.certPem.toString(), "-verify_return_error", "-verify_hostname", "localhost")
                        .redirectErrorStream(true).start();
                p.getOutputStream().close();
                String o = new String(p.getInputStream().readAllBytes(), UTF_8);
                p.waitFor();
                return o;
            }));
            assertThat(verdict).contains("certificate has expired");
            Weft.run(() -> {
                assertThatThrownBy(() -> Net.openConnection("localhost", port,
                        ConnectOptions.defaults().withTls(expired.clientContext())))
                        .isInstanceOf(SSLHandshakeException.class)
                        .hasMessageContaining("certificate has expired");
            });
        } finally {
            sServer.destroy();
            sServer.waitFor();
        }
    }

    // ---- against OpenSSL: ALPN and mTLS ----

    @Test
    void alpnAgainstOpensslServer() throws Exception {
        assumeTrue(TlsCerts.haveTool("openssl", "version"), "openssl is not installed");
        Process p = opensslServer(server.keyAndCertPem(), "-alpn", "h2,http/1.1", "-rev", "-naccept", "1");
        try {
            int port = acceptPort(p);
            String[] got = Weft.run(() -> {
                try (Connection c = Net.openConnection("localhost", port, ConnectOptions.defaults()
                        .withTls(server.clientContext()).withSslParameters(alpn("http/1.1")))) {
                    c.writer().write("stressed\n");
                    return new String[] {c.writer().transport().applicationProtocol(),
                            new String(c.reader().readLine(), UTF_8).trim()};
                }
            });
            assertThat(got).containsExactly("http/1.1", "desserts");
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    @Test
    void opensslClientWithAlpnAndACertificateAgainstAWeftServerThatNeedsOne() throws Exception {
        assumeTrue(TlsCerts.haveTool("openssl", "version"), "openssl is not installed");
        Path clientPem = client.keyAndCertPem();
        SSLContext serverCtx = server.contextTrusting(client);
        Weft.run(() -> {
            SSLParameters p = alpn("h2", "http/1.1");
            p.setNeedClientAuth(true);
            Server s = Net.startServer((r, w) -> {
                String peer = ((X509Certificate) w.transport().sslSession().getPeerCertificates()[0])
                        .getSubjectX500Principal().getName();
                w.write(w.transport().applicationProtocol() + " " + peer + " " + new String(r.readLine(), UTF_8));
                w.drain();
            }, "127.0.0.1", 0, ServerOptions.defaults().withTls(serverCtx).withSslParameters(p));
            String with = opensslClient(s.port(), "-alpn", "h2", "-cert", clientPem.toString(), "-key", clientPem.toString());
            assertThat(with).isEqualTo("h2 CN=weft-client hello\n");
            String without = opensslClient(s.port(), "-alpn", "h2");
            assertThat(without).doesNotContain("hello");
            s.close();
        });
    }

    private static String opensslClient(int port, String... extra) {
        return Weft.toThread(() -> {
            List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                    "-quiet", "-CAfile", server.certPem.toString(), "-verify_return_error",
                    "-verify_hostname", "localhost"));
            cmd.addAll(List.of(extra));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write("hello\n".getBytes(UTF_8));
                in.flush();
                String o = new String(p.getInputStream().readAllBytes(), UTF_8);
                p.waitFor();
                return o;
            }
        });
    }

    private static Process opensslServer(Path pem, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "0", "-cert", pem.toString(),
                "-key", pem.toString()));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static int acceptPort(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("ACCEPT")) {
                int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
                Thread.ofVirtual().start(() -> { // keep draining its output so it never blocks on a full pipe
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException ignored) {
                        // it exited
                    }
                });
                return port;
            }
        }
        throw new AssertionError("openssl s_server did not start");
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> ConnectOptions.defaults().withReadTimeout(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout");
        Weft.run(() -> {
            // TLS over a given channel without a name to verify: a clear error, and the channel is the caller's
            Server s = echo(ServerOptions.defaults().withTls(server.serverContext()));
            java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                    new java.net.InetSocketAddress("127.0.0.1", s.port()));
            assertThatThrownBy(() -> Net.openConnection(ch, ConnectOptions.defaults().withTls(server.clientContext())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("withServerHostname");
            try (Connection c = Net.openConnection(ch, ConnectOptions.defaults().withTls(server.clientContext())
                    .withServerHostname("localhost"))) {
                c.writer().write("over a given channel\n");
                assertThat(c.reader().readLine()).isEqualTo("over a given channel\n".getBytes(UTF_8));
            }
            assertThat(ch.isOpen()).isFalse();
            s.close();
        });
    }
}
