package dev.weft.examples.generators;

import dev.weft.gen.Generator;
import dev.weft.gen.GeneratorExit;
import java.io.PrintStream;

/**
 * What it teaches: {@code close()} stops a suspended generator cleanly. It raises
 * {@link GeneratorExit} at the {@code yield} where the body waits, so the body's {@code finally}
 * blocks run, the way a resource-holding generator releases what it holds. A generator is
 * {@link AutoCloseable}: try-with-resources closes it. Closing a generator that never started does
 * not run its body at all; a body may catch the exit and return a value; a body that tries to keep
 * yielding after the exit makes {@code close()} fail.
 */
public final class CloseAndFinally {

    private CloseAndFinally() {}

    /**
     * A generator that "opens a file", yields its lines, and closes the file in {@code finally}.
     *
     * @param out where it prints
     * @return a new reader of an endless file
     */
    static Generator<String, Object, Void> lines(PrintStream out) {
        return Generator.of(y -> {
            out.println("  open file");
            try {
                for (int n = 1; ; n++) {
                    y.yield("line " + n);
                }
            } finally {
                out.println("  close file (finally ran)");
            }
        });
    }

    /**
     * Shows close in four situations.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        out.println("1. try-with-resources, leaving after two lines:");
        try (Generator<String, Object, Void> g = lines(out)) {
            out.println("  read " + g.next());
            out.println("  read " + g.next());
        }

        out.println("2. closing a generator that never started:");
        Generator<String, Object, Void> unstarted = lines(out);
        unstarted.close();
        out.println("  state " + unstarted.state() + ", and the body never ran (no 'open file')");

        out.println("3. a body that catches the exit and returns a value:");
        Generator<String, Object, Integer> counting = Generator.returning(y -> {
            int seen = 0;
            try {
                while (true) {
                    y.yield("item");
                    seen++;
                }
            } catch (GeneratorExit e) {
                return seen; // kept in result()
            }
        });
        counting.next();
        counting.next();
        counting.next();
        counting.close();
        out.println("  result() after close: " + counting.result());

        out.println("4. a body that keeps yielding after the exit:");
        Generator<String, Object, Void> stubborn = Generator.of(y -> {
            try {
                y.yield("first");
            } catch (GeneratorExit e) {
                y.yield("I will not stop"); // wrong: a closed generator must not yield
            }
        });
        stubborn.next();
        try {
            stubborn.close();
        } catch (IllegalStateException e) {
            out.println("  close() threw: " + e.getMessage() + "; state " + stubborn.state());
        }
        stubborn.close(); // this time the exit reaches the second yield and goes through
        out.println("  a second close() finished it: state " + stubborn.state());
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
