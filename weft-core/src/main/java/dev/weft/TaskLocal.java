package dev.weft;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A value that belongs to the running task, as asyncio's {@code contextvars.ContextVar}: a task sees
 * the values its spawner had when it spawned it (a copy, taken at spawn), and what it sets is seen by
 * itself and the tasks it spawns afterwards, never by its siblings or its parent.
 *
 * {@snippet :
 * static final TaskLocal<String> REQUEST_ID = TaskLocal.named("request-id");
 *
 * REQUEST_ID.set("r-42");
 * Weft.spawn(() -> log(REQUEST_ID.get()));   // sees "r-42", whatever the parent sets later
 * }
 *
 * <p>Outside any task, the values live with the calling thread, and tasks spawned from there (such as
 * the main task of {@link Weft#run}) start with a copy of them.
 *
 * <p>The values cross with the work, as asyncio copies the context: {@link Weft#toThread} and
 * {@link Weft#runInExecutor} run the work with the task's values (what the work sets stays there, and a
 * pooled thread keeps none of them afterwards), and a task started by
 * {@link Weft#runCoroutineThreadsafe} or {@link LoopGroup#submit} starts with the values of the
 * caller (the running task, or outside tasks the calling thread), copied at the call.
 *
 * <p>Unlike a {@code ThreadLocal}, a task-local is per task on both backends; unlike a
 * {@code ScopedValue} binding, it lasts across awaits and is copied into spawned tasks (see
 * <a href="package-summary.html#Context">what tasks share of a thread</a>).
 *
 * <h2>Differences from asyncio</h2>
 * There is no {@code Token}/{@code reset}: set the previous value back, or use {@link #remove()}.
 *
 * @param <T> the type of the value
 */
public final class TaskLocal<T> {
    private static final Map<TaskLocal<?>, Object> EMPTY = Map.of();
    private static final ThreadLocal<Map<TaskLocal<?>, Object>> ROOT = ThreadLocal.withInitial(() -> EMPTY);

    private final String name;
    private final T defaultValue;

    private TaskLocal(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
    }

    /**
     * A task-local with no default (reads as null until set).
     *
     * @param name a name for toString and debugging
     * @param <T> the type of the value
     * @return a new task-local
     */
    public static <T> TaskLocal<T> named(String name) {
        return new TaskLocal<>(name, null);
    }

    /**
     * A task-local read as {@code defaultValue} until set.
     *
     * @param name a name for toString and debugging
     * @param defaultValue the value before any set
     * @param <T> the type of the value
     * @return a new task-local
     */
    public static <T> TaskLocal<T> withDefault(String name, T defaultValue) {
        return new TaskLocal<>(name, defaultValue);
    }

    /**
     * The value for the running task (or thread, outside tasks).
     *
     * @return the value, or the default if never set here
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Map<TaskLocal<?>, Object> m = locals();
        return m.containsKey(this) ? (T) m.get(this) : defaultValue;
    }

    /**
     * Sets the value for the running task and the tasks it spawns from now on.
     *
     * @param value the value, may be null
     */
    public void set(T value) {
        Map<TaskLocal<?>, Object> copy = new HashMap<>(locals());
        copy.put(this, value);
        store(copy);
    }

    /** Forgets the value for the running task; {@link #get()} returns the default again. */
    public void remove() {
        Map<TaskLocal<?>, Object> m = locals();
        if (m.containsKey(this)) {
            Map<TaskLocal<?>, Object> copy = new HashMap<>(m);
            copy.remove(this);
            store(copy);
        }
    }

    @Override
    public String toString() {
        return "TaskLocal[" + name + "]";
    }

    static Map<TaskLocal<?>, Object> rootLocals() {
        return ROOT.get();
    }

    /** The running task's values, or outside tasks the calling thread's: what a task spawned here would copy. */
    static Map<TaskLocal<?>, Object> currentLocals() {
        return locals();
    }

    /**
     * Makes {@code m} the calling thread's values (a worker running a task's blocking call); returns the
     * thread's own, for {@link #exitRoot}.
     */
    static Map<TaskLocal<?>, Object> enterRoot(Map<TaskLocal<?>, Object> m) {
        Map<TaskLocal<?>, Object> outer = ROOT.get();
        ROOT.set(m);
        return outer;
    }

    /** Puts the thread's own values back; a thread that had none keeps no entry (a pooled thread). */
    static void exitRoot(Map<TaskLocal<?>, Object> outer) {
        if (outer == EMPTY) {
            ROOT.remove();
        } else {
            ROOT.set(outer);
        }
    }

    private static Task<?> runningTask() {
        EventLoop loop = EventLoop.runningOrNull();
        return loop == null ? null : loop.currentTask();
    }

    private static Map<TaskLocal<?>, Object> locals() {
        Task<?> t = runningTask();
        return t != null ? t.locals : ROOT.get();
    }

    private static void store(Map<TaskLocal<?>, Object> m) {
        Task<?> t = runningTask();
        if (t != null) {
            t.locals = m;
        } else {
            ROOT.set(m);
        }
    }
}
