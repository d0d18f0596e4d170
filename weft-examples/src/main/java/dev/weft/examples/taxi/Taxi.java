package dev.weft.examples.taxi;

import dev.weft.examples.taxi.Event.Action;
import dev.weft.gen.Generator;
import java.util.Random;

/**
 * A taxi's working day as a generator: it yields one {@link Event} for each change of state (leave the
 * garage, pick up a passenger, drop them off, ..., go home) and is sent back the simulation time at
 * which that event happened. Between two yields the taxi is simply suspended: its state (which trip
 * it is on) is the position in its own code and the local variable {@code time}, not a field of a
 * state machine.
 *
 * <p>This is {@code taxi_process} from Fluent Python's taxi simulation, line for line:
 *
 * <pre>
 * def taxi_process(ident, trips, start_time=0):
 *     time = yield Event(start_time, ident, 'leave garage')
 *     for i in range(trips):
 *         time = yield Event(time, ident, 'pick up passenger')
 *         time = yield Event(time, ident, 'drop off passenger')
 *     yield Event(time, ident, 'going home')
 * </pre>
 *
 * with one change: in the original the simulator draws every duration (its {@code compute_duration}
 * knows what each action means); here the taxi draws its own, so the simulator knows nothing about
 * taxis and is a plain event loop.
 */
public final class Taxi {
    /** Mean minutes a taxi cruises before it finds a passenger (the original's SEARCH_DURATION). */
    public static final int SEARCH_MINUTES = 5;
    /** Mean minutes of a trip (the original's TRIP_DURATION). */
    public static final int TRIP_MINUTES = 20;
    /** Minutes between two taxis leaving the garage (the original's DEPARTURE_INTERVAL). */
    public static final int DEPARTURE_INTERVAL = 5;

    private Taxi() {}

    /**
     * A taxi: leaves the garage at {@code startTime}, makes {@code trips} trips, goes home.
     *
     * @param id its number, 0 upwards
     * @param trips how many passengers it carries
     * @param startTime the minute it leaves the garage
     * @param random where its durations come from (shared by all taxis: one seed, one trace)
     * @return a new, not yet started taxi; each {@code send(t)} tells it its last event happened at t
     */
    public static Generator<Event, Integer, Void> taxi(int id, int trips, int startTime, Random random) {
        return Generator.of(y -> {
            int time = y.yield(new Event(startTime, id, Action.LEAVE_GARAGE)); // the simulator says when it happened
            for (int i = 0; i < trips; i++) {
                time = y.yield(new Event(time + duration(SEARCH_MINUTES, random), id, Action.PICK_UP));
                time = y.yield(new Event(time + duration(TRIP_MINUTES, random), id, Action.DROP_OFF));
            }
            y.yield(new Event(time + duration(SEARCH_MINUTES, random), id, Action.GOING_HOME));
            // returning ends the generator: the simulator's send gets StopIteration and drops this taxi
        });
    }

    /**
     * The fleet of the original: taxi {@code i} leaves at {@code i * DEPARTURE_INTERVAL} and makes
     * {@code (i + 1) * 2} trips.
     *
     * @param count how many taxis
     * @param random their shared source of durations
     * @return the taxis, by id
     */
    public static java.util.List<Generator<Event, Integer, Void>> fleet(int count, Random random) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> taxi(i, (i + 1) * 2, i * DEPARTURE_INTERVAL, random))
                .toList();
    }

    /**
     * A whole number of minutes, at least 1, exponentially distributed around {@code mean}: the
     * original's {@code int(random.expovariate(1 / mean)) + 1}.
     */
    static int duration(int mean, Random random) {
        return (int) (-Math.log(1 - random.nextDouble()) * mean) + 1;
    }
}
