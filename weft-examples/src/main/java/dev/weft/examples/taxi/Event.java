package dev.weft.examples.taxi;

import java.util.Comparator;

/**
 * One event of the taxi simulation: at {@code time} (minutes from the start), taxi {@code taxiId} does
 * {@code action}. Events order by time, then by taxi, so the simulator's queue is deterministic: two
 * taxis due at the same minute go in taxi order, as the original's {@code Event} namedtuples compare.
 *
 * @param time minutes since the simulation started
 * @param taxiId which taxi
 * @param action what it does
 */
public record Event(int time, int taxiId, Action action) implements Comparable<Event> {

    private static final Comparator<Event> ORDER =
            Comparator.comparingInt(Event::time).thenComparingInt(Event::taxiId);

    /** What a taxi can do, in the order of its day. */
    public enum Action {
        /** The first event of every taxi. */
        LEAVE_GARAGE("leave garage"),
        /** Ends a search for a passenger, starts a trip. */
        PICK_UP("pick up passenger"),
        /** Ends a trip, starts a new search. */
        DROP_OFF("drop off passenger"),
        /** The last event of every taxi. */
        GOING_HOME("going home");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        /** The words the trace prints, as in the original: {@code "pick up passenger"}. */
        @Override
        public String toString() {
            return label;
        }
    }

    @Override
    public int compareTo(Event other) {
        return ORDER.compare(this, other);
    }
}
