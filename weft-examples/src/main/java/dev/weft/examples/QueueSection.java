package dev.weft.examples;

import dev.weft.examples.queue.ProducerConsumer;
import java.io.PrintStream;
import java.util.Set;

/** The producer/consumer of the generators section, as two tasks and a bounded queue. */
final class QueueSection implements Section {
    @Override
    public String name() {
        return "queue";
    }

    @Override
    public String summary() {
        return "the same producer/consumer as two tasks and a bounded Queue: one thread, no locks";
    }

    @Override
    public void run(PrintStream out) {
        Set<String> threads = ProducerConsumer.run(out::println);
        out.println("(producer and consumer ran on " + threads.size() + " thread: " + String.join(", ", threads) + ")");
    }
}
