package dev.weft.examples.taxi;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * What it teaches: a discrete-event simulation is an event loop driving coroutines. Each taxi is a
 * {@link Generator} ({@link Taxi}); the simulator keeps one pending event per taxi in a priority queue
 * ordered by time, takes the earliest, prints it, and sends its time to the taxi it came from, which
 * runs until it yields its next event. No threads and no clock: simulated time jumps from event to
 * event, and hundreds of taxis would cost hundreds of small suspended generators, not threads.
 *
 * <p>This is the {@code Simulator} of Fluent Python's taxi simulation ({@code taxi_sim.py}, chapter
 * "Coroutines"), which is how asyncio's loop works too: a queue of things due, and coroutines resumed
 * one at a time. It stops at {@code endTime}, or when every taxi has gone home.
 *
 * <p>Run it: {@code ./weft demo taxi}.
 */
public final class Simulator {
    /** How many taxis the demo runs, as the original's default. */
    public static final int TAXIS = 3;
    /** The demo's end time in minutes, as the original's default. */
    public static final int END_TIME = 180;
    /** The demo's seed: one seed, one trace. */
    public static final long SEED = 7;

    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final List<Generator<Event, Integer, Void>> taxis;

    /**
     * A simulator for {@code taxis}; taxi {@code i} must yield events with taxi id {@code i}.
     *
     * @param taxis the taxis, not yet started, by id
     */
    public Simulator(List<Generator<Event, Integer, Void>> taxis) {
        this.taxis = new ArrayList<>(taxis); // an entry becomes null when that taxi goes home
    }

    /**
     * Runs the simulation, printing each event indented by its taxi's number, then how it ended.
     *
     * @param endTime events due at or after this minute are not run
     * @param out where the trace goes
     * @return the events run, in order
     */
    public List<Event> run(int endTime, PrintStream out) {
        List<Event> trace = new ArrayList<>();
        for (Generator<Event, Integer, Void> taxi : taxis) {
            events.add(taxi.next()); // start each taxi: it runs to its first yield, "leave garage"
        }
        while (!events.isEmpty() && events.peek().time() < endTime) {
            Event event = events.poll(); // the earliest event: simulated time jumps to it
            trace.add(event);
            out.println("taxi: " + event.taxiId() + " " + "    ".repeat(event.taxiId()) + event);
            Generator<Event, Integer, Void> taxi = taxis.get(event.taxiId());
            try {
                events.add(taxi.send(event.time())); // the taxi runs until it yields its next event
            } catch (StopIteration wentHome) {
                taxis.set(event.taxiId(), null); // its body returned after "going home"
            }
        }
        if (events.isEmpty()) {
            out.println("*** end of events ***");
        } else {
            out.println("*** end of simulation time: " + events.size() + " events pending ***");
        }
        return trace;
    }

    /**
     * Runs the original's default simulation: {@code taxis} taxis with a shared {@code Random(seed)}.
     *
     * @param out where the trace goes
     * @param taxis how many taxis
     * @param endTime the end time in minutes
     * @param seed the seed of the durations
     * @return the events run, in order
     */
    public static List<Event> run(PrintStream out, int taxis, int endTime, long seed) {
        return new Simulator(Taxi.fleet(taxis, new Random(seed))).run(endTime, out);
    }

    /**
     * Runs the demo's simulation ({@link #TAXIS} taxis, {@link #END_TIME}, {@link #SEED}).
     *
     * @param out where the trace goes
     */
    public static void run(PrintStream out) {
        run(out, TAXIS, END_TIME, SEED);
    }

    /**
     * Runs the example: {@code [taxis [endTime [seed]]]}.
     *
     * @param args optional taxis, end time, seed
     */
    public static void main(String[] args) {
        int taxis = args.length > 0 ? Integer.parseInt(args[0]) : TAXIS;
        int endTime = args.length > 1 ? Integer.parseInt(args[1]) : END_TIME;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : SEED;
        run(System.out, taxis, endTime, seed);
    }
}
