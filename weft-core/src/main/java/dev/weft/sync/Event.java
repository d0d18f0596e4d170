package dev.weft.sync;

import dev.weft.internal.WaitReason;
import dev.weft.EventLoop;

/**
 * A flag that tasks can wait for. As asyncio's {@code Event}.
 *
 * <p>Two states, CLEAR and SET; a new event is clear. {@link #set()} sets it and wakes every task
 * waiting in {@link #await()}; while it is set, {@code await()} returns at once. {@link #clear()}
 * makes later {@code await()} calls wait again; it does not recall tasks already woken.
 *
 * <pre>
 * CLEAR --set()-->   SET     // every waiter is woken, in the order they came
 * SET   --clear()--> CLEAR
 * </pre>
 *
 * {@snippet :
 * Event ready = new Event();
 * Weft.spawn(() -> {
 *     ready.await();                 // waits until someone calls set()
 *     System.out.println("go");
 * });
 * // ... prepare ...
 * ready.set();                       // wakes the waiter; does not suspend
 * }
 *
 * <h2>Cancellation</h2>
 * A task cancelled while waiting leaves the queue; the others are unaffected. A task woken by
 * {@code set()} and cancelled before it ran raises {@link dev.weft.CancelledError}; since
 * {@code set()} wakes everyone, there is nothing to pass on.
 *
 * <h2>Threads</h2>
 * An event belongs to the loop that first uses it; using it from another loop or another thread
 * throws {@link IllegalStateException}. To set it from another thread, use
 * {@code loop.callSoonThreadsafe(event::set)}.
 *
 * <h2>Differences from asyncio</h2>
 * Python's {@code wait()} is {@code await()} here: {@code Object.wait()} is final in Java.
 * {@code await()} returns nothing (asyncio returns {@code True}).
 */
public final class Event {
    private EventLoop loop;
    private boolean value; // invariant: value implies waiters.isEmpty()
    private final WaiterQueue waiters = new WaiterQueue(WaitReason.EVENT_WAIT);

    /** A clear event, bound to no loop until first used. */
    public Event() {}

    /**
     * Whether the flag is set. Never suspends.
     *
     * @return true if set
     */
    public boolean isSet() {
        return value;
    }

    /**
     * Sets the flag and wakes every waiting task; does nothing if it is already set. Never suspends.
     *
     * @throws IllegalStateException if the event belongs to another loop or is used from another thread
     */
    public void set() {
        loop = LoopBinding.check(this, loop);
        if (!value) {
            value = true;
            waiters.grantAll(Boolean.TRUE);
        }
    }

    /**
     * Clears the flag: later {@link #await()} calls wait until the next {@link #set()}. Never
     * suspends.
     *
     * @throws IllegalStateException if the event belongs to another loop or is used from another thread
     */
    public void clear() {
        loop = LoopBinding.check(this, loop);
        value = false;
    }

    /**
     * Waits until the flag is set; returns at once if it is set now.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @throws IllegalStateException if called outside a task, or the event belongs to another
     *     loop or is used from another thread
     */
    public void await() {
        LoopBinding.requireTask(this, "Event.await()", "isSet()");
        loop = LoopBinding.check(this, loop);
        if (value) {
            return;
        }
        waiters.await(waiters.add(LoopBinding.forWaiting(loop), null, true));
    }

    /**
     * The number of tasks waiting. Never suspends.
     *
     * @return the waiters count
     */
    public int waiters() {
        return waiters.size();
    }

    /** The live state, for example {@code Event[unset, waiters=2]} or {@code Event[set]}. */
    @Override
    public String toString() {
        int n = waiters.size();
        return "Event[" + (value ? "set" : "unset") + (n > 0 ? ", waiters=" + n : "") + "]";
    }
}
