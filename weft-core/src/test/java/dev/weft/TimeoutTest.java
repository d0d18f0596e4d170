package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The behaviour of CPython's test_timeouts.py on {@link Timeout}. */
class TimeoutTest {

    @Test
    void basic() {
        runVirtual(() -> {
            Timeout cm = Timeout.after(secs(0.01));
            assertThat(cm.state()).isEqualTo(Timeout.State.CREATED);
            assertThatThrownBy(() -> cm.run(() -> { sleep(10); return null; }))
                    .isInstanceOf(TimedOutException.class).cause().isInstanceOf(CancelledError.class);
            assertThat(cm.expired()).isTrue();
            assertThat(cm.state()).isEqualTo(Timeout.State.EXPIRED);
            assertThat(now()).isEqualTo(0.01);
            assertThat(Weft.currentTask().cancelling()).isZero();
        });
    }

    @Test
    void atADeadline() {
        // test_timeout_at_basic
        runVirtual(() -> {
            long deadline = Weft.loop().nanoTime() + secs(0.01).toNanos();
            Timeout cm = Timeout.atNanos(deadline);
            assertThatThrownBy(() -> cm.run(() -> { sleep(10); return null; })).isInstanceOf(TimedOutException.class);
            assertThat(cm.expired()).isTrue();
            assertThat(cm.when()).isEqualTo(deadline / 1e9);
        });
    }

    @Test
    void nestedTimeoutsWithTheSameDeadline() {
        // test_nested_timeouts: only the outermost converts the cancellation
        boolean[] cancelled = {false};
        runVirtual(() -> {
            long deadline = Weft.loop().nanoTime() + secs(0.01).toNanos();
            Timeout cm1 = Timeout.atNanos(deadline);
            Timeout cm2 = Timeout.atNanos(deadline);
            assertThatThrownBy(() -> cm1.run(() -> {
                try {
                    return cm2.run(() -> { sleep(10); return null; });
                } catch (CancelledError e) {
                    cancelled[0] = true;
                    throw e;
                }
            })).isInstanceOf(TimedOutException.class);
            assertThat(cm1.expired()).isTrue();
            assertThat(cm2.expired()).isTrue();
        });
        assertThat(cancelled[0]).isTrue();
    }

    @Test
    void theBodySeesACancellation() {
        // test_waiter_cancelled
        boolean[] cancelled = {false};
        runVirtual(() -> {
            assertThatThrownBy(() -> Weft.timeout(secs(0.01), () -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    cancelled[0] = true;
                    throw e;
                }
                return null;
            })).isInstanceOf(TimedOutException.class);
        });
        assertThat(cancelled[0]).isTrue();
    }

    @Test
    void notExpired() {
        // test_timeout_not_called
        runVirtual(() -> {
            Timeout cm = Timeout.after(secs(10));
            String r = cm.run(() -> { sleep(0.01); return "done"; });
            assertThat(r).isEqualTo("done");
            assertThat(cm.expired()).isFalse();
            assertThat(cm.state()).isEqualTo(Timeout.State.EXITED);
            assertThat(cm.when()).isGreaterThan(now());
            assertThat(Weft.loop().toString()).contains("timers=0"); // the deadline's timer is gone
        });
    }

    @Test
    void disabled() {
        // test_timeout_disabled / test_timeout_at_disabled
        runVirtual(() -> {
            Timeout cm = Timeout.never();
            cm.run(() -> { sleep(3600); return null; });
            assertThat(cm.expired()).isFalse();
            assertThat(cm.when()).isNull();
            Timeout at = Timeout.atNanos(Long.MAX_VALUE);
            at.run(() -> { sleep(1); return null; });
            assertThat(at.when()).isNull();
        });
    }

    @Test
    void anEnormousDelayNeverExpires() {
        runVirtual(() -> {
            Timeout cm = Timeout.after(java.time.Duration.ofSeconds(Long.MAX_VALUE));
            assertThat(cm.run(() -> { sleep(3600); return "done"; })).isEqualTo("done");
            assertThat(cm.expired()).isFalse();
            Timeout moved = Timeout.after(secs(1));
            assertThat(moved.run(() -> {
                moved.reschedule(java.time.Duration.ofSeconds(Long.MAX_VALUE));
                assertThat(moved.when()).isNull();
                sleep(10);
                return "still running";
            })).isEqualTo("still running");
        });
    }

    @Test
    void theBodyMaySwallowTheTimeoutsCancellation() {
        runVirtual(() -> {
            Timeout cm = Timeout.after(secs(1));
            String r = cm.run(() -> {
                try {
                    sleep(10);
                    return "slept";
                } catch (CancelledError e) {
                    return "swallowed";
                }
            });
            assertThat(r).isEqualTo("swallowed");
            assertThat(cm.expired()).isTrue();
            assertThat(Weft.currentTask().cancelling()).isZero();
            sleep(1); // and no cancellation is left pending
            assertThat(now()).isEqualTo(2.0);
        });
    }

    @Test
    void zero() {
        // test_timeout_zero
        runVirtual(() -> {
            double t0 = now();
            Timeout cm = Timeout.after(secs(0));
            assertThatThrownBy(() -> cm.run(() -> { sleep(10); return null; })).isInstanceOf(TimedOutException.class);
            double t1 = now();
            assertThat(cm.expired()).isTrue();
            assertThat(cm.when()).isBetween(t0, t1);
        });
    }

    @Test
    void zeroWithAYield() {
        // test_timeout_zero_sleep_zero
        runVirtual(() -> {
            Timeout cm = Timeout.after(secs(0));
            assertThatThrownBy(() -> cm.run(() -> { Weft.yieldNow(); return null; }))
                    .isInstanceOf(TimedOutException.class);
            assertThat(cm.expired()).isTrue();
        });
    }

    @Test
    void inThePast() {
        // test_timeout_in_the_past_sleep_zero
        runVirtual(() -> {
            sleep(20);
            Timeout cm = Timeout.after(secs(-11));
            assertThatThrownBy(() -> cm.run(() -> { Weft.yieldNow(); return null; }))
                    .isInstanceOf(TimedOutException.class);
            assertThat(cm.expired()).isTrue();
            assertThat(cm.when()).isEqualTo(9.0);
        });
    }

    @Test
    void aZeroTimeoutLetsABodyThatNeverAwaitsFinish() {
        runVirtual(() -> {
            Timeout cm = Timeout.after(secs(0));
            assertThat(cm.run(() -> "quick")).isEqualTo("quick");
            assertThat(cm.expired()).isFalse();
            assertThat(Weft.currentTask().cancelling()).isZero();
            sleep(1); // no stray cancellation is left behind
        });
    }

    @Test
    void aForeignExceptionPasses() {
        // test_foreign_exception_passed
        runVirtual(() -> {
            Timeout cm = Timeout.after(secs(0.01));
            Boom boom = new Boom("key");
            assertThatThrownBy(() -> cm.run(() -> { throw boom; })).isSameAs(boom);
            assertThat(cm.expired()).isFalse();
        });
    }

    @Test
    void aCheckedExceptionIsWrapped() {
        runVirtual(() -> {
            assertThatThrownBy(() -> Weft.timeout(secs(1), () -> { throw new CheckedBoom("c"); }))
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(CheckedBoom.class);
        });
    }

    @Test
    void aForeignExceptionWhileExpiringPasses() {
        // test_foreign_exception_on_timeout
        runVirtual(() -> {
            Timeout cm = Timeout.after(secs(0.01));
            assertThatThrownBy(() -> cm.run(() -> {
                try {
                    sleep(1);
                } finally {
                    raise(new ArithmeticException("crash"));
                }
                return null;
            })).isInstanceOf(ArithmeticException.class);
            assertThat(cm.expired()).isTrue();
            assertThat(Weft.currentTask().cancelling()).isZero();
        });
    }

    @Test
    void aForeignCancellationIsNotATimeout() {
        // test_foreign_cancel_doesnt_timeout_if_not_expired
        runVirtual(() -> {
            Task<Void> t = Weft.spawn(() -> {
                Timeout cm = Timeout.after(secs(10));
                try {
                    cm.run(() -> {
                        Weft.currentTask().cancel();
                        sleep(10);
                        return null;
                    });
                } finally {
                    assertThat(cm.expired()).isFalse();
                }
            });
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        });
    }

    @Test
    void theOuterTaskIsNotCancelled() {
        // test_outer_task_is_not_cancelled
        runVirtual(() -> {
            Task<Void> task = Weft.spawn(() -> {
                assertThatThrownBy(() -> Weft.timeout(secs(0.001), () -> { sleep(10); return null; }))
                        .isInstanceOf(TimedOutException.class);
            });
            task.await();
            assertThat(task.isCancelled()).isFalse();
            assertThat(task.isDone()).isTrue();
        });
    }

    @Test
    void nestedTimeoutsWhenTheOuterExpiresFirst() {
        // test_nested_timeouts_concurrent: the inner scope lets the cancellation through untouched
        runVirtual(() -> {
            Timeout inner = Timeout.after(secs(0.1));
            List<Throwable> throughInner = new ArrayList<>();
            assertThatThrownBy(() -> Weft.timeout(secs(0.002), () -> {
                try {
                    return inner.run(() -> { sleep(1); return null; });
                } catch (Throwable e) {
                    throughInner.add(e);
                    throw e;
                }
            })).isInstanceOf(TimedOutException.class);
            assertThat(throughInner).singleElement().isInstanceOf(CancelledError.class);
            assertThat(inner.expired()).isFalse();
            assertThat(inner.state()).isEqualTo(Timeout.State.EXITED);
            assertThat(now()).isEqualTo(0.002);
        });
    }

    @Test
    void nestedTimeoutsWhenTheLoopWasBusy() {
        // test_nested_timeouts_loop_busy: both deadlines pass together; the inner sees a plain
        // cancellation (another request is pending) and the outer turns it into the timeout.
        VirtualClock clock = new VirtualClock();
        List<String> log = new ArrayList<>();
        Weft.run(clock, () -> {
            double t0 = now();
            assertThatThrownBy(() -> Weft.timeout(secs(0.1), () -> {
                try {
                    Weft.timeout(secs(0.01), () -> {
                        clock.advance(secs(0.1)); // the loop is busy, as time.sleep(0.1)
                        sleep(1);
                        return null;
                    });
                    log.add("inner returned");
                } catch (TimedOutException e) {
                    log.add("inner timed out");
                } catch (CancelledError e) {
                    log.add("inner cancelled, cancelling=" + Weft.currentTask().cancelling());
                    throw e;
                }
                sleep(10);
                return null;
            })).isInstanceOf(TimedOutException.class);
            assertThat(now()).isBetween(t0, t0 + 1);
            return null;
        });
        assertThat(log).containsExactly("inner cancelled, cancelling=1");
    }

    @Test
    void rescheduleMovesTheDeadline() {
        // test_reschedule
        runVirtual(() -> {
            Future<Timeout> fut = Weft.loop().createFuture();
            double deadline1 = now() + 10;
            double deadline2 = deadline1 + 20;
            Task<Void> task = Weft.spawn(() -> {
                Timeout cm = Timeout.atNanos(secs(deadline1).toNanos());
                cm.run(() -> {
                    fut.setResult(cm);
                    sleep(50);
                    return null;
                });
            });
            Timeout cm = fut.await();
            assertThat(cm.when()).isEqualTo(deadline1);
            cm.rescheduleNanos(secs(deadline2).toNanos());
            assertThat(cm.when()).isEqualTo(deadline2);
            cm.rescheduleNanos(Long.MAX_VALUE);
            assertThat(cm.when()).isNull();
            task.cancel();
            assertThatThrownBy(task::await).isInstanceOf(CancelledError.class);
            assertThat(cm.expired()).isFalse();
        });
    }

    @Test
    void rescheduleGivesMoreTime() {
        runVirtual(() -> {
            Timeout cm = Timeout.after(secs(1));
            String r = cm.run(() -> {
                sleep(0.5);
                cm.reschedule(secs(1));
                sleep(0.9);
                return "made it";
            });
            assertThat(r).isEqualTo("made it");
            assertThat(now()).isEqualTo(1.4);
        });
    }

    @Test
    void rescheduleIntoThePastExpiresAtOnce() {
        runVirtual(() -> {
            Timeout cm = Timeout.after(secs(10));
            assertThatThrownBy(() -> cm.run(() -> {
                sleep(1);
                cm.reschedule(secs(-1));
                sleep(5);
                return null;
            })).isInstanceOf(TimedOutException.class);
            assertThat(now()).isEqualTo(1.0);
        });
    }

    @Test
    void toStringShowsTheState() {
        // test_repr_active / expired / finished / disabled
        runVirtual(() -> {
            sleep(1);
            Timeout active = Timeout.after(secs(10));
            active.run(() -> {
                assertThat(active.toString()).isEqualTo("Timeout[ENTERED when=11.000]");
                return null;
            });
            assertThat(active.toString()).isEqualTo("Timeout[EXITED]");
            Timeout expired = Timeout.after(secs(0.01));
            assertThatThrownBy(() -> expired.run(() -> { sleep(10); return null; }));
            assertThat(expired.toString()).isEqualTo("Timeout[EXPIRED]");
            Timeout never = Timeout.never();
            assertThat(never.toString()).isEqualTo("Timeout[CREATED]");
            never.run(() -> {
                assertThat(never.toString()).isEqualTo("Timeout[ENTERED when=never]");
                return null;
            });
        });
    }

    @Test
    void aTimeoutInAFinallyBlockAfterATimeout() {
        // test_nested_timeout_in_finally
        runVirtual(() -> {
            List<Throwable> inner = new ArrayList<>();
            assertThatThrownBy(() -> Weft.timeout(secs(0.01), () -> {
                try {
                    sleep(1);
                } finally {
                    inner.add(catchThrowable(() -> Weft.timeout(secs(0.01), () -> { sleep(10); return null; })));
                }
                return null;
            })).isInstanceOf(TimedOutException.class);
            assertThat(inner).singleElement().isInstanceOf(TimedOutException.class);
            assertThat(now()).isEqualTo(0.02);
        });
    }

    @Test
    void aTimeoutAfterACaughtCancellation() {
        // test_timeout_after_cancellation
        runVirtual(() -> {
            Task<Void> t = Weft.spawn(() -> {
                try {
                    Weft.currentTask().cancel();
                    sleep(1);
                } catch (CancelledError ignored) {
                    // swallowed: cancelling() stays 1
                } finally {
                    assertThatThrownBy(() -> Weft.timeout(secs(0), () -> { sleep(1); return null; }))
                            .isInstanceOf(TimedOutException.class);
                }
            });
            t.await();
            assertThat(t.cancelling()).isEqualTo(1);
        });
    }

    @Test
    void aCancellationInsideATimeoutAfterACaughtCancellation() {
        // test_cancel_in_timeout_after_cancellation
        runVirtual(() -> {
            Task<Void> t = Weft.spawn(() -> {
                try {
                    Weft.currentTask().cancel();
                    sleep(1);
                } catch (CancelledError ignored) {
                    // swallowed
                } finally {
                    assertThatThrownBy(() -> Weft.timeout(secs(1), () -> {
                        Weft.currentTask().cancel();
                        sleep(2);
                        return null;
                    })).isInstanceOf(CancelledError.class);
                }
            });
            t.await();
        });
    }

    @Test
    void aTimeoutCanBeEnteredOnce() {
        // test_timeout_already_entered / test_timeout_double_enter
        runVirtual(() -> {
            Timeout cm = Timeout.after(secs(0.01));
            cm.run(() -> {
                assertThatThrownBy(() -> cm.run(() -> null)).isInstanceOf(IllegalStateException.class)
                        .hasMessage("Timeout has already been entered");
                return null;
            });
            assertThatThrownBy(() -> cm.run(() -> null)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Timeout has already been entered");
        });
    }

    @Test
    void rescheduleNeedsAnEnteredTimeout() {
        // test_timeout_not_entered / finished / expired / expiring
        runVirtual(() -> {
            Timeout created = Timeout.after(secs(0.01));
            assertThatThrownBy(() -> created.reschedule(secs(0.02))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Timeout has not been entered");

            Timeout finished = Timeout.after(secs(0.01));
            finished.run(() -> null);
            assertThatThrownBy(() -> finished.reschedule(secs(0.02))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Cannot change state of EXITED Timeout");

            Timeout expired = Timeout.after(secs(0.01));
            assertThatThrownBy(() -> expired.run(() -> { sleep(1); return null; }));
            assertThatThrownBy(() -> expired.reschedule(secs(0.02))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Cannot change state of EXPIRED Timeout");

            Timeout expiring = Timeout.after(secs(0.01));
            expiring.run(() -> {
                assertThatThrownBy(() -> sleep(1)).isInstanceOf(CancelledError.class);
                assertThat(expiring.state()).isEqualTo(Timeout.State.EXPIRING);
                assertThatThrownBy(() -> expiring.reschedule(secs(0.02))).isInstanceOf(IllegalStateException.class)
                        .hasMessage("Cannot change state of EXPIRING Timeout");
                return null;
            });
            assertThat(expiring.state()).isEqualTo(Timeout.State.EXPIRED);
        });
    }

    @Test
    void aTimeoutNeedsATask() {
        // test_timeout_without_task
        Timeout cm = Timeout.after(secs(0.01));
        assertThatThrownBy(() -> cm.run(() -> null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("await outside a task");
        assertThatThrownBy(() -> cm.reschedule(secs(0.02))).isInstanceOf(IllegalStateException.class)
                .hasMessage("Timeout has not been entered");
    }

    @Test
    void aTaskGroupFailingInsideATimeoutGivesTheExceptionGroup() {
        // test_timeout_taskgroup
        runVirtual(() -> {
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, () -> Weft.timeout(secs(0.01),
                    () -> TaskGroup.run(tg -> {
                        tg.spawn(() -> {
                            try {
                                sleep(2);
                            } finally {
                                raise(new ArithmeticException("crash in cleanup"));
                            }
                            return null;
                        });
                        try {
                            throw new IllegalArgumentException("value");
                        } finally {
                            sleep(1);
                        }
                    })));
            assertThat(eg).isNotNull();
            assertThat(eg.exceptions()).hasSize(1).first().isInstanceOf(ArithmeticException.class);
            assertThat(now()).isEqualTo(0.01);
        });
    }

    @Test
    void aTimeoutAroundATaskGroupCancelsTheChildrenAndTimesOut() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            assertThatThrownBy(() -> Weft.timeout(secs(1), () -> TaskGroup.run(tg -> {
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    tg.spawn(() -> {
                        try {
                            sleep(10);
                        } finally {
                            log.add("child " + n + " ended @" + now());
                        }
                        return null;
                    });
                }
                return null;
            }))).isInstanceOf(TimedOutException.class);
            assertThat(Weft.currentTask().cancelling()).isZero();
        });
        assertThat(log).containsExactly("child 0 ended @1.0", "child 1 ended @1.0", "child 2 ended @1.0");
    }

    @Test
    void theTimeoutDoesNotLeakIntoTheTaskAfterwards() {
        // test_uncancel_structured_blocks: code after the block is not affected by the timeout
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            try {
                Weft.timeout(secs(1), () -> { sleep(2); return null; });
            } catch (TimedOutException e) {
                log.add("timed out");
            }
            sleep(5);
            log.add("outer code reached @" + now());
        });
        assertThat(log).containsExactly("timed out", "outer code reached @6.0");
    }

    @Test
    void anOutsideCancellationDuringExpiryStillPropagates() {
        runVirtual(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            Task<Void> t = Weft.spawn(() -> {
                cm.set(Timeout.after(secs(1)));
                cm.get().run(() -> { sleep(10); return null; });
            });
            Weft.loop().callLater(secs(1), t::cancel); // same deadline, scheduled later: runs right after
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(cm.get().expired()).isTrue();
            assertThat(t.isCancelled()).isTrue();
        });
    }
}
