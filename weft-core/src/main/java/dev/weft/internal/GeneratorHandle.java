package dev.weft.internal;

/**
 * What the task layer needs of a generator that a task drove (an asynchronous generator: its body
 * started inside a task, or awaited there), to close it when {@code Weft.run} ends. The owner the kernel reports for a generator coroutine. Not
 * public API.
 */
public interface GeneratorHandle {
    /** Whether the body is suspended at a yield (not running, not in an await, not finished). */
    boolean isSuspendedAtYield();

    /** A task drives it: from now on its errors use Python's asynchronous-generator sentences. */
    void markAsynchronous();

    /** Closes the generator (GeneratorExit at its yield). */
    void closeGenerator();
}
