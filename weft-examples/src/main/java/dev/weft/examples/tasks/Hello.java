package dev.weft.examples.tasks;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.Clock;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The seed's "hello": two tasks each print a line, sleep one second, print another. Teaches that tasks
 * of one loop share one thread, and that a sleeping task lets the others run: both finish in about
 * one second, not two.
 *
 * <p>asyncio: {@code asyncio.run(asyncio.gather(hello(), hello()))}.
 */
public final class Hello {
    private Hello() {}

    /**
     * Runs the two tasks on the real clock, printing to {@code out}.
     *
     * @param out where to print
     * @param pause how long each task sleeps
     * @return the time taken on the loop's clock, in seconds
     */
    public static double run(PrintStream out, Duration pause) {
        return run(out, pause, Clock.system());
    }

    /**
     * Runs the two tasks on a loop reading {@code clock}.
     *
     * @param out where to print
     * @param pause how long each task sleeps
     * @param clock the loop's clock (a VirtualClock in tests)
     * @return the time taken on the loop's clock, in seconds
     */
    public static double run(PrintStream out, Duration pause, Clock clock) {
        return Weft.run(clock, () -> {
            double start = Weft.loop().time();
            Task<Void> a = Weft.spawn(() -> hello(out, pause));
            Task<Void> b = Weft.spawn(() -> hello(out, pause));
            Weft.gather(a, b).await(); // both run at once; this task waits for the pair
            return Weft.loop().time() - start;
        });
    }

    static void hello(PrintStream out, Duration pause) {
        out.println("Hello world! (" + Thread.currentThread() + ")");
        Weft.sleep(pause); // suspends this task only: the other one runs meanwhile
        out.println("Hello again! (" + Thread.currentThread() + ")");
    }

    public static void main(String[] args) {
        double took = run(System.out, Duration.ofSeconds(1));
        System.out.printf("Both tasks finished in %.2f s (one sleep, not two).%n", took);
    }
}
