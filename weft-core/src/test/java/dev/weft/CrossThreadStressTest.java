package dev.weft;

import static org.assertj.core.api.Assertions.*;

import dev.weft.sync.QueueShutDown;
import dev.weft.sync.ThreadQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thread safety of the doors under load: many threads times many loops, every value delivered exactly
 * once, nothing stuck at shutdown. Bounded: every wait has a timeout, nothing sleeps to wait. (jcstress
 * would pin the inbox hand-off more finely, but its 0.16 release cannot be resolved from Maven Central:
 * jcstress-result-gen is missing; these tests take its place.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrossThreadStressTest {
    private static final long WAIT = 60; // seconds
    private static final int LOOPS = 4;

    /**
     * The wake-up race of callSoonThreadsafe (EventLoop's Overview): a thread posts while the loop is
     * about to park. A ping-pong makes the loop go idle between posts, so nearly every post meets a
     * loop that is parking or parked; a lost wake-up would hang here (and time out).
     */
    @Test
    void pingPongThroughTheInboxNeverLosesAWakeUp() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            Thread runner = Thread.ofPlatform().name("ping-pong-loop").start(loop::runForever);
            int rounds = 20_000;
            long[] seen = {0};
            for (int i = 0; i < rounds; i++) {
                CompletableFuture<Void> pong = new CompletableFuture<>();
                loop.callSoonThreadsafe(() -> {
                    seen[0]++; // loop thread only; read after the final hand-off below
                    pong.complete(null);
                });
                pong.get(WAIT, TimeUnit.SECONDS);
            }
            CompletableFuture<Long> count = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> {
                count.complete(seen[0]);
                loop.stop();
            });
            assertThat(count.get(WAIT, TimeUnit.SECONDS)).isEqualTo(rounds);
            runner.join(TimeUnit.SECONDS.toMillis(WAIT));
            assertThat(runner.isAlive()).isFalse();
        }
    }

    /** Many threads post to many loops at once: every callback runs exactly once, in each thread's order. */
    @RepeatedTest(3)
    void manyThreadsPostToManyLoops() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(threads * perThread);
        try (LoopGroup g = new LoopGroup(LOOPS)) {
            // per (thread, loop): the last sequence number seen, to check FIFO per producer
            int[][] last = new int[threads][LOOPS];
            for (int[] row : last) {
                java.util.Arrays.fill(row, -1);
            }
            AtomicLong misordered = new AtomicLong();
            CyclicBarrier go = new CyclicBarrier(threads);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                producers.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await(WAIT, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    for (int i = 0; i < perThread; i++) {
                        int id = me * perThread + i;
                        int seq = i;
                        int l = ThreadLocalRandom.current().nextInt(LOOPS);
                        g.loop(l).callSoonThreadsafe(() -> {
                            runs.incrementAndGet(id);
                            if (last[me][l] > seq) { // loop l's thread only
                                misordered.incrementAndGet();
                            }
                            last[me][l] = seq;
                        });
                    }
                }));
            }
            for (Thread p : producers) {
                p.join(TimeUnit.SECONDS.toMillis(WAIT));
                assertThat(p.isAlive()).isFalse();
            }
            // A marker after everything: once it ran on every loop, every earlier post has run.
            for (int l = 0; l < LOOPS; l++) {
                CompletableFuture<Void> marker = new CompletableFuture<>();
                g.loop(l).callSoonThreadsafe(() -> marker.complete(null));
                marker.get(WAIT, TimeUnit.SECONDS);
            }
            assertThat(misordered.get()).isZero();
        }
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("callback %d", i).isEqualTo(1);
        }
    }

    /**
     * Threads put into a ThreadQueue, tasks on every loop move the items into a second queue (each
     * through a cross-loop await of the next loop), and threads drain it: every value arrives exactly
     * once, and shutdown finds nothing stuck.
     */
    @RepeatedTest(3)
    void threadsAndTasksOfManyLoopsPassEveryValueExactlyOnce() throws Exception {
        int producers = 4;
        int perProducer = 5_000;
        int total = producers * perProducer;
        ThreadQueue<Integer> in = new ThreadQueue<>(16);
        ThreadQueue<Integer> out = new ThreadQueue<>(16);
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        LoopGroup g = new LoopGroup(LOOPS);
        List<CompletableFuture<Integer>> movers = new ArrayList<>();
        for (int i = 0; i < LOOPS * 3; i++) {
            movers.add(g.submit(() -> {
                int moved = 0;
                int next = (g.indexOfCurrentLoop() + 1) % g.size();
                while (true) {
                    Integer v;
                    try {
                        v = in.get();
                    } catch (QueueShutDown end) {
                        return moved;
                    }
                    if ((v & 7) == 0) {
                        // every 8th value makes a round trip through the next loop
                        v = Weft.await(g.submit(next, () -> {
                            Weft.yieldNow();
                            return 0;
                        })) + v;
                    }
                    out.put(v);
                    moved++;
                }
            }));
        }
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < perProducer; i++) {
                        in.blockingPut(base + i);
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        CountDownLatch drained = new CountDownLatch(2);
        AtomicLong received = new AtomicLong();
        for (int c = 0; c < 2; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    while (true) {
                        Integer v = out.blockingGet();
                        seen.incrementAndGet(v);
                        received.incrementAndGet();
                    }
                } catch (QueueShutDown end) {
                    drained.countDown();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        for (int p = 0; p < producers; p++) {
            threads.get(p).join(TimeUnit.SECONDS.toMillis(WAIT));
            assertThat(threads.get(p).isAlive()).as("producer %d finished", p).isFalse();
        }
        in.shutdown(false); // the movers drain what is left, then end
        int moved = 0;
        for (CompletableFuture<Integer> m : movers) {
            moved += m.get(WAIT, TimeUnit.SECONDS);
        }
        out.shutdown(false);
        assertThat(drained.await(WAIT, TimeUnit.SECONDS)).isTrue();
        assertThat(moved).isEqualTo(total);
        assertThat(received.get()).isEqualTo(total);
        for (int i = 0; i < total; i++) {
            assertThat(seen.get(i)).as("value %d", i).isEqualTo(1);
        }
        assertThat(g.shutdown(Duration.ofSeconds(WAIT))).as("nothing left to cancel").isTrue();
    }

    /**
     * Tasks on every loop await futures of every other loop at once (a ring of cross-loop awaits,
     * many deep), some cancelled on the way: every await ends with its own loop's value or a
     * CancelledError, and each resumes on its own loop.
     */
    @RepeatedTest(3)
    void crossLoopAwaitsUnderLoadResumeOnTheirOwnLoop() throws Exception {
        int perLoop = 500;
        try (LoopGroup g = new LoopGroup(LOOPS)) {
            // Each loop makes perLoop futures, completed a little later by its own tasks.
            List<CompletableFuture<List<Future<Integer>>>> made = new ArrayList<>();
            for (int l = 0; l < LOOPS; l++) {
                int base = l * perLoop;
                made.add(g.submit(l, () -> {
                    List<Future<Integer>> fs = new ArrayList<>();
                    for (int i = 0; i < perLoop; i++) {
                        Future<Integer> f = Weft.loop().createFuture();
                        int v = base + i;
                        fs.add(f);
                        Weft.spawn(() -> {
                            Weft.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(5)));
                            if (v % 50 == 0) {
                                f.cancel("every 50th");
                            } else {
                                f.setResult(v);
                            }
                        });
                    }
                    return fs;
                }));
            }
            List<List<Future<Integer>>> futures = new ArrayList<>();
            for (CompletableFuture<List<Future<Integer>>> m : made) {
                futures.add(m.get(WAIT, TimeUnit.SECONDS));
            }
            AtomicIntegerArray got = new AtomicIntegerArray(LOOPS * perLoop);
            AtomicLong wrongLoop = new AtomicLong();
            List<CompletableFuture<Integer>> awaiting = new ArrayList<>();
            for (int l = 0; l < LOOPS; l++) {
                List<Future<Integer>> foreign = futures.get((l + 1) % LOOPS);
                int from = ((l + 1) % LOOPS) * perLoop;
                awaiting.add(g.submit(l, () -> {
                    EventLoop mine = Weft.loop();
                    List<Task<Void>> ts = new ArrayList<>();
                    int[] cancelled = {0};
                    for (int i = 0; i < foreign.size(); i++) {
                        Future<Integer> f = foreign.get(i);
                        int index = from + i;
                        ts.add(Weft.spawn(() -> {
                            try {
                                int v = f.await();
                                got.incrementAndGet(v);
                            } catch (CancelledError e) {
                                assertThat(index % 50).isZero();
                                cancelled[0]++;
                            }
                            if (Weft.loop() != mine || !mine.inLoopThread()) {
                                wrongLoop.incrementAndGet();
                            }
                        }));
                    }
                    for (Task<Void> t : ts) {
                        t.await();
                    }
                    return cancelled[0];
                }));
            }
            int cancelled = 0;
            for (CompletableFuture<Integer> a : awaiting) {
                cancelled += a.get(WAIT, TimeUnit.SECONDS);
            }
            assertThat(wrongLoop.get()).isZero();
            assertThat(cancelled).isEqualTo(LOOPS * perLoop / 50);
            for (int i = 0; i < got.length(); i++) {
                assertThat(got.get(i)).as("value %d", i).isEqualTo(i % 50 == 0 ? 0 : 1);
            }
        }
    }

    /**
     * Pins the close race in EventLoop.callSoonThreadsafe (an item added just after close() drained the
     * inbox): threads keep posting tasks while the loop stops and closes; every post is refused, or runs,
     * or is told it was dropped (before its task started, or with its task pending at close: both
     * through Bridge.Droppable). No CompletableFuture is left pending: without the onClose links, a
     * task created in the loop's last iteration left its CompletableFuture pending forever.
     */
    @RepeatedTest(5)
    void postsRacingWithCloseAreRunDroppedOrRefused() throws Exception {
        EventLoop loop = new EventLoop();
        CountDownLatch running = new CountDownLatch(1);
        loop.callSoon(running::countDown);
        Thread runner = Thread.ofPlatform().start(() -> {
            loop.runForever();
            Weft.cancelAllTasks(loop); // as Weft.run and LoopGroup do: no task is left pending
        });
        assertThat(running.await(WAIT, TimeUnit.SECONDS)).isTrue();
        int threads = 4;
        CountDownLatch posted = new CountDownLatch(threads);
        List<CompletableFuture<Integer>> all = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong refused = new AtomicLong();
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            posters.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5_000; i++) { // bounded: the race is around close()
                    if (i == 200) {
                        posted.countDown();
                    }
                    try {
                        all.add(Weft.runCoroutineThreadsafe(() -> 1, loop));
                    } catch (IllegalStateException closed) {
                        refused.incrementAndGet();
                        if (i < 200) {
                            posted.countDown();
                        }
                        return;
                    }
                }
            }));
        }
        assertThat(posted.await(WAIT, TimeUnit.SECONDS)).isTrue();
        loop.callSoonThreadsafe(loop::stop);
        runner.join(TimeUnit.SECONDS.toMillis(WAIT));
        assertThat(runner.isAlive()).isFalse();
        loop.close();
        for (Thread p : posters) {
            p.join(TimeUnit.SECONDS.toMillis(WAIT));
            assertThat(p.isAlive()).isFalse();
        }
        assertThat(refused.get()).isLessThanOrEqualTo(threads);
        long ran = 0;
        long dropped = 0;
        for (CompletableFuture<Integer> cf : all) {
            Object outcome = cf.handle((v, e) -> v != null ? v : e).get(WAIT, TimeUnit.SECONDS);
            if (outcome instanceof Integer) {
                ran++;
            } else if (outcome instanceof IllegalStateException e
                    && (String.valueOf(e.getMessage()).contains("closed before the task could start")
                            || String.valueOf(e.getMessage()).contains("will never complete"))) {
                dropped++;
            } else {
                if (!(outcome instanceof java.util.concurrent.CancellationException)) {
                    throw new AssertionError("unexpected outcome", (Throwable) outcome);
                }
            }
        }
        // ran may be 0: the stop can come in the loop's first iteration, before any task has stepped
        assertThat(ran + dropped).isLessThanOrEqualTo(all.size());
    }

    /** Many threads submit to a group while it shuts down: each submission is refused or runs to its end. */
    @RepeatedTest(3)
    void submissionsRacingWithShutdownAreRefusedOrRun() throws Exception {
        LoopGroup g = new LoopGroup(LOOPS);
        int threads = 6;
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong ran = new AtomicLong();
        CountDownLatch started = new CountDownLatch(threads); // each has submitted a few
        List<Thread> ts = new ArrayList<>();
        List<CompletableFuture<?>> all = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 3_000; i++) { // bounded: the race is at the start of shutdown
                    if (i == 100) {
                        started.countDown();
                    }
                    try {
                        all.add(g.submit(() -> {
                            Weft.yieldNow();
                            ran.incrementAndGet();
                            return null;
                        }));
                        accepted.incrementAndGet();
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        refused.incrementAndGet();
                        return;
                    }
                }
            }));
        }
        assertThat(started.await(WAIT, TimeUnit.SECONDS)).isTrue();
        boolean graceful = g.shutdown(Duration.ofSeconds(WAIT));
        for (Thread t : ts) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT));
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(graceful).isTrue();
        assertThat(refused.get()).isLessThanOrEqualTo(threads);
        assertThat(ran.get()).isEqualTo(accepted.get());
        assertThatThrownBy(() -> g.submit(() -> null)).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        for (CompletableFuture<?> cf : all) {
            assertThat(cf).isCompleted();
        }
    }
}
