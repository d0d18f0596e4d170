package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.generators.Output;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaxiSectionTest {

    @Test
    void explainsThenPrintsTheWholeTrace() {
        List<String> lines = Output.of(out -> new TaxiSection().run(out));
        assertThat(lines.getFirst()).startsWith("Each taxi is a generator");
        assertThat(lines).contains("taxi: 0 Event[time=0, taxiId=0, action=leave garage]");
        assertThat(lines).filteredOn(l -> l.startsWith("taxi: ")).hasSize(30);
        assertThat(lines).last().isEqualTo("*** end of events ***");
    }

    @Test
    void isRegisteredInTheTour() {
        assertThat(Tour.SECTIONS).anySatisfy(s -> assertThat(s.name()).isEqualTo("taxi"));
    }
}
