package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Timer order on the virtual clock, as a property (kept apart from the JUnit tests: one engine per class). */
class TimerOrderPropertyTest {

    /** Random timers fire in (deadline, scheduling order), each exactly at its deadline. */
    @Property(tries = 200)
    void timersFireInDeadlineThenSchedulingOrder(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = -5, max = 50) Integer> delaysMs) {
        record Timer(int seq, long deadline) {}
        List<Timer> fired = new ArrayList<>();
        try (EventLoop loop = new EventLoop(new VirtualClock())) {
            for (int i = 0; i < delaysMs.size(); i++) {
                int seq = i;
                loop.callLater(Duration.ofMillis(delaysMs.get(i)), () -> fired.add(new Timer(seq, loop.nanoTime())));
            }
            loop.callLater(Duration.ofMillis(51), loop::stop);
            loop.runForever();
        }
        // A negative delay means "due now": it fires at time 0, ordered by its (earlier) deadline.
        assertThat(fired.stream().map(Timer::seq).toList()).isEqualTo(delaysSorted(delaysMs));
        for (Timer t : fired) {
            assertThat(t.deadline()).isEqualTo(Math.max(0, delaysMs.get(t.seq())) * 1_000_000L);
        }
    }

    /** The scheduling order sorted by raw deadline (negative delays included), ties by scheduling order. */
    private static List<Integer> delaysSorted(List<Integer> delaysMs) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < delaysMs.size(); i++) {
            idx.add(i);
        }
        idx.sort(Comparator.<Integer>comparingInt(delaysMs::get).thenComparingInt(i -> i));
        return idx;
    }
}
