package dev.weft.internal;

/**
 * One suspendable body, made by {@link Kernel#create}. Not public API.
 *
 * <p>Lifecycle: NEW --resume--> RUNNING --suspend--> SUSPENDED --resume--> RUNNING ... --> DONE.
 * Only the owner resumes it, and never while it runs.
 */
public interface Coroutine extends Runnable {

    /**
     * Runs the body until it suspends or ends. An exception thrown by the body comes out of this call
     * as the same object, with its original stack trace.
     */
    void resume();

    /**
     * The same as {@link #resume()}: a coroutine is its own Runnable, so the event loop can queue a
     * task's coroutine as the task's step without a wrapper object.
     */
    @Override
    void run();

    /** Whether the body has ended (normally or by an exception). */
    boolean isDone();

    /** The frames of the suspended body, innermost first; empty when new, running or done. */
    StackTraceElement[] stackTrace();

    /** The owner given to {@link Kernel#create}. */
    Object owner();

    /**
     * Abandons a suspended body for good: where the backend holds resources for it (the portable
     * backend's threads), the body is unwound ({@code finally} blocks run) and they are freed. Does
     * nothing to a running, new or finished body, nor on a backend that needs nothing freed.
     *
     * @param await whether to wait until the body has unwound (false from a Cleaner, which must not
     *     wait on other threads one by one)
     */
    default void kill(boolean await) {}

    /**
     * The thread its body runs on while it runs, where that is not the resumer's thread (the portable
     * backend's virtual thread); else null. For reports from other threads (the blocked-loop warning):
     * racy, never null-checked by the caller against a later state.
     */
    default Thread runningThread() {
        return null;
    }
}
