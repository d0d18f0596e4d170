package dev.weft.examples;

import dev.weft.examples.generators.CloseAndFinally;
import dev.weft.examples.generators.GroupedAverages;
import dev.weft.examples.generators.ProducerConsumer;
import dev.weft.examples.generators.RunningAverage;
import dev.weft.examples.generators.ThrowInto;
import java.io.PrintStream;

/**
 * The generators section of the tour: the seed's producer/consumer first, then the rest of the
 * generator protocol in small demos (each one is a program in {@code dev.weft.examples.generators}).
 */
final class GeneratorsSection implements Section {
    @Override
    public String name() {
        return "generators";
    }

    @Override
    public String summary() {
        return "the classic producer/consumer: a generator fed with send(), in one thread, no locks";
    }

    @Override
    public void run(PrintStream out) {
        out.println("A generator's body stops at each yield and hands a value out; send(v) resumes it,");
        out.println("and v becomes the value of that yield. The consumer below is such a body: the");
        out.println("producer sends it each number and gets its reply, with no thread switch and no lock.");
        out.println();
        ProducerConsumer.run(out);

        demo(out, "A running average: state lives in the body's local variables between sends");
        RunningAverage.run(out);

        demo(out, "A coroutine returns its result; yieldFrom delegates to it (PEP 380), grouped per key");
        GroupedAverages.run(out);

        demo(out, "throwInto: an exception raised at the yield, handled or not");
        ThrowInto.run(out);

        demo(out, "close(): GeneratorExit at the yield, so finally blocks run");
        CloseAndFinally.run(out);
    }

    private static void demo(PrintStream out, String title) {
        out.println();
        out.println("-- " + title);
    }
}
