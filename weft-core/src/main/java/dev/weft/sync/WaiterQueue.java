package dev.weft.sync;

import dev.weft.internal.WaitReason;
import dev.weft.internal.Bridge;

import dev.weft.CancelledError;
import dev.weft.Future;
import dev.weft.Task;
import dev.weft.EventLoop;

/**
 * The one waiter queue under every primitive of this package: a FIFO of parked tasks, each parked on
 * its own {@link Waiter} (a {@link Future} that is also the list node, so parking allocates one
 * object and leaving is O(1)). The ideas are trio's {@code ParkingLot} and curio's {@code SchedFIFO}.
 *
 * <h2>Granting</h2>
 * A primitive wakes a waiter by <em>granting</em> it what it waited for: the lock, a permit, an item,
 * a free slot, a notification. {@link #grantFirst} unlinks the longest waiter and completes its
 * future with a value; from then on the thing granted belongs to that waiter, even though its task
 * has not run yet. So a task that arrives later can never take it first (FIFO, fair), and the woken
 * task never has to re-check and queue again.
 *
 * <h2>Cancellation: the rule</h2>
 * A waiter leaves the queue exactly once, in one of two ways:
 * <ol>
 *   <li><b>Cancelled while waiting</b> (not yet granted): {@link Task#cancel} cancels the waiter's
 *       future, and the waiter unlinks itself at once ({@link Waiter#cancel(String)}). Nothing was
 *       granted, so nothing is owed: the next waiter simply moves up. Some primitives park waiters
 *       that refuse this ({@code cancellable == false}, used where asyncio loops "until acquired");
 *       the task then stays queued and raises {@link CancelledError} once granted.
 *   <li><b>Granted</b>. If the task is cancelled after the grant but before it ran (cancelled
 *       <em>while being woken</em>), its await still throws {@link CancelledError}, and it owns what
 *       it was granted. The primitive then <b>passes the wake-up on</b>: it gives the thing back
 *       (release the lock, return the permit or the item, pass the notification), which grants the
 *       next waiter. A wake-up is never swallowed. {@link #granted(Waiter)} tells the two cases
 *       apart.
 * </ol>
 * asyncio had bugs of exactly this shape (bpo-27585, bpo-32734, gh-90155: a waiter cancelled while
 * being woken took the wake-up with it); the tests in {@code LockTest}, {@code SemaphoreTest},
 * {@code ConditionTest} and {@code QueueTest} named "WhileBeingWoken" pin the rule.
 *
 * <p>Invariant: every waiter in the queue is pending. Loop thread only; no thread locks.
 */
final class WaiterQueue {
    private final WaitReason waitReason; // what a task waiting here shows: Task[Task-3 WAITING QUEUE_GET]

    WaiterQueue(WaitReason waitReason) {
        this.waitReason = waitReason;
    }

    /* Overview:
     * An intrusive doubly-linked list of Waiters (head = longest waiting). A Waiter is linked iff
     * `queue != null`. Completing a waiter (grant) and cancelling it both unlink it first, so a linked
     * waiter is always pending; a primitive never has to skip dead entries (asyncio's
     * `if not fut.done()` loops) and `size` is the number of tasks really waiting. */

    private Waiter head; // longest waiting, or null
    private Waiter tail;
    private int size;

    /** A parked task: its future (completed by a grant) and its place in the queue. */
    static final class Waiter extends Future<Object> {
        WaiterQueue queue; // non-null exactly while linked
        Waiter prev;
        Waiter next;
        final Object payload; // what the waiter brings (unused by most primitives)
        final boolean cancellable;

        Waiter(EventLoop loop, Object payload, boolean cancellable) {
            super(loop);
            this.payload = payload;
            this.cancellable = cancellable;
        }

        /**
         * Cancelled while waiting: leave the queue at once, so no grant can reach a cancelled waiter.
         * A waiter that is not cancellable refuses; its task is then cancelled when it resumes.
         */
        @Override
        public boolean cancel(String message) {
            if (!cancellable) {
                return false;
            }
            boolean cancelled = super.cancel(message);
            if (cancelled && queue != null) {
                queue.unlink(this);
            }
            return cancelled;
        }
    }

    /**
     * Parks a new waiter at the tail.
     *
     * @param loop the waiting task's loop
     * @param payload what the waiter brings, or null
     * @param cancellable whether cancelling the task takes the waiter out of the queue
     * @return the waiter, to {@link #await} on
     */
    Waiter add(EventLoop loop, Object payload, boolean cancellable) {
        Waiter w = new Waiter(loop, payload, cancellable);
        w.queue = this;
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
        return w;
    }

    boolean isEmpty() {
        return head == null;
    }

    int size() {
        return size;
    }

    /** The longest waiter, or null. */
    Waiter first() {
        return head;
    }

    void unlink(Waiter w) {
        if (w.queue != this) {
            return;
        }
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.queue = null;
        size--;
    }

    /**
     * Grants the longest waiter {@code value}: unlinks it and schedules its task. The queue must not
     * be empty.
     *
     * @return the waiter granted
     */
    Waiter grantFirst(Object value) {
        Waiter w = head;
        unlink(w);
        w.setResult(value);
        return w;
    }

    /** Grants every waiter {@code value}, longest waiting first. */
    void grantAll(Object value) {
        while (head != null) {
            grantFirst(value);
        }
    }

    /**
     * Waits until {@code w} is granted and returns what it was granted. If the await ends any other
     * way (a pending cancellation raised before the task even suspended, a misuse error), the waiter
     * leaves the queue on the way out, so it can never be granted afterwards.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     */
    Object await(Waiter w) {
        try {
            return Bridge.tasks().await(w, waitReason);
        } finally {
            if (w.queue != null) {
                unlink(w);
            }
        }
    }

    /**
     * Whether {@code w} was granted: true when its await threw {@link CancelledError} only because
     * the task was cancelled while being woken, so the caller owns the grant and must pass it on.
     */
    static boolean granted(Waiter w) {
        return w.isDone() && !w.isCancelled();
    }

    @Override
    public String toString() {
        return "WaiterQueue[size=" + size + "]";
    }
}
