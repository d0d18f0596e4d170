package dev.weft.sync;

import dev.weft.internal.WaitReason;
import dev.weft.CancelledError;
import dev.weft.EventLoop;
import dev.weft.sync.WaiterQueue.Waiter;

/**
 * A mutual-exclusion lock for the tasks of one loop. As asyncio's {@code Lock}.
 *
 * <p>Two states, UNLOCKED and LOCKED; a new lock is unlocked. {@link #acquire()} on an unlocked lock
 * locks it and returns at once; on a locked lock it suspends the task until a {@link #release()}
 * hands the lock over to it. Waiters are served in the order they arrived (FIFO, fair): each release
 * hands the lock to the longest waiter, and no task arriving later can take it first. The lock is
 * <b>not reentrant</b>, and it belongs to no task: any task may release it, and a task that acquires
 * a lock it already holds waits forever. Releasing an unlocked lock throws
 * {@link IllegalStateException}.
 *
 * <pre>
 * UNLOCKED --acquire()-->                 LOCKED
 * LOCKED   --release(), no waiter-->      UNLOCKED
 * LOCKED   --release(), waiters-->        LOCKED    // handed to the longest waiter
 * </pre>
 *
 * {@snippet :
 * Lock lock = new Lock();
 * try (var held = lock.acquire()) {   // acquire() as the try resource: it may wait
 *     // ... only one task at a time here, even if it awaits inside
 * }                                   // released here, whatever happens
 *
 * lock.acquire();                     // or the asyncio way:
 * try {                               // acquire() as the last statement before the try block
 *     // ...
 * } finally {
 *     lock.release();
 * }
 * }
 *
 * <p>Since all tasks of a loop share one thread, code between two awaits runs alone anyway; a
 * {@code Lock} is only needed to keep a section that <em>awaits</em> exclusive.
 *
 * <h2>Cancellation</h2>
 * A task cancelled while waiting in {@link #acquire()} leaves the queue and never gets the lock. A
 * task cancelled after a release handed it the lock but before it ran (cancelled while being woken)
 * releases the lock again, which hands it to the next waiter: the wake-up is never lost
 * (see {@code WaiterQueue}).
 *
 * <h2>Threads</h2>
 * A lock belongs to the loop that first uses it; using it from another loop or another thread
 * throws {@link IllegalStateException} naming the fix. It never blocks or parks a thread.
 *
 * <h2>Differences from asyncio</h2>
 * <ul>
 *   <li>Release hands the lock over at once, so {@link #locked()} stays true from that release until
 *       the woken task has run and released it (asyncio shows it unlocked in between, and lets the
 *       woken task take it when it runs).
 *   <li>{@code async with lock:} is {@code try (var held = lock.acquire())}. {@link #acquire()}
 *       returns a {@link Held} rather than {@code True}.
 * </ul>
 */
public final class Lock {
    /* Invariant: !locked implies waiters.isEmpty(). A release with waiters keeps `locked` and grants
     * the head, so ownership passes without a window where a newcomer could take the lock. */
    private EventLoop loop; // the loop it belongs to; null until first used from a loop
    private boolean locked;
    private final WaiterQueue waiters = new WaiterQueue(WaitReason.LOCK_ACQUIRE);

    /** An unlocked lock, bound to no loop until first used. */
    public Lock() {}

    /**
     * Acquires the lock, waiting while another acquisition holds it. Returns at once if it is
     * unlocked (but it must be called from a task all the same: a suspension point is one whatever the state).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @return the acquisition, to close in try-with-resources (or call {@link #release()})
     * @throws IllegalStateException if called outside a task, or the lock belongs to another
     *     loop or is used from another thread
     */
    public Held acquire() {
        LoopBinding.requireTask(this, "Lock.acquire()", "tryAcquire()");
        loop = LoopBinding.check(this, loop);
        if (!locked) {
            locked = true;
        } else {
            acquireSlow();
        }
        return new Held(this);
    }

    /**
     * Acquires the lock if that needs no waiting. Never suspends.
     *
     * @return true if this call locked it; false if it is locked
     */
    public boolean tryAcquire() {
        loop = LoopBinding.check(this, loop);
        if (locked) {
            return false;
        }
        locked = true;
        return true;
    }

    /** Waits until a release hands the lock over; cancelled while being woken, passes it on. */
    private void acquireSlow() {
        Waiter w = waiters.add(LoopBinding.forWaiting(loop), null, true);
        try {
            waiters.await(w);
        } catch (CancelledError e) {
            if (WaiterQueue.granted(w)) {
                release(); // cancelled while being woken: hand the lock to the next waiter
            }
            throw e;
        }
    }

    /**
     * Acquires the lock for {@link Condition}, which must hold it again before any error leaves its
     * wait (asyncio loops on acquire() there). A cancellation does not stop this wait and does not
     * lose the task's place in the queue: the waiter refuses it, and the task raises CancelledError
     * once the lock is handed to it. The lock is held when this returns.
     *
     * @param pending a CancelledError already caught by the caller, or null
     * @return the last CancelledError seen (or {@code pending}), for the caller to rethrow; or null
     */
    CancelledError acquireUncancellably(CancelledError pending) {
        loop = LoopBinding.check(this, loop);
        CancelledError err = pending;
        while (true) {
            if (!locked) {
                locked = true;
                return err;
            }
            Waiter w = waiters.add(LoopBinding.forWaiting(loop), null, false);
            try {
                waiters.await(w);
                return err;
            } catch (CancelledError e) {
                err = e;
                if (WaiterQueue.granted(w)) {
                    return err; // cancelled while queued: the lock was still handed to us
                }
                // a cancellation pending before we even parked: park again
            }
        }
    }

    /**
     * Releases the lock: hands it to the longest waiter if there is one, else unlocks it. Any task may
     * release it. Never suspends.
     *
     * @throws IllegalStateException "Lock is not acquired." if it is unlocked, or if the lock belongs
     *     to another loop or is used from another thread
     */
    public void release() {
        loop = LoopBinding.check(this, loop);
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired. release() called on " + this
                    + " (a Held closed after a direct release(), or one release() too many)");
        }
        if (waiters.isEmpty()) {
            locked = false;
        } else {
            waiters.grantFirst(Boolean.TRUE);
        }
    }

    /**
     * Whether the lock is held. Never suspends.
     *
     * @return true if locked (including handed to a waiter that has not run yet)
     */
    public boolean locked() {
        return locked;
    }

    /**
     * The number of tasks waiting to acquire it. Never suspends.
     *
     * @return the waiters count
     */
    public int waiters() {
        return waiters.size();
    }

    /**
     * The live state, for example {@code Lock[locked, waiters=2]} or {@code Lock[unlocked]}.
     */
    @Override
    public String toString() {
        int n = waiters.size();
        return "Lock[" + (locked ? "locked" : "unlocked") + (n > 0 ? ", waiters=" + n : "") + "]";
    }
}
