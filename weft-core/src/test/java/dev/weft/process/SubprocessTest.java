package dev.weft.process;

import static org.assertj.core.api.Assertions.*;

import dev.weft.CancelledError;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subprocesses: exec, shell, pipes both ways, exit codes, signals, cancellation, faults. Unix commands. */
class SubprocessTest {
    @BeforeAll
    static void unix() {
        org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("os.name", "").startsWith("Windows"),
                "the tests use Unix commands");
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void execPassesArgumentsVerbatim() {
        SubprocessOutput out = Weft.run(() -> Subprocess.exec("printf", "%s|%s|", "a b", "*").communicate());
        assertThat(out.stdoutText()).isEqualTo("a b|*|");
        assertThat(out.stderr()).isEmpty();
        assertThat(out.exitCode()).isZero();
    }

    @Test
    void shellRunsAPipeline() {
        SubprocessOutput out = Weft.run(() -> Subprocess.shell("echo hello | tr a-z A-Z").communicate());
        assertThat(out.stdoutText()).isEqualTo("HELLO\n");
        assertThat(out.exitCode()).isZero();
    }

    @Test
    void stdinRoundTripThroughCat() {
        String got = Weft.run(() -> {
            Subprocess p = Subprocess.exec("cat");
            p.stdin().write("one\n");
            p.stdin().drain();
            String first = utf8(p.stdout().readLine()); // cat echoes while its input is still open
            p.stdin().write("two\n");
            p.stdin().close();
            String rest = utf8(p.stdout().read());
            assertThat(p.waitFor()).isZero();
            return first + rest;
        });
        assertThat(got).isEqualTo("one\ntwo\n");
    }

    @Test
    void communicateSendsInputAndClosesStdin() {
        SubprocessOutput out = Weft.run(() -> Subprocess.shell("sort | uniq -c | tr -s ' '").communicate("b\na\nb\n"));
        assertThat(out.stdoutText()).isEqualTo(" 1 a\n 2 b\n");
    }

    @Test
    void linesIterateTheOutputAsItComes() {
        List<String> lines = Weft.run(() -> {
            Subprocess p = Subprocess.exec("printf", "alpha\\nbeta\r\ngamma");
            List<String> l = new ArrayList<>();
            for (String s : p.stdout().lines()) {
                l.add(s);
            }
            assertThat(p.waitFor()).isZero();
            return l;
        });
        assertThat(lines).containsExactly("alpha", "beta", "gamma");
    }

    @Test
    void largeOutputOnBothStreamsDoesNotDeadlock() {
        // stderr is filled first: reading stdout to its end before stderr would deadlock.
        SubprocessOutput out = Weft.run(() -> Subprocess.shell(
                "head -c 5000000 /dev/zero >&2; head -c 5000000 /dev/zero | tr '\\0' x").communicate());
        assertThat(out.exitCode()).isZero();
        assertThat(out.stderr()).hasSize(5_000_000);
        assertThat(out.stdout()).hasSize(5_000_000);
        assertThat(out.stdout()[4_999_999]).isEqualTo((byte) 'x');
    }

    @Test
    void aSlowReaderHoldsTheChildBackInsteadOfBuffering() {
        int limit = 1024;
        int[] max = {0};
        long total = Weft.run(() -> {
            Subprocess p = Subprocess.exec(List.of("head", "-c", "2000000", "/dev/zero"),
                    SubprocessOptions.defaults().limit(limit).stderr(Stdio.DISCARD));
            long n = 0;
            while (true) {
                for (int i = 0; i < 20; i++) {
                    Weft.yieldNow(); // give the pipe thread every chance to run ahead
                    max[0] = Math.max(max[0], p.stdout().buffered());
                }
                byte[] b = p.stdout().read(4096);
                if (b.length == 0) {
                    break;
                }
                n += b.length;
            }
            p.waitFor();
            return n;
        });
        assertThat(total).isEqualTo(2_000_000);
        // paused above 2 x limit, plus at most one chunk (<= 2 x limit) read meanwhile and the in-flight budget
        assertThat(max[0]).isLessThanOrEqualTo(6 * limit);
    }

    @Test
    void exitCodesAndReturnCode() {
        Weft.run(() -> {
            Subprocess p = Subprocess.shell("exit 7");
            assertThat(p.returnCode()).isNull();
            assertThat(p.waitFor()).isEqualTo(7);
            assertThat(p.returnCode()).isEqualTo(7);
            assertThat(p.waitFor()).isEqualTo(7); // again, at once
            assertThat(Subprocess.exec("false").waitFor()).isEqualTo(1);
            assertThat(Subprocess.exec("true").waitFor()).isZero();
            assertThat(p.pid()).isPositive();
        });
    }

    @Test
    void terminateSendsSigterm() {
        Weft.run(() -> {
            Subprocess p = Subprocess.exec("sleep", "60");
            assertThat(p.toHandle().isAlive()).isTrue();
            p.terminate();
            assertThat(p.waitFor()).isEqualTo(128 + 15);
            assertThat(p.toHandle().isAlive()).isFalse();
            p.terminate(); // after the exit: nothing
            p.kill();
        });
    }

    @Test
    void killSendsSigkill() {
        Weft.run(() -> {
            // a child that ignores SIGTERM only dies of SIGKILL
            Subprocess p = Subprocess.shell("trap '' TERM; echo ready; while :; do sleep 1; done");
            assertThat(utf8(p.stdout().readLine())).isEqualTo("ready\n");
            p.kill();
            assertThat(p.waitFor()).isEqualTo(128 + 9);
        });
    }

    @Test
    void cancellingATaskInWaitForLeavesTheChildRunning() {
        Weft.run(() -> {
            Subprocess p = Subprocess.exec("sleep", "60");
            Task<Integer> waiter = Weft.spawn(p::waitFor);
            Weft.yieldNow(); // the waiter is now suspended in waitFor
            assertThat(waiter.isDone()).isFalse();
            waiter.cancel();
            assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);
            assertThat(waiter.isCancelled()).isTrue();
            assertThat(p.returnCode()).isNull();
            assertThat(p.toHandle().isAlive()).isTrue();
            p.kill();
            assertThat(p.waitFor()).isEqualTo(128 + 9); // a later waitFor still works
        });
        // and Weft.run returned: the loop was not left waiting for the cancelled waiter or the child
    }

    @Test
    void cancellingCommunicateLeavesTheChildRunning() {
        Weft.run(() -> {
            Subprocess p = Subprocess.shell("echo started; exec sleep 60");
            Task<SubprocessOutput> t = Weft.spawn(() -> p.communicate());
            for (int i = 0; i < 5; i++) {
                Weft.yieldNow(); // t starts its readers and suspends
            }
            assertThat(t.isDone()).isFalse();
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(p.toHandle().isAlive()).isTrue();
            p.terminate();
            assertThat(p.waitFor()).isEqualTo(128 + 15);
        });
    }

    @Test
    void optionsDirectoryEnvironmentMergeAndDiscard(@TempDir Path dir) {
        Weft.run(() -> {
            SubprocessOutput out = Subprocess.shell("echo \"$WEFT_X\"; pwd; echo oops >&2",
                    SubprocessOptions.defaults().directory(dir).env("WEFT_X", "forty two").mergeStderr()).communicate();
            assertThat(out.stdoutText()).isEqualTo("forty two\n" + dir.toRealPath() + "\noops\n");
            assertThat(out.stderr()).isNull();

            Subprocess d = Subprocess.shell("cat; echo gone >&2",
                    SubprocessOptions.defaults().stdin(Stdio.DISCARD).stderr(Stdio.DISCARD));
            assertThatThrownBy(d::stdin).isInstanceOf(IllegalStateException.class).hasMessageContaining("not piped");
            assertThatThrownBy(d::stderr).isInstanceOf(IllegalStateException.class).hasMessageContaining("stderr");
            SubprocessOutput o2 = d.communicate();
            assertThat(o2.stdout()).isEmpty(); // cat read /dev/null
            assertThat(o2.stderr()).isNull();
            assertThat(o2.exitCode()).isZero();
        });
    }

    @Test
    void aMissingProgramIsAClearIOException() {
        Weft.run(() -> {
            assertThatThrownBy(() -> Subprocess.exec("weft-no-such-program-xyz", "arg"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("weft-no-such-program-xyz");
        });
    }

    @Test
    void execOutsideATaskIsAClearError() {
        assertThatThrownBy(() -> Subprocess.exec("true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a task");
    }

    @Test
    void writingToAChildThatExitedIsABrokenPipeNotAHang() {
        Weft.run(() -> {
            Subprocess p = Subprocess.exec("head", "-c", "1");
            byte[] big = new byte[4 * 1024 * 1024]; // far more than a pipe holds
            Arrays.fill(big, (byte) 'z');
            p.stdin().write(big);
            assertThatThrownBy(() -> p.stdin().drain())
                    .isInstanceOf(BrokenPipeException.class)
                    .hasMessageContaining("stdin of process " + p.pid());
            p.stdin().write(big); // dropped, as asyncio
            assertThatThrownBy(() -> p.stdin().drain()).isInstanceOf(BrokenPipeException.class);
            SubprocessOutput out = p.communicate(); // not an error for communicate
            assertThat(out.stdoutText()).isEqualTo("z");
            assertThat(out.exitCode()).isZero();
        });
    }

    @Test
    void communicateIgnoresInputTheChildDidNotRead() {
        SubprocessOutput out = Weft.run(() -> Subprocess.exec("true").communicate(new byte[1 << 20]));
        assertThat(out.exitCode()).isZero();
        assertThat(out.stdout()).isEmpty();
    }

    @Test
    void manyChildrenAtOnce() {
        List<String> outs = Weft.run(() -> {
            List<Task<String>> ts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int k = i;
                ts.add(Weft.spawn(() -> Subprocess.shell("echo " + k).communicate().stdoutText()));
            }
            List<String> r = new ArrayList<>();
            for (Task<String> t : ts) {
                r.add(t.await());
            }
            return r;
        });
        for (int i = 0; i < 20; i++) {
            assertThat(outs.get(i)).isEqualTo(i + "\n");
        }
    }
}
