package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop itself, as CPython's test_events.py and test_base_events.py test it (without I/O). */
class EventLoopTest {
    private EventLoop loop;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void newLoop() {
        loop = new EventLoop(new VirtualClock());
    }

    @AfterEach
    void closeLoop() {
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    private static Duration secs(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    /** asyncio's test_utils.run_once: one iteration. */
    private void runOnce() {
        loop.callSoon(loop::stop);
        loop.runForever();
    }

    private Runnable add(String s) {
        return () -> log.add(s);
    }

    // ---- callbacks and timers ----

    @Test
    void callSoonRunsCallbacksInFifoOrder() {
        for (int i = 0; i < 10; i++) {
            loop.callSoon(add("cb" + i));
        }
        runOnce();
        assertThat(log).containsExactly("cb0", "cb1", "cb2", "cb3", "cb4", "cb5", "cb6", "cb7", "cb8", "cb9");
    }

    @Test
    void aCallbackScheduledByACallbackRunsAtTheNextIteration() {
        // test__run_once_schedule_handle: only what was ready when the iteration began runs in it
        loop.callSoon(() -> {
            log.add("first");
            loop.callSoon(add("scheduled by first"));
        });
        runOnce();
        assertThat(log).containsExactly("first");
        runOnce();
        assertThat(log).containsExactly("first", "scheduled by first");
    }

    @Test
    void timersRunInDeadlineOrderWithTiesInSchedulingOrder() {
        loop.callLater(secs(1), () -> log.add("a@" + loop.time()));
        loop.callAt(1.0, () -> log.add("b@" + loop.time()));
        loop.callLater(secs(0.5), () -> log.add("c@" + loop.time()));
        loop.callAtNanos(1_000_000_000L, () -> log.add("d@" + loop.time()));
        loop.callLater(secs(2), () -> log.add("e@" + loop.time()));
        loop.callLater(secs(1), () -> log.add("f@" + loop.time()));
        loop.callLater(secs(2.5), loop::stop);
        loop.runForever();
        assertThat(log).containsExactly("c@0.5", "a@1.0", "b@1.0", "d@1.0", "f@1.0", "e@2.0");
    }

    @Test
    void negativeDelaysRunInDeadlineOrder() {
        // test_call_later_negative_delays
        loop.callLater(secs(-1), add("a"));
        loop.callLater(secs(-2), add("b"));
        runOnce();
        assertThat(log).containsExactly("b", "a");
    }

    @Test
    void aDueTimerRunsAfterTheCallbacksAlreadyReady() {
        loop.callLater(Duration.ZERO, add("timer"));
        loop.callSoon(add("soon"));
        runOnce();
        assertThat(log).containsExactly("soon", "timer");
    }

    @Test
    void aHugeDelaySaturatesInsteadOfOverflowing() {
        TimerHandle never = loop.callLater(Duration.ofSeconds(Long.MAX_VALUE), add("never"));
        TimerHandle past = loop.callLater(Duration.ofSeconds(Long.MIN_VALUE / 2), add("long ago"));
        assertThat(never.deadlineNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(past.deadlineNanos()).isEqualTo(Long.MIN_VALUE);
        runOnce();
        assertThat(log).containsExactly("long ago");
        never.cancel();
    }

    @Test
    void timerHandlesKnowTheirDeadline() {
        TimerHandle h = loop.callLater(secs(1.5), add("x"));
        assertThat(h.when()).isEqualTo(1.5);
        assertThat(h.deadlineNanos()).isEqualTo(1_500_000_000L);
        assertThat(h.toString()).startsWith("TimerHandle[when=1.5 ");
        TimerHandle at = loop.callAt(3.25, add("y"));
        assertThat(at.when()).isEqualTo(3.25);
        assertThat(loop.toString()).contains("timers=2");
    }

    @Test
    void aCancelledHandleDoesNotRun() {
        // test_handle / test__add_callback_cancelled_handle
        Handle h = loop.callSoon(add("cancelled"));
        loop.callSoon(add("kept"));
        assertThat(h.isCancelled()).isFalse();
        h.cancel();
        assertThat(h.isCancelled()).isTrue();
        assertThat(h.toString()).startsWith("Handle[cancelled ");
        runOnce();
        assertThat(log).containsExactly("kept");
    }

    @Test
    void aCancelledTimerDoesNotRunAndLeavesTheQueue() {
        TimerHandle h = loop.callLater(secs(1), add("cancelled"));
        loop.callLater(secs(2), add("kept"));
        assertThat(loop.toString()).contains("timers=2");
        h.cancel();
        h.cancel(); // idempotent
        assertThat(h.isCancelled()).isTrue();
        assertThat(loop.toString()).contains("timers=1");
        loop.callLater(secs(3), loop::stop);
        loop.runForever();
        assertThat(log).containsExactly("kept");
        assertThat(loop.time()).isEqualTo(3.0);
    }

    @Test
    void cancellingAHandleAfterItRanDoesNothing() {
        Handle h = loop.callSoon(add("ran"));
        runOnce();
        h.cancel();
        runOnce();
        assertThat(log).containsExactly("ran");
    }

    @Test
    void cancellingATimerFromAnEarlierCallbackOfTheSameIteration() {
        TimerHandle[] later = new TimerHandle[1];
        loop.callLater(secs(1), () -> {
            log.add("first");
            later[0].cancel();
        });
        later[0] = loop.callLater(secs(1), add("second"));
        loop.callLater(secs(2), loop::stop);
        loop.runForever();
        assertThat(log).containsExactly("first");
    }

    @Test
    void timeFollowsTheClock() {
        assertThat(loop.time()).isZero();
        assertThat(loop.nanoTime()).isZero();
        assertThat(loop.clock()).isInstanceOf(VirtualClock.class);
        ((VirtualClock) loop.clock()).advance(Duration.ofMillis(1500));
        assertThat(loop.time()).isEqualTo(1.5);
        assertThat(loop.nanoTime()).isEqualTo(1_500_000_000L);
        EventLoop real = new EventLoop();
        try {
            long before = System.nanoTime();
            long t = real.nanoTime();
            assertThat(t).isBetween(before, System.nanoTime());
        } finally {
            real.close();
        }
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> loop.callSoon(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> loop.callLater(secs(1), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> loop.callSoonThreadsafe(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> loop.createTask(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new EventLoop(null)).isInstanceOf(NullPointerException.class);
    }

    // ---- callSoonThreadsafe ----

    @Test
    void callSoonThreadsafeOnTheSameThreadKeepsFifoWithCallSoon() {
        // test_call_soon_threadsafe_same_thread
        loop.callSoonThreadsafe(add("hello"));
        loop.callSoon(add("world"));
        runOnce();
        assertThat(log).containsExactly("hello", "world");
    }

    @Test
    void callSoonThreadsafeFromACallbackKeepsFifoWithCallSoon() {
        loop.callSoon(() -> {
            loop.callSoonThreadsafe(add("threadsafe"));
            loop.callSoon(add("soon"));
            loop.callSoonThreadsafe(add("threadsafe 2"));
        });
        runOnce();
        runOnce();
        assertThat(log).containsExactly("threadsafe", "soon", "threadsafe 2");
    }

    @Test
    @Timeout(20)
    void callSoonThreadsafeWakesALoopParkedWithNothingToDo() throws Exception {
        try (EventLoop real = new EventLoop()) {
            Future<String> f = real.createFuture();
            Thread loopThread = Thread.currentThread();
            boolean[] sawItParked = {false};
            Thread helper = new Thread(() -> {
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (LockSupport.getBlocker(loopThread) != real && System.nanoTime() < giveUp) {
                    Thread.onSpinWait();
                }
                sawItParked[0] = LockSupport.getBlocker(loopThread) == real;
                real.callSoonThreadsafe(() -> f.setResult("on " + Thread.currentThread().getName()));
            }, "helper");
            helper.start();
            String r = real.runUntilComplete(f);
            helper.join();
            assertThat(sawItParked[0]).as("the loop parked before the call").isTrue();
            assertThat(r).isEqualTo("on " + loopThread.getName());
        }
    }

    @Test
    @Timeout(20)
    void callSoonThreadsafeWakesALoopWaitingForAFarTimer() throws Exception {
        try (EventLoop real = new EventLoop()) {
            Future<String> f = real.createFuture();
            real.callLater(Duration.ofHours(1), () -> f.setResult("timer"));
            Thread loopThread = Thread.currentThread();
            Thread helper = new Thread(() -> {
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (LockSupport.getBlocker(loopThread) != real && System.nanoTime() < giveUp) {
                    Thread.onSpinWait();
                }
                real.callSoonThreadsafe(() -> f.setResult("woken"));
            });
            helper.start();
            long t0 = System.nanoTime();
            assertThat(real.runUntilComplete(f)).isEqualTo("woken");
            helper.join();
            assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(15));
        }
    }

    @Test
    @Timeout(30)
    void manyThreadsPostingToOneLoop() throws Exception {
        int threads = 4;
        int each = 2_000;
        try (EventLoop real = new EventLoop()) {
            Future<Integer> all = real.createFuture();
            int[] count = {0}; // touched only on the loop thread
            Thread loopThread = Thread.currentThread();
            AtomicInteger wrongThread = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        real.callSoonThreadsafe(() -> {
                            if (Thread.currentThread() != loopThread) {
                                wrongThread.incrementAndGet();
                            }
                            if (++count[0] == threads * each) {
                                all.setResult(count[0]);
                            }
                        });
                    }
                });
                th.start();
                ts.add(th);
            }
            real.callSoon(go::countDown);
            assertThat(real.runUntilComplete(all)).isEqualTo(threads * each);
            for (Thread th : ts) {
                th.join();
            }
            assertThat(wrongThread).hasValue(0);
        }
    }

    @Test
    @Timeout(20)
    void writesBeforeCallSoonThreadsafeAreVisibleToTheCallback() throws Exception {
        try (EventLoop real = new EventLoop()) {
            Future<List<Integer>> f = real.createFuture();
            Thread helper = new Thread(() -> {
                List<Integer> plain = new ArrayList<>(); // no synchronisation but the hand-off
                for (int i = 0; i < 1000; i++) {
                    plain.add(i);
                }
                real.callSoonThreadsafe(() -> f.setResult(plain));
            });
            helper.start();
            assertThat(real.runUntilComplete(f)).hasSize(1000).endsWith(999);
            helper.join();
        }
    }

    @Test
    @Timeout(20)
    void aThreadsafeHandleCanBeCancelledFromAnotherThreadBeforeItRuns() throws Exception {
        AtomicReference<Handle> h = new AtomicReference<>();
        Thread helper = new Thread(() -> {
            h.set(loop.callSoonThreadsafe(add("cancelled")));
            h.get().cancel();
        });
        helper.start();
        helper.join();
        loop.callSoon(add("kept"));
        runOnce();
        assertThat(log).containsExactly("kept");
        assertThat(h.get().isCancelled()).isTrue();
    }

    // ---- running and stopping ----

    @Test
    void runUntilCompleteReturnsTheResult() {
        Task<String> t = loop.createTask(() -> {
            Weft.sleep(Duration.ofSeconds(2));
            return "r";
        });
        assertThat(loop.isRunning()).isFalse();
        assertThat(loop.runUntilComplete(t)).isEqualTo("r");
        assertThat(loop.time()).isEqualTo(2.0);
        assertThat(loop.isRunning()).isFalse();
        assertThat(loop.runUntilComplete(() -> "body")).isEqualTo("body");
    }

    @Test
    void runUntilCompleteRethrowsTheFailureOrTheCancellation() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertThatThrownBy(() -> loop.runUntilComplete(() -> { throw boom; })).isSameAs(boom);
        Task<String> t = loop.createTask(() -> {
            Weft.sleep(Duration.ofSeconds(1));
            return "never";
        });
        loop.callSoon(() -> t.cancel("stop it"));
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancelledError.class).hasMessage("stop it");
    }

    @Test
    void runUntilCompleteOfADoneFutureReturnsAtOnce() {
        Future<String> f = loop.createFuture();
        f.setResult("done");
        assertThat(loop.runUntilComplete(f)).isEqualTo("done");
    }

    @Test
    void runUntilCompleteOfAForeignFutureIsRejected() {
        // test_run_until_complete_loop
        try (EventLoop other = new EventLoop(new VirtualClock())) {
            Future<String> f = other.createFuture();
            assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the future belongs to " + other + ", not to " + loop);
        }
    }

    @Test
    void stoppingBeforeTheFutureIsDoneIsAnError() {
        // test_run_until_complete_stopped
        Task<String> t = loop.createTask(() -> {
            loop.stop();
            Weft.sleep(Duration.ofMillis(100));
            return "done";
        });
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Event loop stopped before Future completed.");
        assertThat(loop.isRunning()).isFalse();
        assertThat(t.isDone()).isFalse();
        // The abandoned run must not stop a later one when the task ends (asyncio removes its callback).
        loop.callLater(secs(1), () -> log.add("after the task ended @" + loop.time()));
        loop.callLater(secs(2), loop::stop);
        loop.runForever();
        assertThat(t.isDone()).isTrue();
        assertThat(log).containsExactly("after the task ended @1.0");
        assertThat(loop.time()).isEqualTo(2.0);
    }

    @Test
    void runUntilCompleteInsideTheRunningLoopIsRejectedAndLeavesNoTrace() {
        // test_run_until_complete_nesting
        String r = Weft.run(new VirtualClock(), () -> {
            EventLoop running = Weft.loop();
            Future<String> f = running.createFuture();
            assertThatThrownBy(() -> running.runUntilComplete(f)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("This event loop is already running");
            assertThatThrownBy(() -> running.runUntilComplete(() -> "x")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("This event loop is already running");
            running.callLater(secs(1), () -> f.setResult("f done"));
            String v = f.await();
            Weft.sleep(Duration.ofSeconds(1)); // a stale stopper on f would have stopped the loop by now
            return v + " @" + running.time();
        });
        assertThat(r).isEqualTo("f done @2.0");
    }

    @Test
    void runForeverUntilStop() {
        loop.callLater(secs(5), () -> {
            log.add("stopping @" + loop.time());
            assertThat(loop.isRunning()).isTrue();
            assertThat(loop.inLoopThread()).isTrue();
            assertThat(EventLoop.running()).isSameAs(loop);
            loop.stop();
        });
        loop.runForever();
        assertThat(log).containsExactly("stopping @5.0");
        assertThat(loop.isRunning()).isFalse();
        assertThat(loop.inLoopThread()).isFalse();
        assertThat(EventLoop.runningOrNull()).isNull();
    }

    @Test
    void stopLetsTheCallbacksReadyNowRun() {
        loop.callSoon(loop::stop);
        loop.callSoon(add("after stop, same iteration"));
        loop.runForever();
        assertThat(log).containsExactly("after stop, same iteration");
    }

    @Test
    void aLoopStoppedBeforeItRunsDoesOneIteration() {
        // test_run_forever_pre_stopped / test_run_once
        loop.callSoon(() -> {
            log.add("ready");
            loop.callSoon(add("next iteration"));
        });
        loop.stop();
        loop.runForever();
        assertThat(log).containsExactly("ready");
        assertThat(loop.isRunning()).isFalse();
        runOnce();
        assertThat(log).containsExactly("ready", "next iteration");
    }

    @Test
    void aLoopCanBeRunAgainAfterStopping() {
        for (int i = 0; i < 3; i++) {
            int n = i;
            loop.callSoon(add("run " + n));
            runOnce();
        }
        assertThat(log).containsExactly("run 0", "run 1", "run 2");
    }

    @Test
    void runningARunningLoopIsAnError() {
        loop.callSoon(() -> {
            log.add(catchThrowable(loop::runForever).getMessage());
            loop.stop();
        });
        loop.runForever();
        assertThat(log).containsExactly("This event loop is already running");
    }

    @Test
    void runningAnotherLoopInsideARunningOneIsAnError() {
        // test_running_loop_within_a_loop
        try (EventLoop inner = new EventLoop(new VirtualClock())) {
            loop.callSoon(() -> {
                log.add(catchThrowable(inner::runForever).getMessage());
                log.add(catchThrowable(() -> inner.runUntilComplete(() -> "x")).getMessage());
                loop.stop();
            });
            loop.runForever();
            String name = loop.toString().substring(0, loop.toString().indexOf('['));
            assertThat(log).hasSize(2).allSatisfy(m -> assertThat(m).startsWith(
                    "Cannot run the event loop while another loop is running on this thread (" + name + "[running"));
            assertThat(inner.isRunning()).isFalse();
        }
    }

    @Test
    void closingARunningLoopIsAnError() {
        // test_close_running_event_loop
        loop.callSoon(() -> {
            log.add(catchThrowable(loop::close).getMessage());
            loop.stop();
        });
        loop.runForever();
        assertThat(log).containsExactly("Cannot close a running event loop");
        assertThat(loop.isClosed()).isFalse();
    }

    @Test
    void aClosedLoopRefusesEverything() {
        // test_close
        assertThat(loop.isClosed()).isFalse();
        loop.close();
        assertThat(loop.isClosed()).isTrue();
        loop.close(); // idempotent
        assertThat(loop.toString()).contains("[closed");
        Runnable nop = () -> {};
        List<Runnable> uses = List.of(
                loop::runForever,
                () -> loop.runUntilComplete(() -> "x"),
                () -> loop.callSoon(nop),
                () -> loop.callSoonThreadsafe(nop),
                () -> loop.callLater(secs(1), nop),
                () -> loop.callAt(loop.time(), nop),
                loop::createFuture,
                () -> loop.createTask(() -> "x"),
                loop::stop);
        for (Runnable use : uses) {
            assertThatThrownBy(use::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Event loop is closed (EventLoop-");
        }
    }

    @Test
    void closeReportsTasksThatNeverFinished() {
        List<ErrorContext> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        Task<String> t = loop.createTask(() -> "never started", "orphan");
        loop.close();
        assertThat(reported).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).isEqualTo("Task was destroyed but it is pending!");
            assertThat(ctx.future()).isSameAs(t);
        });
    }

    @Test
    void closeDropsPendingCallbacksAndTimers() {
        loop.callSoon(add("soon"));
        loop.callLater(secs(1), add("later"));
        loop.close();
        assertThat(loop.toString()).contains("ready=0").contains("timers=0");
        assertThat(log).isEmpty();
    }

    @Test
    void tryWithResourcesClosesTheLoop() {
        EventLoop l;
        try (EventLoop scoped = new EventLoop(new VirtualClock())) {
            l = scoped;
            assertThat(scoped.runUntilComplete(() -> 1)).isEqualTo(1);
        }
        assertThat(l.isClosed()).isTrue();
    }

    // ---- threads ----

    @Test
    @Timeout(20)
    void loopMethodsFromAnotherThreadWhileRunningAreRejected() {
        List<String> messages = Weft.run(new VirtualClock(), () -> {
            EventLoop running = Weft.loop();
            Future<String> someFuture = running.createFuture();
            Task<String> someTask = running.createTask(() -> {
                Weft.sleep(Duration.ofSeconds(10));
                return "t";
            });
            Future<List<String>> report = running.createFuture();
            Thread other = new Thread(() -> {
                List<String> ms = new ArrayList<>();
                List<Runnable> uses = List.of(
                        () -> running.callSoon(() -> {}),
                        () -> running.callLater(secs(1), () -> {}),
                        () -> running.callAt(1.0, () -> {}),
                        running::createFuture,
                        () -> running.createTask(() -> "x"),
                        running::stop,
                        () -> someFuture.setResult("x"),
                        () -> someFuture.addDoneCallback(f -> {}),
                        someFuture::cancel,
                        someTask::cancel,
                        running::runForever,
                        running::close);
                for (Runnable use : uses) {
                    Throwable t = catchThrowable(use::run);
                    ms.add(t == null ? "no error" : t.getClass().getSimpleName() + ": " + t.getMessage());
                }
                running.callSoonThreadsafe(() -> report.setResult(ms));
            }, "intruder");
            other.start();
            List<String> ms = report.await();
            other.join();
            assertThat(someFuture.isDone()).isFalse();
            assertThat(someTask.cancelling()).isZero();
            someTask.cancel();
            return ms;
        });
        String wrongThread = "IllegalStateException: EventLoop-\\d+\\[running, .*\\] runs on thread '[^']+', but was called "
                + "from 'intruder'; other threads must use callSoonThreadsafe";
        assertThat(messages).hasSize(12);
        assertThat(messages.subList(0, 10)).allSatisfy(m -> assertThat(m).matches(wrongThread));
        assertThat(messages.get(10)).isEqualTo("IllegalStateException: This event loop is already running");
        assertThat(messages.get(11)).isEqualTo("IllegalStateException: Cannot close a running event loop");
    }

    @Test
    void aLoopThatIsNotRunningMayBePreparedFromAnotherThread() throws Exception {
        Thread other = new Thread(() -> {
            loop.callSoon(add("prepared elsewhere"));
            loop.createTask(() -> log.add("task prepared elsewhere"));
        });
        other.start();
        other.join();
        runOnce();
        assertThat(log).containsExactly("prepared elsewhere", "task prepared elsewhere");
    }

    @Test
    void theRunningLoopIsPerThread() {
        assertThatThrownBy(EventLoop::running).isInstanceOf(IllegalStateException.class)
                .hasMessage("no running event loop: call this from inside a task or callback (start one with Weft.run)");
        assertThat(EventLoop.runningOrNull()).isNull();
        loop.callSoon(() -> {
            log.add(String.valueOf(EventLoop.running() == loop));
            Thread probe = new Thread(() -> log.add("other thread: " + EventLoop.runningOrNull()));
            probe.start();
            try {
                probe.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        runOnce();
        assertThat(log).containsExactly("true", "other thread: null");
    }

    // ---- odds and ends ----

    @Test
    void debugSettings() {
        assertThat(loop.isDebug()).isEqualTo(Boolean.getBoolean("weft.debug"));
        loop.setDebug(true);
        assertThat(loop.isDebug()).isTrue();
        assertThat(loop.toString()).endsWith(", debug]");
        assertThat(loop.slowCallbackDuration()).isEqualTo(Duration.ofMillis(100));
        loop.setSlowCallbackDuration(Duration.ofMillis(5));
        assertThat(loop.slowCallbackDuration()).isEqualTo(Duration.ofMillis(5));
        assertThatThrownBy(() -> loop.setSlowCallbackDuration(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("slowCallbackDuration: PT0S (expected: > 0)");
    }

    @Test
    void toStringShowsTheState() {
        assertThat(loop.toString()).matches("EventLoop-\\d+\\[idle, ready=0, timers=0\\]");
        loop.callSoon(() -> log.add(loop.toString()));
        loop.callLater(secs(1), () -> {});
        runOnce();
        assertThat(log.get(0)).matches("EventLoop-\\d+\\[running, ready=1, timers=1\\]");
    }

    @Test
    void eachLoopHasItsOwnName() {
        try (EventLoop other = new EventLoop(new VirtualClock())) {
            assertThat(other.toString()).isNotEqualTo(loop.toString());
        }
    }

    @Test
    void currentTaskAndAllTasksOfAnIdleLoop() {
        assertThat(loop.currentTask()).isNull();
        assertThat(loop.allTasks()).isEmpty();
        Task<String> t = loop.createTask(() -> "x");
        assertThat(loop.allTasks()).containsExactly(t);
        loop.runUntilComplete(t);
        assertThat(loop.allTasks()).isEmpty();
    }

    @Test
    void doneCallbacksAreReportedByName() {
        List<ErrorContext> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> bad = x -> { throw new IllegalStateException("in done callback"); };
        f.addDoneCallback(bad);
        f.setResult("x");
        runOnce();
        assertThat(reported).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).startsWith("Exception in callback DoneCallback[");
            assertThat(ctx.exception()).hasMessage("in done callback");
        });
    }
}
