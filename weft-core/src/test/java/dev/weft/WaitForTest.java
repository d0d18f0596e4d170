package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The behaviour of CPython's test_waitfor.py on {@link Weft#waitFor}. */
class WaitForTest {

    @Test
    void returnsTheResultInTime() {
        String r = runVirtual(() -> Weft.waitFor(Weft.spawn(() -> { sleep(1); return "done"; }), secs(2)));
        assertThat(r).isEqualTo("done");
    }

    @Test
    void onTimeoutTheTaskIsCancelledAndHasFinishedCancelling() {
        // test_wait_for
        boolean[] running = {false};
        runVirtual(() -> {
            Task<String> fut = Weft.spawn(() -> {
                running[0] = true;
                try {
                    sleep(3600);
                } finally {
                    running[0] = false;
                }
                return "done";
            });
            TimedOutException e = catchThrowableOfType(TimedOutException.class, () -> Weft.waitFor(fut, secs(0.1)));
            assertThat(e).isNotNull();
            assertThat(e.getCause()).isInstanceOf(CancelledError.class);
            assertThat(now()).isEqualTo(0.1);
            assertThat(fut.isDone()).isTrue();
            assertThat(fut.isCancelled()).isTrue();
            assertThat(running[0]).isFalse();
            assertThat(Weft.currentTask().cancelling()).isZero(); // the timeout withdrew its request
        });
    }

    @Test
    void aNullTimeoutWaitsWithoutLimit() {
        // test_wait_for_blocking / test_none_timeout
        String r = runVirtual(() -> Weft.waitFor(Weft.spawn(() -> { sleep(3600); return "done"; }), null));
        assertThat(r).isEqualTo("done");
    }

    @Test
    void zeroTimeoutOnADoneFutureReturnsItsResult() {
        // test_wait_for_timeout_less_then_0_or_0_future_done
        runVirtual(() -> {
            Future<String> f = Weft.loop().createFuture();
            f.setResult("done");
            assertThat(Weft.waitFor(f, secs(0))).isEqualTo("done");
            assertThat(Weft.waitFor(f, secs(-1))).isEqualTo("done");
        });
    }

    @Test
    void zeroTimeoutNeverStartsTheBody() {
        // test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
        boolean[] started = {false};
        runVirtual(() -> {
            assertThatThrownBy(() -> Weft.waitFor(() -> {
                started[0] = true;
                return "x";
            }, secs(0))).isInstanceOf(TimedOutException.class).cause().isInstanceOf(CancelledError.class);
        });
        assertThat(started[0]).isFalse();
    }

    @Test
    void zeroOrNegativeTimeoutCancelsARunningTask() {
        // test_wait_for_timeout_less_then_0_or_0
        for (double timeout : new double[] {0, -1}) {
            boolean[] running = {false};
            runVirtual(() -> {
                Future<Void> started = Weft.loop().createFuture();
                Task<String> fut = Weft.spawn(() -> {
                    running[0] = true;
                    started.setResult(null);
                    try {
                        sleep(10);
                    } finally {
                        running[0] = false;
                    }
                    return "done";
                });
                started.await();
                assertThatThrownBy(() -> Weft.waitFor(fut, secs(timeout))).isInstanceOf(TimedOutException.class);
                assertThat(fut.isCancelled()).as("timeout %s", timeout).isTrue();
                assertThat(running[0]).isFalse();
                assertThat(now()).isZero();
            });
        }
    }

    @Test
    void waitsForTheTaskToFinishCancelling() {
        // test_wait_for_waits_for_task_cancellation
        boolean[] taskDone = {false};
        runVirtual(() -> {
            Task<Void> inner = Weft.spawn(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    sleep(0.5);
                    throw e;
                } finally {
                    taskDone[0] = true;
                }
            });
            assertThatThrownBy(() -> Weft.waitFor(inner, secs(0.25))).isInstanceOf(TimedOutException.class);
            assertThat(taskDone[0]).isTrue();
            assertThat(now()).isEqualTo(0.75);
        });
    }

    @Test
    void waitsForTheTaskToFinishCancellingWithZeroTimeout() {
        // test_wait_for_waits_for_task_cancellation_w_timeout_0
        boolean[] taskDone = {false};
        runVirtual(() -> {
            Task<Void> inner = Weft.spawn(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    sleep(0.5);
                    throw e;
                } finally {
                    taskDone[0] = true;
                }
            });
            sleep(0.1);
            TimedOutException e = catchThrowableOfType(TimedOutException.class, () -> Weft.waitFor(inner, secs(0)));
            assertThat(e.getCause()).isInstanceOf(CancelledError.class);
            assertThat(taskDone[0]).isTrue();
            assertThat(now()).isEqualTo(0.6);
        });
    }

    @Test
    void aValueReturnedDespiteTheCancellationIsReturned() {
        // test_wait_for_cancel_suppressed (GH-86296) / test_wait_for_cancellation_race_condition
        int r = runVirtual(() -> Weft.waitFor(() -> {
            try {
                sleep(10);
                return 0;
            } catch (CancelledError e) {
                return 42;
            }
        }, secs(0.1)));
        assertThat(r).isEqualTo(42);
    }

    @Test
    void anExceptionRaisedWhileCancellingPropagates() {
        // test_wait_for_reraises_exception_during_cancellation
        runVirtual(() -> {
            Task<Void> inner = Weft.spawn(() -> {
                try {
                    sleep(0.2);
                } finally {
                    raise(new Boom("foo"));
                }
            });
            assertThatThrownBy(() -> Weft.waitFor(inner, secs(0.01))).isInstanceOf(Boom.class).hasMessage("foo");
        });
    }

    @Test
    void theTasksOwnFailurePropagatesAsIs() {
        Boom boom = new Boom("inner");
        runVirtual(() -> {
            Task<Void> inner = Weft.spawn(() -> {
                sleep(0.1);
                throw boom;
            });
            assertThatThrownBy(() -> Weft.waitFor(inner, secs(1))).isSameAs(boom);
        });
    }

    @Test
    void cancellingTheWaitCancelsTheTask() {
        // test_cancel_wait_for / test_cancel_blocking_wait_for (Python issue #23219)
        for (Double timeout : new Double[] {null, 60.0}) {
            runVirtual(() -> {
                Task<Void> blocking = Weft.spawn(() -> { Weft.loop().<Void>createFuture().await(); });
                Task<Void> wait = Weft.spawn(() -> { Weft.waitFor(blocking, timeout == null ? null : secs(timeout)); });
                Weft.loop().callSoon(wait::cancel);
                assertThatThrownBy(wait::await).isInstanceOf(CancelledError.class);
                assertThat(blocking.isCancelled()).as("timeout %s", timeout).isTrue();
            });
        }
    }

    @Test
    void cancellingTheWaitAfterTheTaskFinishedStillCancelsTheWaiter() {
        // test_wait_for_issue86296
        boolean[] reachedEnd = {false};
        runVirtual(() -> {
            Task<String> inner = Weft.spawn(() -> "done");
            Task<Void> task = Weft.spawn(() -> {
                Weft.waitFor(inner, secs(100));
                sleep(1);
                reachedEnd[0] = true;
            });
            assertThat(task.isDone()).isFalse();
            Weft.yieldNow();
            task.cancel();
            assertThatThrownBy(task::await).isInstanceOf(CancelledError.class);
            assertThat(inner.isDone()).isTrue();
            assertThat(inner.await()).isEqualTo("done");
        });
        assertThat(reachedEnd[0]).isFalse();
    }

    @Test
    void aResultSetByACallbackBeforeTheTimeoutWins() {
        // test_wait_for_race_condition
        String r = runVirtual(() -> {
            Future<String> fut = Weft.loop().createFuture();
            Weft.loop().callSoon(() -> fut.setResult("ok"));
            return Weft.waitFor(fut, secs(0.2));
        });
        assertThat(r).isEqualTo("ok");
    }

    @Test
    void aPlainFutureIsCancelledOnTimeout() {
        runVirtual(() -> {
            Future<String> fut = Weft.loop().createFuture();
            assertThatThrownBy(() -> Weft.waitFor(fut, secs(1))).isInstanceOf(TimedOutException.class);
            assertThat(fut.isCancelled()).isTrue();
            assertThat(now()).isEqualTo(1.0);
        });
    }

    @Test
    void aShieldedTaskSurvivesTheTimeout() {
        // test_shielded_timeout
        runVirtual(() -> {
            Task<String> task = Weft.spawn(() -> { sleep(0.1); return "done"; });
            assertThatThrownBy(() -> Weft.waitFor(Weft.shield(task), secs(0.01))).isInstanceOf(TimedOutException.class);
            assertThat(task.isDone()).isFalse();
            assertThat(task.isCancelled()).isFalse();
            assertThat(task.await()).isEqualTo("done");
        });
    }

    @Test
    void aShieldedTaskSurvivesAZeroTimeout() {
        // test_zero_timeout
        runVirtual(() -> {
            Task<String> task = Weft.spawn(() -> { sleep(0.01); return "done"; });
            List<Future<String>> shielded = new ArrayList<>();
            assertThatThrownBy(() -> {
                shielded.add(Weft.shield(task));
                Weft.waitFor(shielded.get(0), secs(0));
            }).isInstanceOf(TimedOutException.class);
            assertThat(task.isDone()).isFalse();
            assertThat(shielded.get(0).isCancelled()).isTrue();
            sleep(0.1);
            assertThat(task.isDone()).isTrue();
            assertThat(task.result()).isEqualTo("done");
        });
    }

    @Test
    void aSlowTaskIgnoringCancellationIsWaitedFor() {
        // test_asyncio_wait_for_timeout (SlowTask): the wait ends only when the task has exited
        boolean[] exited = {false};
        runVirtual(() -> {
            Task<Void> slow = Weft.spawn(() -> {
                double exitAt = now() + 0.2;
                while (now() < exitAt) {
                    try {
                        sleep(exitAt - now());
                    } catch (CancelledError ignored) {
                        // keeps going
                    }
                }
                exited[0] = true;
            });
            Weft.waitFor(slow, secs(0.1)); // the task swallowed the cancellation: no timeout error
            assertThat(exited[0]).isTrue();
            assertThat(now()).isEqualTo(0.2);
        });
    }

    @Test
    void cancellingAWaitForOfASlowTaskWaitsForIt() {
        // test_asyncio_wait_for_cancelled
        boolean[] exited = {false};
        runVirtual(() -> {
            Task<Object> waitForTask = Weft.spawn(() -> Weft.waitFor(() -> {
                double exitAt = now() + 0.2;
                while (now() < exitAt) {
                    try {
                        sleep(exitAt - now());
                    } catch (CancelledError ignored) {
                        // keeps going
                    }
                }
                exited[0] = true;
                return null;
            }, secs(0.4)));
            yields(2); // the waitFor task starts, then the task it spawned starts
            waitForTask.cancel();
            Weft.wait(List.of(waitForTask), WaitMode.ALL_COMPLETED, null);
            assertThat(exited[0]).isTrue();
            assertThat(now()).isEqualTo(0.2);
        });
    }
}
