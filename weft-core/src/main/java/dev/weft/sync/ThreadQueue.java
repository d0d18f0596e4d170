package dev.weft.sync;

import dev.weft.CancelledError;
import dev.weft.Future;
import dev.weft.internal.Bridge;
import dev.weft.EventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded first-in first-out queue between ordinary threads and tasks of any loops: the door for
 * streams of items across threads. Threads block ({@link #blockingPut}, {@link #blockingGet}); tasks
 * suspend ({@link #put}, {@link #get}), so no task ever blocks its loop's thread. Any mix works:
 * threads to tasks, tasks to threads, tasks of one loop to tasks of another. As the queues of
 * Python's {@code janus} (one queue with a sync and an async side), or asyncio's {@code Queue} fed
 * with {@code call_soon_threadsafe}.
 *
 * <pre>
 * OPEN       --shutdown(false)-->  SHUT DOWN   // puts throw; gets drain what is left, then throw
 * OPEN       --shutdown(true)-->   SHUT DOWN   // also: the items left are dropped; gets throw at once
 * </pre>
 *
 * <table class="striped">
 * <caption>The operations by side</caption>
 * <thead><tr><th></th><th>in a task (suspends)</th><th>on a plain thread (blocks)</th><th>anywhere (never waits)</th></tr></thead>
 * <tbody>
 * <tr><td>add</td><td>{@link #put}</td><td>{@link #blockingPut}</td><td>{@link #offer}</td></tr>
 * <tr><td>take</td><td>{@link #get}</td><td>{@link #blockingGet()}, {@link #blockingGet(Duration)}</td><td>{@link #poll}</td></tr>
 * </tbody>
 * </table>
 *
 * {@snippet :
 * ThreadQueue<Row> rows = new ThreadQueue<>(256);
 * Thread reader = Thread.ofPlatform().start(() -> {       // a blocking JDBC cursor, say
 *     try {
 *         for (Row r : cursor) {
 *             rows.blockingPut(r);                         // blocks while 256 rows wait
 *         }
 *     } catch (InterruptedException e) {
 *         Thread.currentThread().interrupt();
 *     } finally {
 *         rows.shutdown(false);                            // the tasks' get() ends after the last row
 *     }
 * });
 * group.submit(() -> {                                     // a task, on any loop
 *     while (true) {
 *         Row r;
 *         try {
 *             r = rows.get();                              // suspends; the loop runs other tasks
 *         } catch (QueueShutDown end) {
 *             return null;
 *         }
 *         handle(r);
 *     }
 * });
 * }
 *
 * <h2>Ordering and fairness</h2>
 * Items come out in the order they went in, each exactly once. Waiting threads and waiting tasks are
 * each woken in the order they started to wait; between a thread and a task, no order is promised
 * (a woken task must first be scheduled on its loop, and a thread may take the item meanwhile; the
 * task then waits again, at the front of the waiting tasks).
 *
 * <h2>Cancellation</h2>
 * A {@link #put} that throws {@link CancelledError} did not put its item; a {@link #get} that throws it
 * took none. A task cancelled after being woken passes the wake-up on, so no item and no free slot is
 * left with waiters asleep.
 *
 * <h2>Exceptions</h2>
 * After {@link #shutdown(boolean)}, adding throws {@link QueueShutDown}, and so does taking once no item
 * is left; a thread or task waiting at that moment is woken and throws it. A thread interrupted while
 * it blocks throws {@link InterruptedException}. Items are not null ({@link NullPointerException}).
 *
 * <h2>Pitfalls</h2>
 * DANGER: {@code blockingGet()} or {@code blockingPut()} on a loop's thread would block every task of
 * that loop; they throw {@link IllegalStateException} there instead. DO THIS INSTEAD: in a task,
 * {@link #get()} and {@link #put}; in a plain callback, {@link #poll()} and {@link #offer}.
 *
 * <h2>Differences from asyncio</h2>
 * {@link dev.weft.sync.Queue} (asyncio's {@code Queue}) belongs to one loop and never locks; this
 * queue is shared by threads and loops, so it guards its state with a lock. The lock is held only for
 * a few field updates, never while anyone waits, so a task's loop thread is never held up for more than
 * that.
 *
 * <p><i>Memory consistency effects:</i> as in other concurrent collections, actions in a thread (or
 * task) before it puts an item <i>happen-before</i> actions after that item is taken, in another thread
 * or task.
 *
 * @param <E> the type of the items
 */
public final class ThreadQueue<E> {
    /* Overview:
     * One ReentrantLock guards everything. Threads wait on two Conditions; tasks wait on Futures of their
     * own loops, kept in two FIFO deques of TaskWaiters. Every change that may let a waiter go on (an
     * item added, a slot freed, shutdown) wakes one waiting thread (Condition.signal) and one waiting
     * task (its Future completed on its loop through callSoonThreadsafe; the waiter leaves the deque at
     * once, so one wake-up never goes to two items). The woken side takes the lock again and re-checks
     * (wake-and-retry, not hand-off: a waking thread and a waking task may race for one item, and the
     * loser waits again; nothing is lost, as the state changed only under the lock).
     *
     * Lost wake-ups: a task woken and then cancelled before it retried has consumed a wake-up meant for
     * an item or a slot; on its way out it passes the wake-up on (wakeGetters/wakePutters). A wake-up
     * posted to a loop that closes before running it comes back through Bridge.Droppable and is passed
     * on the same way. Condition.await returns normally when signalled before an interrupt (AQS), so a
     * thread never eats a signal and then throws. */

    private final int capacity;
    private final ArrayDeque<E> items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<TaskWaiter> getters = new ArrayDeque<>(); // tasks waiting for an item
    private final ArrayDeque<TaskWaiter> putters = new ArrayDeque<>(); // tasks waiting for a slot
    private boolean shutdown;

    /**
     * An empty queue of at most {@code capacity} items.
     *
     * @param capacity the bound
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public ThreadQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    // ---- the task side ----

    /**
     * Adds {@code item}, suspending the calling task while the queue is full. Returns at once if there
     * is room (and then does not need a task).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param item the item
     * @throws QueueShutDown if the queue is shut down, before or while waiting
     * @throws IllegalStateException if it must wait on a plain thread (use {@link #blockingPut}) or in a
     *     plain callback of a loop (use {@link #offer})
     */
    public void put(E item) {
        Objects.requireNonNull(item, "item");
        boolean retry = false; // woken, but the slot went to someone else: wait again, at the front
        while (true) {
            TaskWaiter w;
            lock.lock();
            try {
                if (shutdown) {
                    throw shutDown("put");
                }
                if (items.size() < capacity) {
                    items.add(item);
                    wakeGetters();
                    if (items.size() < capacity) {
                        wakePutters(); // a racing thread may have been woken for this slot: chain on
                    }
                    return;
                }
                w = new TaskWaiter(taskLoop("put", "blockingPut", "offer"), true);
                if (retry) {
                    putters.addFirst(w);
                } else {
                    putters.addLast(w);
                }
            } finally {
                lock.unlock();
            }
            await(w); // returns once woken: w has left the deque
            retry = true;
        }
    }

    /**
     * Takes the oldest item, suspending the calling task while the queue is empty. Returns at once if
     * there is an item (and then does not need a task).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @return the item
     * @throws QueueShutDown if the queue is shut down and empty, before or while waiting
     * @throws IllegalStateException if it must wait on a plain thread (use {@link #blockingGet()}) or in
     *     a plain callback of a loop (use {@link #poll})
     */
    public E get() {
        boolean retry = false; // woken, but the item went to someone else: wait again, at the front
        while (true) {
            TaskWaiter w;
            lock.lock();
            try {
                if (!items.isEmpty()) {
                    return takeLocked();
                }
                if (shutdown) {
                    throw shutDown("get");
                }
                w = new TaskWaiter(taskLoop("get", "blockingGet", "poll"), false);
                if (retry) {
                    getters.addFirst(w);
                } else {
                    getters.addLast(w);
                }
            } finally {
                lock.unlock();
            }
            await(w); // returns once woken: w has left the deque
            retry = true;
        }
    }

    /** Waits for w's wake-up; a cancelled waiter leaves, passing on a wake-up it may have consumed. */
    private void await(TaskWaiter w) {
        try {
            w.future.await();
        } catch (CancelledError c) {
            lock.lock();
            try {
                ArrayDeque<TaskWaiter> q = w.putter ? putters : getters;
                if (!q.remove(w)) {
                    passOn(w.putter); // it was woken: the wake-up was meant for an item or a slot
                }
            } finally {
                lock.unlock();
            }
            throw c;
        }
    }

    private void passOn(boolean putter) {
        if (putter) {
            if (items.size() < capacity || shutdown) {
                wakePutters();
            }
        } else if (!items.isEmpty() || shutdown) {
            wakeGetters();
        }
    }

    private EventLoop taskLoop(String op, String blocking, String nonWaiting) {
        EventLoop loop = EventLoop.runningOrNull();
        if (loop == null) {
            throw new IllegalStateException("ThreadQueue." + op + "() would suspend a task, but thread '"
                    + Thread.currentThread().getName() + "' runs no event loop: on a plain thread use "
                    + blocking + "() (it blocks the thread)");
        }
        if (loop.currentTask() == null) {
            throw new IllegalStateException("ThreadQueue." + op + "() must wait, but this code runs in a plain "
                    + "callback of " + loop + ", outside any task: spawn a task, or use " + nonWaiting + "()");
        }
        return loop;
    }

    // ---- the thread side ----

    /**
     * Adds {@code item}, blocking the calling thread while the queue is full. As
     * {@link java.util.concurrent.BlockingQueue#put}.
     *
     * @param item the item
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws QueueShutDown if the queue is shut down, before or while waiting
     * @throws IllegalStateException on a loop's thread (use {@link #put} in a task)
     */
    public void blockingPut(E item) throws InterruptedException {
        Objects.requireNonNull(item, "item");
        notOnALoop("blockingPut", "put");
        lock.lockInterruptibly();
        try {
            while (!shutdown && items.size() >= capacity) {
                notFull.await();
            }
            if (shutdown) {
                throw shutDown("put");
            }
            items.add(item);
            wakeGetters();
            if (items.size() < capacity) {
                wakePutters(); // a racing task may have been woken for this slot: chain on
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the oldest item, blocking the calling thread while the queue is empty. As
     * {@link java.util.concurrent.BlockingQueue#take}.
     *
     * @return the item
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws QueueShutDown if the queue is shut down and empty, before or while waiting
     * @throws IllegalStateException on a loop's thread (use {@link #get} in a task)
     */
    public E blockingGet() throws InterruptedException {
        notOnALoop("blockingGet", "get");
        lock.lockInterruptibly();
        try {
            while (items.isEmpty() && !shutdown) {
                notEmpty.await();
            }
            return takeLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * As {@link #blockingGet()}, waiting at most {@code timeout}. As
     * {@link java.util.concurrent.BlockingQueue#poll(long, TimeUnit)}.
     *
     * @param timeout the longest wait
     * @return the item, or null if none came in time
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws QueueShutDown if the queue is shut down and empty, before or while waiting
     * @throws IllegalStateException on a loop's thread (use {@link dev.weft.Weft#timeout} around
     *     {@link #get} in a task)
     */
    public E blockingGet(Duration timeout) throws InterruptedException {
        notOnALoop("blockingGet", "get");
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (items.isEmpty() && !shutdown) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return takeLocked();
        } finally {
            lock.unlock();
        }
    }

    private E takeLocked() {
        E e = items.poll();
        if (e == null) {
            throw shutDown("get"); // empty, so shut down
        }
        wakePutters();
        if (!items.isEmpty()) {
            wakeGetters(); // a racing task may have been woken for this item: chain on
        }
        return e;
    }

    private static void notOnALoop(String op, String suspending) {
        EventLoop loop = EventLoop.runningOrNull();
        if (loop != null) {
            throw new IllegalStateException("ThreadQueue." + op + "() would block the thread of " + loop
                    + ", and every task on it: in a task use " + suspending + "() (it suspends only the task)");
        }
    }

    // ---- anywhere ----

    /**
     * Adds {@code item} if there is room. Never waits and never throws for a full queue. As
     * {@link java.util.concurrent.BlockingQueue#offer(Object)}; asyncio's {@code put_nowait} without
     * the exception.
     *
     * @param item the item
     * @return true if it was added, false if the queue is full
     * @throws QueueShutDown if the queue is shut down
     */
    public boolean offer(E item) {
        Objects.requireNonNull(item, "item");
        lock.lock();
        try {
            if (shutdown) {
                throw shutDown("offer");
            }
            if (items.size() >= capacity) {
                return false;
            }
            items.add(item);
            wakeGetters();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the oldest item if there is one. Never waits. As
     * {@link java.util.concurrent.BlockingQueue#poll()}; asyncio's {@code get_nowait} without the
     * exception.
     *
     * @return the item, or null if the queue is empty
     * @throws QueueShutDown if the queue is shut down and empty
     */
    public E poll() {
        lock.lock();
        try {
            if (items.isEmpty()) {
                if (shutdown) {
                    throw shutDown("poll");
                }
                return null;
            }
            return takeLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Shuts the queue down, from any thread: every later put throws {@link QueueShutDown}, and gets
     * throw it once the queue is empty; every waiting thread and task is woken. With {@code immediate},
     * the items left are dropped as well, so gets throw at once. As asyncio's {@code Queue.shutdown}
     * (3.13). Idempotent (an immediate shutdown after a plain one still drops the items).
     *
     * <p><i>Memory consistency effects:</i> actions before this call <i>happen-before</i> a
     * {@link QueueShutDown} is thrown in another thread or task because of it.
     *
     * @param immediate whether to drop the items left
     */
    public void shutdown(boolean immediate) {
        lock.lock();
        try {
            shutdown = true;
            if (immediate) {
                items.clear();
            }
            notEmpty.signalAll();
            notFull.signalAll();
            while (!getters.isEmpty()) {
                wakeGetters();
            }
            while (!putters.isEmpty()) {
                wakePutters();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- state ----

    /**
     * The number of items in the queue. Never waits; a snapshot that may be stale at once.
     *
     * @return the number of items
     */
    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The bound given at construction.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Whether {@link #shutdown(boolean)} was called. Never waits.
     *
     * @return true once shut down
     */
    public boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "ThreadQueue[" + (shutdown ? "shut down, " : "") + items.size() + "/" + capacity
                    + (getters.isEmpty() ? "" : ", waiting tasks (get)=" + getters.size())
                    + (putters.isEmpty() ? "" : ", waiting tasks (put)=" + putters.size()) + "]";
        } finally {
            lock.unlock();
        }
    }

    // ---- waking ----

    /** Under the lock: wakes one waiting thread and one waiting task that want an item. */
    private void wakeGetters() {
        notEmpty.signal();
        wakeOne(getters);
    }

    /** Under the lock: wakes one waiting thread and one waiting task that want a slot. */
    private void wakePutters() {
        notFull.signal();
        wakeOne(putters);
    }

    private void wakeOne(ArrayDeque<TaskWaiter> q) {
        TaskWaiter w;
        while ((w = q.poll()) != null) {
            try {
                w.loop.callSoonThreadsafe(w);
                return;
            } catch (IllegalStateException closed) {
                // its loop is closed: that task is gone; wake the next one instead
            }
        }
    }

    private static QueueShutDown shutDown(String op) {
        return new QueueShutDown("ThreadQueue is shut down: " + op + "() refused");
    }

    /** A task waiting on its own loop; run() (on that loop) lets it go on. */
    private final class TaskWaiter implements Runnable, Bridge.Droppable {
        final EventLoop loop;
        final Future<Void> future;
        final boolean putter;

        TaskWaiter(EventLoop loop, boolean putter) {
            this.loop = loop;
            this.future = loop.createFuture();
            this.putter = putter;
        }

        @Override
        public void run() {
            if (!future.isDone()) {
                future.setResult(null);
            }
        }

        @Override
        public void dropped() {
            lock.lock();
            try {
                passOn(putter); // the loop closed before it could take the wake-up: give it to another
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String toString() {
            return "wake-up of a task waiting to " + (putter ? "put into " : "get from ") + "a ThreadQueue";
        }
    }
}
