package dev.weft;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Thread state that a task carries with it: put on the thread that runs the task each time its body
 * goes on, and taken off again each time it suspends or ends. As Kotlin's {@code ThreadContextElement}
 * (with {@code CopyableThreadContextElement}'s {@code copyForChild}); the ready-made {@link #of}
 * elements are its {@code ThreadLocal.asContextElement}, and the one thing logging's MDC needs.
 *
 * <p>Tasks of one loop share its thread on the continuation backend, and with it every
 * {@link ThreadLocal}: what one task puts in a thread-local, the next task to run reads. A carried
 * element switches that state per task instead. Carry it once, before the state is set, where the
 * tasks that need it come from: at the top of the main task, or on the thread that calls
 * {@link Weft#run} (the main task then starts with a copy of that thread's state). Every task
 * spawned afterwards carries a copy of its own.
 *
 * {@snippet :
 * // SLF4J's MDC: each task keeps its own map, even when a thousand other tasks log in between
 * Weft.carry(ThreadContextElement.of(MDC::getCopyOfContextMap,
 *         map -> { if (map == null) MDC.clear(); else MDC.setContextMap(map); }));
 * Net.startServer((reader, writer) -> {                 // one task per connection: carries a copy
 *     MDC.put("requestId", nextRequestId());            // this connection's only
 *     for (String line : reader.lines()) {
 *         log.info("got {}", line);                     // [requestId=r-17] got ...
 *     }
 * }, "127.0.0.1", 0);                                  // port 0: any free port
 * }
 *
 * <h2>Lifecycle</h2>
 * <pre>
 * carried     --{@link Weft#carry}: {@link #copyForChild()}, then {@link #updateThreadContext()}-->  on the thread
 * on the thread --the task suspends or ends: {@link #restoreThreadContext}-->  off the thread
 * off the thread --the task resumes: {@link #updateThreadContext()}-->   on the thread
 * on the thread --the task spawns a task: {@link #copyForChild()}-->   the child carries the copy
 * </pre>
 * Both calls of a pair are made on the same thread: the loop's on the continuation backend, the task
 * body's own virtual thread on the portable one. {@link Weft#toThread} and
 * {@link Weft#runInExecutor} apply a copy around the work on the worker thread, and
 * {@link Weft#runCoroutineThreadsafe} and {@link LoopGroup#submit} give the new task a copy of the
 * submitter's.
 *
 * <h2>Differences from asyncio</h2>
 * asyncio has no thread-locals to switch: its {@code contextvars} are per task already, as Weft's
 * {@link TaskLocal} is. This is for state that lives in a {@code ThreadLocal} you do not own (logging
 * MDC, tracing, security contexts).
 *
 * <h2>Pitfalls</h2>
 * DANGER: carrying an element after the running task has changed the state (say, after
 * {@code MDC.put}) makes that change the thread's own as well: when the task suspends, the thread gets
 * back the state it had when {@code carry} was called. DO THIS INSTEAD: carry first, then set.
 * A task carries what its spawner carried when it was spawned, not what it carries later. On the
 * portable backend a generator body runs on a virtual thread of its own, whose thread-locals are its
 * own (its {@link TaskLocal}s are the task's).
 *
 * @param <S> the type of the thread state saved between an update and its restore
 */
public interface ThreadContextElement<S> {

    /**
     * Puts this task's state on the current thread, before the task's body goes on (its first step and
     * every resume), and returns the thread's state to put back afterwards.
     *
     * @return the thread's previous state, handed to {@link #restoreThreadContext} later
     */
    S updateThreadContext();

    /**
     * Takes this task's state off the current thread when the task suspends or ends, putting
     * {@code oldState} back; an element whose state the task may change keeps the thread's current
     * state as the task's first.
     *
     * @param oldState what the matching {@link #updateThreadContext()} returned
     */
    void restoreThreadContext(S oldState);

    /**
     * The element a newly spawned task carries, called on the spawner's thread while the spawner runs
     * (so the spawner's state is on it). The default returns this same element, which suits elements
     * that hold no per-task state.
     *
     * @return the element for the child task
     */
    default ThreadContextElement<S> copyForChild() {
        return this;
    }

    /**
     * An element that gives each task its own value of {@code local}: what the task sets stays its own
     * across awaits, a task spawned by it starts with the value the spawner had then (the same object:
     * for immutable values), and the thread gets its own value back whenever the task is off it.
     *
     * @param local the thread-local to switch per task
     * @param <T> the type of its value
     * @return a new element, to {@link Weft#carry}
     */
    static <T> ThreadContextElement<T> of(ThreadLocal<T> local) {
        return of(local, UnaryOperator.identity());
    }

    /**
     * As {@link #of(ThreadLocal)}, with a copy made for each spawned task, for a mutable value
     * ({@code HashMap::new} for a map).
     *
     * @param local the thread-local to switch per task
     * @param copyForChild makes the child's value from the spawner's; given null only if the
     *     thread-local reads null
     * @param <T> the type of its value
     * @return a new element, to {@link Weft#carry}
     */
    static <T> ThreadContextElement<T> of(ThreadLocal<T> local, UnaryOperator<T> copyForChild) {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(copyForChild, "copyForChild");
        return new ThreadContext.Mirror<>(local::get, v -> {
            if (v == null) {
                local.remove(); // leaves no entry behind on a pooled or loop thread
            } else {
                local.set(v);
            }
        }, v -> v == null ? null : copyForChild.apply(v));
    }

    /**
     * An element for thread state behind a getter and a setter, such as SLF4J's
     * {@code MDC.getCopyOfContextMap} and {@code MDC.setContextMap}: as {@link #of(ThreadLocal)},
     * where {@code read} returns the current thread's state as a value the task may keep (a copy, if
     * the state is mutable) and {@code write} installs one ({@code null} for none).
     *
     * @param read the current thread's state
     * @param write puts a state on the current thread; null clears it
     * @param <T> the type of the state
     * @return a new element, to {@link Weft#carry}
     */
    static <T> ThreadContextElement<T> of(Supplier<T> read, Consumer<T> write) {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(write, "write");
        return new ThreadContext.Mirror<>(read, write, UnaryOperator.identity());
    }
}
