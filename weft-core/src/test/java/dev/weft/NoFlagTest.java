package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM without --add-exports: Weft runs on the portable backend and says once how to get the fast path. */
class NoFlagTest {
    record Outcome(int exit, String out, String err) {}

    static Outcome runWithout(String... props) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(props));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NoFlagMain.class.getName());
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheFlagWeftRunsPortablyAndNamesTheFlagOnce() throws Exception {
        Outcome o = runWithout();
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("backend=portable result=[a, g]");
        assertThat(o.err()).contains("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED");
        assertThat(o.err().split("add-exports", -1)).as("named once").hasSize(2);
    }

    @Test
    void forcingTheContinuationBackendWithoutTheFlagIsAClearError() throws Exception {
        Outcome o = runWithout("-Dweft.backend=continuation");
        assertThat(o.exit()).isNotZero();
        assertThat(o.err()).contains("weft.backend=continuation needs the JVM flag --add-exports java.base/jdk.internal.vm=ALL-UNNAMED");
    }

    @Test
    void anUnknownBackendIsAClearError() throws Exception {
        Outcome o = runWithout("-Dweft.backend=fibers");
        assertThat(o.exit()).isNotZero();
        assertThat(o.err()).contains("weft.backend=fibers is not a backend (expected: continuation or portable)");
    }
}
