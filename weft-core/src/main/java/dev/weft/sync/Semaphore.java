package dev.weft.sync;

import dev.weft.internal.WaitReason;
import dev.weft.CancelledError;
import dev.weft.EventLoop;
import dev.weft.sync.WaiterQueue.Waiter;

/**
 * A counter of permits for the tasks of one loop: at most {@code value} acquisitions at a time. As
 * asyncio's {@code Semaphore}.
 *
 * <p>{@link #acquire()} takes a permit, waiting while there is none; {@link #release()} gives one
 * back, handing it straight to the longest waiter if there is one. The count never goes below zero.
 * Waiters are served in the order they arrived (FIFO, fair): while any task waits, no newcomer gets a
 * permit first. Plain {@code Semaphore} accepts any number of releases; {@link BoundedSemaphore}
 * refuses to go above its initial value.
 *
 * <pre>
 * value &gt; 0 --acquire()-->            value - 1
 * value == 0 --acquire()-->           waits (queued)
 * release(), no waiter -->            value + 1
 * release(), waiters -->              the longest waiter gets the permit, value stays 0
 * </pre>
 *
 * {@snippet :
 * Semaphore connections = new Semaphore(10);   // at most ten fetches at once
 * for (String url : urls) {
 *     Weft.spawn(() -> {
 *         try (var permit = connections.acquire()) {   // waits while ten are running
 *             return fetch(url);
 *         }
 *     });
 * }
 * }
 *
 * <h2>Cancellation</h2>
 * A task cancelled while waiting leaves the queue and takes no permit. A task handed a permit and
 * cancelled before it ran (cancelled while being woken) releases it again, which hands it to the
 * next waiter: the wake-up is never lost.
 *
 * <h2>Threads</h2>
 * A semaphore belongs to the loop that first uses it; using it from another loop or another thread
 * throws {@link IllegalStateException}. It never blocks a thread.
 *
 * <h2>Differences from asyncio</h2>
 * A release hands the permit to the longest waiter at once (asyncio lets the woken task take it when
 * it runs, and re-wakes others after). The grant order is the same FIFO order; but a task granted a
 * permit may run after tasks that got theirs later without waiting.
 */
public sealed class Semaphore permits BoundedSemaphore {
    /* Invariant: value > 0 implies waiters.isEmpty(). */
    private EventLoop loop;
    int value;
    private final WaiterQueue waiters = new WaiterQueue(WaitReason.SEMAPHORE_ACQUIRE);

    /**
     * A semaphore with {@code value} permits.
     *
     * @param value the initial number of permits, zero or more
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0: " + value);
        }
        this.value = value;
    }

    /** A semaphore with one permit. */
    public Semaphore() {
        this(1);
    }

    /**
     * Takes a permit, waiting until one is free. Returns at once if one is free and nobody waits (but it must be
     * called from a task all the same: a suspension point is one whatever the state).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @return the acquisition, to close in try-with-resources (or call {@link #release()})
     * @throws IllegalStateException if called outside a task, or the semaphore belongs to
     *     another loop or is used from another thread
     */
    public Held acquire() {
        LoopBinding.requireTask(this, "Semaphore.acquire()", "tryAcquire()");
        loop = LoopBinding.check(this, loop);
        // Made before any wait: the code after a suspension must not be the first to use a class, or C2
        // compiles it as an uncommon trap that every suspended waiter hits on its first resume (design.md §5)
        Held held = new Held(this);
        if (value > 0) {
            value--;
        } else {
            Waiter w = waiters.add(LoopBinding.forWaiting(loop), null, true);
            try {
                waiters.await(w);
            } catch (CancelledError e) {
                if (WaiterQueue.granted(w)) {
                    giveBack(); // cancelled while being woken: the permit goes to the next waiter
                }
                throw e;
            }
        }
        return held;
    }

    /**
     * Takes a permit if one is free and nobody waits. Never suspends.
     *
     * @return true if this call took a permit
     */
    public boolean tryAcquire() {
        loop = LoopBinding.check(this, loop);
        if (value > 0) {
            value--;
            return true;
        }
        return false;
    }

    /**
     * Gives a permit back: to the longest waiter if any, else to the count. Never suspends.
     *
     * @throws IllegalStateException if the semaphore belongs to another loop or is used from another
     *     thread; for {@link BoundedSemaphore}, if it would go above its initial value
     */
    public void release() {
        loop = LoopBinding.check(this, loop);
        giveBack();
    }

    /** A permit back; no bound check (a permit that came from acquire() never breaks the bound). */
    final void giveBack() {
        if (waiters.isEmpty()) {
            value++;
        } else {
            waiters.grantFirst(Boolean.TRUE);
        }
    }

    /**
     * Whether {@link #acquire()} would wait now. Never suspends.
     *
     * @return true if no permit is free
     */
    public boolean locked() {
        return value == 0;
    }

    /**
     * The number of free permits. Never suspends.
     *
     * @return the count, zero or more
     */
    public int value() {
        return value;
    }

    /**
     * The number of tasks waiting for a permit. Never suspends.
     *
     * @return the waiters count
     */
    public int waiters() {
        return waiters.size();
    }

    /**
     * The live state, for example {@code Semaphore[unlocked, value=2]} or
     * {@code Semaphore[locked, waiters=3]}.
     */
    @Override
    public String toString() {
        int n = waiters.size();
        return getClass().getSimpleName() + "[" + (value == 0 ? "locked" : "unlocked, value=" + value)
                + (n > 0 ? ", waiters=" + n : "") + "]";
    }
}
