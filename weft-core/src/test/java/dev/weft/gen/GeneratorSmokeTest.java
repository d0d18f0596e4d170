package dev.weft.gen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeneratorSmokeTest {
    @Test
    void yieldsAndReturns() {
        var g = Generator.<Integer, Object, String>returning(y -> {
            y.yield(1);
            y.yield(2);
            return "done";
        });
        assertThat(g.next()).isEqualTo(1);
        assertThat(g.next()).isEqualTo(2);
        assertThat(g.hasNext()).isFalse();
        assertThat(g.result()).isEqualTo("done");
    }
}
