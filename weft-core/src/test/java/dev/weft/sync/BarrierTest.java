package dev.weft.sync;

import static dev.weft.sync.T.*;
import static org.assertj.core.api.Assertions.*;

import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Behaviour of CPython 3.13 test_locks.py BarrierTests, with Weft's round semantics. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BarrierTest {
    static final int N = 5;

    private static <R> List<R> gatherN(int n, Callable<R> body) {
        List<Task<R>> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(Weft.spawn(body));
        }
        return Weft.gather(ts).await();
    }

    @Test
    void toStringShowsState() { // test_barrier, test_repr
        run(() -> {
            Barrier barrier = new Barrier(N);
            assertThat(barrier).hasToString("Barrier[filling, waiters=0/5]");
            List<Task<Integer>> waiters = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                waiters.add(spawn(barrier::await));
            }
            tick();
            assertThat(barrier).hasToString("Barrier[filling, waiters=2/5]");
            for (int i = 0; i < 3; i++) {
                waiters.add(spawn(barrier::await));
            }
            tick();
            assertThat(barrier).as("the round completed at once").hasToString("Barrier[filling, waiters=0/5]");
            for (int i = 0; i < 2; i++) {
                waiters.add(spawn(barrier::await));
            }
            tick();
            barrier.reset();
            assertThat(barrier).hasToString("Barrier[filling, waiters=0/5]");
            for (int i = 0; i < 2; i++) {
                waiters.add(spawn(barrier::await));
            }
            tick();
            barrier.abort();
            assertThat(barrier).hasToString("Barrier[broken]");
            assertThat(barrier.isBroken()).isTrue();
            Weft.gatherSettled(waiters).await();
            assertThat(waiters.stream().filter(t -> t.exception() instanceof BrokenBarrierError).count()).isEqualTo(4);
        });
    }

    @Test
    void partiesMustBePositive() { // test_barrier_parties
        assertThatThrownBy(() -> new Barrier(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parties must be > 0 (parties: 0)");
        assertThatThrownBy(() -> new Barrier(-4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Barrier(N).parties()).isEqualTo(N);
    }

    @Test
    void indicesAreArrivalOrder() { // test_context_manager, test_filling_tasks_check_return_value
        run(() -> {
            Barrier barrier = new Barrier(3);
            List<Integer> res = gatherN(3, barrier::await);
            assertThat(res).containsExactly(0, 1, 2);
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void oneParty() { // test_filling_one_task, test_filling_one_task_twice
        run(() -> {
            Barrier barrier = new Barrier(1);
            assertThat(barrier.await()).isZero();
            Task<Integer> t1 = spawn(barrier::await);
            tick();
            assertThat(barrier.waiting()).isZero();
            Task<Integer> t2 = spawn(barrier::await);
            tick();
            assertThat(t1.result()).isEqualTo(t2.result()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
        // A suspension point needs a task even where it would not wait (issue 16).
        assertThatIllegalStateException().isThrownBy(() -> new Barrier(1).await())
                .withMessageStartingWith("Barrier.await() is a suspension point and was called outside a task");
    }

    @Test
    void fillingTaskByTask() { // test_filling_task_by_task
        run(() -> {
            Barrier barrier = new Barrier(3);
            Task<Integer> t1 = spawn(barrier::await);
            tick();
            assertThat(barrier.waiting()).isEqualTo(1);
            Task<Integer> t2 = spawn(barrier::await);
            tick();
            assertThat(barrier.waiting()).isEqualTo(2);
            Task<Integer> t3 = spawn(barrier::await);
            tick();
            assertThat(t3.result()).as("the last arrival does not wait").isEqualTo(2);
            assertThat(barrier.waiting()).as("the round completed at once").isZero();
            assertThat(t1.isDone()).as("released, not yet run").isFalse();
            assertThat(Weft.gather(t1, t2, t3).await()).containsExactly(0, 1, 2);
            assertThat(barrier.waiting()).isZero();
        });
    }

    @Test
    void twoRounds() { // test_filling_tasks_wait_twice
        run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results = new ArrayList<>();
            List<Integer> second = gatherN(N, () -> {
                barrier.await();
                results.add(true);
                int i = barrier.await();
                results.add(false);
                return i;
            });
            assertThat(results).hasSize(2 * N);
            assertThat(results.subList(0, N)).containsOnly(true);
            assertThat(results.subList(N, 2 * N)).containsOnly(false);
            assertThat(second).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        });
    }

    @Test
    void arrivalsBeforeTheReleasedRunStartTheNextRound() { // test_blocking_tasks_while_draining
        run(() -> {
            Barrier barrier = new Barrier(N);
            Barrier others = new Barrier(N - 2);
            int[] rewait = {2};
            gatherN(N, () -> {
                barrier.await();
                if (rewait[0] > 0) {
                    rewait[0]--;
                    barrier.await();
                } else {
                    others.await();
                    barrier.await();
                }
                return null;
            });
            assertThat(barrier.waiting()).isZero();
            assertThat(others.waiting()).isZero();
        });
    }

    @Test
    void cancelledWaiterLeavesTheRound() { // test_filling_tasks_cancel_one
        run(() -> {
            Barrier barrier = new Barrier(3);
            List<Integer> results = new ArrayList<>();
            Callable<Void> coro = () -> { results.add(barrier.await()); return null; };
            Task<Void> t1 = spawn(coro);
            tick();
            assertThat(barrier.waiting()).isEqualTo(1);
            Task<Void> t2 = spawn(coro);
            tick();
            assertThat(barrier.waiting()).isEqualTo(2);
            t1.cancel();
            tick();
            assertThat(barrier.waiting()).isEqualTo(1);
            assertThat(endedCancelled(t1)).isTrue();
            Task<Void> t3 = spawn(coro);
            tick();
            assertThat(barrier.waiting()).isEqualTo(2);
            Task<Void> t4 = spawn(coro);
            Weft.gather(t2, t3, t4).await();
            assertThat(results).as("no gap, no duplicate").containsExactly(2, 0, 1);
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void resetEmpty() { // test_reset_barrier
        run(() -> {
            Barrier barrier = new Barrier(1);
            barrier.reset();
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void resetBreaksWaiters() { // test_reset_barrier_while_tasks_waiting
        run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results = new ArrayList<>();
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < N - 1; i++) {
                ts.add(spawn(() -> {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierError e) {
                        assertThat(e).hasMessageStartingWith("Barrier reset while this task waited");
                        results.add(true);
                    }
                }));
            }
            tick();
            spawn(barrier::reset);
            Weft.gather(ts).await();
            assertThat(results).hasSize(N - 1);
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void resetAfterARoundDoesNotBreakIt() { // test_reset_barrier_when_tasks_half_draining, Weft semantics
        run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> broken = new ArrayList<>();
            int[] out = {0};
            gatherN(N, () -> {
                try {
                    barrier.await();
                    if (++out[0] == 2) {
                        barrier.reset(); // asyncio breaks the 3 not yet run; their round had completed
                    }
                } catch (BrokenBarrierError e) {
                    broken.add(true);
                }
                return null;
            });
            assertThat(broken).isEmpty();
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void resetWhileWaitingThenWaitAgain() { // test_reset_barrier_while_tasks_waiting_and_waiting_again
        run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < N - 1; i++) {
                ts.add(spawn(() -> {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierError e) {
                        results1.add(true);
                    } finally {
                        barrier.await();
                        results2.add(true);
                    }
                }));
            }
            tick();
            spawn(barrier::reset);
            tick();
            spawn(() -> { barrier.await(); results2.add(true); });
            Weft.gather(ts).await();
            tick();
            assertThat(barrier.isBroken()).isFalse();
            assertThat(results1).hasSize(N - 1);
            assertThat(results2).hasSize(N);
            assertThat(barrier.waiting()).isZero();
        });
    }

    @Test
    void resetBreaksTheNextRoundNotTheCompletedOne() { // test_reset_barrier_while_tasks_draining, Weft semantics
        run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Boolean> results3 = new ArrayList<>();
            int[] count = {0};
            gatherN(N, () -> {
                barrier.await();
                count[0]++;
                if (count[0] == N) {
                    // The other four already wait in the next round (asyncio would block them until
                    // the whole round had left, so its reset would find nobody waiting).
                    assertThat(barrier.waiting()).isEqualTo(N - 1);
                    barrier.reset();
                } else {
                    try {
                        barrier.await();
                        results1.add(true);
                    } catch (BrokenBarrierError e) {
                        results2.add(true);
                    }
                }
                barrier.await();
                results3.add(true);
                return null;
            });
            assertThat(results1).isEmpty();
            assertThat(results2).hasSize(N - 1);
            assertThat(results3).hasSize(N);
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void abortBreaks() { // test_abort_barrier
        run(() -> {
            Barrier barrier = new Barrier(1);
            barrier.abort();
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.isBroken()).isTrue();
            assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierError.class)
                    .hasMessageStartingWith("Barrier aborted");
            barrier.reset();
            assertThat(barrier.await()).isZero();
        });
    }

    @Test
    void abortBreaksTheWaitingRound() { // test_abort_barrier_when_tasks_half_draining_half_blocking
        run(() -> {
            Barrier barrier = new Barrier(N);
            int blocking = N / 2;
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            int[] count = {0};
            gatherN(N, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    results1.add(true);
                    return null;
                }
                count[0]++;
                if (count[0] > blocking) {
                    barrier.abort();
                } else {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierError e) {
                        results2.add(true);
                    }
                }
                return null;
            });
            assertThat(barrier.isBroken()).isTrue();
            // asyncio also breaks the first-round tasks that had not left yet (results1 = 2); here
            // their round had completed, so only the second-round waiters break.
            assertThat(results1).isEmpty();
            assertThat(results2).hasSize(blocking);
            assertThat(barrier.waiting()).isZero();
        });
    }

    @Test
    void abortWhenOnePartyFails() { // test_abort_barrier_when_exception
        run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            gatherN(N, () -> {
                try {
                    int i = barrier.await();
                    if (i == N / 2) {
                        throw new IllegalStateException("party " + i + " fails");
                    }
                    barrier.await();
                    results1.add(true);
                } catch (BrokenBarrierError e) {
                    results2.add(true);
                } catch (IllegalStateException e) {
                    barrier.abort();
                }
                return null;
            });
            assertThat(barrier.isBroken()).isTrue();
            assertThat(results1).isEmpty();
            assertThat(results2).hasSize(N - 1);
            assertThat(barrier.waiting()).isZero();
        });
    }

    @Test
    void abortThenReset() { // test_abort_barrier_when_exception_then_resetting
        run(() -> {
            Barrier barrier1 = new Barrier(N);
            Barrier barrier2 = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Boolean> results3 = new ArrayList<>();
            gatherN(N, () -> {
                try {
                    int i = barrier1.await();
                    if (i == N / 2) {
                        throw new IllegalStateException();
                    }
                    barrier1.await();
                    results1.add(true);
                } catch (BrokenBarrierError e) {
                    results2.add(true);
                } catch (IllegalStateException e) {
                    barrier1.abort();
                }
                int i = barrier2.await();
                if (i == N / 2) {
                    barrier1.reset();
                }
                barrier2.await();
                barrier1.await();
                results3.add(true);
                return null;
            });
            assertThat(barrier1.isBroken()).isFalse();
            assertThat(results1).isEmpty();
            assertThat(results2).hasSize(N - 1);
            assertThat(results3).hasSize(N);
            assertThat(barrier1.waiting()).isZero();
        });
    }

    @Test
    void cancelledAfterTheRoundCompleted() {
        run(() -> {
            Barrier barrier = new Barrier(2);
            Task<Integer> a = spawn(barrier::await);
            tick();
            assertThat(barrier.await()).isEqualTo(1);
            a.cancel();           // released, but cancelled before it ran
            assertThat(endedCancelled(a)).isTrue();
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }
}
