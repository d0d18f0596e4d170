package dev.weft.sync;

import static dev.weft.sync.T.*;
import static org.assertj.core.api.Assertions.*;

import dev.weft.CancelledError;
import dev.weft.Future;
import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Behaviour of CPython 3.13 test_locks.py LockTests, plus the hand-off and binding rules. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LockTest {

    @Test
    void toStringShowsState() {
        run(() -> {
            Lock lock = new Lock();
            assertThat(lock).hasToString("Lock[unlocked]");
            lock.acquire();
            assertThat(lock).hasToString("Lock[locked]");
            spawn(() -> { lock.acquire(); });
            spawn(() -> { lock.acquire(); });
            tick();
            assertThat(lock).hasToString("Lock[locked, waiters=2]");
            assertThat(lock.waiters()).isEqualTo(2);
        });
    }

    @Test
    void acquireIsFifo() { // test_acquire
        run(() -> {
            Lock lock = new Lock();
            List<Integer> result = new ArrayList<>();
            lock.acquire();
            Task<Boolean> t1 = spawn(() -> { lock.acquire(); result.add(1); return true; });
            Task<Boolean> t2 = spawn(() -> { lock.acquire(); result.add(2); return true; });
            tick();
            assertThat(result).isEmpty();

            lock.release();
            tick();
            assertThat(result).containsExactly(1);
            tick();
            assertThat(result).containsExactly(1);

            Task<Boolean> t3 = spawn(() -> { lock.acquire(); result.add(3); return true; });
            lock.release();
            tick();
            assertThat(result).containsExactly(1, 2);

            lock.release();
            tick();
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(List.of(t1.result(), t2.result(), t3.result())).containsOnly(true);
        });
    }

    @Test
    void cancelWhileWaiting() { // test_acquire_cancel
        run(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> task = spawn(() -> { lock.acquire(); });
            Weft.loop().callSoon(task::cancel);
            assertThat(endedCancelled(task)).isTrue();
            assertThat(lock.waiters()).isZero();
            assertThat(lock.locked()).isTrue();
        });
    }

    @Test
    void cancelBeforeAcquireStarts() {
        run(() -> {
            Lock lock = new Lock();
            Task<Void> task = spawn(() -> { lock.acquire(); });
            task.cancel(); // before its first step: acquire never runs
            assertThat(endedCancelled(task)).isTrue();
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void cancelRace() { // test_cancel_race: B cancelled while A releases; C must get the lock
        run(() -> {
            Lock lock = new Lock();
            Future<Void> fa = Weft.loop().createFuture();
            Task<Void> ta = spawn(() -> lockit(lock, fa));
            tick();
            assertThat(lock.locked()).isTrue();
            Task<Void> tb = spawn(() -> lockit(lock, null));
            tick();
            assertThat(lock.waiters()).isEqualTo(1);
            Task<Void> tc = spawn(() -> lockit(lock, null));
            tick();
            assertThat(lock.waiters()).isEqualTo(2);

            fa.setResult(null);
            tb.cancel();
            assertThat(lock.waiters()).as("a cancelled waiter leaves at once").isEqualTo(1);
            tick();
            assertThat(ta.isDone()).isTrue();
            assertThat(tb.isCancelled()).isTrue();
            tc.await();
            assertThat(lock.locked()).isFalse();
        });
    }

    private static void lockit(Lock lock, Future<Void> blocker) {
        lock.acquire();
        try {
            if (blocker != null) {
                blocker.await();
            }
        } finally {
            lock.release();
        }
    }

    @Test
    void cancelReleaseRace() { // test_cancel_release_race, bpo-32734: only one task may get the lock
        run(() -> {
            Lock lock = new Lock();
            int[] lockCount = {0};
            int[] callCount = {0};
            lock.acquire();
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ts.add(spawn(() -> { callCount[0]++; lock.acquire(); lockCount[0]++; }));
            }
            tick();
            Weft.loop().callSoon(() -> { ts.get(0).cancel(); lock.release(); });
            assertThat(endedCancelled(ts.get(0))).isTrue();
            tick();
            assertThat(lockCount[0]).isEqualTo(1);
            assertThat(callCount[0]).isEqualTo(3);
            assertThat(ts.get(1).isDone()).isTrue();
            assertThat(ts.get(2).isDone()).isFalse();
            ts.get(2).cancel();
            tick();
            assertThat(ts.get(2).isCancelled()).isTrue();
        });
    }

    @Test
    void cancelledBeforeWokenThenRelease() { // test_finished_waiter_cancelled
        run(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> tb = spawn(() -> { lock.acquire(); });
            tick();
            assertThat(lock.waiters()).isEqualTo(1);
            Task<Void> tc = spawn(() -> { lock.acquire(); });
            tb.cancel();
            lock.release();
            tick();
            assertThat(lock.locked()).isTrue();
            assertThat(tb.isCancelled()).isTrue();
            tc.await();
        });
    }

    @Test
    void cancelledWhileBeingWokenPassesTheLockOn() {
        run(() -> {
            Lock lock = new Lock();
            List<String> got = new ArrayList<>();
            lock.acquire();
            Task<Void> b = spawn(() -> { lock.acquire(); got.add("b"); });
            Task<Void> c = spawn(() -> { lock.acquire(); got.add("c"); });
            tick();
            lock.release();          // hands the lock to b ...
            b.cancel();              // ... which is cancelled before it runs
            assertThat(lock.locked()).isTrue();
            assertThat(endedCancelled(b)).isTrue();
            c.await();               // c got the wake-up b could not use
            assertThat(got).containsExactly("c");
            assertThat(lock.locked()).as("c never released").isTrue();
            assertThat(lock.waiters()).isZero();
        });
    }

    @Test
    void cancelledWhileBeingWokenWithNoOneNextUnlocks() {
        run(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> b = spawn(() -> { lock.acquire(); });
            tick();
            lock.release();
            b.cancel();
            assertThat(endedCancelled(b)).isTrue();
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void releaseUnlockedThrows() { // test_release_not_acquired
        Lock lock = new Lock();
        assertThatThrownBy(lock::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Lock is not acquired");
    }

    @Test
    void releaseWithoutWaitersUnlocks() { // test_release_no_waiters
        run(() -> {
            Lock lock = new Lock();
            lock.acquire();
            assertThat(lock.locked()).isTrue();
            lock.release();
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void tryWithResources() { // test_context_manager
        run(() -> {
            Lock lock = new Lock();
            try (var held = lock.acquire()) {
                assertThat(lock.locked()).isTrue();
                assertThat(held.isHeld()).isTrue();
            }
            assertThat(lock.locked()).isFalse();
            assertThatThrownBy(() -> {
                try (var held = lock.acquire()) {
                    throw new IllegalArgumentException("boom");
                }
            }).hasMessage("boom");
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void heldClosesOnce() {
        run(() -> {
            Lock lock = new Lock();
            Held h = lock.acquire();
            Task<Void> other = spawn(() -> { lock.acquire(); });
            tick();
            h.close();                 // hands the lock to other
            h.close();                 // no effect: must not release other's acquisition
            assertThat(h.isHeld()).isFalse();
            other.await();
            assertThat(lock.locked()).isTrue();
        });
    }

    @Test
    void cancellationInsideTheBlockReleases() {
        run(() -> {
            Lock lock = new Lock();
            Task<Void> t = spawn(() -> {
                try (var held = lock.acquire()) {
                    Weft.sleep(Duration.ofHours(1));
                }
            });
            tick();
            assertThat(lock.locked()).isTrue();
            t.cancel();
            assertThat(endedCancelled(t)).isTrue();
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void notReentrant() {
        run(() -> {
            Lock lock = new Lock();
            lock.acquire();
            assertThatThrownBy(() -> Weft.timeout(Duration.ofSeconds(1), () -> lock.acquire()))
                    .isInstanceOf(TimedOutException.class);
            assertThat(lock.waiters()).isZero();
            assertThat(lock.locked()).isTrue();
        });
    }

    @Test
    void tryAcquireNeverWaits() {
        run(() -> {
            Lock lock = new Lock();
            assertThat(lock.tryAcquire()).isTrue();
            assertThat(lock.tryAcquire()).isFalse();
            lock.release();
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void waitingOutsideATaskIsAClearError() {
        Lock lock = new Lock();
        // Issue 16: new Lock().acquire() outside any loop used to return a Held. A suspension point
        // needs a task whatever the state, so the mistake shows on the first run.
        assertThatIllegalStateException().isThrownBy(lock::acquire)
                .withMessage("Lock.acquire() is a suspension point and was called outside a task (Lock[unlocked]): "
                        + "await outside a task: no event loop runs on this thread; start one with Weft.run(...); "
                        + "outside a task, use tryAcquire()");
        assertThat(lock.locked()).isFalse();
        assertThat(lock.tryAcquire()).as("the non-suspending variant works anywhere").isTrue();
        assertThatThrownBy(lock::acquire)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("await outside a task");
        assertThat(lock.waiters()).isZero();
    }

    @Test
    void newcomerCannotBargeAfterRelease() {
        run(() -> {
            Lock lock = new Lock();
            List<String> order = new ArrayList<>();
            lock.acquire();
            Task<Void> waiter = spawn(() -> { lock.acquire(); order.add("waiter"); lock.release(); });
            tick();
            lock.release();
            assertThat(lock.tryAcquire()).as("handed to the waiter").isFalse();
            Task<Void> newcomer = spawn(() -> { lock.acquire(); order.add("newcomer"); lock.release(); });
            Weft.gather(waiter, newcomer).await();
            assertThat(order).containsExactly("waiter", "newcomer");
        });
    }
}
