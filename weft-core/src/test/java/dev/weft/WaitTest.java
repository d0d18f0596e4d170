package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The behaviour of CPython's asyncio.wait tests (test_tasks.py test_wait*) on {@link Weft#wait}. */
class WaitTest {

    private static Task<String> after(double s, String value) {
        return Weft.spawn(() -> {
            sleep(s);
            return value;
        });
    }

    private static Task<String> failAfter(double s, RuntimeException e) {
        return Weft.spawn(() -> {
            sleep(s);
            throw e;
        });
    }

    @Test
    void allCompletedWaitsForEveryFuture() {
        runVirtual(() -> {
            Task<String> a = after(0.1, "a");
            Task<String> b = after(0.15, "b");
            WaitResult<String> r = Weft.wait(List.of(b, a), WaitMode.ALL_COMPLETED, null);
            assertThat(r.done()).containsExactly(b, a); // in the order given
            assertThat(r.pending()).isEmpty();
            assertThat(now()).isEqualTo(0.15);
            // A second wait on done futures returns at once.
            WaitResult<String> again = Weft.wait(List.of(a, b), WaitMode.ALL_COMPLETED, null);
            assertThat(again.done()).containsExactly(a, b);
            assertThat(now()).isEqualTo(0.15);
        });
    }

    @Test
    void firstCompletedReturnsAtTheFirstAndCancelsNothing() {
        runVirtual(() -> {
            Task<String> a = after(10, "a");
            Task<String> b = after(0.1, "b");
            WaitResult<String> r = Weft.wait(List.of(b, a), WaitMode.FIRST_COMPLETED, null);
            assertThat(r.done()).containsExactly(b);
            assertThat(r.pending()).containsExactly(a);
            assertThat(now()).isEqualTo(0.1);
            assertThat(a.isCancelled()).isFalse();
            assertThat(a.await()).isEqualTo("a");
        });
    }

    @Test
    void firstCompletedCountsACancellationAsCompletion() {
        runVirtual(() -> {
            Task<String> a = after(10, "a");
            Task<String> b = after(10, "b");
            Weft.loop().callLater(secs(1), b::cancel);
            WaitResult<String> r = Weft.wait(List.of(a, b), WaitMode.FIRST_COMPLETED, null);
            assertThat(r.done()).containsExactly(b);
            assertThat(now()).isEqualTo(1.0);
            a.cancel();
        });
    }

    @Test
    void firstCompletedSeesEveryFutureDoneByTheTimeTheWaiterRuns() {
        // test_wait_really_done
        runVirtual(() -> {
            Task<Void> a = Weft.spawn(() -> { Weft.yieldNow(); });
            Task<Void> b = Weft.spawn(() -> { Weft.yieldNow(); Weft.yieldNow(); });
            Task<WaitResult<Void>> w = Weft.spawn(() -> Weft.wait(List.of(b, a), WaitMode.FIRST_COMPLETED, null));
            WaitResult<Void> r = w.await();
            assertThat(r.done()).containsExactlyInAnyOrder(a, b);
            assertThat(a.result()).isNull();
            assertThat(b.result()).isNull();
        });
    }

    @Test
    void firstCompletedWithAFutureAlreadyDoneReturnsAtOnce() {
        runVirtual(() -> {
            Future<String> done = Weft.loop().createFuture();
            done.setResult("x");
            Task<String> a = after(10, "a");
            WaitResult<String> r = Weft.wait(List.of(a, done), WaitMode.FIRST_COMPLETED, null);
            assertThat(r.done()).containsExactly(done);
            assertThat(r.pending()).containsExactly(a);
            assertThat(now()).isZero();
            a.cancel();
        });
    }

    @Test
    void firstExceptionReturnsWhenOneFails() {
        // test_wait_first_exception_in_wait
        Boom boom = new Boom("err");
        runVirtual(() -> {
            Task<String> a = after(10, "a");
            Task<String> b = failAfter(0.01, boom);
            WaitResult<String> r = Weft.wait(List.of(b, a), WaitMode.FIRST_EXCEPTION, null);
            assertThat(r.done()).containsExactly(b);
            assertThat(r.pending()).containsExactly(a);
            assertThat(now()).isEqualTo(0.01);
            assertThat(b.exception()).isSameAs(boom);
            a.cancel();
        });
    }

    @Test
    void firstExceptionWithAFailureAlreadyThereReturnsAtOnce() {
        // test_wait_first_exception, already failed
        runVirtual(() -> {
            Task<String> failed = failAfter(0, new Boom("already"));
            yields(2); // it starts, yields once, then fails
            assertThat(failed.isDone()).isTrue();
            Task<String> a = after(10, "a");
            WaitResult<String> r = Weft.wait(List.of(a, failed), WaitMode.FIRST_EXCEPTION, null);
            assertThat(r.done()).containsExactly(failed);
            assertThat(now()).isZero();
            a.cancel();
        });
    }

    @Test
    void firstExceptionWithoutFailuresWaitsForAll() {
        runVirtual(() -> {
            Task<String> a = after(1, "a");
            Task<String> b = after(2, "b");
            WaitResult<String> r = Weft.wait(List.of(a, b), WaitMode.FIRST_EXCEPTION, null);
            assertThat(r.done()).containsExactly(a, b);
            assertThat(now()).isEqualTo(2.0);
        });
    }

    @Test
    void firstExceptionDoesNotCountACancellationAsAFailure() {
        runVirtual(() -> {
            Task<String> a = after(1, "a");
            Task<String> b = after(5, "b");
            Weft.loop().callLater(secs(0.5), b::cancel);
            Task<String> c = after(2, "c");
            WaitResult<String> r = Weft.wait(List.of(a, b, c), WaitMode.FIRST_EXCEPTION, null);
            assertThat(r.done()).containsExactly(a, b, c);
            assertThat(now()).isEqualTo(2.0);
        });
    }

    @Test
    void aTimeoutReturnsWhatIsDoneAndCancelsNothing() {
        // test_wait_with_timeout / test_wait_concurrent_complete
        runVirtual(() -> {
            Task<String> a = after(0.1, "a");
            Task<String> b = after(0.15, "b");
            WaitResult<String> r = Weft.wait(List.of(b, a), WaitMode.ALL_COMPLETED, secs(0.11));
            assertThat(r.done()).containsExactly(a);
            assertThat(r.pending()).containsExactly(b);
            assertThat(now()).isEqualTo(0.11);
            assertThat(b.isCancelled()).isFalse();
            assertThat(b.await()).isEqualTo("b");
        });
    }

    @Test
    void anUnusedTimeoutLeavesNoTimerBehind() {
        runVirtual(() -> {
            Task<String> a = after(1, "a");
            Weft.wait(List.of(a), WaitMode.ALL_COMPLETED, secs(100));
            assertThat(now()).isEqualTo(1.0);
            assertThat(Weft.loop().toString()).contains("timers=0");
        });
    }

    @Test
    void aZeroTimeoutJustPolls() {
        runVirtual(() -> {
            Task<String> a = after(1, "a");
            WaitResult<String> r = Weft.wait(List.of(a), WaitMode.ALL_COMPLETED, secs(0));
            assertThat(r.done()).isEmpty();
            assertThat(r.pending()).containsExactly(a);
            assertThat(now()).isZero();
            a.cancel();
        });
    }

    @Test
    void waitDoesNotRaiseTheFuturesExceptions() {
        // test_wait_with_exception
        runVirtual(() -> {
            Task<String> a = failAfter(0.1, new Boom("a"));
            Task<String> b = after(0.15, "b");
            WaitResult<String> r = Weft.wait(List.of(a, b), WaitMode.ALL_COMPLETED, null);
            assertThat(r.done()).containsExactly(a, b);
            assertThat(a.exception()).hasMessage("a");
        });
    }

    @Test
    void duplicatesAreWaitedForOnce() {
        // test_wait_duplicate_coroutines
        runVirtual(() -> {
            Task<String> a = after(1, "a");
            WaitResult<String> r = Weft.wait(List.of(a, a, a), WaitMode.ALL_COMPLETED, null);
            assertThat(r.done()).containsExactly(a);
            assertThat(r.done()).isInstanceOf(Set.class);
        });
    }

    @Test
    void anEmptySetIsAnError() {
        // test_wait_errors
        runVirtual(() -> {
            assertThatThrownBy(() -> Weft.wait(List.<Future<String>>of(), WaitMode.ALL_COMPLETED, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("futures: empty (expected: at least one future to wait for)");
            assertThatThrownBy(() -> Weft.wait(List.of(after(1, "a")), null, null))
                    .isInstanceOf(NullPointerException.class);
        });
    }

    @Test
    void cancellingTheWaiterLeavesTheFuturesRunning() {
        // test_yield_wait_does_not_shield_cancel
        int[] proof = {0};
        runVirtual(() -> {
            Future<Void> waiter = Weft.loop().createFuture();
            Task<Void> inner = Weft.spawn(() -> { waiter.await(); proof[0] += 1; });
            Task<Void> outer = Weft.spawn(() -> {
                Weft.wait(List.of(inner), WaitMode.ALL_COMPLETED, null);
                proof[0] += 100;
            });
            Weft.yieldNow();
            outer.cancel();
            assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class);
            assertThat(inner.isCancelled()).isFalse();
            waiter.setResult(null);
            inner.await();
        });
        assertThat(proof[0]).isEqualTo(1);
    }

    @Test
    void waitOutsideATaskIsAClearError() {
        try (dev.weft.EventLoop loop = new dev.weft.EventLoop()) {
            Future<String> f = loop.createFuture();
            assertThatThrownBy(() -> Weft.wait(List.of(f), WaitMode.ALL_COMPLETED, null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("await outside a task");
        }
    }
}
