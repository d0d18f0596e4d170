package dev.weft.sync;

import static dev.weft.sync.T.*;
import static org.assertj.core.api.Assertions.*;

import dev.weft.CancelledError;
import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Behaviour of CPython 3.13 test_locks.py ConditionTests. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConditionTest {

    private static Task<Boolean> waiter(Condition cond, List<Integer> result, int tag, boolean release) {
        return spawn(() -> {
            cond.acquire();
            try {
                cond.await();
                result.add(tag);
            } catch (CancelledError e) {
                cond.release(); // await() re-acquired the lock before throwing
                throw e;
            }
            if (release) {
                cond.release();
            }
            return true;
        });
    }

    @Test
    void awaitReacquiresBeforeReturning() { // test_wait
        run(() -> {
            Condition cond = new Condition();
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t1 = waiter(cond, result, 1, false);
            Task<Boolean> t2 = waiter(cond, result, 2, false);
            Task<Boolean> t3 = waiter(cond, result, 3, false);
            tick();
            assertThat(result).isEmpty();
            assertThat(cond.locked()).isFalse();

            cond.acquire();
            cond.signal();
            tick();
            assertThat(result).isEmpty();
            assertThat(cond.locked()).isTrue();

            cond.release();
            tick();
            assertThat(result).containsExactly(1);
            assertThat(cond.locked()).isTrue();

            cond.signal(2);
            tick();
            assertThat(result).containsExactly(1);

            cond.release();
            tick();
            assertThat(result).containsExactly(1, 2);
            assertThat(cond.locked()).isTrue();

            cond.release();
            tick();
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(cond.locked()).isTrue();
            assertThat(List.of(t1.result(), t2.result(), t3.result())).containsOnly(true);
        });
    }

    @Test
    void cancelWhileWaitingReacquires() { // test_wait_cancel
        run(() -> {
            Condition cond = new Condition();
            cond.acquire();
            Task<Void> wait = spawn(cond::await);
            Weft.loop().callSoon(wait::cancel);
            assertThat(endedCancelled(wait)).isTrue();
            assertThat(cond.waiters()).isZero();
            assertThat(cond.locked()).isTrue();
        });
    }

    @Test
    void cancelWhileContestingTheLock() { // test_wait_cancel_contested
        run(() -> {
            Condition cond = new Condition();
            cond.acquire();
            Task<Void> waitTask = spawn(cond::await);
            tick();
            assertThat(cond.locked()).isFalse();
            cond.acquire();
            cond.signal();
            Weft.loop().callSoon(waitTask::cancel);
            Weft.loop().callSoon(cond::release);
            try {
                waitTask.await();
            } catch (CancelledError e) {
                // allowed: the lock is held again all the same
            }
            assertThat(cond.locked()).isTrue();
        });
    }

    @Test
    void cancelAfterSignalWhileReacquiring() { // test_wait_cancel_after_notify, bpo-32841
        run(() -> {
            Condition cond = new Condition();
            boolean[] waited = {false};
            Task<Void> w = spawn(() -> {
                try (var held = cond.acquire()) {
                    waited[0] = true;
                    cond.await();
                }
            });
            tick();
            cond.acquire();
            cond.signal();
            tick();              // w now waits for the lock
            w.cancel();
            tick();
            cond.release();      // hands the lock to w, which then raises CancelledError and releases
            tick();
            assertThat(w.isCancelled()).isTrue();
            assertThat(waited[0]).isTrue();
            assertThat(cond.locked()).isFalse();
        });
    }

    @Test
    void awaitWithoutTheLockThrows() { // test_wait_unacquired
        run(() -> {
            Condition cond = new Condition();
            assertThatThrownBy(cond::await)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot wait on un-acquired lock");
            assertThat(cond.waiters()).isZero();
        });
    }

    @Test
    void waitFor() { // test_wait_for
        run(() -> {
            Condition cond = new Condition();
            boolean[] presult = {false};
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t = spawn(() -> {
                cond.acquire();
                cond.waitFor(() -> presult[0]);
                result.add(1);
                cond.release();
                return true;
            });
            tick();
            assertThat(result).isEmpty();

            cond.acquire();
            cond.signal();
            cond.release();
            tick();
            assertThat(result).isEmpty();

            presult[0] = true;
            cond.acquire();
            cond.signal();
            cond.release();
            tick();
            assertThat(result).containsExactly(1);
            assertThat(t.result()).isTrue();
        });
    }

    @Test
    void waitForTrueNeedsNoLock() { // test_wait_for_unacquired
        run(() -> {
            Condition cond = new Condition();
            cond.waitFor(() -> true);
            assertThatThrownBy(() -> cond.waitFor(() -> false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot wait on un-acquired lock");
        });
    }

    @Test
    void signalCounts() { // test_notify
        run(() -> {
            Condition cond = new Condition();
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t1 = waiter(cond, result, 1, true);
            Task<Boolean> t2 = waiter(cond, result, 2, true);
            Task<Boolean> t3 = waiter(cond, result, 3, true);
            tick();
            assertThat(result).isEmpty();

            cond.acquire();
            cond.signal(1);
            cond.release();
            tick();
            assertThat(result).containsExactly(1);

            cond.acquire();
            cond.signal(1);
            cond.signal(2048);
            cond.release();
            tick();
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(List.of(t1.result(), t2.result(), t3.result())).containsOnly(true);
        });
    }

    @Test
    void signalZeroWakesNone() {
        run(() -> {
            Condition cond = new Condition();
            List<Integer> result = new ArrayList<>();
            waiter(cond, result, 1, true);
            tick();
            try (var held = cond.acquire()) {
                cond.signal(0);
                assertThatThrownBy(() -> cond.signal(-1)).isInstanceOf(IllegalArgumentException.class);
            }
            ticks(3);
            assertThat(result).isEmpty();
            assertThat(cond.waiters()).isEqualTo(1);
        });
    }

    @Test
    void signalAll() { // test_notify_all
        run(() -> {
            Condition cond = new Condition();
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t1 = waiter(cond, result, 1, true);
            Task<Boolean> t2 = waiter(cond, result, 2, true);
            tick();
            assertThat(result).isEmpty();
            cond.acquire();
            cond.signalAll();
            cond.release();
            tick();
            assertThat(result).containsExactly(1, 2);
            assertThat(t1.result() && t2.result()).isTrue();
        });
    }

    @Test
    void signalWithoutTheLockThrows() { // test_notify_unacquired, test_notify_all_unacquired
        Condition cond = new Condition();
        assertThatThrownBy(cond::signal).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot notify on un-acquired lock");
        assertThatThrownBy(cond::signalAll).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot notify on un-acquired lock");
    }

    @Test
    void toStringShowsState() { // test_repr
        run(() -> {
            Condition cond = new Condition();
            assertThat(cond).hasToString("Condition[unlocked]");
            cond.acquire();
            assertThat(cond).hasToString("Condition[locked]");
            spawn(() -> { try (var h = cond.acquire()) { cond.await(); } });
            spawn(() -> { try (var h = cond.acquire()) { cond.await(); } });
            cond.release();
            ticks(3);
            assertThat(cond).hasToString("Condition[unlocked, waiters=2]");
        });
    }

    @Test
    void tryWithResources() { // test_context_manager
        run(() -> {
            Condition cond = new Condition();
            assertThat(cond.locked()).isFalse();
            try (var held = cond.acquire()) {
                assertThat(cond.locked()).isTrue();
            }
            assertThat(cond.locked()).isFalse();
        });
    }

    @Test
    void explicitLock() { // test_explicit_lock
        run(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            assertThat(cond.lock()).isSameAs(lock);
            try (var held = cond.acquire()) {
                assertThat(lock.locked()).isTrue();
                assertThat(cond.locked()).isTrue();
            }
            assertThat(lock.locked() || cond.locked()).isFalse();
            try (var held = lock.acquire()) {
                assertThat(cond.locked()).isTrue();
            }
            assertThat(cond.locked()).isFalse();
        });
    }

    @Test
    void timeoutInAwaitLeavesTheLockHeld() { // test_timeout_in_block
        run(() -> {
            Condition cond = new Condition();
            try (var held = cond.acquire()) {
                assertThatThrownBy(() -> Weft.timeout(Duration.ofMillis(500), () -> { cond.await(); return null; }))
                        .isInstanceOf(TimedOutException.class);
                assertThat(cond.locked()).isTrue();
            }
            assertThat(cond.locked()).isFalse();
        });
    }

    @Test
    void cancelledErrorWhileWaitingIsRethrownUnchanged() { // test_cancelled_error_wakeup
        run(() -> {
            Condition cond = new Condition();
            CancelledError[] raised = {null};
            Task<Void> task = spawn(() -> {
                try (var held = cond.acquire()) {
                    try {
                        cond.waitFor(() -> false);
                    } catch (CancelledError e) {
                        raised[0] = e;
                        assertThat(cond.locked()).isTrue();
                        throw e;
                    }
                }
            });
            tick();
            task.cancel("foo");
            CancelledError err = catchThrowableOfType(CancelledError.class, task::await);
            assertThat(raised[0]).isNotNull();
            assertThat(raised[0].getMessage()).isEqualTo("foo");
            assertThat(err.getMessage()).isEqualTo("foo");
        });
    }

    @Test
    void cancelledErrorWhileReacquiringIsRethrownUnchanged() { // test_cancelled_error_re_aquire
        run(() -> {
            Condition cond = new Condition();
            boolean[] wake = {false};
            CancelledError[] raised = {null};
            boolean[] heldWhenRaised = {false};
            Task<Void> task = spawn(() -> {
                try (var held = cond.acquire()) {
                    try {
                        cond.waitFor(() -> wake[0]);
                    } catch (CancelledError e) {
                        raised[0] = e;
                        heldWhenRaised[0] = cond.locked();
                        throw e;
                    }
                }
            });
            tick();
            cond.acquire();
            wake[0] = true;
            cond.signal();
            tick();              // the task now waits for the lock
            task.cancel("foo");
            cond.release();
            CancelledError err = catchThrowableOfType(CancelledError.class, task::await);
            assertThat(err.getMessage()).isEqualTo("foo");
            assertThat(raised[0]).isNotNull();
            assertThat(raised[0].getMessage()).isEqualTo("foo");
            assertThat(heldWhenRaised[0]).isTrue();
            assertThat(cond.locked()).isFalse();
        });
    }

    /** Two consumers of a counter guarded by {@code condition}; they stop when it goes negative. */
    private static Task<Void> consumer(Condition condition, int[] state) {
        return spawn(() -> {
            try (var held = condition.acquire()) {
                while (true) {
                    condition.waitFor(() -> state[0] != 0);
                    if (state[0] < 0) {
                        return;
                    }
                    state[0]--;
                }
            }
        });
    }

    @Test
    void cancelledWhileBeingWokenPassesTheSignalOn() { // test_cancelled_wakeup
        run(() -> {
            Condition condition = new Condition();
            int[] state = {0};
            Task<Void> c0 = consumer(condition, state);
            Task<Void> c1 = consumer(condition, state);
            tick();
            try (var held = condition.acquire()) {
                state[0]++;
                condition.signal(1);  // wakes c0 ...
                c0.cancel();          // ... which is cancelled before it runs: c1 must get the signal
                try {
                    Weft.timeout(Duration.ofMillis(10), () -> { condition.waitFor(() -> state[0] == 0); return null; });
                } catch (TimedOutException e) {
                    // nobody signals us: fine
                }
                assertThat(state[0]).isZero();
                state[0] = -1;
                condition.signalAll();
            }
            c1.await();
            assertThat(c0.isCancelled()).isTrue();
        });
    }

    @Test
    void cancelledWhileReacquiringPassesTheSignalOn() { // test_cancelled_wakeup_relock
        run(() -> {
            Condition condition = new Condition();
            int[] state = {0};
            Task<Void> c0 = consumer(condition, state);
            Task<Void> c1 = consumer(condition, state);
            tick();
            try (var held = condition.acquire()) {
                state[0]++;
                condition.signal(1);
                tick();               // c0 now waits for the lock
                c0.cancel();
                try {
                    Weft.timeout(Duration.ofMillis(10), () -> { condition.waitFor(() -> state[0] == 0); return null; });
                } catch (TimedOutException e) {
                    // fine
                }
                assertThat(state[0]).isZero();
                state[0] = -1;
                condition.signalAll();
            }
            c1.await();
            assertThat(c0.isCancelled()).isTrue();
        });
    }

    @Test
    void cancelWhileWaitingDoesNotWakeAnother() {
        run(() -> {
            Condition cond = new Condition();
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t1 = waiter(cond, result, 1, true);
            Task<Boolean> t2 = waiter(cond, result, 2, true);
            tick();
            t1.cancel();
            assertThat(endedCancelled(t1)).isTrue();
            ticks(3);
            assertThat(result).as("no spurious wake-up").isEmpty();
            assertThat(cond.waiters()).isEqualTo(1);
            assertThat(t2.isDone()).isFalse();
        });
    }

    @Test
    void awaitOutsideATaskKeepsTheLock() {
        Condition cond = new Condition();
        assertThat(cond.lock().tryAcquire()).isTrue(); // acquire() itself needs a task (issue 16)
        assertThatThrownBy(cond::await).hasMessageContaining("await outside a task");
        assertThat(cond.locked()).isTrue();
        assertThat(cond.waiters()).isZero();
    }
}
