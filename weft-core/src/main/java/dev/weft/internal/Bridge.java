package dev.weft.internal;

import dev.weft.EventLoop;
import dev.weft.Future;
import dev.weft.Task;
import java.nio.channels.Selector;
import java.util.function.Function;

/**
 * The one door out of {@code dev.weft}'s package-private parts, for the packages built on it:
 * {@code dev.weft.sync} awaits with a wait reason, {@code dev.weft.net} registers channels with a
 * loop's selector and hands a server's context to its connection tasks. The door is one-way:
 * {@code dev.weft} installs it from its static initialisers and never calls it (the loop, futures
 * and tasks share one package and see each other directly). Not public API.
 */
public final class Bridge {
    private Bridge() {}

    /** What {@code dev.weft.sync} and {@code dev.weft.net} need of tasks. */
    public interface TaskDoor {
        /**
         * {@code future.await()}, with the wait reason the task shows while it waits (e.g.
         * {@code QUEUE_GET}). This is a suspension point.
         */
        <T> T await(Future<T> future, WaitReason waitReason);

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
     * closes before running it, or a link registered with the loop's {@code onClose} (the cross-thread
     * doors: a waiter on another thread must never hang on a callback that was silently dropped, or on
     * a future that can no longer complete). {@link #dropped()} runs on the closing thread, after the
     * loop is closed; it must not touch the closed loop.
     */
    public interface Droppable {
        /** The loop closed before this callback could run. */
        void dropped();
    }

    private static volatile TaskDoor taskDoor;
    private static volatile Function<EventLoop, Selector> selectors;

    public static void install(TaskDoor door) {
        taskDoor = door;
    }

    public static void install(Function<EventLoop, Selector> selectorOfLoop) {
        selectors = selectorOfLoop;
    }

    /** The tasks' door; initialises {@code dev.weft.Task} if nothing has yet. */
    public static TaskDoor tasks() {
        TaskDoor d = taskDoor;
        if (d == null) {
            init("dev.weft.Task");
            d = taskDoor;
        }
        return d;
    }

    /**
     * {@code loop}'s selector, opened on first use. Register channels with an {@link IoHandler} as the
     * key's attachment. Loop thread only.
     */
    public static Selector selector(EventLoop loop) {
        Function<EventLoop, Selector> s = selectors;
        if (s == null) {
            init("dev.weft.EventLoop");
            s = selectors;
        }
        return s.apply(loop);
    }

    private static void init(String cls) {
        try {
            Class.forName(cls, true, Bridge.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
