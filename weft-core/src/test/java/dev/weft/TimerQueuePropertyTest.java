package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * TimerQueue against a sorted-set model: any mix of in-order adds (the sorted run), out-of-order adds
 * (the heap), cancellations anywhere (holes, compaction) and polls keeps (deadline, seq) order, the
 * size, and every entry's index (-1 once it left).
 */
class TimerQueuePropertyTest {
    private record Entry(TimerHandle handle, long deadline, int seq) {}

    private static final Comparator<Entry> ORDER =
            Comparator.comparingLong(Entry::deadline).thenComparingInt(Entry::seq);

    /**
     * Each op is a number: 0-49 add in order (the last deadline plus op % 5), 50-64 add anywhere
     * (deadline op * 7 % 101), 65-84 cancel the queued entry at (op * 31) modulo their number,
     * 85-99 poll.
     */
    @Property(tries = 300)
    void ordersLikeASortedSet(@ForAll @Size(min = 1, max = 400) List<@IntRange(min = 0, max = 99) Integer> ops) {
        TimerQueue q = new TimerQueue();
        TreeSet<Entry> model = new TreeSet<>(ORDER);
        List<Entry> gone = new ArrayList<>();
        long last = 0;
        int seq = 0;
        for (int op : ops) {
            if (op < 65) {
                long d = op < 50 ? last + op % 5 : op * 7L % 101;
                last = Math.max(last, d);
                Entry e = new Entry(new TimerHandle(null, d, () -> {}), d, seq++);
                q.add(e.handle(), d, e.seq());
                model.add(e);
            } else if (op < 85) {
                if (!model.isEmpty()) {
                    Entry e = new ArrayList<>(model).get(op * 31 % model.size());
                    q.remove(e.handle());
                    q.remove(e.handle()); // a second cancel is a no-op
                    model.remove(e);
                    gone.add(e);
                }
            } else if (!model.isEmpty()) {
                Entry first = model.pollFirst();
                assertThat(q.firstDeadline()).isEqualTo(first.deadline());
                assertThat(q.poll()).isSameAs(first.handle());
                gone.add(first);
            }
            assertThat(q.size()).isEqualTo(model.size());
            assertThat(q.isEmpty()).isEqualTo(model.isEmpty());
            if (!model.isEmpty()) {
                assertThat(q.firstDeadline()).isEqualTo(model.first().deadline());
            }
        }
        for (Entry e : gone) {
            assertThat(e.handle().heapIndex).isEqualTo(-1);
        }
        for (Entry e : model) {
            assertThat(e.handle().heapIndex).isNotEqualTo(-1);
        }
        while (!model.isEmpty()) {
            assertThat(q.poll()).isSameAs(model.pollFirst().handle());
        }
        assertThat(q.isEmpty()).isTrue();
    }

    /** Many cancelled in-order timers (timeouts that did not fire) leave no growing trail of holes. */
    @Property(tries = 20)
    void cancelledInOrderTimersAreCompactedAway(@ForAll @IntRange(min = 1, max = 50) int keep) {
        TimerQueue q = new TimerQueue();
        List<TimerHandle> kept = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            TimerHandle h = new TimerHandle(null, i, () -> {});
            q.add(h, i, i);
            if (i % 2000 < keep) {
                kept.add(h);
            } else {
                q.remove(h);
            }
        }
        assertThat(q.size()).isEqualTo(kept.size());
        assertThat(q.runSlots()).isLessThan(2 * kept.size() + 64);
        for (TimerHandle h : kept) {
            assertThat(q.poll()).isSameAs(h);
        }
        assertThat(q.isEmpty()).isTrue();
    }

    /** clear() empties both parts and marks every entry as not queued. */
    @Property(tries = 20)
    void clearEmptiesBothParts(@ForAll @Size(min = 1, max = 100) List<@IntRange(min = 0, max = 1000) Integer> deadlines) {
        TimerQueue q = new TimerQueue();
        List<TimerHandle> all = new ArrayList<>();
        int seq = 0;
        for (int d : deadlines) {
            TimerHandle h = new TimerHandle(null, d, () -> {});
            q.add(h, d, seq++);
            all.add(h);
        }
        q.clear();
        assertThat(q.isEmpty()).isTrue();
        assertThat(all).allSatisfy(h -> assertThat(h.heapIndex).isEqualTo(-1));
        TimerHandle again = new TimerHandle(null, 5, () -> {});
        q.add(again, 5, seq);
        assertThat(q.poll()).isSameAs(again);
    }
}
