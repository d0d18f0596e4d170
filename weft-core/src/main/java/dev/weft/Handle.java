package dev.weft;

/**
 * A callback scheduled on an {@link EventLoop} by {@link EventLoop#callSoon}, which can be cancelled
 * before it runs. As asyncio's {@code Handle}.
 *
 * {@snippet :
 * EventLoop loop = Weft.loop();
 * Handle h = loop.callSoon(() -> System.out.println("soon"));   // after the callbacks already queued
 * h.cancel();                                   // it has not run yet: now it never will
 * boolean cancelled = h.isCancelled();          // true
 * }
 *
 * <p>Not thread-safe, except a handle from {@link EventLoop#callSoonThreadsafe}, whose
 * {@link #cancel()} may be called from any thread (it then only stops a run that has not started).
 */
public class Handle {
    final Runnable callback;
    volatile boolean cancelled; // volatile: callSoonThreadsafe handles are cancelled from other threads

    Handle(Runnable callback) {
        this.callback = callback;
    }

    /**
     * Stops the callback from running if it has not run yet; does nothing otherwise.
     */
    public void cancel() {
        cancelled = true;
    }

    /**
     * Whether {@link #cancel()} was called.
     *
     * @return true once cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    void runIfNotCancelled() {
        if (!cancelled) {
            callback.run();
        }
    }

    @Override
    public String toString() {
        return "Handle[" + (cancelled ? "cancelled " : "") + callback + "]";
    }
}
