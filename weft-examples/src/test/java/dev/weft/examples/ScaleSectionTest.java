package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleSectionTest {
    /** The section itself runs 100,000-strong crowds for seconds: ScaleTableTest runs the table small. */
    @Test
    void isRegisteredInTheTourBetweenTheQueueAndTheTaxis() {
        List<String> names = Tour.SECTIONS.stream().map(Section::name).toList();
        assertThat(names).contains("queue", "scale", "taxi");
        assertThat(names.indexOf("scale")).isGreaterThan(names.indexOf("queue")).isLessThan(names.indexOf("taxi"));
    }
}
