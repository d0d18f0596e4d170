package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LoopGroup: starting, spreading, choosing a loop, and the three phases of shutdown. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopGroupTest {
    private static final long WAIT = 20; // seconds

    private static <T> T get(CompletableFuture<T> cf) throws Exception {
        return cf.get(WAIT, TimeUnit.SECONDS);
    }

    // EventLoop's spin before park: a loop that posted to another loop polls its inbox for a while
    // before it parks. The spin is bounded: once the traffic stops, every loop's thread parks.
    @Test
    void loopsThatExpectedRepliesParkOnceTheTrafficStops() throws Exception {
        try (LoopGroup g = new LoopGroup(2, "spin")) {
            Thread[] threads = new Thread[2];
            for (int i = 0; i < 2; i++) {
                CompletableFuture<Thread> t = new CompletableFuture<>();
                g.loop(i).callSoonThreadsafe(() -> t.complete(Thread.currentThread()));
                threads[i] = get(t);
            }
            int rounds = 2_000;
            int sum = get(g.submit(0, () -> {
                int s = 0;
                for (int i = 0; i < rounds; i++) {
                    int v = i;
                    s += Weft.await(g.submit(1, () -> v)); // each posts across, and the reply comes back
                }
                return s;
            }));
            assertThat(sum).isEqualTo(rounds * (rounds - 1) / 2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
            for (Thread t : threads) {
                while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // a spin of the loop lasts microseconds: this ends at once
                }
                assertThat(t.getState()).as("loop thread %s after the traffic", t.getName())
                        .isEqualTo(Thread.State.WAITING);
            }
        }
    }

    // A task awaiting a future of another loop makes its loop spin before it parks (the reply comes
    // through the inbox); when no reply comes, the spin turns off and the loop's thread parks.
    @Test
    void aLoopWhoseTaskAwaitsAnotherLoopInVainParks() throws Exception {
        try (LoopGroup g = new LoopGroup(2, "vain")) {
            CompletableFuture<Thread> t0 = new CompletableFuture<>();
            g.loop(0).callSoonThreadsafe(() -> t0.complete(Thread.currentThread()));
            Thread loop0 = get(t0);
            Future<Integer> never = get(g.submit(1, () -> Weft.loop().<Integer>createFuture()));
            CompletableFuture<Integer> waiting = g.submit(0, () -> never.await() + 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
            while (loop0.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // a spin lasts microseconds
            }
            assertThat(loop0.getState()).as("the loop whose task awaits in vain").isEqualTo(Thread.State.WAITING);
            g.loop(1).callSoonThreadsafe(() -> never.setResult(41)); // and the await still ends
            assertThat(get(waiting)).isEqualTo(42);
        }
    }

    @Test
    void everyLoopRunsOnItsOwnThreadWhenTheConstructorReturns() throws Exception {
        try (LoopGroup g = new LoopGroup(3, "three")) {
            assertThat(g.size()).isEqualTo(3);
            assertThat(g.loops()).hasSize(3).doesNotHaveDuplicates().allMatch(EventLoop::isRunning);
            List<String> threads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int index = i;
                CompletableFuture<String> name = new CompletableFuture<>();
                g.loop(i).callSoonThreadsafe(() -> name.complete(Thread.currentThread().getName()));
                threads.add(get(name));
                assertThat(get(g.submit(i, () -> g.indexOfCurrentLoop()))).isEqualTo(index);
                assertThat(get(g.submit(i, () -> Weft.loop() == g.loop(index)))).isTrue();
            }
            assertThat(threads).containsExactly("three-loop-0", "three-loop-1", "three-loop-2");
            assertThat(g.indexOfCurrentLoop()).isEqualTo(-1);
            assertThat(g.toString()).startsWith("three[3 loops, open");
        }
    }

    @Test
    void theDefaultSizeIsTheNumberOfProcessors() {
        try (LoopGroup g = new LoopGroup()) {
            assertThat(g.size()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void badSizesAndIndexesAreClearErrors() {
        assertThatThrownBy(() -> new LoopGroup(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size: 0 (expected: >= 1)");
        try (LoopGroup g = new LoopGroup(2)) {
            assertThatThrownBy(() -> g.loop(2)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("index: 2 (expected: 0 <= index < 2)");
            assertThatThrownBy(() -> g.submit(-1, () -> 1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void submitSpreadsTasksRoundRobin() throws Exception {
        try (LoopGroup g = new LoopGroup(3)) {
            List<CompletableFuture<Integer>> where = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                where.add(g.submit(g::indexOfCurrentLoop));
            }
            List<Integer> got = new ArrayList<>();
            for (CompletableFuture<Integer> w : where) {
                got.add(get(w));
            }
            assertThat(got).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2);
        }
    }

    @Test
    void aTaskAwaitsWorkSubmittedToAnotherLoop() throws Exception {
        try (LoopGroup g = new LoopGroup(2)) {
            String r = get(g.submit(0, () -> {
                String fromOne = Weft.await(g.submit(1, () -> {
                    Weft.sleep(Duration.ofMillis(5));
                    return "one@" + g.indexOfCurrentLoop();
                }));
                return fromOne + ", back@" + g.indexOfCurrentLoop();
            }));
            assertThat(r).isEqualTo("one@1, back@0");
        }
    }

    @Test
    void gracefulShutdownLetsTasksFinish() throws Exception {
        LoopGroup g = new LoopGroup(2);
        List<CompletableFuture<Integer>> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int v = i;
            jobs.add(g.submit(() -> {
                Weft.sleep(Duration.ofMillis(20));
                return v;
            }));
        }
        assertThat(g.shutdown(Duration.ofSeconds(WAIT))).as("everything ended by itself").isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(jobs.get(i).getNow(-1)).isEqualTo(i);
        }
        assertThat(g.isShutdown()).isTrue();
        assertThat(g.isTerminated()).isTrue();
        assertThat(g.loops()).allMatch(EventLoop::isClosed);
        assertThat(g.toString()).contains("terminated");
        assertThat(g.shutdown(Duration.ZERO)).as("idempotent: the same result").isTrue();
        g.close();
    }

    @Test
    void submittingAfterShutdownIsRefused() {
        LoopGroup g = new LoopGroup(1, "done");
        g.close();
        assertThatThrownBy(() -> g.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("done[1 loops, terminated")
                .hasMessageContaining("submit() is refused after shutdown() or close()");
    }

    @Test
    void pastTheDeadlineTasksAreCancelledAndAwaited() throws Exception {
        LoopGroup g = new LoopGroup(2);
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch cleanedUp = new CountDownLatch(2);
        List<CompletableFuture<String>> jobs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            jobs.add(g.submit(() -> {
                started.countDown();
                try {
                    Weft.sleep(Duration.ofDays(1));
                    return "never";
                } finally {
                    Weft.sleep(Duration.ofMillis(1)); // a finally block may await
                    cleanedUp.countDown();
                }
            }));
        }
        assertThat(started.await(WAIT, TimeUnit.SECONDS)).isTrue();
        assertThat(g.shutdown(Duration.ofMillis(20))).as("some had to be cancelled").isFalse();
        assertThat(cleanedUp.getCount()).isZero();
        for (CompletableFuture<String> j : jobs) {
            assertThat(j.isCancelled()).isTrue();
            assertThat(j.handle((v, e) -> e).join()).hasMessage(LoopGroup.SHUTDOWN_MESSAGE);
        }
        assertThat(g.loops()).allMatch(EventLoop::isClosed);
    }

    @Test
    void tasksLeftBehindBySubmittedOnesAreCancelled() throws Exception {
        LoopGroup g = new LoopGroup(1);
        CountDownLatch childFinally = new CountDownLatch(1);
        get(g.submit(() -> Weft.spawn(() -> {
            try {
                Weft.sleep(Duration.ofDays(1));
            } finally {
                childFinally.countDown();
            }
        })));
        assertThat(g.shutdown(Duration.ofSeconds(WAIT))).as("the child had to be cancelled").isFalse();
        assertThat(childFinally.getCount()).isZero();
    }

    @Test
    void whileDrainingTheGroupsOwnTasksMaySubmit() throws Exception {
        LoopGroup g = new LoopGroup(2);
        CountDownLatch shuttingDown = new CountDownLatch(1);
        CompletableFuture<String> job = g.submit(0, () -> {
            Weft.await(Weft.runCoroutineThreadsafe(() -> null, Weft.loop())); // a round trip
            while (!g.isShutdown()) {
                Weft.sleep(Duration.ofMillis(1));
            }
            shuttingDown.countDown();
            return Weft.await(g.submit(1, () -> "accepted while draining"));
        });
        CompletableFuture<Boolean> done = g.beginShutdown(Duration.ofSeconds(WAIT));
        assertThat(shuttingDown.await(WAIT, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> g.submit(() -> "from outside")).isInstanceOf(RejectedExecutionException.class);
        assertThat(get(job)).isEqualTo("accepted while draining");
        assertThat(get(done)).isTrue();
    }

    @Test
    void shutdownOnALoopThreadIsAClearError() throws Exception {
        try (LoopGroup g = new LoopGroup(1)) {
            Throwable t = get(g.submit(() -> catchThrowable(() -> g.shutdown(Duration.ZERO))));
            assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("beginShutdown(deadline)");
        }
    }

    @Test
    void aTaskOfTheGroupMayBeginItsShutdown() throws Exception {
        LoopGroup g = new LoopGroup(2);
        AtomicReference<CompletableFuture<Boolean>> termination = new AtomicReference<>();
        CompletableFuture<String> job = g.submit(() -> {
            termination.set(g.beginShutdown(Duration.ofSeconds(WAIT)));
            Weft.sleep(Duration.ofMillis(5)); // still part of what shutdown waits for
            return "quit";
        });
        assertThat(get(job)).isEqualTo("quit");
        assertThat(get(termination.get())).isTrue();
        assertThat(g.isTerminated()).isTrue();
    }

    @Test
    void aTaskOfAnotherLoopAwaitsTheShutdown() throws Exception {
        LoopGroup g = new LoopGroup(1);
        g.submit(() -> {
            Weft.sleep(Duration.ofMillis(5));
            return null;
        });
        boolean graceful = Weft.run(() -> Weft.await(g.beginShutdown(Duration.ofSeconds(WAIT))));
        assertThat(graceful).isTrue();
    }

    @Test
    void aCheckedExceptionComesOutOfGetAsTheCause() {
        try (LoopGroup g = new LoopGroup(1)) {
            Exception checked = new Exception("checked");
            CompletableFuture<Object> cf = g.submit(() -> {
                throw checked;
            });
            assertThatThrownBy(() -> get(cf)).isInstanceOf(ExecutionException.class).cause().isSameAs(checked);
        }
    }
}
