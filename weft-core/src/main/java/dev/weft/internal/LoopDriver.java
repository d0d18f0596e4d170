package dev.weft.internal;

/**
 * The loop's side of a direct task switch on the portable backend (see {@link
 * Kernel#setLoopDriver}): what the loop's thread would do next after a task's step, done on the
 * thread of the task that just suspended.
 */
public interface LoopDriver {
    /**
     * The step of a task that the loop of {@code task} (a task whose body has just suspended) would run
     * next, with nothing else before it, taken off the ready queue and entered.
     *
     * @param task the owner of the suspending task coroutine
     * @return that step's coroutine, entered (it is the loop's current task now): the caller hands
     *     control to it, or simply goes on if it is its own; null when the loop's own thread must go
     *     on (a callback, an I/O poll, a wait, a stop, debug mode): the caller hands control back
     */
    Coroutine next(Object task);

    /**
     * Whether the step of {@code task} (suspended) is the first item of its loop's ready queue: it
     * runs again right after the step being handed control, so its thread may spin for it briefly.
     *
     * @param task the owner of a suspended task coroutine
     * @return true if its step is next
     */
    boolean stepsNext(Object task);
}
