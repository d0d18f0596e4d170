package dev.weft.examples.process;

import static org.assertj.core.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelCommandsTest {
    @Test
    void runsEveryCommandAndPrintsEachResultOnce() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<ParallelCommands.Result> rs = ParallelCommands.runAll(
                List.of("echo one", "printf 'a\\nb\\nc\\n' | wc -l", "echo oops >&2; exit 3"),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(rs).extracting(ParallelCommands.Result::output).containsExactlyInAnyOrder("one", "3", "");
        assertThat(rs).filteredOn(r -> r.command().contains("exit 3")).singleElement()
                .extracting(ParallelCommands.Result::exitCode).isEqualTo(3);
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines()).hasSize(3);
        assertThat(printed).contains("-> one").contains("-> 3").contains("[exit 3]");
    }

    @Test
    void theDemoRuns() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new ParallelCommands().run(new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("-> slow").contains("-> fast").contains("-> 3");
    }
}
