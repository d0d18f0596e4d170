package dev.weft.examples.generators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gen.Generator;
import org.junit.jupiter.api.Test;

class RunningAverageTest {

    @Test
    void yieldsTheRunningAverage() {
        Generator<Double, Double, Void> avg = RunningAverage.averager();
        assertThat(avg.next()).isNull();
        assertThat(avg.send(10.0)).isEqualTo(10.0);
        assertThat(avg.send(30.0)).isEqualTo(20.0);
        assertThat(avg.send(5.0)).isEqualTo(15.0);
    }

    @Test
    void printsEachAverage() {
        assertThat(Output.of(RunningAverage::run)).containsExactly(
                "send(10.0) -> average 10.00",
                "send(30.0) -> average 20.00",
                "send( 5.0) -> average 15.00",
                "send(15.0) -> average 15.00");
    }
}
