package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15 item 1: SIGINT and SIGTERM shut a Weft program down gracefully. Each test starts a JVM
 * ({@link SignalChild}) on this test's backend, waits for its "ready" line, sends it the signal with
 * {@code kill}, and checks what ran and the exit status.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SignalShutdownTest {
    /** A child JVM and the lines it printed so far. */
    static final class Child {
        final Process process;
        final BufferedReader out;
        final List<String> lines = new ArrayList<>();
        final CompletableFuture<String> err;

        Child(String mode, String... props) throws IOException {
            this(false, mode, props);
        }

        /** With {@code mergeErr}, standard error comes in the same lines as standard output. */
        Child(boolean mergeErr, String mode, String... props) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (Weft.backend().equals("continuation")) {
                cmd.add("--add-exports");
                cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
            }
            cmd.add("-Dweft.backend=" + Weft.backend());
            cmd.add("-XX:TieredStopAtLevel=1"); // a short-lived JVM: start fast
            cmd.addAll(List.of(props));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(SignalChild.class.getName());
            cmd.add(mode);
            process = new ProcessBuilder(cmd).redirectErrorStream(mergeErr).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            err = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.toString();
                }
            });
        }

        /** Reads lines until one starts with {@code prefix}; fails if the output ends first. */
        String awaitLine(String prefix) throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new AssertionError("no line starting with '" + prefix + "'; output: " + lines + "; stderr: "
                    + err.join());
        }

        void signal(String sig) throws Exception {
            Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();
        }

        /** Waits for the exit; returns the status, with every line printed. */
        int exit() throws Exception {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child exits").isTrue();
            return process.exitValue();
        }
    }

    @Test
    void sigtermCancelsTheMainTaskRunsFinallyBlocksClosesTheServerAndExits143() throws Exception {
        Child c = new Child("run");
        c.awaitLine("ready");
        c.signal("TERM");
        int status = c.exit();
        assertThat(status).as("%s %s", c.lines, c.err.join()).isEqualTo(143);
        assertThat(c.lines).contains("main finally ran", "helper finally ran", "server closed true", "hook ran")
                .doesNotContain("after run");
        assertThat(c.lines.indexOf("main finally ran")).isLessThan(c.lines.indexOf("hook ran"));
    }

    @Test
    void sigintDoesTheSameAndExits130() throws Exception {
        Child c = new Child("run");
        c.awaitLine("ready");
        c.signal("INT");
        assertThat(c.exit()).as("%s %s", c.lines, c.err.join()).isEqualTo(130);
        assertThat(c.lines).contains("main finally ran", "helper finally ran", "server closed true")
                .doesNotContain("after run");
    }

    @Test
    void aSecondSignalExitsAtOnceWhileATaskRefusesToStop() throws Exception {
        Child c = new Child("stubborn");
        c.awaitLine("ready");
        c.signal("INT");
        c.awaitLine("cancelled, refusing to stop");
        c.signal("TERM");
        assertThat(c.exit()).as("%s", c.lines).isEqualTo(143);
        assertThat(c.err.join()).contains("weft: second signal (SIGTERM): exiting now with status 143");
        assertThat(c.lines).doesNotContain("hook ran", "after run"); // halt: no hooks, nothing more
    }

    @Test
    void aSecondSignalExitsAtOnceWhileTheLoopIsBlocked() throws Exception {
        Child c = new Child(true, "blocked");
        c.awaitLine("ready");
        c.signal("INT");
        c.awaitLine("INFO: SIGINT received"); // heard on the signal thread; the cancellation waits for the loop
        c.signal("INT");
        assertThat(c.exit()).as("%s", c.lines).isEqualTo(130);
        assertThat(c.lines).contains("weft: second signal (SIGINT): exiting now with status 130, without waiting "
                + "for tasks to finish");
    }

    @Test
    void withTheOptOutTheJvmExitsWithoutUnwinding() throws Exception {
        Child c = new Child("optout", "-Dweft.signals=false");
        c.awaitLine("ready");
        c.signal("TERM");
        assertThat(c.exit()).isEqualTo(143);
        assertThat(c.lines).contains("hook ran").doesNotContain("main finally ran", "after run");
    }

    @Test
    void exitOnSignalFalseThrowsShutdownSignalExceptionAfterUnwinding() throws Exception {
        Child c = new Child("throw");
        c.awaitLine("ready");
        c.signal("INT");
        assertThat(c.exit()).as("%s %s", c.lines, c.err.join()).isEqualTo(7);
        assertThat(c.lines).contains("main finally ran", "server closed true",
                "thrown SIGINT status 130 cause CancelledError");
    }

    @Test
    void successiveRunsInOneJvmEachStartAfreshAndPutThePreviousHandlerBack() throws Exception {
        Child c = new Child("sequence");
        assertThat(c.exit()).as("%s %s", c.lines, c.err.join()).isZero();
        assertThat(c.lines).containsSubsequence(
                "finally INT",
                "thrown stopped by SIGINT (exit status 130) 130 CancelledError",
                "finally TERM",
                "thrown stopped by SIGTERM (exit status 143) 143 CancelledError",
                "before-handler heard 0 while Weft ran",
                "before-handler heard INT after",
                "opted out, before-handler heard INT",
                "after run");
    }

    @Test
    void aLoopSignalHandlerTakesTheSignalOver() throws Exception {
        Child c = new Child("handler");
        c.awaitLine("ready");
        c.signal("TERM");
        assertThat(c.exit()).as("%s %s", c.lines, c.err.join()).isZero();
        assertThat(c.lines).contains("handled TERM", "after run");
    }

    @Test
    void aLoopGroupCancelsItsTasksAndExits143() throws Exception {
        Child c = new Child("group");
        c.awaitLine("ready");
        c.signal("TERM");
        assertThat(c.exit()).as("%s %s", c.lines, c.err.join()).isEqualTo(143);
        assertThat(c.lines).contains("group task finally ran", "main thread saw the cancellation", "hook ran");
    }
}
