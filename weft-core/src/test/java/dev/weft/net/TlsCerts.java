package dev.weft.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made at test time with keytool into a
 * directory (a @TempDir): no private key is ever committed. Gives the server's and the client's
 * SSLContexts, and PEM files for openssl and curl.
 */
final class TlsCerts {
    static final char[] PASS = "changeit".toCharArray();

    final Path dir;
    final Path keyStore;
    final Path certPem;
    private final KeyStore ks;

    private TlsCerts(Path dir) throws Exception {
        this.dir = dir;
        this.keyStore = dir.resolve("server.p12");
        this.certPem = dir.resolve("server-cert.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(),
                "-storepass", "changeit", "-file", certPem.toString());
        ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASS);
        }
    }

    static TlsCerts create(Path dir) throws Exception {
        return new TlsCerts(dir);
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    /** The server's context: its key and certificate. */
    SSLContext serverContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A client context that trusts this certificate only. */
    SSLContext clientContext() throws Exception {
        return trusting(ks.getCertificate("server"));
    }

    /** A client context that trusts nothing at all. */
    static SSLContext trustingNothing() throws Exception {
        return trusting();
    }

    private static SSLContext trusting(Certificate... certs) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < certs.length; i++) {
            trust.setCertificateEntry("ca" + i, certs[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** The key and certificate as one PEM file (for openssl s_server), made with openssl itself. */
    Path keyAndCertPem() throws Exception {
        Path out = dir.resolve("server-all.pem");
        Process p = new ProcessBuilder("openssl", "pkcs12", "-in", keyStore.toString(), "-nodes",
                "-passin", "pass:changeit", "-out", out.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("openssl pkcs12 failed: " + text);
        }
        return out;
    }

    static boolean haveTool(String... versionCommand) {
        try {
            Process p = new ProcessBuilder(versionCommand).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
