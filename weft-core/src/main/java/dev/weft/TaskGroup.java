package dev.weft;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Structured concurrency: a group of child tasks that ends only when all of them have ended. As
 * asyncio's {@code TaskGroup} (trio's nursery, Java's {@code StructuredTaskScope}).
 *
 * <p>The first child to fail (with anything but a cancellation) cancels the other children and the
 * body; when all have ended, the failures come out together in one {@link ExceptionGroup}.
 *
 * {@snippet :
 * List<String> pages = TaskGroup.run(tg -> {
 *     Task<String> a = tg.spawn(() -> fetch("a"));
 *     Task<String> b = tg.spawn(() -> fetch("b"));
 *     return null;                                   // the group waits for a and b here
 * });
 *
 * try (TaskGroup tg = TaskGroup.open()) {            // the same, Java-style
 *     tg.spawn(() -> fetch("a"));
 *     tg.spawn(() -> fetch("b"));
 *     tg.join();                                     // join() as the last statement of the try block
 * }
 * }
 *
 * <h2>States</h2>
 * <pre>
 * OPEN     --a child fails, or the body throws-->  ABORTING  // the other children are cancelled
 * OPEN     --join/body ends-->                     JOINING   // waiting for the children
 * JOINING  --all children ended-->                 CLOSED    // ExceptionGroup if any failed
 * </pre>
 *
 * <h2>Cancellation</h2>
 * Cancelling the task that owns the group cancels every child; the {@link CancelledError} propagates
 * once they have all ended. When a child's failure made the group cancel its owner, the group
 * withdraws that request ({@link Task#uncancel()}) and throws the {@link ExceptionGroup} instead.
 *
 * <h2>Exceptions</h2>
 * Failures of the children (and of the body, if it threw something other than a cancellation) are
 * gathered, in the order they happened, in one {@link ExceptionGroup}; each is also attached as a
 * suppressed exception. Cancelled children are not failures.
 *
 * <h2>Pitfalls</h2>
 * DANGER: {@code try (TaskGroup tg = TaskGroup.open()) { tg.spawn(...); }} without {@code join()}: the
 * group cannot tell a forgotten join from an exception in the body, so {@link #close()} cancels the
 * children and throws {@link IllegalStateException}. DO THIS INSTEAD: end the block with
 * {@code tg.join()}, or use {@link #run}.
 *
 * <p>DANGER: in the try-with-resources form, a child failing while the block awaits something other
 * than {@code join()} cancels the block, and the block ends with that {@link CancelledError}: Java
 * does not let {@code close()} replace it by the {@link ExceptionGroup} (the failures are only the
 * cause of the {@link IllegalStateException} suppressed in it). DO THIS INSTEAD: use {@link #run},
 * which throws the {@link ExceptionGroup} as asyncio does.
 */
public final class TaskGroup implements AutoCloseable {
    private final Task<?> parent;
    private final EventLoop loop;
    private final Set<Task<?>> children = new LinkedHashSet<>();
    private List<Throwable> errors = new ArrayList<>();
    private boolean aborting;
    private boolean exiting;
    private boolean closed;
    private boolean parentCancelRequested;
    private Future<Boolean> onCompleted;

    private TaskGroup(Task<?> parent) {
        this.parent = parent;
        this.loop = parent.loop();
    }

    /**
     * A group owned by the running task; end it with {@link #join()} then {@link #close()}
     * (try-with-resources does the close).
     *
     * @return an open group
     * @throws IllegalStateException outside a task
     */
    public static TaskGroup open() {
        return new TaskGroup(Task.current());
    }

    /**
     * Runs {@code body} with a new group, then waits for every child. As {@code async with TaskGroup()}.
     * If the body throws, the children are cancelled.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param body spawns children; its value is returned
     * @param <T> the body's result type
     * @return what the body returned, once all children ended
     * @throws ExceptionGroup if any child (or the body) failed
     * @throws CancelledError if the owning task was cancelled (and no child failed)
     */
    public static <T> T run(Body<T> body) {
        TaskGroup tg = open();
        T result = null;
        Throwable error = null;
        try {
            result = body.run(tg);
        } catch (Throwable e) {
            error = e;
        }
        tg.exit(error);
        return result;
    }

    /**
     * The body of {@link #run}.
     *
     * @param <T> its result type
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Spawns the group's children.
         *
         * @param group the group
         * @return a value for {@link #run} to return
         * @throws Exception anything: it cancels the children
         */
        T run(TaskGroup group) throws Exception;
    }

    /**
     * Starts {@code body} as a child task of this group.
     *
     * @param body the child's body
     * @param <T> its result type
     * @return the child task
     * @throws IllegalStateException if the group is finished or shutting down
     */
    public <T> Task<T> spawn(Callable<T> body) {
        return spawn(body, null);
    }

    /**
     * Starts {@code body} as a named child task of this group.
     *
     * @param body the child's body
     * @param name the child's name, or null
     * @param <T> its result type
     * @return the child task
     * @throws IllegalStateException if the group is finished or shutting down
     */
    public <T> Task<T> spawn(Callable<T> body, String name) {
        Objects.requireNonNull(body, "body");
        checkOpen();
        return adopt(loop.createTask(body, name));
    }

    private <T> Task<T> adopt(Task<T> child) {
        children.add(child);
        child.addDoneCallback(this::childDone);
        return child;
    }

    private void checkOpen() {
        if (closed || (exiting && children.isEmpty())) {
            throw new IllegalStateException(this + " is finished");
        }
        if (aborting) {
            throw new IllegalStateException(this + " is shutting down");
        }
    }

    /**
     * Starts {@code body}, which returns nothing, as a child task of this group: {@code tg.spawn(() ->
     * work(n))} for a void {@code work}. As {@link Weft#spawn(Weft.Action)}.
     *
     * @param body the child's body
     * @return the child task
     * @throws IllegalStateException if the group is finished or shutting down
     */
    public Task<Void> spawn(Weft.Action body) {
        return spawn(body, null);
    }

    /**
     * Starts {@code body}, which returns nothing, as a named child task of this group.
     *
     * @param body the child's body
     * @param name the child's name, or null
     * @return the child task
     * @throws IllegalStateException if the group is finished or shutting down
     */
    public Task<Void> spawn(Weft.Action body, String name) {
        Objects.requireNonNull(body, "body");
        checkOpen();
        return adopt(loop.createTask(body, name));
    }

    /**
     * Waits for every child to end. If any failed, throws them together.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @throws ExceptionGroup if any child failed
     * @throws CancelledError if the owning task was cancelled (and no child failed)
     * @throws IllegalStateException if already joined
     */
    public void join() {
        if (exiting) {
            throw new IllegalStateException(this + " was already joined");
        }
        exit(null);
    }

    /**
     * Ends the group. After {@link #join()}, does nothing. Without it (the try block threw, or forgot
     * to join), cancels every child, waits for them, and throws {@link IllegalStateException} (added
     * as suppressed to the block's exception, if there was one).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (!exiting) {
            exiting = true;
            abort();
            waitForChildren(null);
            closed = true;
            if (parentCancelRequested) {
                parent.uncancel();
            }
            // The children's failures ride along as the cause: Java gives close() no way to replace the
            // block's exception (often the CancelledError this group caused), so they must not vanish.
            List<Throwable> es = errors;
            errors = null;
            throw new IllegalStateException(this + " closed without join(): its children were cancelled; "
                    + "call join() as the last statement of the try block",
                    es.isEmpty() ? null : new ExceptionGroup("unhandled errors in a TaskGroup", es));
        }
    }

    /**
     * The children that have not ended yet.
     *
     * @return a snapshot
     */
    public List<Task<?>> children() {
        return List.copyOf(children);
    }

    @Override
    public String toString() {
        String state = closed ? "closed" : aborting ? "aborting" : exiting ? "joining" : "open";
        return "TaskGroup[" + state + ", children=" + children.size() + ", parent=" + parent.name() + "]";
    }

    /** asyncio's TaskGroup.__aexit__, with {@code error} what the body threw (or null). */
    private void exit(Throwable error) {
        exiting = true;
        CancelledError propagateCancel = error instanceof CancelledError c ? c : null;
        if (error != null && !aborting) {
            abort();
        }
        CancelledError fromWait = waitForChildren(propagateCancel);
        if (fromWait != null) {
            propagateCancel = fromWait;
        }
        closed = true;
        if (parentCancelRequested) {
            if (parent.uncancel() == 0) {
                propagateCancel = null; // no cancellation left for the owner: don't propagate ours
            }
        }
        if (propagateCancel != null && errors.isEmpty()) {
            throw propagateCancel;
        }
        if (error != null && !(error instanceof CancelledError)) {
            errors.add(error);
        }
        if (!errors.isEmpty()) {
            if (parent.cancelling() > 0) { // keep an outside cancellation's count stable
                parent.uncancel();
                parent.cancel();
            }
            List<Throwable> es = errors;
            errors = null;
            throw new ExceptionGroup("unhandled errors in a TaskGroup", es);
        }
        if (error != null) {
            throw Future.rethrow(error);
        }
    }

    /** Waits until no child is left; returns the last CancelledError that hit the owner meanwhile. */
    private CancelledError waitForChildren(CancelledError propagate) {
        while (!children.isEmpty()) {
            if (onCompleted == null) {
                onCompleted = loop.createFuture();
            }
            try {
                onCompleted.await();
            } catch (CancelledError e) {
                if (!aborting) { // the owner is being cancelled from outside: take the children down too
                    propagate = e;
                    abort();
                }
            }
            onCompleted = null;
        }
        return propagate;
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : children) {
            if (!t.isDone()) {
                t.cancel();
            }
        }
    }

    private void childDone(Future<?> f) {
        Task<?> t = (Task<?>) f;
        children.remove(t);
        if (onCompleted != null && children.isEmpty() && !onCompleted.isDone()) {
            onCompleted.setResult(Boolean.TRUE);
        }
        if (t.isCancelled()) {
            return;
        }
        Throwable e = t.exception();
        if (e == null) {
            return;
        }
        if (errors == null) {
            return;
        }
        errors.add(e);
        if (parent.isDone()) {
            loop.callExceptionHandler(new ErrorContext("Task " + t + " has errored out but its parent task "
                    + parent + " is already completed", e, t, null));
            return;
        }
        if (!aborting && !parentCancelRequested) {
            abort();
            parentCancelRequested = true;
            parent.cancel();
        }
    }
}
