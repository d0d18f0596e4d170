package dev.weft;

import dev.weft.internal.Bridge;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A result that will be ready later, on one {@link EventLoop}. As asyncio's {@code Future}.
 *
 * <p>Three states: PENDING, then exactly one of FINISHED (with a result or an exception) or
 * CANCELLED, for good. Done callbacks run on the loop, in the order they were added, never inline in
 * the call that completed the future. {@link #await()} suspends only the calling task.
 *
 * {@snippet :
 * Future<String> f = EventLoop.running().createFuture();
 * Weft.spawn(() -> { Weft.sleep(Duration.ofMillis(10)); f.setResult("ready"); return null; });
 * String s = f.await();                 // this task waits; the others run
 * }
 *
 * <h2>Exceptions</h2>
 * {@link #result()} and {@link #await()} throw a failed future's exception: an unchecked exception or
 * error as the same object (its stack trace is where it was thrown), a checked one wrapped in a
 * {@link CompletionException}. A cancelled future throws a new {@link CancelledError} carrying the
 * cancel message. An exception no one ever retrieved is reported to the loop's
 * {@link dev.weft.ExceptionHandler} when the future is garbage-collected ("Future exception was
 * never retrieved"), as asyncio does.
 *
 * <h2>Threads</h2>
 * A future belongs to its loop. While the loop runs, its methods must be called on the loop's thread,
 * reads included ({@link #isDone()}, {@link #isCancelled()}, {@link #result()}, {@link #exception()}),
 * else they throw {@link IllegalStateException}; a closed loop's futures cannot be completed. Once the
 * loop has stopped, any thread may read them. The doors for others: a task of another loop simply
 * {@link #await()}s it (it is bridged); an ordinary thread uses {@link #toCompletableFuture()}
 * ({@code toCompletableFuture().isDone()} is the thread-safe {@code isDone()}). Null arguments throw
 * {@link NullPointerException}, except a null result.
 *
 * <p>Safe from any thread, always: {@link #loop()} (a final field), {@link #toCompletableFuture()} (it
 * hands over to the loop with {@code callSoonThreadsafe}) and {@code toString()} (for diagnostics: from
 * another thread it may show a stale state). Why the reads are checked rather than made safe: a
 * future's state is a plain field, written by the loop's thread with no barrier, so another thread
 * could see {@code isDone()} true and still read a stale result. Making it volatile would cost every
 * completion a barrier for a use that {@code toCompletableFuture()} already serves.
 *
 * <p><i>Memory consistency effects:</i> the loop's thread writes its running state (a volatile field)
 * last when it stops, and the check reads it, so a thread that reads a future after the loop stopped
 * sees everything the loop did before stopping.
 *
 * @param <T> the type of the result
 */
public class Future<T> {
    /* Invariants: state moves PENDING -> FINISHED, FAILED or CANCELLED once. `callbacks` is null,
     * one entry, or an ArrayList of entries; an entry is a Consumer or a Task (a waiting task is woken
     * by enqueuing its coroutine, which is its step: no allocation). After completion, callbacks is null.
     * One slot, `result`, holds what the state says: the value (FINISHED), the Throwable (FAILED), the
     * cancel message (CANCELLED); while PENDING it is free for a subclass (a Task keeps its body there
     * until it starts). Fewer fields, fewer bytes in every task (issue 13). */

    static final byte PENDING = 0;
    static final byte FINISHED = 1; // with a result; FAILED is finished with an exception
    static final byte CANCELLED = 2;
    static final byte FAILED = 3;

    private static final Cleaner CLEANER = Cleaner.create();

    final EventLoop loop;
    byte state; // a byte: with Task's own bytes it fits the gap after the fields (issue 13's bytes per task)
    private Object result; // by state: value, Throwable, cancel message; while PENDING, the subclass's
    private Object callbacks;
    private Unretrieved unretrieved; // armed while an exception waits to be retrieved

    /**
     * A pending future of {@code loop}; usually made with {@link EventLoop#createFuture()}.
     *
     * @param loop the loop the future belongs to
     */
    public Future(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    /**
     * The loop this future belongs to.
     *
     * @return its loop
     */
    public final EventLoop loop() {
        return loop;
    }

    /**
     * Whether the future is done: finished with a result or an exception, or cancelled.
     *
     * @return true once done
     * @throws IllegalStateException if called from another thread while the loop runs
     */
    public final boolean isDone() {
        checkRead();
        return state != PENDING;
    }

    /**
     * Whether the future was cancelled.
     *
     * @return true if cancelled
     * @throws IllegalStateException if called from another thread while the loop runs
     */
    public final boolean isCancelled() {
        checkRead();
        return state == CANCELLED;
    }

    /**
     * The result, without waiting.
     *
     * @return the result
     * @throws IllegalStateException "Result is not set." if the future is pending; or if called from
     *     another thread while the loop runs
     * @throws CancelledError if the future was cancelled
     * @throws RuntimeException the future's exception (a checked one wrapped in {@link CompletionException})
     */
    @SuppressWarnings("unchecked")
    public final T result() {
        checkRead();
        if (state == FINISHED) {
            return (T) result;
        }
        if (state == FAILED) {
            throw rethrow(retrieveException());
        }
        if (state == CANCELLED) {
            throw new CancelledError((String) result);
        }
        throw new IllegalStateException("Result is not set.");
    }

    /**
     * The exception the future finished with, or null if it finished with a result.
     *
     * @return the exception or null
     * @throws IllegalStateException "Exception is not set." if the future is pending; or if called
     *     from another thread while the loop runs
     * @throws CancelledError if the future was cancelled
     */
    public final Throwable exception() {
        checkRead();
        if (state == FINISHED || state == FAILED) {
            return retrieveException();
        }
        if (state == CANCELLED) {
            throw new CancelledError((String) result);
        }
        throw new IllegalStateException("Exception is not set.");
    }

    /**
     * Completes the future with {@code value} and schedules its callbacks.
     *
     * @param value the result, may be null
     * @throws IllegalStateException if the future is already done ("invalid state"), or the loop is
     *     closed, or this is not the loop's thread
     */
    public void setResult(T value) {
        loop.checkThread();
        if (state != PENDING) {
            throw invalidState();
        }
        result = value;
        state = FINISHED;
        scheduleCallbacks();
    }

    /**
     * Completes the future with {@code error} and schedules its callbacks.
     *
     * @param error the exception; not a {@link CancelledError} (use {@link #cancel})
     * @throws IllegalStateException if the future is already done, or the loop is closed, or this is not
     *     the loop's thread
     * @throws IllegalArgumentException if {@code error} is a {@link CancelledError}
     */
    public void setException(Throwable error) {
        Objects.requireNonNull(error, "error");
        loop.checkThread();
        if (state != PENDING) {
            throw invalidState();
        }
        if (error instanceof CancelledError) {
            throw new IllegalArgumentException("a CancelledError cannot be set as an exception: cancel the future instead");
        }
        finishWithException(error);
    }

    /**
     * Cancels the future if it is pending, and schedules its callbacks. As asyncio's {@code cancel()}.
     *
     * @return true if this call cancelled it; false if it was already done
     */
    public boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the future if it is pending; awaiting it then throws {@link CancelledError} with
     * {@code message}.
     *
     * @param message the cancel message, or null
     * @return true if this call cancelled it; false if it was already done
     */
    public boolean cancel(String message) {
        loop.checkThread();
        return cancelFuture(message);
    }

    /**
     * Adds a callback run (on the loop, never inline) once the future is done; if it is done already,
     * the callback is scheduled at once. Callbacks run in the order they were added.
     *
     * @param callback receives this future
     */
    public final void addDoneCallback(Consumer<? super Future<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        loop.checkThread();
        addEntry(callback);
    }

    /**
     * Removes every registration of {@code callback}.
     *
     * @param callback the callback
     * @return how many were removed
     */
    public final int removeDoneCallback(Consumer<? super Future<T>> callback) {
        loop.checkThread();
        return removeEntry(callback);
    }

    /**
     * Waits for the future and returns its result (or throws as {@link #result()}). A done future
     * returns at once without suspending; otherwise only the calling task waits.
     *
     * <p>The future may belong to another loop (say, another loop of a {@link LoopGroup}): the task
     * then awaits a copy of it on its own loop ({@link Weft#bridge}), and resumes on its own loop's
     * thread, never on the other's. Such an await always suspends, for one round trip between the
     * loops, even when the future is done. If the awaiting task is cancelled, the await throws
     * {@link CancelledError} at once and the cancellation is passed on to the future on its loop (it
     * does not wait for the other loop's task to finish cancelling, as asyncio's wrapped futures).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw {@link CancelledError}.
     *
     * <p><i>Memory consistency effects:</i> for a future of another loop, actions on that loop before
     * the future completes <i>happen-before</i> this call returns (or throws its exception).
     *
     * @return the result
     * @throws IllegalStateException if called outside a task (on a plain thread, use
     *     {@link #toCompletableFuture()}{@code .get()}); or if the future belongs to another loop that is
     *     closed while the future is pending
     */
    public final T await() {
        return Task.awaitFuture(this);
    }

    /**
     * A {@link CompletableFuture} that completes with this future's outcome: the door from a Weft
     * future to ordinary threads ({@code get()}, {@code join()}) and to {@code CompletableFuture}
     * pipelines. May be called from any thread. Each call makes a new {@code CompletableFuture}.
     *
     * <ul>
     *   <li>A result or an exception is copied as it is (so {@code join()} wraps the exception in a
     *       {@link java.util.concurrent.CompletionException}, {@code get()} in an
     *       {@link java.util.concurrent.ExecutionException}).
     *   <li>If this future is cancelled, the {@code CompletableFuture} is cancelled too
     *       ({@code isCancelled()} is true): it completes with a
     *       {@link java.util.concurrent.CancellationException} carrying the cancel message, whose cause
     *       is the {@link CancelledError}.
     *   <li>Cancelling the {@code CompletableFuture} ({@code cancel(...)}) cancels this future on its
     *       loop, with the message {@code "cancelled through its CompletableFuture"}: for a task, the
     *       task is asked to stop. Completing it otherwise ({@code complete(...)}) affects only the
     *       {@code CompletableFuture}.
     *   <li>If the loop is closed while this future is pending, the {@code CompletableFuture} fails
     *       with {@link IllegalStateException}: it never waits forever.
     * </ul>
     *
     * <h4>Pitfalls</h4>
     * DANGER: {@code future.toCompletableFuture().join()} inside a task (or on any loop's thread)
     * blocks the loop's thread: no other task of that loop runs. If the future is of the same loop it
     * could never complete, so {@code get()} and {@code join()} (also of stages chained on it) throw
     * {@link IllegalStateException} there at once instead of deadlocking. DO THIS INSTEAD: in a task,
     * {@code future.await()}.
     *
     * <p>DANGER: stages chained without {@code Async} ({@code thenApply}, {@code whenComplete}) run on
     * the thread that completes the {@code CompletableFuture}, which is the loop's thread. DO THIS
     * INSTEAD: keep them short and non-blocking, or use the {@code ...Async} variants.
     *
     * <p><i>Memory consistency effects:</i> actions on the loop before this future completes
     * <i>happen-before</i> the {@code CompletableFuture} completes, and so before a thread returns
     * from its {@code get()} or {@code join()}. Actions in a thread before it cancels the
     * {@code CompletableFuture} <i>happen-before</i> this future is cancelled on its loop.
     *
     * @return a new {@code CompletableFuture} following this future
     */
    public final CompletableFuture<T> toCompletableFuture() {
        return Bridging.toCompletableFuture(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + describeState() + "]";
    }

    String describeState() {
        return switch (state) {
            case PENDING -> "pending" + (callbacks == null ? "" : " cb=" + callbackCount());
            case CANCELLED -> "cancelled" + (result == null ? "" : " message=" + result);
            case FAILED -> "finished exception=" + result;
            default -> "finished result=" + abbreviate(result);
        };
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    // ---- package-private machinery for Task and the combinators ----

    final void finishWithResult(Object value) {
        result = value;
        state = FINISHED;
        scheduleCallbacks();
    }

    final void finishWithException(Throwable error) {
        result = error;
        state = FAILED;
        Unretrieved u = new Unretrieved(loop, error, toString());
        unretrieved = u;
        u.cleanable = CLEANER.register(this, u);
        Task.LoopTasks lt = Task.LoopTasks.of(loop);
        if (lt.unretrieved == null) {
            lt.unretrieved = new java.util.LinkedHashSet<>();
        }
        lt.unretrieved.add(u); // reported at close if still there (EventLoop.close)
        scheduleCallbacks();
    }

    final boolean cancelFuture(String message) {
        if (state != PENDING) {
            return false;
        }
        result = message;
        state = CANCELLED;
        scheduleCallbacks();
        return true;
    }

    /**
     * The reads' thread check: on the loop's thread, or the loop is not running. Cheaper than
     * L.checkThread (a closed loop's futures may still be read) and without its "closed" error.
     */
    final void checkRead() {
        EventLoop l = loop;
        if (!l.inLoopThread() && l.isRunning()) {
            throw new IllegalStateException(getClass().getSimpleName() + " of " + l + " read from thread '"
                    + Thread.currentThread().getName() + "' while the loop runs on another: read it on its "
                    + "loop (a task, or loop.callSoonThreadsafe), or use toCompletableFuture() from other threads");
        }
    }

    /** The exception, if any, without marking it retrieved: for reports (JFR, the task dump). */
    final Throwable peekException() {
        return state == FAILED ? (Throwable) result : null;
    }

    /** The message a cancelled future was cancelled with; null if none, or not cancelled. */
    final String cancelMessage() {
        return state == CANCELLED ? (String) result : null;
    }

    /** A pending future's free result slot (see the invariants): a Task's body until it starts. */
    final Object pendingSlot() {
        return state == PENDING ? result : null;
    }

    final void setPendingSlot(Object o) {
        assert state == PENDING;
        result = o;
    }

    /** The exception, marked as retrieved (no "never retrieved" report). */
    final Throwable retrieveException() {
        Unretrieved u = unretrieved;
        if (u != null) {
            u.retrieved = true;
            unretrieved = null;
            u.forget();
        }
        return peekException();
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new CompletionException(t);
    }

    final void addEntry(Object entry) {
        if (state != PENDING) {
            callbacks = entry;
            scheduleCallbacks();
            return;
        }
        Object cbs = callbacks;
        if (cbs == null) {
            callbacks = entry;
        } else if (cbs instanceof CallbackList list) {
            list.add(entry);
        } else {
            CallbackList list = new CallbackList();
            list.add(cbs);
            list.add(entry);
            callbacks = list;
        }
    }

    final int removeEntry(Object entry) {
        Object cbs = callbacks;
        if (cbs == null) {
            return 0;
        }
        if (cbs instanceof CallbackList list) {
            int before = list.size();
            list.removeIf(e -> e == entry);
            return before - list.size();
        }
        if (cbs == entry) {
            callbacks = null;
            return 1;
        }
        return 0;
    }

    private int callbackCount() {
        return callbacks instanceof CallbackList l ? l.size() : callbacks == null ? 0 : 1;
    }

    private void scheduleCallbacks() {
        Object cbs = callbacks;
        callbacks = null;
        if (cbs == null) {
            return;
        }
        if (cbs instanceof CallbackList list) {
            for (Object e : list) {
                schedule(e);
            }
        } else {
            schedule(cbs);
        }
    }

    @SuppressWarnings("unchecked")
    private void schedule(Object entry) {
        if (entry instanceof Task<?> t) {
            loop.enqueue(t.co);
        } else {
            Consumer<Future<T>> c = (Consumer<Future<T>>) entry;
            loop.enqueue(new DoneCallback<>(c, this));
        }
    }

    private IllegalStateException invalidState() {
        return new IllegalStateException("invalid state: " + this + " is already done");
    }

    /** A scheduled done callback; its toString names it in "Exception in callback" reports. */
    private record DoneCallback<T>(Consumer<Future<T>> callback, Future<T> future) implements Runnable {
        @Override
        public void run() {
            callback.accept(future);
        }
    }

    /** A marker type, so a callback list is never mistaken for a callback. */
    private static final class CallbackList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        CallbackList() {
            super(4);
        }
    }

    /**
     * Reports an exception nobody retrieved once its future is collected. Holds no reference to the
     * future (a Cleaner action must not).
     */
    static final class Unretrieved implements Runnable {
        final EventLoop loop;
        final Throwable error;
        final String description;
        volatile boolean retrieved;
        Cleaner.Cleanable cleanable;

        Unretrieved(EventLoop loop, Throwable error, String description) {
            this.loop = loop;
            this.error = error;
            this.description = description;
        }

        /** The Cleaner's action: the future was collected. Reported on the loop's thread, unless close() did. */
        @Override
        public void run() {
            if (retrieved) {
                return;
            }
            try {
                loop.callSoonThreadsafe(this::reportNow);
            } catch (IllegalStateException closed) {
                // The loop is closed: close() reported every exception still unretrieved (reportNow).
            }
        }

        /** Reports the exception unless retrieved or reported already; on the loop's (or closing) thread. */
        void reportNow() {
            if (retrieved) {
                return;
            }
            retrieved = true;
            forget();
            cleanable.clean(); // nothing more at GC (clean() runs run(), which now returns at once)
            String kind = description.startsWith("Task") ? "Task" : "Future";
            loop.callExceptionHandler(new ErrorContext(kind + " exception was never retrieved: " + description,
                    error, null, null));
        }

        /** No longer to be reported at close. Loop thread (or the closing thread). */
        void forget() {
            Task.LoopTasks lt = (Task.LoopTasks) loop.taskState();
            if (lt != null && lt.unretrieved != null) {
                lt.unretrieved.remove(this);
            }
        }
    }
}
