package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The doors between loops and threads: awaiting another loop's future, runCoroutineThreadsafe,
 * toCompletableFuture, fromStage and Weft.await(stage), and the errors that name them. Two loops on
 * their own threads (a LoopGroup of two); every wait is bounded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BridgeTest {
    private static final long WAIT = 20; // seconds, for every blocking get in this class
    private LoopGroup group;

    @BeforeEach
    void start() {
        group = new LoopGroup(2, "bridge");
    }

    @AfterEach
    void stop() {
        group.shutdown(Duration.ofSeconds(5));
    }

    private static <T> T get(CompletableFuture<T> cf) throws Exception {
        return cf.get(WAIT, TimeUnit.SECONDS);
    }

    /** A task of loop 1 that sleeps {@code ms} and returns {@code value}, handed out to whoever asks. */
    private Task<String> taskOnLoop1(long ms, String value) throws Exception {
        return get(group.submit(1, () -> Weft.spawn(() -> {
            Weft.sleep(Duration.ofMillis(ms));
            return value;
        })));
    }

    // ---- a task awaits a future of another loop ----

    @Test
    void aTaskAwaitsATaskOfAnotherLoopAndResumesOnItsOwnLoop() throws Exception {
        Task<String> onB = taskOnLoop1(20, "from B");
        String r = get(group.submit(0, () -> {
            EventLoop mine = Weft.loop();
            String v = onB.await();
            assertThat(Weft.loop()).isSameAs(mine).isSameAs(group.loop(0));
            assertThat(group.loop(0).inLoopThread()).isTrue();
            assertThat(group.loop(1).inLoopThread()).isFalse();
            return v;
        }));
        assertThat(r).isEqualTo("from B");
    }

    @Test
    void aDoneFutureOfAnotherLoopIsAwaitedToo() throws Exception {
        Task<String> onB = taskOnLoop1(0, "done");
        assertThat(get(group.submit(1, () -> onB.await()))).isEqualTo("done"); // now done
        assertThat(get(group.submit(0, () -> onB.await()))).isEqualTo("done");
        assertThat(get(group.submit(0, () -> Weft.await(onB)))).isEqualTo("done");
    }

    @Test
    void theOtherLoopsExceptionIsRethrownAsTheSameObject() throws Exception {
        Boom boom = new Boom("on B");
        Task<Object> onB = get(group.submit(1, () -> Weft.spawn(() -> {
            Weft.yieldNow();
            throw boom;
        })));
        Throwable t = get(group.submit(0, () -> catchThrowable(onB::await)));
        assertThat(t).isSameAs(boom);
    }

    @Test
    void aCancelledFutureOfAnotherLoopCancelsTheAwait() throws Exception {
        Task<String> onB = taskOnLoop1(60_000, "never");
        CompletableFuture<Throwable> awaiting = group.submit(0, () -> catchThrowable(onB::await));
        group.submit(1, () -> onB.cancel("stop B"));
        assertThat(get(awaiting)).isInstanceOf(CancelledError.class).hasMessage("stop B");
    }

    @Test
    void cancellingTheAwaitingTaskCancelsTheFutureOnItsLoop() throws Exception {
        CountDownLatch bFinally = new CountDownLatch(1);
        AtomicReference<Throwable> bSaw = new AtomicReference<>();
        Task<String> onB = get(group.submit(1, () -> Weft.spawn(() -> {
            try {
                Weft.sleep(Duration.ofDays(1));
                return "never";
            } catch (CancelledError e) {
                bSaw.set(e);
                throw e;
            } finally {
                bFinally.countDown();
            }
        })));
        CountDownLatch awaiting = new CountDownLatch(1);
        Task<?> onA = get(group.submit(0, () -> Weft.spawn(() -> {
            awaiting.countDown();
            return onB.await();
        })));
        assertThat(awaiting.await(WAIT, TimeUnit.SECONDS)).isTrue();
        Throwable t = get(group.submit(0, () -> {
            Weft.yieldNow(); // let onA reach its await
            onA.cancel("stop A");
            return catchThrowable(onA::await);
        }));
        assertThat(t).isInstanceOf(CancelledError.class).hasMessage("stop A");
        assertThat(bFinally.await(WAIT, TimeUnit.SECONDS)).isTrue();
        assertThat(bSaw.get()).isInstanceOf(CancelledError.class).hasMessage("stop A");
    }

    @Test
    void bridgeLetsGatherTakeFuturesOfSeveralLoops() throws Exception {
        Task<String> b1 = taskOnLoop1(10, "x");
        Task<String> b2 = taskOnLoop1(5, "y");
        List<String> both = get(group.submit(0, () -> {
            Future<String> here = Weft.spawn(() -> "z");
            assertThat(Weft.bridge(here)).isSameAs(here);
            return Weft.gather(Weft.bridge(b1), Weft.bridge(b2), here).await();
        }));
        assertThat(both).containsExactly("x", "y", "z");
    }

    @Test
    void gatheringFuturesOfAnotherLoopNamesTheBridge() throws Exception {
        Task<String> onB = taskOnLoop1(0, "b");
        Throwable t = get(group.submit(0, () -> catchThrowable(() -> Weft.gather(onB))));
        assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Weft.bridge(future)");
        Throwable mixed = get(group.submit(0, () -> catchThrowable(() -> Weft.gather(Weft.spawn(() -> "a"), onB))));
        assertThat(mixed).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different loops")
                .hasMessageContaining("Weft.bridge(future)");
    }

    @Test
    void awaitingAnotherLoopsFutureInAPlainCallbackIsAClearError() throws Exception {
        Task<String> onB = taskOnLoop1(0, "b");
        CompletableFuture<Throwable> err = new CompletableFuture<>();
        group.loop(0).callSoonThreadsafe(() -> err.complete(catchThrowable(onB::await)));
        assertThat(get(err)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("await outside a task: this code runs in a plain callback");
    }

    // ---- ordinary threads ----

    @Test
    void aPlainThreadAwaitingALoopsFutureIsToldTheDoor() throws Exception {
        Task<String> onB = taskOnLoop1(60_000, "never");
        assertThatThrownBy(onB::await).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("toCompletableFuture().get()")
                .hasMessageContaining("Weft.runCoroutineThreadsafe");
        assertThatThrownBy(() -> onB.cancel()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("other threads must use callSoonThreadsafe");
        onB.toCompletableFuture().cancel(true);
    }

    @Test
    void toCompletableFutureFromAPlainThread() throws Exception {
        Task<String> onB = taskOnLoop1(10, "value");
        assertThat(get(onB.toCompletableFuture())).isEqualTo("value");
        assertThat(get(onB.toCompletableFuture())).as("again, once done").isEqualTo("value");
    }

    @Test
    void toCompletableFutureCarriesTheException() throws Exception {
        CheckedBoom checked = new CheckedBoom("checked");
        Task<Object> failing = get(group.submit(1, () -> Weft.spawn(() -> {
            throw checked;
        })));
        CompletableFuture<Object> cf = failing.toCompletableFuture();
        assertThatThrownBy(() -> get(cf)).isInstanceOf(ExecutionException.class).cause().isSameAs(checked);
        assertThatThrownBy(cf::join).isInstanceOf(CompletionException.class).cause().isSameAs(checked);
    }

    @Test
    void aCancelledWeftFutureCancelsItsCompletableFuture() throws Exception {
        Task<String> onB = taskOnLoop1(60_000, "never");
        CompletableFuture<String> cf = onB.toCompletableFuture();
        group.submit(1, () -> onB.cancel("enough"));
        assertThatThrownBy(() -> get(cf)).isInstanceOf(CancellationException.class);
        assertThat(cf.isCancelled()).isTrue();
        Throwable original = cf.handle((v, e) -> e).join(); // get() wraps it in a new one ("get")
        assertThat(original).isInstanceOf(CancellationException.class).hasMessage("enough")
                .cause().isInstanceOf(CancelledError.class).hasMessage("enough");
    }

    @Test
    void cancellingTheCompletableFutureCancelsTheTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<Throwable> saw = new AtomicReference<>();
        CompletableFuture<String> cf = Weft.runCoroutineThreadsafe(() -> {
            started.countDown();
            try {
                Weft.sleep(Duration.ofDays(1));
                return "never";
            } catch (CancelledError e) {
                saw.set(e);
                throw e;
            } finally {
                ended.countDown();
            }
        }, group.loop(0));
        assertThat(started.await(WAIT, TimeUnit.SECONDS)).isTrue();
        assertThat(cf.cancel(true)).isTrue();
        assertThat(ended.await(WAIT, TimeUnit.SECONDS)).as("the cancellation reached the task").isTrue();
        assertThat(saw.get()).isInstanceOf(CancelledError.class).hasMessage(Bridging.CANCELLED_THROUGH_STAGE);
    }

    @Test
    void runCoroutineThreadsafeRunsATaskThatMayAwait() throws Exception {
        CompletableFuture<String> cf = Weft.runCoroutineThreadsafe(() -> {
            Weft.sleep(Duration.ofMillis(5));
            return Weft.currentTask().loop() == group.loop(1) ? "on loop 1" : "elsewhere";
        }, group.loop(1));
        assertThat(get(cf)).isEqualTo("on loop 1");
    }

    @Test
    void aCompletableFutureCancelledBeforeTheTaskStartsNeverRunsTheBody() {
        try (EventLoop idle = new EventLoop()) {
            AtomicBoolean ran = new AtomicBoolean();
            CompletableFuture<String> cf = Weft.runCoroutineThreadsafe(() -> {
                ran.set(true);
                return "ran";
            }, idle);
            cf.cancel(false);
            idle.callSoon(idle::stop);
            idle.runForever();
            assertThat(ran).isFalse();
            assertThat(idle.allTasks()).isEmpty();
        }
    }

    @Test
    void aLoopClosedBeforeTheTaskStartsFailsTheCompletableFuture() throws Exception {
        EventLoop idle = new EventLoop();
        CompletableFuture<String> cf = Weft.runCoroutineThreadsafe(() -> "never", idle);
        idle.close();
        assertThatThrownBy(() -> get(cf)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed before the task could start");
        assertThatThrownBy(() -> Weft.runCoroutineThreadsafe(() -> "x", idle))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aTaskLeftPendingWhenItsLoopClosesFailsItsCompletableFuture() throws Exception {
        EventLoop loop = new EventLoop();
        CompletableFuture<String> cf = Weft.runCoroutineThreadsafe(() -> {
            Weft.sleep(Duration.ofDays(1));
            return "never";
        }, loop);
        loop.callSoon(loop::stop); // one iteration: the task is created, and then the loop stops
        loop.runForever();
        loop.setExceptionHandler((l, ctx) -> { }); // "Task was destroyed but it is pending!" is expected
        loop.close();
        assertThatThrownBy(() -> get(cf)).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("will never complete");
    }

    @Test
    void aTaskAwaitingAFutureOfALoopThatClosesIsWokenWithAnError() throws Exception {
        EventLoop other = new EventLoop();
        Future<String> pending = other.createFuture();
        CountDownLatch awaiting = new CountDownLatch(1);
        CompletableFuture<Throwable> t = group.submit(0, () -> {
            Weft.loop().callSoon(awaiting::countDown); // runs once the await below has suspended
            return catchThrowable(pending::await);
        });
        assertThat(awaiting.await(WAIT, TimeUnit.SECONDS)).isTrue();
        other.callSoon(other::stop);
        other.runForever(); // runs the bridge's registration, then stops with the future pending
        other.close();
        assertThat(get(t)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void toCompletableFutureOfAClosedLoop() throws Exception {
        EventLoop loop = new EventLoop();
        Future<String> done = loop.createFuture();
        done.setResult("kept");
        Future<String> pending = loop.createFuture();
        loop.close();
        assertThat(get(done.toCompletableFuture())).isEqualTo("kept");
        assertThatThrownBy(() -> get(pending.toCompletableFuture())).cause()
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("never complete");
    }

    @Test
    void toCompletableFutureOnTheLoopItself() {
        String r = runVirtual(() -> {
            Future<String> f = Weft.loop().createFuture();
            CompletableFuture<String> cf = f.toCompletableFuture();
            Weft.loop().callSoon(() -> f.setResult("soon"));
            return Weft.await(cf);
        });
        assertThat(r).isEqualTo("soon");
    }

    // ---- CompletionStage ----

    @Test
    void aTaskAwaitsAStageCompletedByAnotherThread() throws Exception {
        CompletableFuture<String> cf = new CompletableFuture<>();
        CompletableFuture<String> r = group.submit(0, () -> {
            Thread.ofPlatform().start(() -> cf.complete("from a thread"));
            String v = Weft.await(cf);
            assertThat(group.loop(0).inLoopThread()).isTrue();
            return v;
        });
        assertThat(get(r)).isEqualTo("from a thread");
    }

    @Test
    void aDoneStageReturnsWithoutSuspending() {
        assertThat(Weft.await(CompletableFuture.completedFuture("ready"))).isEqualTo("ready");
        Boom boom = new Boom("b");
        assertThatThrownBy(() -> Weft.await(CompletableFuture.failedFuture(boom))).isSameAs(boom);
        assertThatThrownBy(() -> Weft.await(CompletableFuture.supplyAsync(() -> {
            throw boom;
        }, Runnable::run))).isSameAs(boom);
    }

    @Test
    void aStageFailureIsUnwrapped() throws Exception {
        Boom boom = new Boom("async");
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture<String> derived = later.thenApply(s -> {
            throw boom;
        });
        CompletableFuture<Throwable> r = group.submit(0, () -> catchThrowable(() -> Weft.await(derived)));
        later.complete("go");
        assertThat(get(r)).isSameAs(boom);
    }

    @Test
    void aForeignCancellationIsAnExceptionNotTheTasksCancellation() throws Exception {
        CompletableFuture<String> cf = new CompletableFuture<>();
        CountDownLatch waiting = new CountDownLatch(1);
        Task<String> t = get(group.submit(0, () -> Weft.spawn(() -> {
            waiting.countDown();
            return Weft.await(cf);
        })));
        assertThat(waiting.await(WAIT, TimeUnit.SECONDS)).isTrue();
        cf.cancel(false);
        Throwable thrown = get(group.submit(0, () -> catchThrowable(t::await)));
        assertThat(thrown).isInstanceOf(CancellationException.class).isNotInstanceOf(CancelledError.class);
        assertThat(get(group.submit(0, () -> t.isCancelled()))).as("the task failed; it was not cancelled").isFalse();
    }

    @Test
    void cancellingATaskThatAwaitsAStageCancelsTheStage() throws Exception {
        CompletableFuture<String> cf = new CompletableFuture<>();
        CountDownLatch waiting = new CountDownLatch(1);
        Task<String> t = get(group.submit(0, () -> Weft.spawn(() -> {
            waiting.countDown();
            return Weft.await(cf);
        })));
        assertThat(waiting.await(WAIT, TimeUnit.SECONDS)).isTrue();
        group.submit(0, () -> t.cancel());
        assertThatThrownBy(() -> get(cf)).isInstanceOf(CancellationException.class);
    }

    @Test
    void fromStageGivesAFutureOfTheRunningLoop() {
        List<Object> r = runVirtual(() -> {
            CompletableFuture<Integer> a = new CompletableFuture<>();
            Future<Integer> fa = Weft.fromStage(a);
            assertThat(fa.loop()).isSameAs(Weft.loop());
            Future<Integer> fb = Weft.fromStage(CompletableFuture.completedFuture(2));
            Weft.loop().callSoon(() -> a.complete(1));
            return List.copyOf(Weft.gather(fa, fb).await());
        });
        assertThat(r).containsExactly(1, 2);
    }

    @Test
    void aPlainThreadAwaitingAPendingStageIsToldTheDoor() {
        assertThatThrownBy(() -> Weft.await(new CompletableFuture<String>()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("toCompletableFuture().get()");
    }
}
