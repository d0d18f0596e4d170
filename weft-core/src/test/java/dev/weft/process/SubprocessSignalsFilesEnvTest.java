package dev.weft.process;

import static org.assertj.core.api.Assertions.*;

import dev.weft.Weft;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 8: Subprocess.sendSignal, an environment replaced, cleared or trimmed, and standard
 * streams redirected to and from files; with the bad inputs (an unknown signal, a signal to an ended
 * child, a missing file, an impossible variable), each a clear error with nothing left open.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubprocessSignalsFilesEnvTest {
    /** A shell that reports the first of USR1/HUP/INT it gets and exits 3. */
    private static final String TRAPPER = "for s in USR1 HUP INT; do trap \"echo got $s; exit 3\" $s; done; "
            + "echo ready; while :; do sleep 1 & wait $!; done";

    @TempDir
    Path dir;

    @BeforeAll
    static void unix() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")),
                "the tests use Unix commands and count open descriptors in /proc");
    }

    private static long openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    // ---- sendSignal ----

    @Test
    void sendSignalDeliversAnySignalByNameWithOrWithoutSig() {
        for (String sig : new String[] {"USR1", "SIGHUP", "int"}) {
            String got = Weft.run(() -> {
                Subprocess p = Subprocess.exec("sh", "-c", TRAPPER);
                assertThat(new String(p.stdout().readLine(), StandardCharsets.UTF_8)).isEqualTo("ready\n");
                p.sendSignal(sig);
                String line = new String(p.stdout().readLine(), StandardCharsets.UTF_8).strip();
                assertThat(p.waitFor()).isEqualTo(3);
                return line;
            });
            assertThat(got).isEqualTo("got " + sig.toUpperCase().replace("SIG", ""));
        }
    }

    @Test
    void sendSignalTermAndKillEndTheChildWithTheConventionalCodes() {
        int[] codes = Weft.run(() -> {
            Subprocess a = Subprocess.exec("sleep", "30");
            Subprocess b = Subprocess.exec("sleep", "30");
            a.sendSignal("TERM");
            b.sendSignal("SIGKILL");
            return new int[] {a.waitFor(), b.waitFor()};
        });
        assertThat(codes).containsExactly(143, 137);
    }

    @Test
    void sendSignalBadInputsAreClearErrors() {
        Weft.run(() -> {
            Subprocess p = Subprocess.exec("true");
            assertThatThrownBy(() -> p.sendSignal("BOGUS"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown signal: 'BOGUS'");
            assertThat(p.waitFor()).isZero();
            assertThatThrownBy(() -> p.sendSignal("TERM"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot send SIGTERM to " + describe(p) + ": it has exited (code 0)");
            assertThatThrownBy(() -> p.sendSignal("HUP"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("it has exited");
        });
    }

    private static String describe(Subprocess p) {
        String s = p.toString(); // Subprocess[process N (true), exited 0]
        return s.substring("Subprocess[".length(), s.lastIndexOf(", exited"));
    }

    @Test
    void sendSignalOutsideATaskSaysSo() {
        Weft.run(() -> {
            Subprocess p = Subprocess.exec("sleep", "30");
            dev.weft.Future<Throwable> seen = Weft.loop().createFuture();
            Weft.loop().callSoon(() -> {
                try {
                    p.sendSignal("HUP");
                    seen.setResult(null);
                } catch (Throwable e) {
                    seen.setResult(e);
                }
            });
            assertThat(seen.await()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Subprocess.sendSignal() must be called from inside a task");
            p.kill();
            assertThat(p.waitFor()).isEqualTo(137);
        });
    }

    // ---- environment ----

    @Test
    void theEnvironmentCanBeReplacedClearedOrTrimmed() {
        String path = System.getenv("PATH");
        Weft.run(() -> {
            SubprocessOutput only = Subprocess.exec(java.util.List.of("/usr/bin/env"),
                    SubprocessOptions.defaults().environment(Map.of("A", "1", "B", "two words"))).communicate();
            assertThat(only.stdoutText().lines().sorted()).containsExactly("A=1", "B=two words");

            SubprocessOutput none = Subprocess.exec(java.util.List.of("/usr/bin/env"),
                    SubprocessOptions.defaults().clearEnv()).communicate();
            assertThat(none.stdoutText()).isEmpty();

            SubprocessOutput cleared = Subprocess.exec(java.util.List.of("/usr/bin/env"),
                    SubprocessOptions.defaults().clearEnv().env("ONLY", "me")).communicate();
            assertThat(cleared.stdoutText()).isEqualTo("ONLY=me\n");

            SubprocessOutput trimmed = Subprocess.exec(java.util.List.of("/usr/bin/env"),
                    SubprocessOptions.defaults().env("X", "1").removeEnv("PATH").removeEnv("X").env("Y", "2"))
                    .communicate();
            assertThat(trimmed.stdoutText().lines()).doesNotContain("PATH=" + path, "X=1").contains("Y=2");
            assertThat(trimmed.stdoutText().lines().count()).as("the rest is inherited").isGreaterThan(1);
        });
    }

    @Test
    void impossibleVariablesAreRefusedWhenTheOptionsAreMade() {
        SubprocessOptions o = SubprocessOptions.defaults();
        assertThatThrownBy(() -> o.env("A=B", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment variable name 'A=B' (expected: not empty, without '=' or NUL)");
        assertThatThrownBy(() -> o.env("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.env("A", "x\0y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value of environment variable A holds NUL (expected: none)");
        assertThatThrownBy(() -> o.environment(Map.of("K=", "v"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.removeEnv("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.env("A", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("value of A");
        assertThat(o.clearEnv().env("A", "1").toString()).contains("env=only [A]");
    }

    // ---- files ----

    @Test
    void standardStreamsGoToAndComeFromFiles() throws Exception {
        Path in = Files.writeString(dir.resolve("in.txt"), "b\na\nc\n");
        Path out = dir.resolve("out.txt");
        Path log = Files.writeString(dir.resolve("log.txt"), "old\n");
        Weft.run(() -> {
            Subprocess sort = Subprocess.exec(java.util.List.of("sort"),
                    SubprocessOptions.defaults().stdinFrom(in).stdoutTo(out));
            assertThatThrownBy(sort::stdout).isInstanceOf(IllegalStateException.class).hasMessageContaining("not piped");
            assertThat(sort.waitFor()).isZero();
            SubprocessOutput both = Subprocess.shell("echo to-out; echo to-err >&2",
                    SubprocessOptions.defaults().stdin(Stdio.DISCARD).stdoutAppendTo(log).mergeStderr()).communicate();
            assertThat(both.stdout()).isNull();
            Subprocess err = Subprocess.shell("echo e1 >&2",
                    SubprocessOptions.defaults().stdin(Stdio.DISCARD).stderrTo(dir.resolve("err.txt")));
            assertThat(err.waitFor()).isZero();
            Subprocess err2 = Subprocess.shell("echo e2 >&2",
                    SubprocessOptions.defaults().stdin(Stdio.DISCARD).stderrAppendTo(dir.resolve("err.txt")));
            assertThat(err2.waitFor()).isZero();
        });
        assertThat(Files.readString(out)).isEqualTo("a\nb\nc\n");
        assertThat(Files.readString(log)).isEqualTo("old\nto-out\nto-err\n");
        assertThat(Files.readString(dir.resolve("err.txt"))).isEqualTo("e1\ne2\n");
    }

    @Test
    void aMissingFileIsNamedAndNothingStartsOrLeaks() throws Exception {
        long before = openFds();
        Path missing = dir.resolve("missing.txt");
        Path noDir = dir.resolve("no/such/dir/out.txt");
        Weft.run(() -> {
            assertThatThrownBy(() -> Subprocess.exec(java.util.List.of("cat"),
                    SubprocessOptions.defaults().stdinFrom(missing)))
                    .isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("the child's standard input (SubprocessOptions.stdinFrom) does not exist");
            assertThatThrownBy(() -> Subprocess.exec(java.util.List.of("echo"),
                    SubprocessOptions.defaults().stdoutTo(noDir)))
                    .isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("the directory for the child's output file does not exist");
            assertThatThrownBy(() -> Subprocess.exec(java.util.List.of("echo"),
                    SubprocessOptions.defaults().stderrAppendTo(noDir)))
                    .isInstanceOf(NoSuchFileException.class);
        });
        assertThat(openFds()).as("no descriptor left open").isEqualTo(before);
        assertThat(noDir.getParent()).doesNotExist();
    }

    @Test
    void stdioFileIsRefusedWithoutAFile() {
        assertThatThrownBy(() -> SubprocessOptions.defaults().stdout(Stdio.FILE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Stdio.FILE needs a file: use stdoutTo(path)");
        assertThatThrownBy(() -> SubprocessOptions.defaults().stdin(Stdio.FILE))
                .hasMessageContaining("stdinFrom(path)");
    }
}
