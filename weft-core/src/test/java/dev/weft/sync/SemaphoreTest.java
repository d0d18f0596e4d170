package dev.weft.sync;

import static dev.weft.sync.T.*;
import static org.assertj.core.api.Assertions.*;

import dev.weft.CancelledError;
import dev.weft.Future;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Behaviour of CPython 3.13 test_locks.py SemaphoreTests. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SemaphoreTest {

    @Test
    void zeroIsLocked() { // test_initial_value_zero
        assertThat(new Semaphore(0).locked()).isTrue();
    }

    @Test
    void toStringShowsState() { // test_repr
        run(() -> {
            Semaphore sem = new Semaphore();
            assertThat(sem).hasToString("Semaphore[unlocked, value=1]");
            sem.acquire();
            assertThat(sem).hasToString("Semaphore[locked]");
            spawn(() -> { sem.acquire(); });
            spawn(() -> { sem.acquire(); });
            tick();
            assertThat(sem).hasToString("Semaphore[locked, waiters=2]");
            assertThat(new BoundedSemaphore(3)).hasToString("BoundedSemaphore[unlocked, value=3]");
        });
    }

    @Test
    void negativeValueThrows() { // test_semaphore_value
        assertThatThrownBy(() -> new Semaphore(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 0");
    }

    @Test
    void acquireAndHandOff() { // test_acquire
        run(() -> {
            Semaphore sem = new Semaphore(3);
            List<Integer> result = new ArrayList<>();
            sem.acquire();
            sem.acquire();
            assertThat(sem.locked()).isFalse();
            List<Task<Boolean>> ts = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int tag = i;
                ts.add(spawn(() -> { sem.acquire(); result.add(tag); return true; }));
            }
            tick();
            assertThat(result).containsExactly(1);
            assertThat(sem.locked()).isTrue();
            assertThat(sem.waiters()).isEqualTo(2);
            assertThat(sem.value()).isZero();

            Task<Boolean> t4 = spawn(() -> { sem.acquire(); result.add(4); return true; });
            sem.release();
            sem.release();
            assertThat(sem.value()).as("both permits handed to the waiters").isZero();
            tick();
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(sem.locked()).isTrue();
            assertThat(sem.waiters()).as("t4 came after the hand-off").isEqualTo(1);
            assertThat(t4.isDone()).isFalse();

            sem.release();
            t4.await();
            assertThat(result).containsExactly(1, 2, 3, 4);
        });
    }

    @Test
    void cancelWhileWaiting() { // test_acquire_cancel
        run(() -> {
            Semaphore sem = new Semaphore();
            sem.acquire();
            Task<Void> acquire = spawn(() -> { sem.acquire(); });
            Weft.loop().callSoon(acquire::cancel);
            assertThat(endedCancelled(acquire)).isTrue();
            assertThat(sem.waiters()).isZero();
            assertThat(sem.value()).isZero();
        });
    }

    @Test
    void cancelledBeforeAwoken() { // test_acquire_cancel_before_awoken
        run(() -> {
            Semaphore sem = new Semaphore(0);
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ts.add(spawn(() -> { sem.acquire(); }));
            }
            tick();
            ts.get(0).cancel();
            ts.get(1).cancel();
            sem.release();
            ticks(2);
            assertThat(ts.get(2).isDone()).isTrue();
            assertThat(ts.get(3).isDone()).isFalse();
            assertThat(ts.get(0).isCancelled() && ts.get(1).isCancelled()).isTrue();
        });
    }

    @Test
    void noHangAfterCancelledWaiter() { // test_acquire_hang
        run(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Void> t1 = spawn(() -> { sem.acquire(); });
            Task<Void> t2 = spawn(() -> { sem.acquire(); });
            tick();
            t1.cancel();
            sem.release();
            ticks(2);
            assertThat(sem.locked()).isTrue();
            assertThat(t2.isDone()).isTrue();
        });
    }

    @Test
    void cancelledWhileBeingWokenGivesThePermitBack() { // test_acquire_no_hang
        run(() -> {
            Semaphore sem = new Semaphore(1);
            @SuppressWarnings("unchecked") Task<Void>[] t2 = new Task[1];
            Task<Void> t1 = spawn(() -> {
                try (var permit = sem.acquire()) {
                    Weft.yieldNow();
                }                       // hands the permit to t2 ...
                t2[0].cancel();         // ... which is cancelled before it runs
            });
            t2[0] = spawn(() -> {
                try (var permit = sem.acquire()) {
                    throw new AssertionError("t2 must not get through");
                }
            });
            List<Task<Void>> both = List.of(t1, t2[0]);
            Weft.gatherSettled(both).await();
            assertThat(t1.result()).isNull();
            assertThat(t2[0].isCancelled()).isTrue();
            assertThat(sem.value()).isEqualTo(1);
            Weft.timeout(Duration.ofSeconds(1), () -> sem.acquire());
        });
    }

    @Test
    void cancelledWhileBeingWokenPassesToNextWaiter() {
        run(() -> {
            Semaphore sem = new Semaphore(0);
            List<String> got = new ArrayList<>();
            Task<Void> a = spawn(() -> { sem.acquire(); got.add("a"); });
            Task<Void> b = spawn(() -> { sem.acquire(); got.add("b"); });
            tick();
            sem.release();   // to a
            a.cancel();      // a gives it to b
            assertThat(endedCancelled(a)).isTrue();
            b.await();
            assertThat(got).containsExactly("b");
            assertThat(sem.value()).isZero();
        });
    }

    @Test
    void boundedRefusesOverRelease() { // test_release_not_acquired
        BoundedSemaphore sem = new BoundedSemaphore();
        assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("BoundedSemaphore released too many times");
        run(() -> {
            BoundedSemaphore b = new BoundedSemaphore(2);
            try (var p = b.acquire()) {
                b.release();           // the permit p holds
                assertThat(b.value()).isEqualTo(2);
                assertThatThrownBy(b::release).isInstanceOf(IllegalStateException.class);
            } catch (IllegalStateException e) {
                // closing p is one release too many, too
                assertThat(e).hasMessageStartingWith("BoundedSemaphore released too many times");
            }
            assertThat(b.value()).isEqualTo(2);
        });
    }

    @Test
    void releaseWithoutWaiters() { // test_release_no_waiters
        run(() -> {
            Semaphore sem = new Semaphore();
            sem.acquire();
            assertThat(sem.locked()).isTrue();
            sem.release();
            assertThat(sem.locked()).isFalse();
        });
    }

    @Test
    void fifoOrder() { // test_acquire_fifo_order
        run(() -> {
            Semaphore sem = new Semaphore(1);
            List<String> result = new ArrayList<>();
            TaskGroup.run(tg -> {
                for (String tag : List.of("c1", "c2", "c3")) {
                    tg.spawn(() -> {
                        for (int round = 1; round <= 2; round++) {
                            sem.acquire();
                            result.add(tag + "_" + round);
                            Weft.sleep(Duration.ofMillis(10));
                            sem.release();
                        }
                        return null;
                    });
                }
                return null;
            });
            assertThat(result).containsExactly("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2");
        });
    }

    @Test
    void fifoOrderAcrossReleases() { // test_acquire_fifo_order_2, grant order under hand-off
        run(() -> {
            Semaphore sem = new Semaphore(1);
            List<Integer> result = new ArrayList<>();
            Task<Void> t1 = spawn(() -> { sem.acquire(); result.add(1); });
            Task<Void> t2 = spawn(() -> {
                sem.acquire();
                result.add(2);
                sem.release();       // t3 already holds its permit: this one is free
                sem.acquire();
                result.add(4);
            });
            Task<Void> t3 = spawn(() -> { sem.acquire(); result.add(3); });
            tick();
            sem.release();   // to t2
            sem.release();   // to t3
            assertThat(sem.waiters()).isZero();
            Weft.gather(t1, t2, t3).await();
            // asyncio gives [1, 2, 3, 4]: there t2's second acquire queues behind t3's wake-up; here t3
            // was granted its permit at the release, so t2 takes the permit it gave back at once.
            assertThat(result).containsExactly(1, 2, 4, 3);
        });
    }

    @Test
    void cancelledWaiterSkipped() { // test_acquire_fifo_order_3
        run(() -> {
            Semaphore sem = new Semaphore(0);
            List<Integer> result = new ArrayList<>();
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int tag = i;
                ts.add(spawn(() -> { sem.acquire(); result.add(tag); }));
            }
            tick();
            ts.get(0).cancel();
            tick();
            sem.release();
            sem.release();
            Weft.gatherSettled(ts).await();
            assertThat(result).containsExactly(2, 3);
        });
    }

    @Test
    void grantedPermitIsNotTakenByLaterAcquirers() { // test_acquire_fifo_order_4, under hand-off
        run(() -> {
            Semaphore sem = new Semaphore(0);
            List<String> result = new ArrayList<>();
            Task<Void> c1 = spawn(() -> { sem.acquire(); result.add("c1 value=" + sem.value()); });
            tick();
            sem.release();
            sem.release();
            sem.release();
            assertThat(sem.value()).as("one of the three went to c1").isEqualTo(2);
            assertThat(sem.locked()).isFalse();
            sem.acquire();
            sem.acquire();
            assertThat(sem.locked()).isTrue();
            c1.await();
            assertThat(result).containsExactly("c1 value=0");
        });
    }

    @Test
    void tryAcquire() {
        run(() -> {
            Semaphore sem = new Semaphore(1);
            assertThat(sem.tryAcquire()).isTrue();
            assertThat(sem.tryAcquire()).isFalse();
            sem.release();
            assertThat(sem.value()).isEqualTo(1);
        });
    }

    @Test
    void cancelBeforeStartTakesNothing() {
        run(() -> {
            Semaphore sem = new Semaphore(1);
            Task<Void> t = spawn(() -> { sem.acquire(); });
            t.cancel();
            assertThat(endedCancelled(t)).isTrue();
            assertThat(sem.value()).isEqualTo(1);
            Future<Void> f = Weft.loop().createFuture();
            f.cancel();
            assertThatThrownBy(f::await).isInstanceOf(CancelledError.class);
        });
    }
}
