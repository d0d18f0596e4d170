package dev.weft.gen;

import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code {@snippet}} examples of this package's class javadoc, run as written ({@code
 * System.out.println} records into a list). Change the snippet and the test together.
 */
class JavadocSnippetsTest {
    private final List<String> printed = new ArrayList<>();

    @Test
    void generatorExit() {
        // = the snippet of GeneratorExit
        Generator<Integer, Void, Void> counter = Generator.of(y -> {
            try {
                for (int i = 0; ; i++) {
                    y.yield(i);
                }
            } finally {
                printed.add("cleaned up");
            }
        });
        Integer first = counter.next();
        counter.close();
        // what it says
        assertThat(first).isZero();
        assertThat(printed).containsExactly("cleaned up");
        assertThat(counter.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void stopIteration() {
        List<Integer> seen = new ArrayList<>();
        int[] total = {-1};
        // = the snippet of StopIteration
        Generator<Integer, Integer, Integer> summer = Generator.returning(y -> {
            int sum = 0;
            Integer n;
            while ((n = y.yield(sum)) != null) {
                sum += n;
            }
            return sum;
        });
        seen.add(summer.next());
        seen.add(summer.send(3));
        seen.add(summer.send(4));
        try {
            summer.send(null);
        } catch (StopIteration e) {
            total[0] = e.value();
        }
        // what it says
        assertThat(seen).containsExactly(0, 3, 7);
        assertThat(total[0]).isEqualTo(7);
    }

    @Test
    void yielder() {
        // = the snippet of Yielder
        Generator<String, Void, Integer> inner = Generator.returning(y -> {
            y.yieldAll(List.of("a", "b"));
            return 2;
        });
        Generator<String, Void, Void> outer = Generator.of(y -> {
            y.yield("start");
            int n = y.yieldFrom(inner);
            y.yield("inner gave " + n);
        });
        for (String s : outer) {
            printed.add(s);
        }
        // what it says
        assertThat(printed).containsExactly("start", "a", "b", "inner gave 2");
    }
}
