package dev.weft.internal;

import java.util.List;

/**
 * The narrow waist between Weft and the JVM's coroutine machinery. Not public API.
 *
 * <p>These are the only methods that suspend or resume code: everything Weft does (generators,
 * tasks, every await) is built from {@link #create}, {@link Coroutine#resume} and {@link #suspend}.
 * No package outside {@code dev.weft.internal} touches {@code jdk.internal}.
 *
 * <p>A coroutine belongs to a {@link Scope}. {@link #suspend(Scope)} suspends the innermost running
 * coroutine of that scope, together with every coroutine nested inside it: a generator body
 * (generator scope) that awaits a future suspends the task (task scope) that drives it.
 *
 * <p>All methods are called from the thread that runs the coroutines; a kernel holds no locks.
 */
public interface Kernel {

    /** A new scope: coroutines of one kind. */
    Scope scope(String name);

    /** The scope of tasks, made once per kernel. */
    Scope tasks();

    /** The scope of generators, made once per kernel. */
    Scope generators();

    /**
     * A new coroutine that will run {@code body} in {@code scope}; nothing runs until the first
     * {@link Coroutine#resume}. {@code owner} is what {@link #enclosingOwners} reports for it.
     */
    Coroutine create(Scope scope, Object owner, Runnable body);

    /**
     * As {@link #create(Scope, Object, Runnable)}, with a body that is given {@code owner}: one
     * {@code body} object may serve every coroutine of a kind (each task's), so none is made per
     * coroutine.
     */
    default Coroutine create(Scope scope, Object owner, java.util.function.Consumer<Object> body) {
        return create(scope, owner, () -> body.accept(owner));
    }

    /**
     * Suspends the innermost running coroutine of {@code scope}; returns when it is resumed. The caller
     * has called {@link #checkSuspend} first.
     *
     * @throws IllegalStateException if no coroutine of that scope is running on this thread, or if
     *     the coroutine cannot be suspended (a native frame is on its stack)
     */
    void suspend(Scope scope);

    /**
     * Throws, before anything has changed, if {@code co}, the innermost running coroutine of the scope
     * about to be suspended (the running task's, or the generator's whose body yields), may not suspend
     * here: on the continuation backend, when a {@code ScopedValue} binding made since it was last
     * resumed is still open (the binding lives on the thread, which the coroutines of that thread
     * share, so it would leak to whatever runs next; see docs/design.md, section 3). Call it before
     * {@link #suspend} on every suspension, before the caller registers any wake-up. Never suspends.
     *
     * @throws IllegalStateException naming the binding rule and what to do instead
     */
    default void checkSuspend(Coroutine co) {}

    /** Whether the innermost running coroutine of {@code scope} on this thread is {@code co}. */
    boolean isCurrent(Scope scope, Coroutine co);

    /**
     * The owners of the running coroutines of scope {@code inner}, innermost first, that are nested
     * inside the innermost running coroutine of scope {@code outer} (all of them when no coroutine of
     * {@code outer} runs). Used off the hot path, e.g. to find the generators a task suspends.
     */
    List<Object> enclosingOwners(Scope inner, Scope outer);

    /**
     * The thread that owns the running chain of coroutines: the plain thread that resumed the
     * outermost one (the loop's thread). The calling thread itself on the continuation backend.
     */
    default Thread logicalThread() {
        return Thread.currentThread();
    }

    /**
     * Whether a suspended coroutine holds a thread until it ends or is {@linkplain Coroutine#kill(boolean)
     * killed} (the portable backend), so abandoned ones must be killed.
     */
    default boolean holdsThreads() {
        return false;
    }

    /**
     * Lets the thread of a suspending task hand control straight to the task whose step the loop
     * would run next, instead of handing it back to the loop's thread first (one thread hand-off per
     * task switch instead of two). Only the portable backend uses it; the continuation backend's
     * switches involve no other thread.
     */
    default void setLoopDriver(LoopDriver driver) {}

    /** The backend's name, as {@code weft.backend} spells it: {@code continuation} or {@code portable}. */
    String name();

    /**
     * The kernel this JVM runs Weft on, chosen once.
     *
     * @throws IllegalStateException naming the JVM flag to add, when no backend can run
     */
    static Kernel get() {
        return Kernels.get();
    }
}
