package dev.weft.internal;

/**
 * The loop's side of a direct task switch on the portable backend (see {@link
 * Kernel#setLoopDriver}): what the loop's thread would do next after a task's step, done on the
 * thread of the task that just suspended.
 */
public interface LoopDriver {
    /**
     * Runs the ready work of the loop of {@code task} (a task whose body has just suspended) on the
     * calling thread, as the loop's own thread would, until the next ready item is a task's step.
     *
     * @param task the owner of the suspending task coroutine
     * @return that step's coroutine, entered (it is the loop's current task now): the caller hands
     *     control to it, or simply goes on if it is its own; null when the loop must block, stop or
     *     report (debug mode), which only the loop's own thread does: the caller hands control back
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
