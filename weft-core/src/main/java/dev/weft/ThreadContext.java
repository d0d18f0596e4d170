package dev.weft;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The {@link ThreadContextElement}s a task carries, and the thread states they saved while the task is
 * on its thread; and the context that crosses to other threads and loops with a task's
 * {@link TaskLocal}s ({@link Weft#toThread}, {@link Weft#runCoroutineThreadsafe}).
 */
final class ThreadContext {
    /* Overview:
     * A task with no element has threadContext == null: its resume path costs one null check. Elements
     * are copy-on-write (carry() makes a new ThreadContext), so a child's copy and the thread's root are
     * never changed under a task that uses them.
     *
     * Invariant (Task): while the task's body runs, every element of its ThreadContext is entered
     * (updateThreadContext was called on the running thread, and its result is in `saved`); while the
     * task is suspended, not started or done, none is. Task.runBody enters them before the body and
     * exits them after it; Task.suspend exits them before the kernel suspends and enters them again when
     * it returns. Both happen on the body's thread: the loop's (continuation backend) or the body's own
     * virtual thread (portable backend).
     *
     * Outside tasks the thread's root context holds elements carried there (not entered: the thread's
     * state is its own); tasks created on that thread outside any task (the main task of Weft.run,
     * tasks made by callbacks) start with a copy of it, as they do with TaskLocal's root values.
     */

    private static final ThreadLocal<ThreadContext> ROOT = new ThreadLocal<>();

    private final ThreadContextElement<Object>[] elements;
    private final Object[] saved; // saved[i]: what elements[i].updateThreadContext() returned, while entered

    private ThreadContext(ThreadContextElement<Object>[] elements) {
        this.elements = elements;
        this.saved = new Object[elements.length];
    }

    // ---- on a task's thread ----

    /** Puts every element's task state on the current thread, in the order carried. */
    void enter() {
        for (int i = 0; i < elements.length; i++) {
            saved[i] = elements[i].updateThreadContext();
        }
    }

    /**
     * Takes every element's task state off the current thread, in reverse order. All are restored even
     * if one throws; the first exception is rethrown with the others suppressed.
     */
    void exit() {
        Throwable failure = null;
        for (int i = elements.length - 1; i >= 0; i--) {
            Object s = saved[i];
            saved[i] = null;
            try {
                elements[i].restoreThreadContext(s);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                } else {
                    failure.addSuppressed(t);
                }
            }
        }
        if (failure != null) {
            throw Future.rethrow(failure);
        }
    }

    /** What a child spawned now starts with: each element's copy, made on the spawner's thread. Null for null. */
    static ThreadContext forChild(ThreadContext parent) {
        if (parent == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        ThreadContextElement<Object>[] copies = new ThreadContextElement[parent.elements.length];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = Objects.requireNonNull(parent.elements[i].copyForChild(), "copyForChild() returned null");
        }
        return new ThreadContext(copies);
    }

    /** The context of a task spawned here outside any task: a copy of the calling thread's root. */
    static ThreadContext forRootChild() {
        return forChild(ROOT.get());
    }

    /** The running task's context (or, outside tasks, the calling thread's root), to copy for a child. */
    static ThreadContext current() {
        EventLoop loop = EventLoop.runningOrNull();
        Task<?> t = loop == null ? null : loop.currentTask();
        return t != null ? t.threadContext() : ROOT.get();
    }

    /** Weft.carry. */
    @SuppressWarnings("unchecked")
    static void carry(ThreadContextElement<?> element) {
        Objects.requireNonNull(element, "element");
        EventLoop loop = EventLoop.runningOrNull();
        Task<?> t = loop == null ? null : loop.currentTask();
        if (t == null) {
            ROOT.set(plus(ROOT.get(), (ThreadContextElement<Object>) element)); // the template: copied at each spawn
            return;
        }
        ThreadContextElement<Object> own = Objects.requireNonNull(
                (ThreadContextElement<Object>) element.copyForChild(), "copyForChild() returned null");
        ThreadContext before = t.threadContext();
        ThreadContext after = plus(before, own);
        if (before != null) {
            System.arraycopy(before.saved, 0, after.saved, 0, before.saved.length); // those stay entered
        }
        after.saved[after.saved.length - 1] = own.updateThreadContext();
        t.setThreadContext(after);
    }

    private static ThreadContext plus(ThreadContext c, ThreadContextElement<Object> e) {
        @SuppressWarnings("unchecked")
        ThreadContextElement<Object>[] es = c == null ? new ThreadContextElement[] {e}
                : Arrays.copyOf(c.elements, c.elements.length + 1);
        es[es.length - 1] = e;
        return new ThreadContext(es);
    }

    // ---- tasks created later on someone's behalf ----

    /** A spawner's TaskLocals and thread context, kept for tasks that callbacks create later. */
    private record Captured(Map<TaskLocal<?>, Object> locals, ThreadContext context) {}

    /** What a task spawned here and now would start with. */
    static Object capture() {
        return new Captured(TaskLocal.currentLocals(), forChild(current()));
    }

    /**
     * Gives {@code task} (not started) the captured values, and a copy of the captured thread context
     * made as a spawner makes one: the captured states are put on this thread for the copy, then taken
     * off again. Serialised per capture: a capture may serve tasks on more than one thread.
     */
    static void apply(Task<?> task, Object captured) {
        Captured c = (Captured) captured;
        task.locals = c.locals;
        ThreadContext tc = c.context;
        if (tc == null) {
            task.setThreadContext(null);
            return;
        }
        synchronized (tc) {
            tc.enter();
            try {
                task.setThreadContext(forChild(tc));
            } finally {
                tc.exit();
            }
        }
    }

    // ---- crossing to a worker thread ----

    /**
     * Runs {@code work} on the current (worker) thread with the task-locals and thread context of the
     * task that handed it over, and leaves the thread as it found them: a pooled thread keeps nothing
     * of one call for the next. What the work sets stays in this call, as asyncio's
     * {@code to_thread} runs its function in a copy of the context.
     */
    static <T> T callWith(Map<TaskLocal<?>, Object> locals, ThreadContext context, Callable<T> work) throws Exception {
        Map<TaskLocal<?>, Object> outerLocals = TaskLocal.enterRoot(locals);
        ThreadContext outerRoot = ROOT.get();
        try {
            if (context == null) {
                ROOT.remove();
                return work.call();
            }
            ROOT.set(context); // tasks (a loop started by the work) would copy it
            context.enter();
            try {
                return work.call();
            } finally {
                context.exit();
            }
        } finally {
            if (outerRoot == null) {
                ROOT.remove();
            } else {
                ROOT.set(outerRoot);
            }
            TaskLocal.exitRoot(outerLocals);
        }
    }

    @Override
    public String toString() {
        return "ThreadContext" + Arrays.toString(elements);
    }

    /** ThreadContextElement.of: one task's state behind a getter and a setter. */
    static final class Mirror<T> implements ThreadContextElement<T> {
        private final Supplier<T> read;
        private final Consumer<T> write;
        private final UnaryOperator<T> copy;
        private T taskState; // the task's state while it is off the thread

        Mirror(Supplier<T> read, Consumer<T> write, UnaryOperator<T> copy) {
            this(read, write, copy, null);
        }

        private Mirror(Supplier<T> read, Consumer<T> write, UnaryOperator<T> copy, T taskState) {
            this.read = read;
            this.write = write;
            this.copy = copy;
            this.taskState = taskState;
        }

        @Override
        public T updateThreadContext() {
            T threads = read.get();
            write.accept(taskState);
            taskState = null; // the thread holds it now; let the task's copy go
            return threads;
        }

        @Override
        public void restoreThreadContext(T oldState) {
            taskState = read.get(); // what the task left there, changes included
            write.accept(oldState);
        }

        @Override
        public ThreadContextElement<T> copyForChild() {
            return new Mirror<>(read, write, copy, copy.apply(read.get()));
        }

        @Override
        public String toString() {
            return "ThreadContextElement.of(" + read + ")";
        }
    }
}
