package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;

import dev.weft.Future;
import dev.weft.Weft;
import dev.weft.EventLoop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Weft against CPython's asyncio streams, on loopback, both ways: a real peer nobody here wrote.
 * Skipped (with a message) where no python3 is installed.
 */
@Timeout(180) // a network test that hangs fails instead
class PythonPeerTest {
    static String python() {
        for (String p : new String[] {"python3", "/usr/bin/python3", "/usr/local/bin/python3"}) {
            try {
                Process pr = new ProcessBuilder(p, "-c", "import asyncio, sys; print(sys.version_info[0])")
                        .redirectErrorStream(true).start();
                String out = new String(pr.getInputStream().readAllBytes(), UTF_8).trim();
                if (pr.waitFor(20, TimeUnit.SECONDS) && pr.exitValue() == 0 && out.equals("3")) {
                    return p;
                }
            } catch (IOException | InterruptedException e) {
                // try the next one
            }
        }
        return null;
    }

    static Path script(String name) throws IOException {
        Path dir = Files.createTempDirectory("weft-py");
        Path p = dir.resolve(name);
        try (InputStream in = PythonPeerTest.class.getResourceAsStream("/" + name)) {
            Files.copy(in, p);
        }
        p.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        return p;
    }

    /** A Python asyncio echo server; reads the port it prints. */
    static final class PyServer implements AutoCloseable {
        final Process process;
        final int port;

        PyServer(String python) throws IOException {
            process = new ProcessBuilder(python, script("py_echo_server.py").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
            String line = out.readLine(); // blocking, but outside any loop
            if (line == null || !line.startsWith("PORT ")) {
                process.destroyForcibly();
                throw new IOException("the Python server did not print its port: " + line);
            }
            port = Integer.parseInt(line.substring(5).trim());
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close(); // its stdin: it exits
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Waits for a process in a task: the JDK's onExit future, handed to the loop. */
    static int awaitExit(Process p) {
        EventLoop loop = Weft.loop();
        Future<Integer> f = loop.createFuture();
        p.onExit().thenAccept(ph -> loop.callSoonThreadsafe(() -> f.setResult(ph.exitValue())));
        return f.await();
    }

    @Test
    void weftClientAgainstPythonServer() throws Exception {
        String py = python();
        Assumptions.assumeTrue(py != null, "python3 with asyncio is not installed: skipping the Python peer test");
        try (PyServer server = new PyServer(py)) {
            Weft.run(() -> {
                // line echo, then EOF: the server says how many bytes it saw
                try (Connection c = Net.openConnection("127.0.0.1", server.port)) {
                    long sent = 0;
                    for (int i = 0; i < 100; i++) {
                        byte[] line = ("weft line " + i + " " + "z".repeat(i * 13 % 300) + "\n").getBytes(UTF_8);
                        c.writer().write(line);
                        c.writer().drain();
                        assertThat(c.reader().readLine()).isEqualTo(line);
                        sent += line.length;
                    }
                    c.writer().writeEof();
                    assertThat(new String(c.reader().readLine(), UTF_8)).isEqualTo("BYE " + sent + "\n");
                    assertThat(c.reader().readLine()).isEmpty();
                    assertThat(c.reader().atEof()).isTrue();
                }
                // a big answer, read with a small limit: flow control both ways
                try (Connection c = Net.openConnection("127.0.0.1", server.port,
                        ConnectOptions.defaults().withLimit(8 * 1024))) {
                    int n = 3 << 20;
                    c.writer().write("BIG " + n + "\n");
                    byte[] all = c.reader().readExactly(n);
                    for (int i = 0; i < n; i++) {
                        if (all[i] != (byte) (i % 256)) {
                            fail("byte " + i + " differs");
                        }
                    }
                    assertThat(c.reader().read()).isEmpty();
                }
                // Python's readexactly against our writes in odd pieces
                try (Connection c = Net.openConnection("127.0.0.1", server.port)) {
                    c.writer().write("EXACT 100000\n");
                    for (int i = 0; i < 100; i++) {
                        c.writer().write(new byte[1000]);
                        if (i % 7 == 0) {
                            Weft.yieldNow();
                        }
                    }
                    assertThat(new String(c.reader().readLine(), UTF_8)).isEqualTo("GOT 100000\n");
                }
            });
        }
    }

    @Test
    void pythonClientsAgainstWeftServer() throws Exception {
        String py = python();
        Assumptions.assumeTrue(py != null, "python3 with asyncio is not installed: skipping the Python peer test");
        Path client = script("py_client.py");
        String out = Weft.run(() -> {
            Server server = Net.startServer((r, w) -> {
                for (byte[] line : r) {
                    w.write(line);
                    w.drain();
                }
            }, "127.0.0.1", 0);
            Process p = new ProcessBuilder(py, client.toString(), String.valueOf(server.port()), "20", "50")
                    .redirectErrorStream(true).start();
            int code = awaitExit(p);
            String text = new String(p.getInputStream().readAllBytes(), UTF_8).trim(); // it has exited: no wait
            server.close();
            server.waitClosed();
            assertThat(code).as(text).isZero();
            return text;
        });
        assertThat(out).startsWith("OK ");
        assertThat(Long.parseLong(out.substring(3))).isGreaterThan(20L * 1_000_000);
    }

    @Test
    void pythonServerKilledMidRead() throws Exception {
        String py = python();
        Assumptions.assumeTrue(py != null, "python3 with asyncio is not installed: skipping the Python peer test");
        PyServer server = new PyServer(py);
        try {
            Weft.run(() -> {
                Connection c = Net.openConnection("127.0.0.1", server.port);
                c.writer().write("hello\n");
                assertThat(new String(c.reader().readLine(), UTF_8)).isEqualTo("hello\n");
                server.process.destroyForcibly(); // the peer vanishes while we wait for a line
                awaitExit(server.process);
                try {
                    assertThat(c.reader().readLine()).isEmpty(); // EOF (the kernel closed its socket)
                } catch (java.net.SocketException e) {
                    assertThat(e).hasMessageContaining("reset"); // or a reset, if data was unread
                }
                c.close();
            });
        } finally {
            server.process.destroyForcibly();
        }
    }
}
