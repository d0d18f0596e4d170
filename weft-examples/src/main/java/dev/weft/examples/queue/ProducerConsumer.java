package dev.weft.examples.queue;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Queue;
import dev.weft.sync.QueueShutDown;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The seed's producer/consumer, the modern way: a producer task and a consumer task hand the messages
 * 1 to 5 through a bounded {@link Queue} (maxsize 1) and the consumer replies through a second one.
 * Both tasks run on one thread, with no lock: they switch only where they wait on a queue. It prints
 * the same 15 lines, in the same order, as the generator version, which drives the consumer with
 * {@code send()}.
 */
public final class ProducerConsumer {
    private ProducerConsumer() {}

    /**
     * Runs the exchange on a new event loop.
     *
     * @param out receives each line
     * @return the names of the threads the two tasks ran on (one name: they share the loop's thread)
     */
    public static Set<String> run(Consumer<String> out) {
        return Weft.run(() -> {
            Set<String> threads = new LinkedHashSet<>();
            Queue<Integer> requests = new Queue<>(1);
            Queue<String> replies = new Queue<>(1);

            Task<Void> consumer = Weft.spawn(() -> {
                threads.add(Thread.currentThread().getName());
                while (true) {
                    int n;
                    try {
                        n = requests.get();          // waits for the producer
                    } catch (QueueShutDown e) {
                        return;                      // the producer is done
                    }
                    out.accept("[CONSUMER] Consuming " + n + "...");
                    replies.put("200 OK");
                }
            });

            threads.add(Thread.currentThread().getName());
            for (int n = 1; n <= 5; n++) {
                out.accept("[PRODUCER] Producing " + n + "...");
                requests.put(n);
                String r = replies.get();            // waits for the consumer's answer
                out.accept("[PRODUCER] Consumer return: " + r);
            }
            requests.shutdown();                     // the generator version's close()
            consumer.await();
            return threads;
        });
    }
}
