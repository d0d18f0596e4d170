package dev.weft.sync;

import dev.weft.internal.WaitReason;
import dev.weft.CancelledError;
import dev.weft.EventLoop;
import dev.weft.sync.WaiterQueue.Waiter;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A first-in first-out queue between the tasks of one loop, optionally bounded. As asyncio's
 * {@code Queue}; {@link LifoQueue} and {@link PriorityQueue} change only the order items come out.
 *
 * <p>{@link #put} adds an item, waiting while a bounded queue is full; {@link #get} takes one,
 * waiting while it is empty. {@link #putNowait} and {@link #getNowait} never wait: they throw
 * {@link QueueFull} and {@link QueueEmpty} instead. Waiting getters and waiting putters are each
 * served in the order they arrived (FIFO, fair). With {@link #taskDone()} and {@link #join()} a
 * producer can wait until every item put has been processed; {@link #shutdown(boolean)} ends the
 * queue's life (asyncio 3.13).
 *
 * <pre>
 * OPEN      --shutdown(false)-->  SHUT DOWN   // puts throw; gets drain what is left, then throw
 * OPEN      --shutdown(true)-->   SHUT DOWN   // also: items dropped, counted done; gets throw at once
 * </pre>
 *
 * {@snippet :
 * Queue<String> jobs = new Queue<>(100);       // bounded: a fast producer waits for the consumers
 * for (int i = 0; i < 3; i++) {
 *     Weft.spawn(() -> {
 *         while (true) {
 *             String job = jobs.get();         // waits while the queue is empty
 *             try {
 *                 handle(job);
 *             } finally {
 *                 jobs.taskDone();             // one taskDone() for each item taken
 *             }
 *         }
 *     });
 * }
 * for (String j : work) {
 *     jobs.put(j);                             // waits while 100 items are queued
 * }
 * jobs.join();                                 // until every job was handled
 * jobs.shutdown(false);                        // the consumers' get() now throws QueueShutDown
 * }
 *
 * <h2>Hand-off</h2>
 * When a getter is waiting, {@code put} hands the item straight to the longest waiting getter: the
 * item leaves the queue at once ({@link #size()} does not count it), and no other task can take it
 * first. It keeps its slot against {@link #maxsize()} until that getter has run, so a bounded queue
 * never has more than {@code maxsize} items between its putters and its getters, as in asyncio. In the
 * same way, when a slot frees up and a putter waits, the slot is reserved for the longest waiting
 * putter, and later puts queue behind that putter until it has put its item, so items always go in
 * in the order {@code put} was called. So {@link #full()} can be true for a moment while
 * {@code size() < maxsize()}.
 *
 * <h2>Cancellation</h2>
 * A put that throws {@link CancelledError} did not put its item; a get that throws it took no item.
 * A task cancelled while waiting leaves the queue. A getter handed an item and cancelled before it ran
 * (cancelled while being woken) gives the item back: to the next waiting getter, else to the front
 * of the queue, so the next get returns it; a putter granted a slot and then cancelled passes the
 * slot to the next putter. No item and no wake-up is lost.
 *
 * <h2>Threads</h2>
 * A queue belongs to the loop that first uses it; using it from another loop or another thread
 * throws {@link IllegalStateException} naming the fix (to feed it from another thread, use
 * {@code loop.callSoonThreadsafe(() -> queue.putNowait(item))}). Before any loop uses it, it can be
 * filled with {@code putNowait} from any one thread. It never blocks a thread.
 *
 * <h2>Exceptions</h2>
 * Items are not null: a null item throws {@link NullPointerException}.
 *
 * <h2>Differences from asyncio</h2>
 * <ul>
 *   <li>The hand-off above: in asyncio the item stays in the queue until the woken getter runs, and
 *       any task may take it meanwhile (the woken getter then waits again, at the back); and a new
 *       put may go in before the item of a woken putter.
 *   <li>{@code qsize()}, {@code task_done()} are {@link #size()}, {@link #taskDone()}. Misuse
 *       throws {@link IllegalStateException} (asyncio: {@code ValueError}).
 *   <li>After an immediate shutdown, an item already handed to a getter that has not run yet is
 *       still delivered to it (it had left the queue).
 * </ul>
 *
 * @param <E> the type of the items
 */
public sealed class Queue<E> permits LifoQueue, PriorityQueue {
    /* Overview:
     * `store` holds the items that can be taken now; getters, putters and joiners are WaiterQueues.
     * occupied = store.size() + inFlight + reserved is what counts against maxsize, where inFlight is
     * the number of items handed to getters whose tasks have not run yet, and reserved the number of
     * slots granted to putters whose tasks have not run yet.
     * Invariants: getters non-empty => store empty (a put with a getter waiting hands the item over);
     *             putters non-empty => full(), i.e. no free slot or reserved > 0 (a freed slot goes to
     *             the head putter at once, and a newcomer queues while a woken putter has not put).
     * So neither a newcomer getter nor a newcomer putter can overtake a waiting or woken one: items go
     * in in the order put() was called (SyncModelTest found the overtaking that asyncio allows). */

    private static final Object SHUT_DOWN = new Object();

    private EventLoop loop;
    private final int maxsize; // <= 0: unbounded
    private final Store<E> store;
    private final WaiterQueue getters = new WaiterQueue(WaitReason.QUEUE_GET);
    private final WaiterQueue putters = new WaiterQueue(WaitReason.QUEUE_PUT);
    private final WaiterQueue joiners = new WaiterQueue(WaitReason.QUEUE_JOIN);
    private int inFlight; // items handed to getters not yet resumed; they keep their slot
    private int reserved; // slots granted to putters not yet resumed
    private int unfinished; // items put and not yet taskDone()
    private boolean shutdown;
    private boolean drained; // shut down immediately: an item given back is dropped

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /**
     * A queue of at most {@code maxsize} items.
     *
     * @param maxsize the bound; zero or negative means unbounded
     */
    public Queue(int maxsize) {
        this(maxsize, new Fifo<>());
    }

    Queue(int maxsize, Store<E> store) {
        this.maxsize = maxsize;
        this.store = store;
    }

    // ---- putting ----

    /**
     * Adds {@code item}, waiting while the queue is full. Returns at once if there is room (but it must
     * be called from a task all the same: a suspension point is one whatever the state).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param item the item
     * @throws QueueShutDown if the queue is shut down, before or while waiting
     * @throws IllegalStateException if called outside a task, or the queue belongs to another
     *     loop or is used from another thread
     */
    public void put(E item) {
        Objects.requireNonNull(item, "item");
        LoopBinding.requireTask(this, "Queue.put()", "putNowait()");
        loop = LoopBinding.check(this, loop);
        if (shutdown) {
            throw shutDown();
        }
        if (!full()) {
            insert(item);
            return;
        }
        Waiter w = putters.add(LoopBinding.forWaiting(loop), null, true);
        Object r;
        try {
            r = putters.await(w);
        } catch (CancelledError e) {
            if (WaiterQueue.granted(w) && w.result() != SHUT_DOWN) {
                reserved--; // cancelled while being woken: the slot goes to the next putter
                slotFreed();
            }
            throw e;
        }
        if (r == SHUT_DOWN) {
            throw shutDown();
        }
        reserved--;
        if (shutdown) { // granted a slot, then shut down before we ran
            slotFreed();
            throw shutDown();
        }
        insert(item);
        slotFreed(); // putters that came while our slot was reserved queued behind us: admit the next
    }

    /**
     * Adds {@code item} if there is room now. Never suspends.
     *
     * @param item the item
     * @throws QueueFull if the queue is full
     * @throws QueueShutDown if the queue is shut down
     * @throws IllegalStateException if the queue belongs to another loop or is used from another thread
     */
    public void putNowait(E item) {
        Objects.requireNonNull(item, "item");
        loop = LoopBinding.check(this, loop);
        if (shutdown) {
            throw shutDown();
        }
        if (full()) {
            throw new QueueFull(this + " is full (maxsize=" + maxsize + "): put() waits for room");
        }
        insert(item);
    }

    private void insert(E item) {
        unfinished++;
        if (getters.isEmpty()) {
            store.add(item);
        } else {
            inFlight++;
            getters.grantFirst(item);
        }
    }

    // ---- getting ----

    /**
     * Removes and returns the next item, waiting while the queue is empty. Returns at once if an item
     * is there (but it must be called from a task all the same: a suspension point is one whatever the state).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @return the item
     * @throws QueueShutDown if the queue is shut down and empty, before or while waiting, or shut down
     *     immediately
     * @throws IllegalStateException if called outside a task, or the queue belongs to another
     *     loop or is used from another thread
     */
    @SuppressWarnings("unchecked")
    public E get() {
        LoopBinding.requireTask(this, "Queue.get()", "getNowait()");
        loop = LoopBinding.check(this, loop);
        if (!store.isEmpty()) {
            return take();
        }
        if (shutdown) {
            throw shutDown();
        }
        Waiter w = getters.add(LoopBinding.forWaiting(loop), null, true);
        Object r;
        try {
            r = getters.await(w);
        } catch (CancelledError e) {
            if (WaiterQueue.granted(w) && w.result() != SHUT_DOWN) {
                giveBack((E) w.result()); // cancelled while being woken: the item is not lost
            }
            throw e;
        }
        if (r == SHUT_DOWN) {
            throw shutDown();
        }
        inFlight--;
        slotFreed();
        return (E) r;
    }

    /**
     * Removes and returns the next item if there is one now. Never suspends.
     *
     * @return the item
     * @throws QueueEmpty if the queue is empty
     * @throws QueueShutDown if the queue is shut down and empty
     * @throws IllegalStateException if the queue belongs to another loop or is used from another thread
     */
    public E getNowait() {
        loop = LoopBinding.check(this, loop);
        if (store.isEmpty()) {
            if (shutdown) {
                throw shutDown();
            }
            throw new QueueEmpty(this + " is empty: get() waits for an item");
        }
        return take();
    }

    private E take() {
        E item = store.poll();
        slotFreed();
        return item;
    }

    /** A slot became free: reserve it for the longest waiting putter, if any. */
    private void slotFreed() {
        if (!putters.isEmpty() && room()) {
            reserved++;
            putters.grantFirst(Boolean.TRUE);
        }
    }

    /** A getter was handed {@code item} and was cancelled before it ran: pass the item on. */
    private void giveBack(E item) {
        inFlight--;
        if (drained) { // shut down immediately meanwhile: dropped, and counted done, as the rest
            if (unfinished > 0 && --unfinished == 0) {
                joiners.grantAll(Boolean.TRUE);
            }
            slotFreed();
        } else if (getters.isEmpty()) {
            store.putBack(item); // the next get() returns it
        } else {
            inFlight++;
            getters.grantFirst(item);
        }
    }

    // ---- join accounting ----

    /**
     * Tells the queue that the processing of one item taken from it is complete; when every item put
     * has been marked so, {@link #join()} returns. Call it once per item taken. Never suspends.
     *
     * @throws IllegalStateException "task_done() called too many times" (asyncio's words) if there is no unfinished
     *     item; or if the queue belongs to another loop or is used from another thread
     */
    public void taskDone() {
        loop = LoopBinding.check(this, loop);
        if (unfinished <= 0) {
            throw new IllegalStateException("task_done() called too many times: " + this
                    + " has no unfinished item (expected: one taskDone() per item taken)");
        }
        if (--unfinished == 0) {
            joiners.grantAll(Boolean.TRUE);
        }
    }

    /**
     * Waits until every item put has been marked done with {@link #taskDone()} (or dropped by an
     * immediate shutdown). Returns at once if none is unfinished.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @throws IllegalStateException if called outside a task, or the queue belongs to another
     *     loop or is used from another thread
     */
    public void join() {
        LoopBinding.requireTask(this, "Queue.join()", null);
        loop = LoopBinding.check(this, loop);
        if (unfinished == 0) {
            return;
        }
        joiners.await(joiners.add(LoopBinding.forWaiting(loop), null, true));
    }

    // ---- shutdown ----

    /**
     * Shuts the queue down: every later put throws {@link QueueShutDown}, and so does every get once
     * the queue is empty; waiting putters, and waiting getters (the queue is empty when they wait), are
     * woken with {@link QueueShutDown}. With {@code immediate}, the items still queued are also
     * dropped and each counted as done, which may release {@link #join()}, and gets throw at once. As
     * asyncio 3.13's {@code shutdown(immediate)}. Calling it again is allowed. Never suspends.
     *
     * @param immediate whether to drop the items left
     * @throws IllegalStateException if the queue belongs to another loop or is used from another thread
     */
    public void shutdown(boolean immediate) {
        loop = LoopBinding.check(this, loop);
        shutdown = true;
        if (immediate) {
            drained = true;
            while (!store.isEmpty()) {
                store.poll();
                if (unfinished > 0) {
                    unfinished--;
                }
            }
            if (unfinished == 0) {
                joiners.grantAll(Boolean.TRUE);
            }
        }
        getters.grantAll(SHUT_DOWN);
        putters.grantAll(SHUT_DOWN);
    }

    /**
     * As {@link #shutdown(boolean) shutdown(false)}: puts stop, gets drain what is left. Never
     * suspends.
     */
    public void shutdown() {
        shutdown(false);
    }

    private QueueShutDown shutDown() {
        return new QueueShutDown(this + " is shut down");
    }

    // ---- state ----

    /**
     * The number of items that can be taken now, asyncio's {@code qsize()}. Never suspends.
     *
     * @return the number of items queued
     */
    public int size() {
        return store.size();
    }

    /**
     * Whether no item can be taken now. Never suspends.
     *
     * @return true if empty
     */
    public boolean empty() {
        return store.isEmpty();
    }

    /**
     * Whether a put would wait now: a bounded queue whose slots are all taken (by queued items, items
     * handed to getters not yet run, and slots reserved for woken putters), or one of whose woken
     * putters has not yet put its item (later puts queue behind it, so items go in in the order
     * {@code put} was called). Never true for an unbounded queue. Never suspends.
     *
     * @return true if full
     */
    public boolean full() {
        return reserved > 0 || !room();
    }

    /** Whether a slot is free: not one held by an item, an item in flight or a reserved putter. */
    private boolean room() {
        return maxsize <= 0 || store.size() + inFlight + reserved < maxsize;
    }

    /**
     * The bound given at construction. Never suspends.
     *
     * @return the maxsize; zero or negative means unbounded
     */
    public int maxsize() {
        return maxsize;
    }

    /**
     * The number of items put and not yet marked done by {@link #taskDone()}. Never suspends.
     *
     * @return the unfinished count
     */
    public int unfinishedTasks() {
        return unfinished;
    }

    /**
     * Whether {@link #shutdown(boolean)} was called. Never suspends.
     *
     * @return true once shut down
     */
    public boolean isShutdown() {
        return shutdown;
    }

    /**
     * The live state, for example {@code Queue[maxsize=1, size=1, putters=1, unfinished=1]}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("[maxsize=").append(maxsize)
                .append(", size=").append(store.size());
        if (!getters.isEmpty()) {
            sb.append(", getters=").append(getters.size());
        }
        if (!putters.isEmpty()) {
            sb.append(", putters=").append(putters.size());
        }
        if (unfinished > 0) {
            sb.append(", unfinished=").append(unfinished);
        }
        if (shutdown) {
            sb.append(", shutdown");
        }
        return sb.append(']').toString();
    }

    // ---- storage: the one thing the subclasses change ----

    /** Where the items wait; the only difference between Queue, LifoQueue and PriorityQueue. */
    interface Store<E> {
        void add(E item);

        /** The next item out; the store is not empty. */
        E poll();

        /** An item given back by a getter cancelled while being woken: make it the next out. */
        void putBack(E item);

        int size();

        boolean isEmpty();
    }

    /** First in, first out. */
    private static final class Fifo<E> implements Store<E> {
        private final ArrayDeque<E> items = new ArrayDeque<>();

        @Override
        public void add(E item) {
            items.addLast(item);
        }

        @Override
        public E poll() {
            return items.pollFirst();
        }

        @Override
        public void putBack(E item) {
            items.addFirst(item);
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public boolean isEmpty() {
            return items.isEmpty();
        }
    }
}
