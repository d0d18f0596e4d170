package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.generators.Output;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorsSectionTest {

    @Test
    void printsTheSeedsFifteenLinesAsOneBlock() {
        List<String> lines = Output.of(out -> new GeneratorsSection().run(out));
        int start = Collections.indexOfSubList(lines, Output.seedLines());
        assertThat(start).as("the 15 producer/consumer lines, contiguous and in order").isNotNegative();
        assertThat(lines.stream().filter(l -> l.startsWith("[PRODUCER]") || l.startsWith("[CONSUMER]")))
                .hasSize(15);
    }

    @Test
    void runsTheOtherDemosAfterIt() {
        List<String> lines = Output.of(out -> new GeneratorsSection().run(out));
        assertThat(lines).contains(
                "send(30.0) -> average 20.00",
                "10 girls averaging 42.04kg",
                "after a handled throwInto: state SUSPENDED, logged 2",
                "  close file (finally ran)");
    }

    @Test
    void isRegisteredInTheTour() {
        assertThat(Tour.SECTIONS).anySatisfy(s -> assertThat(s.name()).isEqualTo("generators"));
    }
}
