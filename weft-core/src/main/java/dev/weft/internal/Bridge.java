package dev.weft.internal;

import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.util.concurrent.Callable;

/**
 * The two doors between {@code dev.weft} (tasks) and {@code dev.weft.loop} (the loop), which must see
 * a little of each other's insides without making it public API (the JDK's SharedSecrets pattern).
 * Each side installs its half from its static initialiser. Not public API.
 */
public final class Bridge {
    private Bridge() {}

    /** What tasks need of the loop. Loop thread only. */
    public interface LoopSide {
        /** Appends {@code r} to the loop's ready queue: no Handle, no allocation. */
        void enqueue(EventLoop loop, Runnable r);

        /** The per-loop state the task side keeps (its registry of tasks), or null. */
        Object taskState(EventLoop loop);

        /** Sets that state. */
        void setTaskState(EventLoop loop, Object state);

        /** Throws the loop's "closed" or "wrong thread" error if the calling thread may not use it. */
        void checkThread(EventLoop loop);

        /**
         * The loop's selector, opened on first use. Register channels with an {@link IoHandler} as the
         * key's attachment. Loop thread only.
         */
        java.nio.channels.Selector selector(EventLoop loop);

        /**
         * Registers {@code d} to be told ({@link Droppable#dropped()}, on the closing thread) if the loop
         * closes before {@link #removeOnClose} is called: a cross-thread link waiting for a future of
         * this loop. Loop thread only.
         */
        void onClose(EventLoop loop, Droppable d);

        /** Unregisters {@code d}; a no-op if it is not registered. Loop thread only. */
        void removeOnClose(EventLoop loop, Droppable d);

        /**
         * Portable backend, on the thread of a task whose body has just suspended (see
         * {@link LoopDriver}): takes the loop's next item off the ready queue if it is an instance of
         * {@code stepType} (a task step) and the loop's own thread would run nothing else before it.
         * Null otherwise: callbacks, I/O polls, waits, stopping and debug-mode timing are the loop's
         * own thread's.
         */
        Runnable takeNextStep(EventLoop loop, Class<?> stepType);

        /** The first item of the loop's ready queue, or null. */
        Object peekReady(EventLoop loop);
    }

    /** What the loop needs of tasks. */
    public interface TaskSide {
        /** A new task of {@code loop}, scheduled to start. */
        <T> Task<T> create(EventLoop loop, Callable<T> body, String name);

        /** The task whose step is running on {@code loop}, or null. */
        Task<?> current(EventLoop loop);

        /** Every unfinished task of {@code loop}. */
        java.util.List<Task<?>> all(EventLoop loop);

        /**
         * {@code future.await()}, with the wait reason the task shows while it waits (e.g.
         * {@code QUEUE_GET}). This is a suspension point.
         */
        <T> T await(dev.weft.Future<T> future, String waitReason);

        /** The loop closes with these tasks unfinished: free what their suspended bodies hold. */
        void abandonAll(EventLoop loop);

        /** Reports each exception of a done future of {@code loop} that nobody retrieved, once (at close). */
        void reportUnretrieved(EventLoop loop);

        /** The number of unfinished tasks of {@code loop}; racy from other threads (reports only). */
        int count(EventLoop loop);

        /** What {@code task} waits on (a Future or a timer), or null; racy from other threads (reports only). */
        Object waitingOn(Task<?> task);

        /** The thread running {@code task}'s step now, if not the loop's own (portable backend), else null. */
        Thread runningThread(Task<?> task);

        /**
         * What a task spawned here and now would start with (its TaskLocals and thread context), for
         * tasks that a callback creates later on its behalf: a server's connection handlers, as asyncio's
         * handles run in the context captured when they were registered.
         */
        Object captureContext();

        /** Gives {@code task}, created but not started, a copy of a {@link #captureContext} result. */
        void applyContext(Task<?> task, Object captured);
    }

    /**
     * A callback given to {@code EventLoop.callSoonThreadsafe} that must hear about it when its loop
     * closes before running it, or a link registered with {@link LoopSide#onClose} (the cross-thread
     * doors: a waiter on another thread must never hang on a callback that was silently dropped, or on
     * a future that can no longer complete). {@link #dropped()} runs on the closing thread, after the
     * loop is closed; it must not touch the closed loop.
     */
    public interface Droppable {
        /** The loop closed before this callback could run. */
        void dropped();
    }

    private static volatile LoopSide loopSide;
    private static volatile TaskSide taskSide;

    public static void install(LoopSide side) {
        loopSide = side;
    }

    public static void install(TaskSide side) {
        taskSide = side;
    }

    public static LoopSide loop() {
        LoopSide s = loopSide;
        if (s == null) {
            init("dev.weft.loop.EventLoop");
            s = loopSide;
        }
        return s;
    }

    public static TaskSide tasks() {
        TaskSide s = taskSide;
        if (s == null) {
            init("dev.weft.Task");
            s = taskSide;
        }
        return s;
    }

    private static void init(String cls) {
        try {
            Class.forName(cls, true, Bridge.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
