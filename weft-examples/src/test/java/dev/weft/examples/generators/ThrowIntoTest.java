package dev.weft.examples.generators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThrowIntoTest {

    @Test
    void handledThenUnhandled() {
        assertThat(Output.of(ThrowInto::run)).containsExactly(
                "  logger: started",
                "  logger: reading 20.5",
                "  logger: reading 21.0",
                "  logger: glitch handled (spike), carrying on",
                "after a handled throwInto: state SUSPENDED, logged 2",
                "  logger: reading 21.5",
                "after an unhandled throwInto: state CLOSED, caught \"sensor unplugged\" (same object: true)");
    }
}
