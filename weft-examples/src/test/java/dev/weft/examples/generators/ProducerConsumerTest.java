package dev.weft.examples.generators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gen.Generator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerConsumerTest {

    @Test
    void printsTheSeedsFifteenLinesInOrder() {
        List<String> lines = Output.of(ProducerConsumer::run);
        List<String> protocol = lines.stream().filter(l -> l.startsWith("[")).toList();
        assertThat(protocol).hasSize(15).containsExactlyElementsOf(Output.seedLines());
        assertThat(lines.subList(0, 15)).containsExactlyElementsOf(Output.seedLines());
    }

    @Test
    void saysOnceThatBothRanOnOneThread() {
        List<String> lines = Output.of(ProducerConsumer::run);
        assertThat(lines).hasSize(16);
        assertThat(lines.get(15))
                .isEqualTo("(producer and consumer both ran on thread \"" + Thread.currentThread().getName() + "\")");
    }

    @Test
    void consumerIsClosedAtTheEnd() {
        String[] thread = new String[1];
        Generator<String, Integer, Void> c = ProducerConsumer.consumer(new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()), thread);
        ProducerConsumer.produce(c, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(c.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(thread[0]).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void consumerRepliesEmptyFirstThenOkAndStopsOnNull() {
        Generator<String, Integer, Void> c = ProducerConsumer.consumer(
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), new String[1]);
        assertThat(c.send(null)).isEmpty();
        assertThat(c.send(7)).isEqualTo("200 OK");
        assertThat(c.hasNext()).isFalse(); // next() sends null: "if not n: return"
    }
}
