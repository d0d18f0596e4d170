package dev.weft.examples.generators;

import dev.weft.gen.Generator;
import java.io.PrintStream;

/**
 * What it teaches: a generator is a coroutine you can <em>send</em> values into. The consumer below is
 * a generator body that waits at {@code yield} for each number, handles it, and yields a reply back;
 * the producer drives it with {@code send}. Control passes back and forth on one thread: no threads,
 * no locks, no queues. This is the classic Python seed, line for line:
 *
 * <pre>
 * def consumer():
 *     r = ''
 *     while True:
 *         n = yield r
 *         if not n:
 *             return
 *         print('[CONSUMER] Consuming %s...' % n)
 *         r = '200 OK'
 *
 * def produce(c):
 *     c.send(None)
 *     n = 0
 *     while n &lt; 5:
 *         n = n + 1
 *         print('[PRODUCER] Producing %s...' % n)
 *         r = c.send(n)
 *         print('[PRODUCER] Consumer return: %s' % r)
 *     c.close()
 * </pre>
 *
 * Run it: {@code ./weft demo generators}.
 */
public final class ProducerConsumer {

    private ProducerConsumer() {}

    /**
     * The consumer: receives each number through {@code yield}, prints it, and yields back "200 OK".
     * A null (or nothing sent) ends it, as Python's {@code if not n: return}.
     *
     * @param out where it prints
     * @param threads records the thread the consumer runs on (for the one-thread remark)
     * @return a new, not yet started consumer
     */
    static Generator<String, Integer, Void> consumer(PrintStream out, String[] threads) {
        return Generator.of(y -> {
            threads[0] = Thread.currentThread().getName();
            String r = "";
            while (true) {
                Integer n = y.yield(r); // hands r out, then waits here for the next send(n)
                if (n == null) {
                    return;
                }
                out.println("[CONSUMER] Consuming " + n + "...");
                r = "200 OK";
            }
        });
    }

    /**
     * The producer: starts the consumer, sends it 1..5, prints each reply, then closes it.
     *
     * @param c the consumer
     * @param out where it prints
     */
    static void produce(Generator<String, Integer, Void> c, PrintStream out) {
        c.send(null); // start it: the body runs to its first yield
        int n = 0;
        while (n < 5) {
            n = n + 1;
            out.println("[PRODUCER] Producing " + n + "...");
            String r = c.send(n); // the consumer runs until it yields its reply
            out.println("[PRODUCER] Consumer return: " + r);
        }
        c.close(); // raises GeneratorExit at the consumer's yield; it is finished
    }

    /**
     * Runs the producer against a consumer, then says which thread both ran on.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        String[] consumerThread = new String[1];
        produce(consumer(out, consumerThread), out);
        String producerThread = Thread.currentThread().getName();
        out.println("(producer and consumer both ran on thread \"" + producerThread + "\""
                + (producerThread.equals(consumerThread[0]) ? "" : " -- NOT the consumer's: " + consumerThread[0])
                + ")");
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }
}
