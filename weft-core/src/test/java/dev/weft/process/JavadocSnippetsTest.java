package dev.weft.process;

import static org.assertj.core.api.Assertions.*;

import dev.weft.Weft;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code {@snippet}} examples of this package's class javadoc, run as written. Unix commands.
 * Change the snippet and the test together.
 */
class JavadocSnippetsTest {
    @BeforeAll
    static void unix() {
        org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("os.name", "").startsWith("Windows"),
                "the snippets use Unix commands");
    }

    @Test
    void brokenPipeException() {
        Weft.run(() -> {
            boolean caught = false;
            // = the snippet of BrokenPipeException (plus `caught`, for the test)
            Subprocess p = Subprocess.exec("head", "-c", "10");
            try {
                p.stdin().write(new byte[1 << 20]);
                p.stdin().drain();
            } catch (BrokenPipeException e) {
                caught = true;
            }
            int code = p.waitFor();
            // what it says
            assertThat(caught).isTrue();
            assertThat(code).isZero();
            p.stdin().write(new byte[10]); // dropped
            assertThatThrownBy(() -> p.stdin().drain()).isInstanceOf(BrokenPipeException.class);
        });
    }

    @Test
    void subprocessOutput() {
        String got = Weft.run(() -> {
            // = the snippet of SubprocessOutput
            SubprocessOutput r = Subprocess.exec("sort").communicate("pear\napple\n");
            if (r.exitCode() != 0) {
                throw new IOException("sort failed: " + r.stderrText());
            }
            String sorted = r.stdoutText();
            // what it says
            assertThat(r.stderrText()).isEmpty();
            return sorted;
        });
        assertThat(got).isEqualTo("apple\npear\n");
    }

    @Test
    void stdio() {
        Weft.run(() -> {
            // = the snippet of Stdio
            SubprocessOptions o = SubprocessOptions.defaults()
                    .stdin(Stdio.DISCARD)
                    .stdout(Stdio.PIPE)
                    .stderr(Stdio.INHERIT);
            Subprocess p = Subprocess.exec(List.of("sh", "-c", "cat; echo done"), o);
            String out = new String(p.stdout().read(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            // what it says
            assertThat(out).isEqualTo("done\n");
            assertThat(code).isZero();
            assertThatThrownBy(p::stdin).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(p::stderr).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void stdinWriter() {
        String got = Weft.run(() -> {
            // = the snippet of StdinWriter
            Subprocess p = Subprocess.exec("wc", "-l");
            StdinWriter in = p.stdin();
            for (int i = 0; i < 1000; i++) {
                in.write("line " + i + "\n");
                if (i % 100 == 99) {
                    in.drain();
                }
            }
            in.close();
            String count = new String(p.stdout().read(), StandardCharsets.UTF_8).strip();
            // what it says
            assertThat(in.isClosing()).isTrue();
            assertThat(p.waitFor()).isZero();
            return count;
        });
        assertThat(got).isEqualTo("1000");
    }
}
