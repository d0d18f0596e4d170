package dev.weft.examples.generators;

import dev.weft.gen.Generator;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What it teaches: a coroutine keeps state between sends. The averager below holds a running total
 * and count in ordinary local variables; each {@code send(term)} resumes it with a new term and gets
 * the updated average back. It has to be primed first ({@code next()} runs it to its first
 * {@code yield}), which is why a coroutine that is fed with {@code send} always starts with one
 * {@code next()} or {@code send(null)}.
 */
public final class RunningAverage {

    private RunningAverage() {}

    /**
     * A coroutine that yields the average of every term sent so far (null before the first).
     *
     * @return a new, not yet primed averager
     */
    public static Generator<Double, Double, Void> averager() {
        return Generator.of(y -> {
            double total = 0;
            int count = 0;
            Double average = null;
            while (true) {
                double term = y.yield(average); // hands the average out, waits for the next term
                total += term;
                count++;
                average = total / count;
            }
        });
    }

    /**
     * Feeds a few terms and prints each running average.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        try (Generator<Double, Double, Void> avg = averager()) { // close() ends it when we are done
            avg.next(); // prime: runs to the first yield, which hands out null
            for (double term : new double[] {10, 30, 5, 15}) {
                out.printf(Locale.ROOT, "send(%4.1f) -> average %5.2f%n", term, avg.send(term));
            }
        }
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
