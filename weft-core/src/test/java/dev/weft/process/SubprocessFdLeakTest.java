package dev.weft.process;

import static org.assertj.core.api.Assertions.*;

import dev.weft.Weft;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs about 200 short children in every way they can end (communicate, lines then wait, a broken
 * stdin pipe, terminate, kill, a missing program) and checks the process holds exactly as many file
 * descriptors afterwards as before. A warm-up round first opens what the JVM opens lazily.
 */
class SubprocessFdLeakTest {
    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void twoHundredChildrenLeaveNoDescriptorBehind() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")),
                "needs /proc/self/fd (Linux) to count open file descriptors");
        rounds(1); // warm-up
        long before = openFds();
        int children = rounds(34);
        long after = openFds();
        assertThat(children).isGreaterThanOrEqualTo(200);
        // Not more than before: a leak would add at least one per child (hundreds). Fewer is possible,
        // since descriptors of earlier tests in this JVM may be closed meanwhile (by a Cleaner, say).
        assertThat(after).as("open file descriptors after %d children", children).isLessThanOrEqualTo(before);
    }

    private static int rounds(int n) {
        return Weft.run(() -> {
            int children = 0;
            for (int i = 0; i < n; i++) {
                assertThat(Subprocess.exec("echo", "hi").communicate().stdoutText()).isEqualTo("hi\n");

                Subprocess a = Subprocess.exec("printf", "a\\nb\\n");
                int lines = 0;
                for (String ignored : a.stdout().lines()) {
                    lines++;
                }
                assertThat(lines).isEqualTo(2);
                assertThat(a.stderr().read()).isEmpty();
                assertThat(a.waitFor()).isZero();

                Subprocess b = Subprocess.exec("head", "-c", "1");
                b.stdin().write(new byte[256 * 1024]);
                assertThatThrownBy(() -> b.stdin().drain()).isInstanceOf(BrokenPipeException.class);
                b.communicate();

                Subprocess c = Subprocess.exec("sleep", "60");
                c.terminate();
                assertThat(c.communicate().exitCode()).isEqualTo(143);

                Subprocess d = Subprocess.exec("sleep", "60");
                d.kill();
                assertThat(d.communicate().exitCode()).isEqualTo(137);

                assertThatThrownBy(() -> Subprocess.exec("weft-no-such-program-xyz")).isInstanceOf(IOException.class);
                children += 6;
            }
            return children;
        });
    }
}
