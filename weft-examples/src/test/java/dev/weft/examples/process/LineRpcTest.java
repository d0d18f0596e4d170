package dev.weft.examples.process;

import static org.assertj.core.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The line RPC server, run as a program with its standard input and output piped to the test. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LineRpcTest {

    private static Process start() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-exports");
        cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LineRpc.class.getName());
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void answersEveryRequestInTheOrderTheyFinishAndExitsAtTheEndOfInput() throws Exception {
        Process p = start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("1 sleep 300\n2 upper hello weft\n3 add 2 40\n4 nope\n5 add x\n\n6\n".getBytes(StandardCharsets.UTF_8));
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = out.lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(lines).containsExactlyInAnyOrder(
                "1 ok slept 300 ms",
                "2 ok HELLO WEFT",
                "3 ok 42",
                "4 error unknown method 'nope' (expected: upper, add, sleep)",
                "5 error add: not a number: 'x'",
                "6 error no method (expected: <id> <method> <args>)");
        assertThat(lines.getLast()).as("the slow request does not hold up the others").isEqualTo("1 ok slept 300 ms");
    }

    @Test
    void aRequestIsAnsweredWhileTheInputStaysOpen() throws Exception {
        Process p = start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = p.getOutputStream();
        in.write("7 upper interactive\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        assertThat(out.readLine()).isEqualTo("7 ok INTERACTIVE"); // served before the end of input
        in.write("8 add 1 1\n".getBytes(StandardCharsets.UTF_8));
        in.close();
        assertThat(out.readLine()).isEqualTo("8 ok 2");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void sigtermCancelsTheRequestsInFlightAndExits143() throws Exception {
        Process p = start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = p.getOutputStream();
        in.write("1 sleep 600000\n2 upper ready\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        assertThat(out.readLine()).isEqualTo("2 ok READY"); // the server runs, request 1 is in flight
        p.toHandle().destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        assertThat(out.readLine()).isNull(); // request 1 was cancelled, not answered
    }
}
