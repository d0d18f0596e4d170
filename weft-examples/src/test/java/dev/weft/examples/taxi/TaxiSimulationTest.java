package dev.weft.examples.taxi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.generators.Output;
import dev.weft.examples.taxi.Event.Action;
import dev.weft.gen.Generator;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TaxiSimulationTest {

    /** The demo's trace (3 taxis, minute 180, seed 7), pinned line for line. */
    @Test
    void printsTheSeededTrace() {
        assertThat(Output.of(out -> Simulator.run(out, 3, 180, 7))).containsExactly(
                "taxi: 0 Event[time=0, taxiId=0, action=leave garage]",
                "taxi: 1     Event[time=5, taxiId=1, action=leave garage]",
                "taxi: 0 Event[time=7, taxiId=0, action=pick up passenger]",
                "taxi: 2         Event[time=10, taxiId=2, action=leave garage]",
                "taxi: 1     Event[time=12, taxiId=1, action=pick up passenger]",
                "taxi: 0 Event[time=16, taxiId=0, action=drop off passenger]",
                "taxi: 0 Event[time=19, taxiId=0, action=pick up passenger]",
                "taxi: 0 Event[time=22, taxiId=0, action=drop off passenger]",
                "taxi: 2         Event[time=22, taxiId=2, action=pick up passenger]",
                "taxi: 2         Event[time=24, taxiId=2, action=drop off passenger]",
                "taxi: 0 Event[time=32, taxiId=0, action=going home]",
                "taxi: 1     Event[time=37, taxiId=1, action=drop off passenger]",
                "taxi: 2         Event[time=38, taxiId=2, action=pick up passenger]",
                "taxi: 1     Event[time=43, taxiId=1, action=pick up passenger]",
                "taxi: 1     Event[time=61, taxiId=1, action=drop off passenger]",
                "taxi: 1     Event[time=65, taxiId=1, action=pick up passenger]",
                "taxi: 2         Event[time=69, taxiId=2, action=drop off passenger]",
                "taxi: 1     Event[time=71, taxiId=1, action=drop off passenger]",
                "taxi: 2         Event[time=72, taxiId=2, action=pick up passenger]",
                "taxi: 2         Event[time=77, taxiId=2, action=drop off passenger]",
                "taxi: 1     Event[time=79, taxiId=1, action=pick up passenger]",
                "taxi: 2         Event[time=79, taxiId=2, action=pick up passenger]",
                "taxi: 2         Event[time=82, taxiId=2, action=drop off passenger]",
                "taxi: 2         Event[time=85, taxiId=2, action=pick up passenger]",
                "taxi: 2         Event[time=100, taxiId=2, action=drop off passenger]",
                "taxi: 2         Event[time=101, taxiId=2, action=pick up passenger]",
                "taxi: 1     Event[time=120, taxiId=1, action=drop off passenger]",
                "taxi: 2         Event[time=120, taxiId=2, action=drop off passenger]",
                "taxi: 2         Event[time=123, taxiId=2, action=going home]",
                "taxi: 1     Event[time=127, taxiId=1, action=going home]",
                "*** end of events ***");
    }

    @Test
    void stopsAtTheEndTimeAndCountsWhatIsPending() {
        List<String> lines = Output.of(out -> Simulator.run(out, 3, 40, 7));
        // taxi 0 went home at minute 32; taxis 1 and 2 each have their next event queued
        assertThat(lines).last().isEqualTo("*** end of simulation time: 2 events pending ***");
        assertThat(lines).element(lines.size() - 2).isEqualTo("taxi: 2         Event[time=38, taxiId=2, action=pick up passenger]");
    }

    /** For many seeds and end times: each taxi's day follows its grammar, and time never runs back. */
    @Test
    void everyTraceIsAWellFormedDay() {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        for (long seed = 0; seed < 300; seed++) {
            for (int taxis : new int[] {1, 3, 8}) {
                for (int endTime : new int[] {1, 25, 90, 180, 10_000}) {
                    List<Event> trace = Simulator.run(discard, taxis, endTime, seed);
                    checkDay(trace, taxis, endTime, "seed " + seed + ", " + taxis + " taxis, end " + endTime);
                }
            }
        }
    }

    private static void checkDay(List<Event> trace, int taxis, int endTime, String run) {
        for (int i = 1; i < trace.size(); i++) {
            assertThat(trace.get(i)).as(run + ": events in time order, ties in taxi order")
                    .isGreaterThan(trace.get(i - 1));
        }
        assertThat(trace).as(run).allSatisfy(e -> assertThat(e.time()).isLessThan(endTime));
        Map<Integer, List<Event>> byTaxi = trace.stream().collect(Collectors.groupingBy(Event::taxiId));
        boolean ranOut = endTime == 10_000; // long enough for every taxi to go home
        for (int id = 0; id < taxis; id++) {
            List<Event> day = byTaxi.getOrDefault(id, List.of());
            List<Action> expected = fullDay((id + 1) * 2);
            List<Action> actions = day.stream().map(Event::action).toList();
            if (ranOut) {
                assertThat(actions).as(run + ", taxi " + id + ": its whole day").isEqualTo(expected);
            } else {
                assertThat(actions).as(run + ", taxi " + id + ": a beginning of its day")
                        .isEqualTo(expected.subList(0, actions.size()));
            }
            if (!day.isEmpty()) {
                assertThat(day.getFirst().time()).as(run + ": taxi " + id + " leaves on schedule")
                        .isEqualTo(id * Taxi.DEPARTURE_INTERVAL);
            }
            for (int i = 1; i < day.size(); i++) {
                assertThat(day.get(i).time()).as(run + ", taxi " + id + ": every state lasts a minute or more")
                        .isGreaterThan(day.get(i - 1).time());
            }
        }
    }

    /** leave garage, (pick up, drop off) x trips, going home. */
    private static List<Action> fullDay(int trips) {
        List<Action> day = new ArrayList<>();
        day.add(Action.LEAVE_GARAGE);
        for (int i = 0; i < trips; i++) {
            day.add(Action.PICK_UP);
            day.add(Action.DROP_OFF);
        }
        day.add(Action.GOING_HOME);
        return day;
    }

    @Test
    void aTaxiIsAGeneratorThatEndsAfterGoingHome() {
        Generator<Event, Integer, Void> taxi = Taxi.taxi(4, 1, 3, new Random(1));
        Event leave = taxi.next();
        assertThat(leave).isEqualTo(new Event(3, 4, Action.LEAVE_GARAGE));
        Event pickUp = taxi.send(leave.time());
        Event dropOff = taxi.send(pickUp.time());
        Event home = taxi.send(dropOff.time());
        assertThat(List.of(pickUp.action(), dropOff.action(), home.action()))
                .containsExactly(Action.PICK_UP, Action.DROP_OFF, Action.GOING_HOME);
        assertThat(taxi.hasNext()).isFalse();
        assertThat(taxi.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void durationsAreWholeMinutesAroundTheirMean() {
        Random random = new Random(3);
        int n = 100_000;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int d = Taxi.duration(20, random);
            assertThat(d).isPositive();
            sum += d;
        }
        // int(Exp(mean 20)) + 1 averages about 20.5 (the floor loses ~0.5, the +1 adds 1)
        assertThat(sum / (double) n).isBetween(20.0, 21.0);
    }
}
