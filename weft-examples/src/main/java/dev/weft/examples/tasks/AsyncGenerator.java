package dev.weft.examples.tasks;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.gen.Generator;
import dev.weft.Clock;
import java.io.PrintStream;
import java.time.Duration;

/**
 * An asynchronous generator (PEP 525) with no second syntax: a generator whose body sleeps between
 * the values it yields, consumed by a task's plain {@code for} loop (Python's {@code async for}) while
 * another task keeps running. Teaches that awaiting inside a generator suspends the task that drives
 * it, and only that task.
 */
public final class AsyncGenerator {
    private AsyncGenerator() {}

    /** Counts to {@code n}, sleeping {@code pause} before each value. */
    static Generator<Integer, Object, Void> ticker(int n, Duration pause) {
        return Generator.of(y -> {
            for (int i = 1; i <= n; i++) {
                Weft.sleep(pause); // an await inside a generator: the consuming task waits here
                y.yield(i);
            }
        });
    }

    /**
     * Runs a consumer of the ticker and a heartbeat task side by side.
     *
     * @param out where to print
     * @param pause the ticker's pause
     */
    public static void run(PrintStream out, Duration pause) {
        run(out, pause, Clock.system());
    }

    /**
     * As {@link #run(PrintStream, Duration)}, on a loop reading {@code clock}.
     *
     * @param out where to print
     * @param pause the ticker's pause
     * @param clock the loop's clock
     */
    public static void run(PrintStream out, Duration pause, Clock clock) {
        Weft.run(clock, () -> {
            Task<Void> heartbeat = Weft.spawn(() -> {
                while (true) {
                    out.println("  (heartbeat: the loop is free while the generator sleeps)");
                    Weft.sleep(pause.multipliedBy(2));
                }
            });
            for (int value : ticker(3, pause.multipliedBy(3))) { // `async for value in ticker()`
                out.println("got " + value);
            }
            heartbeat.cancel();
            return null;
        });
    }
}
