package dev.weft.examples.generators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CloseAndFinallyTest {

    @Test
    void fourWaysToClose() {
        assertThat(Output.of(CloseAndFinally::run)).containsExactly(
                "1. try-with-resources, leaving after two lines:",
                "  open file",
                "  read line 1",
                "  read line 2",
                "  close file (finally ran)",
                "2. closing a generator that never started:",
                "  state CLOSED, and the body never ran (no 'open file')",
                "3. a body that catches the exit and returns a value:",
                "  result() after close: 2",
                "4. a body that keeps yielding after the exit:",
                "  close() threw: generator ignored GeneratorExit; state SUSPENDED",
                "  a second close() finished it: state CLOSED");
    }
}
