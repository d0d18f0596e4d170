package dev.weft.examples;

import dev.weft.examples.taxi.Simulator;
import java.io.PrintStream;

/** {@code ./weft demo taxi}: Fluent Python's taxi simulation, a generator per taxi. */
final class TaxiSection implements Section {
    @Override
    public String name() {
        return "taxi";
    }

    @Override
    public String summary() {
        return "a discrete-event simulation: one generator per taxi, the simulator is the event loop";
    }

    @Override
    public void run(PrintStream out) {
        out.println("Each taxi is a generator that yields an event at every change of state and is sent");
        out.println("back the time it happened. The simulator is the event loop: it keeps each taxi's next");
        out.println("event in a priority queue, takes the earliest, prints it, and resumes that taxi. One");
        out.println("thread, no clock: time jumps from event to event. The seed is fixed, so is the trace;");
        out.printf("taxi n is indented n steps. %d taxis, until minute %d or all have gone home:%n",
                Simulator.TAXIS, Simulator.END_TIME);
        out.println();
        Simulator.run(out);
    }
}
