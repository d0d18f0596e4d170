package dev.weft.examples;

import java.io.PrintStream;

/** Placeholder until the generators example lands. */
final class GeneratorsSection implements Section {
    @Override
    public String name() {
        return "generators";
    }

    @Override
    public String summary() {
        return "the seed's producer/consumer: a generator fed with send(), in one thread, no locks";
    }

    @Override
    public void run(PrintStream out) {
        out.println("(coming)");
    }
}
