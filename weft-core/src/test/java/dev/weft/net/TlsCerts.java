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
        this(dir, "server", "CN=localhost", null);
    }

    /**
     * A self-signed certificate named {@code name} (files {@code name.p12}, {@code name-cert.pem});
     * {@code startDate} is keytool's {@code -startdate} ("-30d": valid from 30 days ago, for 2 days,
     * so expired), or null for now.
     */
    private TlsCerts(Path dir, String name, String dname, String startDate) throws Exception {
        this.dir = dir;
        this.keyStore = dir.resolve(name + ".p12");
        this.certPem = dir.resolve(name + "-cert.pem");
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", dname, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit"));
        if (startDate != null) {
            args.addAll(List.of("-startdate", startDate));
        }
        keytool(args.toArray(String[]::new));
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

    /** Another certificate in the same directory, under its own name (a client's, an expired one). */
    static TlsCerts create(Path dir, String name, String dname, String startDate) throws Exception {
        return new TlsCerts(dir, name, dname, startDate);
    }

    /** A context with this certificate's key (a server's, or a client's for mTLS) trusting {@code peers}. */
    SSLContext contextTrusting(TlsCerts... peers) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS);
        Certificate[] certs = new Certificate[peers.length];
        for (int i = 0; i < peers.length; i++) {
            certs[i] = peers[i].ks.getCertificate("server");
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), trustManagers(certs), null);
        return ctx;
    }

    private static javax.net.ssl.TrustManager[] trustManagers(Certificate... certs) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < certs.length; i++) {
            trust.setCertificateEntry("ca" + i, certs[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
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
        Path out = dir.resolve(keyStore.getFileName().toString().replace(".p12", "-all.pem"));
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
