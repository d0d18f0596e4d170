package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupSectionTest {
    @Test
    void isRegisteredInTheTourAtTheEnd() {
        assertThat(Tour.SECTIONS.get(Tour.SECTIONS.size() - 1)).isInstanceOf(GroupSection.class);
        assertThat(new GroupSection().name()).isEqualTo("group");
    }
}
