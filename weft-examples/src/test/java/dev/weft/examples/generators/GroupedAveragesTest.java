package dev.weft.examples.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.gen.Generator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupedAveragesTest {

    @Test
    void averagerReturnsCountAndAverageWhenSentNull() {
        Generator<Void, Double, GroupedAverages.Result> avg = GroupedAverages.averager();
        avg.next();
        avg.send(1.0);
        avg.send(2.0);
        avg.send(6.0);
        assertThat(avg.hasNext()).isFalse(); // next() sends the null sentinel
        assertThat(avg.result()).isEqualTo(new GroupedAverages.Result(3, 3.0));
    }

    @Test
    void grouperStoresEachAveragersResultAndStartsAnother() {
        Map<String, GroupedAverages.Result> results = new HashMap<>();
        Generator<Void, Double, Void> group = GroupedAverages.grouper(results, "k");
        group.next();
        group.send(4.0);
        group.send(null);
        assertThat(results).containsEntry("k", new GroupedAverages.Result(1, 4.0));
        group.send(10.0); // the second averager
        group.send(20.0);
        group.send(null);
        assertThat(results).containsEntry("k", new GroupedAverages.Result(2, 15.0));
        group.close();
    }

    @Test
    void averagesTheSampleData() {
        Map<String, GroupedAverages.Result> r = GroupedAverages.averageAll(GroupedAverages.DATA);
        assertThat(r.get("girls;kg").count()).isEqualTo(10);
        assertThat(r.get("girls;kg").average()).isCloseTo(42.04, within(0.005));
        assertThat(r.get("boys;m").count()).isEqualTo(9);
        assertThat(r.get("boys;m").average()).isCloseTo(1.3889, within(0.0001));
    }

    @Test
    void printsTheReport() {
        assertThat(Output.of(GroupedAverages::run)).containsExactly(
                " 9 boys  averaging 40.42kg",
                " 9 boys  averaging 1.39m",
                "10 girls averaging 42.04kg",
                "10 girls averaging 1.43m");
    }

    @Test
    void anEmptyGroupAveragesToNaN() {
        Map<String, GroupedAverages.Result> r = GroupedAverages.averageAll(Map.of("none", List.of()));
        assertThat(r.get("none").count()).isZero();
        assertThat(r.get("none").average()).isNaN();
    }
}
