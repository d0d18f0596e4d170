package dev.weft.examples;

import java.io.PrintStream;

/** One section of the demo tour: {@code ./weft demo <name>}. */
public interface Section {
    /** The name typed after {@code ./weft demo}. */
    String name();

    /** One line saying what the section shows and what it proves. */
    String summary();

    /** Runs the section, printing to {@code out}. */
    void run(PrintStream out) throws Exception;
}
