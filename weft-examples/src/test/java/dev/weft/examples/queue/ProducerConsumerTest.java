package dev.weft.examples.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProducerConsumerTest {
    @Test
    void printsTheSameFifteenLinesAsTheGeneratorVersion() {
        List<String> lines = new ArrayList<>();
        Set<String> threads = ProducerConsumer.run(lines::add);
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            expected.add("[PRODUCER] Producing " + n + "...");
            expected.add("[CONSUMER] Consuming " + n + "...");
            expected.add("[PRODUCER] Consumer return: 200 OK");
        }
        assertThat(lines).containsExactlyElementsOf(expected).hasSize(15);
        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }
}
