package dev.weft.sync;

import static dev.weft.sync.T.*;
import static org.assertj.core.api.Assertions.*;

import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Behaviour of CPython 3.13 test_locks.py EventTests. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventTest {

    @Test
    void toStringShowsState() {
        run(() -> {
            Event ev = new Event();
            assertThat(ev).hasToString("Event[unset]");
            spawn(ev::await);
            tick();
            assertThat(ev).hasToString("Event[unset, waiters=1]");
            ev.set();
            assertThat(ev).hasToString("Event[set]");
        });
    }

    @Test
    void setWakesAllInOrder() { // test_wait
        run(() -> {
            Event ev = new Event();
            assertThat(ev.isSet()).isFalse();
            List<Integer> result = new ArrayList<>();
            Task<Void> t1 = spawn(() -> { ev.await(); result.add(1); });
            Task<Void> t2 = spawn(() -> { ev.await(); result.add(2); });
            tick();
            assertThat(result).isEmpty();
            Task<Void> t3 = spawn(() -> { ev.await(); result.add(3); });
            ev.set();
            tick();
            assertThat(result).containsExactly(3, 1, 2); // t3 started after set: it never waited
            assertThat(t1.isDone() && t2.isDone() && t3.isDone()).isTrue();
        });
    }

    @Test
    void awaitOnSetReturnsAtOnce() { // test_wait_on_set
        run(() -> {
            Event ev = new Event();
            ev.set();
            ev.await();
            assertThat(ev.isSet()).isTrue();
        });
        Event outside = new Event();
        outside.set();
        // A suspension point needs a task even where it would not wait (issue 16).
        assertThatIllegalStateException().isThrownBy(outside::await)
                .withMessageStartingWith("Event.await() is a suspension point and was called outside a task")
                .withMessageEndingWith("outside a task, use isSet()");
    }

    @Test
    void cancelWhileWaiting() { // test_wait_cancel
        run(() -> {
            Event ev = new Event();
            Task<Void> wait = spawn(ev::await);
            Weft.loop().callSoon(wait::cancel);
            assertThat(endedCancelled(wait)).isTrue();
            assertThat(ev.waiters()).isZero();
        });
    }

    @Test
    void clear() { // test_clear
        run(() -> {
            Event ev = new Event();
            ev.set();
            assertThat(ev.isSet()).isTrue();
            ev.clear();
            assertThat(ev.isSet()).isFalse();
        });
    }

    @Test
    void clearDoesNotRecallWokenWaiters() { // test_clear_with_waiters
        run(() -> {
            Event ev = new Event();
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t = spawn(() -> { ev.await(); result.add(1); return true; });
            tick();
            assertThat(result).isEmpty();
            ev.set();
            ev.clear();
            assertThat(ev.isSet()).isFalse();
            ev.set();
            ev.set();
            assertThat(ev.waiters()).as("woken, so no longer waiting").isZero();
            tick();
            assertThat(result).containsExactly(1);
            assertThat(t.result()).isTrue();
        });
    }

    @Test
    void woken_thenCancelled_othersStillWoken() {
        run(() -> {
            Event ev = new Event();
            List<String> got = new ArrayList<>();
            Task<Void> a = spawn(() -> { ev.await(); got.add("a"); });
            Task<Void> b = spawn(() -> { ev.await(); got.add("b"); });
            tick();
            ev.set();
            a.cancel();
            assertThat(endedCancelled(a)).isTrue();
            b.await();
            assertThat(got).containsExactly("b");
        });
    }
}
