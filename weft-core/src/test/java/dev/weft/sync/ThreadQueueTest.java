package dev.weft.sync;

import static org.assertj.core.api.Assertions.*;

import dev.weft.CancelledError;
import dev.weft.LoopGroup;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ThreadQueue: threads block, tasks suspend, shutdown wakes both, and the wrong side is told. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadQueueTest {
    private static final long WAIT = 20; // seconds

    private static <T> T get(CompletableFuture<T> cf) throws Exception {
        return cf.get(WAIT, TimeUnit.SECONDS);
    }

    @Test
    void threadsToThreadsInOrder() throws Exception {
        ThreadQueue<Integer> q = new ThreadQueue<>(2);
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    q.blockingPut(i);
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            got.add(q.blockingGet(Duration.ofSeconds(WAIT)));
        }
        producer.join(TimeUnit.SECONDS.toMillis(WAIT));
        assertThat(got).isEqualTo(java.util.stream.IntStream.range(0, 100).boxed().toList());
    }

    @Test
    void aThreadFeedsATaskAndATaskFeedsAThread() throws Exception {
        ThreadQueue<String> in = new ThreadQueue<>(1);
        ThreadQueue<String> out = new ThreadQueue<>(1);
        try (LoopGroup g = new LoopGroup(1)) {
            CompletableFuture<Integer> echo = g.submit(() -> {
                int n = 0;
                while (true) {
                    String s;
                    try {
                        s = in.get(); // suspends: the loop stays free
                    } catch (QueueShutDown end) {
                        out.shutdown(false);
                        return n;
                    }
                    out.put(s.toUpperCase());
                    n++;
                }
            });
            for (String s : List.of("a", "b", "c")) {
                in.blockingPut(s);
                assertThat(out.blockingGet(Duration.ofSeconds(WAIT))).isEqualTo(s.toUpperCase());
            }
            in.shutdown(false);
            assertThat(get(echo)).isEqualTo(3);
            assertThatThrownBy(out::blockingGet).isInstanceOf(QueueShutDown.class);
        }
    }

    @Test
    void aFullQueueSuspendsTheTaskNotTheLoop() throws Exception {
        ThreadQueue<Integer> q = new ThreadQueue<>(1);
        try (LoopGroup g = new LoopGroup(1)) {
            CompletableFuture<Void> putter = g.submit(() -> {
                q.put(1);
                q.put(2); // full: suspends
                return null;
            });
            // The loop still runs other tasks while the putter waits.
            assertThat(get(g.submit(() -> "still serving"))).isEqualTo("still serving");
            assertThat(putter.isDone()).isFalse();
            assertThat(q.blockingGet()).isEqualTo(1);
            get(putter);
            assertThat(q.poll()).isEqualTo(2);
            assertThat(q.poll()).isNull();
        }
    }

    @Test
    void shutdownWakesABlockedThreadAndASuspendedTask() throws Exception {
        ThreadQueue<Integer> q = new ThreadQueue<>(1);
        try (LoopGroup g = new LoopGroup(1)) {
            CountDownLatch taskWaiting = new CountDownLatch(1);
            CompletableFuture<Throwable> task = g.submit(() -> {
                taskWaiting.countDown();
                return catchThrowable(q::get);
            });
            CompletableFuture<Throwable> thread = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> thread.complete(catchThrowable(q::blockingGet)));
            assertThat(taskWaiting.await(WAIT, TimeUnit.SECONDS)).isTrue();
            q.shutdown(false);
            assertThat(get(task)).isInstanceOf(QueueShutDown.class).hasMessageContaining("get() refused");
            assertThat(get(thread)).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(() -> q.offer(1)).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(() -> q.blockingPut(1)).isInstanceOf(QueueShutDown.class);
            assertThat(q.toString()).startsWith("ThreadQueue[shut down, 0/1");
        }
    }

    @Test
    void shutdownWakesBlockedPuttersOfBothSides() throws Exception {
        ThreadQueue<Integer> q = new ThreadQueue<>(1);
        q.offer(0);
        try (LoopGroup g = new LoopGroup(1)) {
            CountDownLatch taskWaiting = new CountDownLatch(1);
            CompletableFuture<Throwable> task = g.submit(() -> {
                taskWaiting.countDown();
                return catchThrowable(() -> q.put(1));
            });
            CompletableFuture<Throwable> thread = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> thread.complete(catchThrowable(() -> q.blockingPut(2))));
            assertThat(taskWaiting.await(WAIT, TimeUnit.SECONDS)).isTrue();
            q.shutdown(false);
            assertThat(get(task)).isInstanceOf(QueueShutDown.class).hasMessageContaining("put() refused");
            assertThat(get(thread)).isInstanceOf(QueueShutDown.class);
            assertThat(q.poll()).as("a plain shutdown leaves the items to take").isEqualTo(0);
            assertThatThrownBy(q::poll).isInstanceOf(QueueShutDown.class);
        }
    }

    @Test
    void immediateShutdownDropsTheItems() {
        ThreadQueue<Integer> q = new ThreadQueue<>(3);
        q.offer(1);
        q.offer(2);
        q.shutdown(true);
        assertThat(q.size()).isZero();
        assertThat(q.isShutdown()).isTrue();
        assertThatThrownBy(q::poll).isInstanceOf(QueueShutDown.class);
    }

    @Test
    void aCancelledGetterTakesNothingAndLosesNothing() throws Exception {
        ThreadQueue<String> q = new ThreadQueue<>(4);
        try (LoopGroup g = new LoopGroup(1)) {
            AtomicReference<Task<String>> first = new AtomicReference<>();
            CountDownLatch bothWaiting = new CountDownLatch(2);
            CompletableFuture<String> second = g.submit(() -> {
                first.set(Weft.spawn(() -> {
                    bothWaiting.countDown();
                    return q.get();
                }));
                Weft.yieldNow();
                bothWaiting.countDown();
                return q.get();
            });
            assertThat(bothWaiting.await(WAIT, TimeUnit.SECONDS)).isTrue();
            Throwable cancelled = get(g.submit(() -> {
                Weft.yieldNow();
                first.get().cancel();
                return catchThrowable(() -> first.get().await());
            }));
            assertThat(cancelled).isInstanceOf(CancelledError.class);
            q.blockingPut("only");
            assertThat(get(second)).isEqualTo("only");
        }
    }

    @Test
    void aGetterWokenThenCancelledPassesTheItemOn() throws Exception {
        ThreadQueue<String> q = new ThreadQueue<>(4);
        try (LoopGroup g = new LoopGroup(1)) {
            String r = get(g.submit(() -> {
                Task<String> a = Weft.spawn(q::get);
                Task<String> b = Weft.spawn(q::get);
                Weft.yieldNow(); // both wait, a first
                q.put("x");     // wakes a (its wake-up is now on the ready queue)
                a.cancel();     // before a runs: the wake-up must go to b
                assertThat(catchThrowable(a::await)).isInstanceOf(CancelledError.class);
                return Weft.timeout(Duration.ofSeconds(WAIT), b::await);
            }));
            assertThat(r).isEqualTo("x");
        }
    }

    @Test
    void blockingOnALoopThreadIsRefusedWithTheDoorToUse() throws Exception {
        ThreadQueue<String> q = new ThreadQueue<>(1);
        try (LoopGroup g = new LoopGroup(1)) {
            Throwable t = get(g.submit(() -> catchThrowable(q::blockingGet)));
            assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("in a task use get()");
            Throwable p = get(g.submit(() -> catchThrowable(() -> q.blockingPut("x"))));
            assertThat(p).isInstanceOf(IllegalStateException.class).hasMessageContaining("in a task use put()");
            CompletableFuture<Throwable> inCallback = new CompletableFuture<>();
            g.loop(0).callSoonThreadsafe(() -> inCallback.complete(catchThrowable(q::get)));
            assertThat(get(inCallback)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("plain callback").hasMessageContaining("poll()");
        }
        assertThatThrownBy(q::get).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("on a plain thread use blockingGet()");
        q.offer("full");
        assertThatThrownBy(() -> q.put("more")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("on a plain thread use blockingPut()");
    }

    @Test
    void timedGetReturnsNullWhenNothingComes() throws Exception {
        ThreadQueue<String> q = new ThreadQueue<>(1);
        assertThat(q.blockingGet(Duration.ofMillis(1))).isNull();
        assertThat(q.blockingGet(Duration.ZERO)).isNull();
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertThatThrownBy(() -> new ThreadQueue<>(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity: 0 (expected: >= 1)");
        ThreadQueue<String> q = new ThreadQueue<>(1);
        assertThatThrownBy(() -> q.offer(null)).isInstanceOf(NullPointerException.class);
        assertThat(q.capacity()).isEqualTo(1);
    }
}
