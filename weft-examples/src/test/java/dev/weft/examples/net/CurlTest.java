package dev.weft.examples.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;

import dev.weft.Future;
import dev.weft.Weft;
import dev.weft.EventLoop;
import dev.weft.net.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** curl, a client nobody here wrote, against the tiny Weft HTTP responder. */
@Timeout(120) // a network test that hangs fails instead
class CurlTest {
    static String curl() {
        for (String c : new String[] {"/usr/bin/curl", "/usr/local/bin/curl", "/bin/curl"}) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }

    @Test
    void curlFetchesFromWeft() throws Exception {
        String curl = curl();
        Assumptions.assumeTrue(curl != null, "curl is not installed: skipping the curl test");
        Path dir = Files.createTempDirectory("weft-curl");
        Path big = dir.resolve("r7");
        String out = Weft.run(() -> {
            Server server = TinyHttp.start(0, Duration.ZERO);
            String base = "http://127.0.0.1:" + server.port();
            // two URLs in one curl: the second goes over the kept-alive connection
            Process p = new ProcessBuilder(curl, "-sS", "--max-time", "20", base + "/hello", "-o", "-",
                    base + "/r/7", "-o", big.toString(), "-w", "%{http_code} %{num_connects}\\n")
                    .redirectErrorStream(true).start();
            EventLoop loop = Weft.loop();
            Future<Integer> exit = loop.createFuture();
            p.onExit().thenAccept(ph -> loop.callSoonThreadsafe(() -> exit.setResult(ph.exitValue())));
            int code = exit.await();
            String text = new String(p.getInputStream().readAllBytes(), UTF_8);
            server.close();
            server.waitClosed();
            assertThat(code).as(text).isZero();
            return text;
        });
        assertThat(out).contains("hello from weft");
        assertThat(out).contains("200 1").contains("200 0"); // the second request reused the connection
        assertThat(Files.readAllBytes(big)).isEqualTo(TinyHttp.body(7));
        Files.delete(big);
        Files.delete(dir);
    }
}
