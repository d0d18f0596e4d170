package dev.weft.sync;

import dev.weft.Task;
import dev.weft.EventLoop;

/**
 * The rule that ties a primitive to one loop, as asyncio's {@code _LoopBoundMixin}: a primitive
 * belongs to the loop that first uses it (from a task or callback of that loop), and from then on
 * only that loop's thread may change it. Used before any loop runs (say, to fill a queue before
 * {@code Weft.run}), it stays unbound. Reading state ({@code locked()}, {@code size()}, toString) is
 * never checked.
 */
final class LoopBinding {
    private LoopBinding() {}

    /**
     * The loop {@code primitive} belongs to after this call, binding it to the running loop if it had
     * none; null if it is unbound and no loop runs here. The fast path (bound, on its loop's thread) is
     * one volatile read.
     *
     * @param primitive for the error message
     * @param bound the loop it belongs to, or null
     * @return the loop to store back, possibly null
     * @throws IllegalStateException if another loop runs here, or its loop runs on another thread
     */
    static EventLoop check(Object primitive, EventLoop bound) {
        if (bound != null && bound.inLoopThread()) {
            return bound;
        }
        EventLoop running = EventLoop.runningOrNull();
        if (bound == null || running == bound) {
            return running != null ? running : bound;
        }
        if (running != null) {
            throw new IllegalStateException(primitive + " is bound to a different event loop: it belongs to "
                    + bound + ", and is used from " + running + "; a primitive serves the tasks of one loop: "
                    + "make one per loop, or hand work to its loop with callSoonThreadsafe");
        }
        if (bound.isRunning()) {
            throw new IllegalStateException(primitive + " belongs to " + bound + ", which runs on another "
                    + "thread, and was used from thread '" + Thread.currentThread().getName() + "'; use it from "
                    + "that loop's tasks, or from other threads through loop.callSoonThreadsafe(...)");
        }
        return bound; // its loop is idle: one thread at a time may use it, as the loop itself
    }

    /**
     * Checks that a suspension point of {@code primitive} is called from a task, even where it would not
     * have to wait: the rule does not depend on the primitive's state, so a mistake shows on the first
     * run (asyncio's coroutines cannot run without a loop either).
     *
     * @param primitive for the message
     * @param method the method called, as {@code "acquire()"}
     * @param instead the non-suspending variant to name, or null
     * @throws IllegalStateException outside a task, naming the method and the non-suspending variant
     */
    static void requireTask(Object primitive, String method, String instead) {
        try {
            Task.current();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(method + " is a suspension point and was called outside a task ("
                    + primitive + "): " + e.getMessage() + (instead == null ? "" : "; outside a task, use " + instead), e);
        }
    }

    /**
     * The loop of the running task, which is about to wait on {@code primitive} (bound to {@code bound}).
     *
     * @throws IllegalStateException outside a task (Task.current's message)
     */
    static EventLoop forWaiting(EventLoop bound) {
        EventLoop l = Task.current().loop();
        assert bound == null || bound == l;
        return l;
    }
}
