package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Cancellation in every state a task can be in, with asyncio's rules (test_tasks.py): the error is raised
 * where the task is suspended, propagates into what it awaits, may be caught, and is counted by
 * cancelling()/uncancel() as in Python 3.11 and 3.13.
 */
class CancellationTest {

    @Test
    void cancelledErrorIsAnErrorNotAnException() {
        assertThat(new CancelledError("m")).isInstanceOf(Error.class).isNotInstanceOf(Exception.class)
                .isNotInstanceOf(CancellationException.class).hasMessage("m");
        assertThat(new CancelledError().getMessage()).isNull();
    }

    @Test
    void cancelBeforeStartMeansTheBodyNeverRuns() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> t = Weft.spawn(() -> {
                log.add("body ran");
                return "x";
            });
            assertThat(t.cancel("too early")).isTrue();
            assertThat(t.cancelling()).isEqualTo(1);
            assertThat(t.isDone()).isFalse(); // the cancellation is delivered at its first step
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("too early");
            assertThat(t.isCancelled()).isTrue();
        });
        assertThat(log).isEmpty();
    }

    @Test
    void cancelWhileSleepingRaisesAtTheSleepAndRunsFinally() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> t = Weft.spawn(() -> {
                try {
                    sleep(3600);
                    log.add("woke normally");
                    return "slept";
                } finally {
                    log.add("finally @" + now());
                }
            });
            sleep(1);
            assertThat(t.cancel()).isTrue();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(t.isCancelled()).isTrue();
            assertThat(now()).isEqualTo(1.0);
            assertThat(Weft.loop().toString()).contains("timers=0"); // the sleep's timer is gone
        });
        assertThat(log).containsExactly("finally @1.0");
    }

    @Test
    void cancelWhileAwaitingAFutureCancelsTheFuture() {
        runVirtual(() -> {
            Future<String> f = Weft.loop().createFuture();
            Task<String> t = Weft.spawn(f::await);
            Weft.yieldNow();
            assertThat(t.cancel("msg")).isTrue();
            assertThat(f.isCancelled()).isTrue(); // test_task_cancel_waiter_future
            assertThatThrownBy(f::result).hasMessage("msg");
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("msg");
            assertThat(t.isCancelled()).isTrue();
        });
    }

    @Test
    void cancelWhileAwaitingAnotherTaskCancelsThatTaskToo() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> inner = Weft.spawn(() -> {
                try {
                    sleep(100);
                    return "inner";
                } catch (CancelledError e) {
                    log.add("inner cancelled: " + e.getMessage());
                    throw e;
                }
            });
            Task<String> outer = Weft.spawn(inner::await);
            sleep(1);
            outer.cancel("stop");
            assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class).hasMessage("stop");
            assertThat(inner.isCancelled()).isTrue();
            assertThat(outer.isCancelled()).isTrue();
            assertThat(inner.cancelling()).isEqualTo(1);
        });
        assertThat(log).containsExactly("inner cancelled: stop");
    }

    @Test
    void cancellationPropagatesDownAChainOfAwaits() {
        runVirtual(() -> {
            Task<String> c = Weft.spawn(() -> { sleep(100); return "c"; });
            Task<String> b = Weft.spawn(c::await);
            Task<String> a = Weft.spawn(b::await);
            sleep(1);
            a.cancel();
            assertThatThrownBy(a::await).isInstanceOf(CancelledError.class);
            assertThat(List.of(a.isCancelled(), b.isCancelled(), c.isCancelled())).containsOnly(true);
            assertThat(now()).isEqualTo(1.0);
        });
    }

    @Test
    void aShieldedTaskIsNotCancelledWithItsAwaiter() {
        runVirtual(() -> {
            Task<String> inner = Weft.spawn(() -> { sleep(5); return "inner done"; });
            Task<String> outer = Weft.spawn(() -> Weft.shield(inner).await());
            sleep(1);
            outer.cancel();
            assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class);
            assertThat(inner.isDone()).isFalse();
            assertThat(inner.await()).isEqualTo("inner done");
            assertThat(now()).isEqualTo(5.0);
        });
    }

    @Test
    void catchingCancelledErrorLetsTheTaskGoOn() {
        // test_cancel_task_catching
        runVirtual(() -> {
            Future<Void> f1 = Weft.loop().createFuture();
            Future<Void> f2 = Weft.loop().createFuture();
            Task<Integer> t = Weft.spawn(() -> {
                f1.await();
                try {
                    f2.await();
                } catch (CancelledError e) {
                    return 42;
                }
                return 0;
            });
            Weft.yieldNow();
            f1.setResult(null);
            yields(2);
            t.cancel();
            assertThat(f2.isCancelled()).isTrue();
            assertThat(t.await()).isEqualTo(42);
            assertThat(t.isCancelled()).isFalse();
            assertThat(t.cancelling()).isEqualTo(1); // nobody called uncancel()
        });
    }

    @Test
    void ignoringCancellationAndAwaitingAgain() {
        // test_cancel_task_ignoring
        runVirtual(() -> {
            Future<Void> f1 = Weft.loop().createFuture();
            Future<Void> f2 = Weft.loop().createFuture();
            Future<Integer> f3 = Weft.loop().createFuture();
            Task<Integer> t = Weft.spawn(() -> {
                f1.await();
                try {
                    f2.await();
                } catch (CancelledError ignored) {
                    // swallowed
                }
                return f3.await();
            });
            Weft.yieldNow();
            f1.setResult(null);
            yields(2);
            t.cancel();
            assertThat(f2.isCancelled()).isTrue();
            yields(2);
            assertThat(t.isDone()).isFalse();
            f3.setResult(42);
            assertThat(t.await()).isEqualTo(42);
            assertThat(f3.isCancelled()).isFalse();
            assertThat(t.isCancelled()).isFalse();
        });
    }

    @Test
    void catchExceptionDoesNotSwallowCancellation() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> t = Weft.spawn(() -> {
                try {
                    sleep(10);
                } catch (Exception e) {
                    log.add("caught as Exception");
                }
                return "went on";
            });
            sleep(1);
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        });
        assertThat(log).isEmpty();
    }

    @Test
    void cancelMessageReachesTheAwaiter() {
        runVirtual(() -> {
            Task<String> t = Weft.spawn(() -> { sleep(10); return "x"; });
            sleep(1);
            t.cancel("the reason");
            CancelledError e = catchThrowableOfType(CancelledError.class, t::await);
            assertThat(e).hasMessage("the reason");
            Task<String> u = Weft.spawn(() -> { sleep(10); return "x"; });
            sleep(1);
            u.cancel();
            assertThatThrownBy(u::await).isInstanceOf(CancelledError.class).hasMessage(null);
        });
    }

    @Test
    void cancelMessageSeenInsideTheTask() {
        String seen = runVirtual(() -> {
            Task<String> t = Weft.spawn(() -> {
                try {
                    sleep(10);
                    return "no";
                } catch (CancelledError e) {
                    return "inside: " + e.getMessage();
                }
            });
            sleep(1);
            t.cancel("hello");
            return t.await();
        });
        assertThat(seen).isEqualTo("inside: hello");
    }

    @Test
    void cancellingCountsRequests() {
        // test_cancelling: every request counts, and cancel() keeps returning true.
        runVirtual(() -> {
            Task<Void> t = Weft.spawn(() -> { sleep(10); });
            assertThat(t.cancelling()).isZero();
            assertThat(t.toString()).doesNotContain("cancelling");
            assertThat(t.cancel()).isTrue();
            assertThat(t.cancelling()).isEqualTo(1);
            assertThat(t.toString()).contains("cancelling=1");
            assertThat(t.cancel()).isTrue();
            assertThat(t.cancelling()).isEqualTo(2);
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(t.cancelling()).isEqualTo(2);
        });
    }

    @Test
    void uncancelWithdrawsARequest() {
        // test_uncancel_basic
        runVirtual(() -> {
            Task<Void> t = Weft.spawn(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    Weft.currentTask().uncancel();
                    sleep(10);
                }
            });
            sleep(0.01);
            assertThat(t.cancel()).isTrue();
            assertThat(t.toString()).contains("cancelling=1");
            assertThat(t.cancelling()).isEqualTo(1);
            sleep(0.01);
            assertThat(t.cancelling()).isZero();
            assertThat(t.toString()).doesNotContain("cancelling");
            assertThat(t.isDone()).isFalse();

            assertThat(t.cancel()).isTrue();
            assertThat(t.cancelling()).isEqualTo(1);
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(t.isCancelled()).isTrue();

            t.uncancel(); // no longer effective on a finished task
            assertThat(t.isCancelled()).isTrue();
            assertThat(t.isDone()).isTrue();
        });
    }

    @Test
    void uncancelToZeroDropsAPendingCancellation() {
        // test_uncancel_resets_must_cancel
        runVirtual(() -> {
            Future<Void> f = Weft.loop().createFuture();
            Task<Integer> t = Weft.spawn(() -> {
                f.await();
                return 42;
            });
            Weft.yieldNow();
            f.setResult(null); // the task is now runnable
            t.cancel();
            assertThat(t.cancelling()).isEqualTo(1);
            assertThat(t.uncancel()).isZero();
            assertThat(t.cancelling()).isZero();
            assertThat(t.await()).isEqualTo(42);
            assertThat(t.isCancelled()).isFalse();
        });
    }

    @Test
    void uncancelBeforeStartLetsTheBodyRun() {
        runVirtual(() -> {
            Task<String> t = Weft.spawn(() -> "ran");
            t.cancel();
            t.uncancel();
            assertThat(t.await()).isEqualTo("ran");
        });
    }

    @Test
    void uncancelNeverGoesBelowZero() {
        runVirtual(() -> {
            Task<String> t = Weft.spawn(() -> "ran");
            assertThat(t.uncancel()).isZero();
            assertThat(t.cancelling()).isZero();
            t.await();
        });
    }

    @Test
    void uncancelOnlyDropsThePendingCancellationAtZero() {
        runVirtual(() -> {
            Future<Void> f = Weft.loop().createFuture();
            Task<Integer> t = Weft.spawn(() -> {
                f.await();
                return 42;
            });
            Weft.yieldNow();
            f.setResult(null);
            t.cancel();
            t.cancel();
            assertThat(t.uncancel()).isEqualTo(1);
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        });
    }

    @Test
    void cancelOfADoneTaskReturnsFalse() {
        runVirtual(() -> {
            Task<String> ok = Weft.spawn(() -> "ok");
            Task<String> failed = Weft.spawn(() -> { throw new Boom("b"); });
            Task<String> cancelled = Weft.spawn(() -> { sleep(1); return "c"; });
            Weft.yieldNow();
            cancelled.cancel();
            Weft.gatherSettled(List.of(ok, failed, cancelled)).await();
            for (Task<String> t : List.of(ok, failed, cancelled)) {
                int before = t.cancelling();
                assertThat(t.cancel()).as(t.toString()).isFalse();
                assertThat(t.cancelling()).isEqualTo(before);
            }
            assertThat(ok.result()).isEqualTo("ok");
            assertThat(failed.exception()).isInstanceOf(Boom.class);
            assertThat(cancelled.isCancelled()).isTrue();
        });
    }

    @Test
    void selfCancelRaisesAtTheNextSuspension() {
        // test_cancel_current_task
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            AtomicReference<Task<?>> me = new AtomicReference<>();
            Task<Integer> t = Weft.spawn(() -> {
                me.set(Weft.currentTask());
                assertThat(Weft.currentTask().cancel()).isTrue();
                log.add("still running after cancel()");
                sleep(100); // cancelled at once
                log.add("not reached");
                return 12;
            });
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(t.isCancelled()).isTrue();
            assertThat(t.cancel()).isFalse();
            assertThat(now()).isZero();
        });
        assertThat(log).containsExactly("still running after cancel()");
    }

    @Test
    void selfCancelRightBeforeReturningMarksTheTaskCancelled() {
        // test_cancel_at_end
        runVirtual(() -> {
            Task<Integer> t = Weft.spawn(() -> {
                Weft.currentTask().cancel("at end");
                return 12;
            });
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("at end");
            assertThat(t.isCancelled()).isTrue();
            assertThat(t.cancel()).isFalse();
        });
    }

    @Test
    void selfCancelThenAwaitingATaskCancelsThatTask() {
        // test_cancel_awaited_task (bpo-34872)
        runVirtual(() -> {
            Future<Void> fut = Weft.loop().createFuture();
            AtomicReference<Task<Void>> nested = new AtomicReference<>();
            Task<Void> task = Weft.spawn(() -> {
                nested.set(Weft.spawn(() -> { fut.await(); }));
                Weft.yieldNow();
                Weft.currentTask().cancel();
                nested.get().await();
            });
            assertThatThrownBy(task::await).isInstanceOf(CancelledError.class);
            assertThat(task.isCancelled()).isTrue();
            assertThat(nested.get().isCancelled()).isTrue();
            assertThat(fut.isCancelled()).isTrue();
        });
    }

    @Test
    void selfCancelThenAwaitingAFutureCancelsTheFutureWithTheMessage() {
        runVirtual(() -> {
            Future<Void> fut = Weft.loop().createFuture();
            Task<String> t = Weft.spawn(() -> {
                Weft.currentTask().cancel("self");
                try {
                    fut.await();
                    return "no";
                } catch (CancelledError e) {
                    return e.getMessage() + " " + fut.isCancelled();
                }
            });
            assertThat(t.await()).isEqualTo("self true");
        });
    }

    @Test
    void selfCancelThenYieldLeavesNoStrayWakeUp() {
        // asyncio's idiom `current_task().cancel(); await sleep(0)`, then the task catches and goes on.
        List<String> reported = new ArrayList<>();
        runVirtual(() -> {
            Weft.loop().setExceptionHandler((l, ctx) -> reported.add(ctx.message()));
            Future<String> f = Weft.loop().createFuture();
            Task<String> t = Weft.spawn(() -> {
                Weft.currentTask().cancel();
                try {
                    Weft.yieldNow();
                } catch (CancelledError e) {
                    // goes on
                }
                return f.await(); // must really wait for f
            });
            sleep(1);
            assertThat(t.isDone()).isFalse();
            f.setResult("f");
            assertThat(t.await()).isEqualTo("f");

            Task<String> u = Weft.spawn(() -> {
                Weft.currentTask().cancel();
                Weft.sleep(java.time.Duration.ZERO);
                return "not reached";
            });
            assertThatThrownBy(u::await).isInstanceOf(CancelledError.class);
            sleep(1);
        });
        assertThat(reported).isEmpty(); // no "Continuation terminated" from a stray step
    }

    @Test
    void cancelAYieldingTask() {
        // test_cancel_yield
        runVirtual(() -> {
            Task<Integer> t = Weft.spawn(() -> {
                Weft.yieldNow();
                Weft.yieldNow();
                return 12;
            });
            Weft.yieldNow(); // start it
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(t.isCancelled()).isTrue();
            assertThat(t.cancel()).isFalse();
        });
    }

    @Test
    void cancelBothTheTaskAndItsFuture() {
        // test_cancel_both_task_and_inner_future
        runVirtual(() -> {
            Future<Void> f = Weft.loop().createFuture();
            Task<Integer> t = Weft.spawn(() -> {
                f.await();
                return 12;
            });
            Weft.yieldNow();
            f.cancel();
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(f.isCancelled()).isTrue();
            assertThat(t.isCancelled()).isTrue();
        });
    }

    @Test
    void cancellingTheAwaitedFutureFromOutsideEndsTheTaskCancelled() {
        runVirtual(() -> {
            Future<Void> f = Weft.loop().createFuture();
            Task<Void> t = Weft.spawn(() -> { f.await(); });
            Weft.yieldNow();
            f.cancel("future gone");
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("future gone");
            assertThat(t.isCancelled()).isTrue();
            assertThat(t.cancelling()).isZero(); // the task itself was never asked to cancel
        });
    }

    @Test
    void theCancelledTaskRunsOnlyAtTheLoopsNextIteration() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Void> t = Weft.spawn(() -> {
                try {
                    sleep(10);
                } finally {
                    log.add("task sees cancellation");
                }
            });
            Weft.yieldNow();
            t.cancel();
            log.add("canceller goes on");
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        });
        assertThat(log).containsExactly("canceller goes on", "task sees cancellation");
    }

    @Test
    void aCancelledTaskCanAwaitInItsCleanup() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Void> t = Weft.spawn(() -> {
                try {
                    sleep(10);
                } finally {
                    sleep(2); // the cancellation was delivered; new awaits work
                    log.add("cleanup done @" + now());
                }
            });
            sleep(1);
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(now()).isEqualTo(3.0);
        });
        assertThat(log).containsExactly("cleanup done @3.0");
    }

    @Test
    void aTaskMayRaiseSomethingElseWhenCancelled() {
        runVirtual(() -> {
            Task<Void> t = Weft.spawn(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    throw new Boom("instead");
                }
            });
            sleep(1);
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(Boom.class).hasMessage("instead");
            assertThat(t.isCancelled()).isFalse();
        });
    }

    @Test
    void cancelFromAnotherThreadIsRejected() throws Exception {
        runVirtual(() -> {
            Task<Void> t = Weft.spawn(() -> { sleep(10); });
            AtomicReference<Throwable> err = new AtomicReference<>();
            Thread th = new Thread(() -> err.set(catchThrowable(t::cancel)));
            th.start();
            th.join(); // blocks the loop briefly on purpose: nothing else needs to run meanwhile
            assertThat(err.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("other threads must use callSoonThreadsafe");
            assertThat(t.cancelling()).isZero();
            t.cancel();
        });
    }
}
