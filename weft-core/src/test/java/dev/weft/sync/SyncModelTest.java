package dev.weft.sync;

import static org.assertj.core.api.Assertions.*;

import dev.weft.CancelledError;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.VirtualClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Model-based tests: random sequences of operations, including cancellations at every point (before
 * a task starts, while it waits, while it is being woken), run against Lock, Semaphore and Queue and
 * checked against a deliberately simple reference model.
 *
 * <p>The model knows nothing of hand-offs: it keeps permits (or items) and FIFO lists of waiting
 * tasks, and only at quiescence matches permits to the longest waiters. Between two quiescent points
 * the driver may spawn tasks and cancel tasks; it mutates the primitive itself (release, putNowait,
 * getNowait, shutdown) only at a quiescent point, so that a release followed by a cancel before the
 * woken task runs is the "cancelled while being woken" race. After every settle the real outcome of
 * every task and the primitive's state must equal the model's.
 */
class SyncModelTest {

    // ---- operations ----

    sealed interface Op permits Spawn, Cancel, Settle, Release, TryAcquire, PutNowait, GetNowait, Shutdown {}

    /** Spawn a worker: for queues, a getter ({@code getter}) or a putter. */
    record Spawn(boolean getter) implements Op {}

    /** Cancel the worker at {@code index} modulo the number of workers. */
    record Cancel(int index) implements Op {}

    /** Let every ready task run until nothing is ready. */
    record Settle() implements Op {}

    record Release() implements Op {}

    record TryAcquire() implements Op {}

    record PutNowait() implements Op {}

    record GetNowait() implements Op {}

    record Shutdown(boolean immediate) implements Op {}

    @Provide
    Arbitrary<List<Op>> lockOps() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.just(new Spawn(false))),
                        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 50).map(Cancel::new)),
                        net.jqwik.api.Tuple.of(4, Arbitraries.just(new Settle())),
                        net.jqwik.api.Tuple.of(4, Arbitraries.just(new Release())),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(new TryAcquire())))
                .map(o -> (Op) o)
                .list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Op>> queueOps() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(new Spawn(true))),
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(new Spawn(false))),
                        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 50).map(Cancel::new)),
                        net.jqwik.api.Tuple.of(4, Arbitraries.just(new Settle())),
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(new PutNowait())),
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(new GetNowait())),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(Shutdown::new)))
                .map(o -> (Op) o)
                .list().ofMinSize(1).ofMaxSize(60);
    }

    // ---- Lock and Semaphore ----

    /** What a worker's task ended as (or that it still waits), as the model predicts it. */
    enum Outcome { WAITING, ACQUIRED, CANCELLED, PUT, GOT, SHUT_DOWN }

    /** The reference model of a semaphore (a lock is one with one permit). */
    static final class PermitModel {
        int permits;
        final Deque<Integer> waiting = new ArrayDeque<>(); // arrival order, not yet granted
        final List<Outcome> outcome = new ArrayList<>();
        final List<Integer> acquisitions = new ArrayList<>(); // worker ids in grant order
        final List<Integer> notStarted = new ArrayList<>();
        final List<Boolean> cancelRequested = new ArrayList<>();

        PermitModel(int permits) {
            this.permits = permits;
        }

        void spawn() {
            outcome.add(Outcome.WAITING);
            cancelRequested.add(false);
            notStarted.add(outcome.size() - 1);
        }

        void cancel(int k) {
            if (outcome.get(k) == Outcome.WAITING) {
                cancelRequested.set(k, true);
            }
        }

        /** Quiescence: starts run in spawn order; cancelled ones leave; permits go to the longest waiters. */
        void settle() {
            for (int k : notStarted) {
                waiting.add(k);
            }
            notStarted.clear();
            waiting.removeIf(k -> {
                if (cancelRequested.get(k)) {
                    outcome.set(k, Outcome.CANCELLED);
                    return true;
                }
                return false;
            });
            while (permits > 0 && !waiting.isEmpty()) {
                int k = waiting.poll();
                permits--;
                outcome.set(k, Outcome.ACQUIRED);
                acquisitions.add(k);
            }
        }
    }

    @Property(tries = 300)
    void lockMatchesModel(@ForAll("lockOps") List<Op> ops) {
        runPermits(ops, 1, true);
    }

    @Property(tries = 300)
    void semaphoreMatchesModel(@ForAll("lockOps") List<Op> ops, @ForAll @IntRange(min = 0, max = 3) int permits) {
        runPermits(ops, permits, false);
    }

    private static void runPermits(List<Op> ops, int permits, boolean isLock) {
        Weft.run(new VirtualClock(), () -> {
            Lock lock = isLock ? new Lock() : null;
            Semaphore sem = isLock ? null : new Semaphore(permits);
            PermitModel m = new PermitModel(permits);
            List<Task<Void>> workers = new ArrayList<>();
            List<Integer> acquisitions = new ArrayList<>();
            boolean settled = true;
            for (Op op : append(ops, new Settle())) {
                switch (op) {
                    case Spawn s -> {
                        int id = workers.size();
                        workers.add(Weft.spawn(() -> {
                            if (isLock) {
                                lock.acquire();
                            } else {
                                sem.acquire();
                            }
                            acquisitions.add(id);
                        }));
                        m.spawn();
                        settled = false;
                    }
                    case Cancel c -> {
                        if (!workers.isEmpty()) {
                            int k = c.index() % workers.size();
                            workers.get(k).cancel();
                            m.cancel(k);
                            settled = false;
                        }
                    }
                    case Release r -> {
                        if (settled) { // the model is exact only at quiescence
                            if (isLock && m.permits == 1) {
                                assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class);
                            } else {
                                if (isLock) {
                                    lock.release();
                                } else {
                                    sem.release();
                                }
                                m.permits++;
                                settled = false;
                            }
                        }
                    }
                    case TryAcquire t -> {
                        if (settled) {
                            boolean got = isLock ? lock.tryAcquire() : sem.tryAcquire();
                            assertThat(got).isEqualTo(m.permits > 0);
                            if (got) {
                                m.permits--;
                            }
                        }
                    }
                    case Settle s -> {
                        settle(workers.size());
                        m.settle();
                        settled = true;
                        for (int k = 0; k < workers.size(); k++) {
                            assertThat(outcome(workers.get(k), null)).as("worker %d after %s", k, ops).isEqualTo(m.outcome.get(k));
                        }
                        assertThat(acquisitions).isEqualTo(m.acquisitions);
                        if (isLock) {
                            assertThat(lock.locked()).isEqualTo(m.permits == 0);
                            assertThat(lock.waiters()).isEqualTo(m.waiting.size());
                        } else {
                            assertThat(sem.value()).isEqualTo(m.permits);
                            assertThat(sem.waiters()).isEqualTo(m.waiting.size());
                        }
                    }
                    default -> throw new AssertionError(op);
                }
            }
            return null;
        });
    }

    // ---- Queue ----

    /** The reference model of a FIFO queue. */
    static final class QueueModel {
        final int maxsize;
        final Deque<Integer> items = new ArrayDeque<>();
        final Deque<Integer> getters = new ArrayDeque<>(); // worker ids waiting, arrival order
        final Deque<Integer> putters = new ArrayDeque<>();
        final List<Integer> notStarted = new ArrayList<>();
        final List<Boolean> isGetter = new ArrayList<>();
        final List<Integer> putItem = new ArrayList<>();
        final List<Outcome> outcome = new ArrayList<>();
        final List<Integer> got = new ArrayList<>();
        final List<Boolean> cancelRequested = new ArrayList<>();
        boolean shutdown;
        int unfinished;

        QueueModel(int maxsize) {
            this.maxsize = maxsize;
        }

        boolean full() {
            return maxsize > 0 && items.size() >= maxsize;
        }

        void spawn(boolean getter, int item) {
            isGetter.add(getter);
            putItem.add(item);
            outcome.add(Outcome.WAITING);
            got.add(null);
            cancelRequested.add(false);
            notStarted.add(outcome.size() - 1);
        }

        void cancel(int k) {
            if (outcome.get(k) == Outcome.WAITING) {
                cancelRequested.set(k, true);
            }
        }

        void settle() {
            for (int k : notStarted) {
                if (cancelRequested.get(k)) {
                    continue; // cancelled before it started: handled below
                }
                if (shutdown && !isGetter.get(k)) {
                    outcome.set(k, Outcome.SHUT_DOWN); // put on a shut-down queue throws at once
                    continue;
                }
                (isGetter.get(k) ? getters : putters).add(k);
            }
            for (int k : notStarted) {
                if (cancelRequested.get(k)) {
                    outcome.set(k, Outcome.CANCELLED);
                }
            }
            notStarted.clear();
            for (Deque<Integer> d : List.of(getters, putters)) {
                d.removeIf(k -> {
                    if (cancelRequested.get(k)) {
                        outcome.set(k, Outcome.CANCELLED);
                        return true;
                    }
                    return false;
                });
            }
            boolean moved = true;
            while (moved) {
                moved = false;
                if (!getters.isEmpty() && !items.isEmpty()) {
                    int k = getters.poll();
                    got.set(k, items.poll());
                    outcome.set(k, Outcome.GOT);
                    moved = true;
                } else if (!putters.isEmpty() && !full() && !shutdown) {
                    int k = putters.poll();
                    items.add(putItem.get(k));
                    unfinished++;
                    outcome.set(k, Outcome.PUT);
                    moved = true;
                }
            }
            if (shutdown) {
                for (Deque<Integer> d : List.of(getters, putters)) {
                    for (int k : d) {
                        outcome.set(k, Outcome.SHUT_DOWN);
                    }
                    d.clear();
                }
            }
        }
    }

    @Property(tries = 400)
    void queueMatchesModel(@ForAll("queueOps") List<Op> ops, @ForAll @IntRange(min = 0, max = 3) int maxsize) {
        Weft.run(new VirtualClock(), () -> {
            Queue<Integer> q = new Queue<>(maxsize);
            QueueModel m = new QueueModel(maxsize);
            List<Task<Integer>> workers = new ArrayList<>();
            int[] nextItem = {100};
            boolean settled = true;
            for (Op op : append(ops, new Settle())) {
                switch (op) {
                    case Spawn s -> {
                        int item = nextItem[0]++;
                        workers.add(s.getter() ? Weft.spawn(q::get) : Weft.spawn(() -> { q.put(item); return null; }));
                        m.spawn(s.getter(), item);
                        settled = false;
                    }
                    case Cancel c -> {
                        if (!workers.isEmpty()) {
                            int k = c.index() % workers.size();
                            workers.get(k).cancel();
                            m.cancel(k);
                            settled = false;
                        }
                    }
                    case PutNowait p -> {
                        if (settled) {
                            int item = nextItem[0]++;
                            if (m.shutdown) {
                                assertThatThrownBy(() -> q.putNowait(item)).isInstanceOf(QueueShutDown.class);
                            } else if (m.full()) {
                                assertThatThrownBy(() -> q.putNowait(item)).isInstanceOf(QueueFull.class);
                            } else {
                                q.putNowait(item);
                                m.items.add(item);
                                m.unfinished++;
                                settled = false;
                            }
                        }
                    }
                    case GetNowait g -> {
                        if (settled) {
                            if (m.items.isEmpty()) {
                                assertThatThrownBy(q::getNowait)
                                        .isInstanceOf(m.shutdown ? QueueShutDown.class : QueueEmpty.class);
                            } else {
                                assertThat(q.getNowait()).isEqualTo(m.items.poll());
                                settled = false;
                            }
                        }
                    }
                    case Shutdown s -> {
                        if (settled) {
                            q.shutdown(s.immediate());
                            m.shutdown = true;
                            if (s.immediate()) {
                                m.unfinished -= Math.min(m.unfinished, m.items.size());
                                m.items.clear();
                            }
                            settled = false;
                        }
                    }
                    case Settle s -> {
                        settle(workers.size());
                        m.settle();
                        settled = true;
                        for (int k = 0; k < workers.size(); k++) {
                            Outcome real = outcome(workers.get(k), m.isGetter.get(k) ? Outcome.GOT : Outcome.PUT);
                            assertThat(real).as("worker %d (%s) after %s", k,
                                    m.isGetter.get(k) ? "getter" : "putter", ops).isEqualTo(m.outcome.get(k));
                            if (real == Outcome.GOT) {
                                assertThat(workers.get(k).result()).as("item of getter %d", k).isEqualTo(m.got.get(k));
                            }
                        }
                        assertThat(q.size()).isEqualTo(m.items.size());
                        assertThat(q.full()).isEqualTo(m.full());
                        assertThat(q.unfinishedTasks()).isEqualTo(m.unfinished);
                        assertThat(q.isShutdown()).isEqualTo(m.shutdown);
                        if (maxsize > 0) {
                            assertThat(q.size()).isLessThanOrEqualTo(maxsize);
                        }
                    }
                    default -> throw new AssertionError(op);
                }
            }
            // What is left comes out in the model's order.
            List<Integer> rest = new ArrayList<>();
            while (!q.empty()) {
                rest.add(q.getNowait());
            }
            assertThat(rest).isEqualTo(new ArrayList<>(m.items));
            return null;
        });
    }

    // ---- helpers ----

    private static List<Op> append(List<Op> ops, Op last) {
        List<Op> all = new ArrayList<>(ops);
        all.add(last);
        return all;
    }

    /** Lets the loop run until quiescent: every wake-up chain is at most one step per worker. */
    private static void settle(int workers) {
        for (int i = 0; i < workers + 4; i++) {
            Weft.yieldNow();
        }
    }

    private static Outcome outcome(Task<?> t, Outcome success) {
        if (!t.isDone()) {
            return Outcome.WAITING;
        }
        if (t.isCancelled()) {
            return Outcome.CANCELLED;
        }
        Throwable e = t.exception();
        if (e instanceof QueueShutDown) {
            return Outcome.SHUT_DOWN;
        }
        if (e != null) {
            throw new AssertionError("worker failed", e);
        }
        return success == null ? Outcome.ACQUIRED : success;
    }

    @SuppressWarnings("unused")
    private static void unused(CancelledError e) {}
}
