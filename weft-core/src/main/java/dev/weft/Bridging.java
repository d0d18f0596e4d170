package dev.weft;

import dev.weft.internal.Bridge;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The doors between loops and threads: the machinery of {@link Weft#bridge},
 * {@link Future#toCompletableFuture()}, {@link Weft#fromStage}, {@link Weft#await(CompletionStage)}
 * and {@link Weft#runCoroutineThreadsafe}. As asyncio's {@code wrap_future},
 * {@code run_coroutine_threadsafe} and {@code futures._chain_future}.
 */
final class Bridging {
    /* Overview:
     * A Weft Future is touched only on its loop's thread. Every door therefore crosses threads in
     * exactly one way: a callback posted with EventLoop.callSoonThreadsafe (a volatile/CAS hand-off
     * through the loop's inbox, so everything the poster did happens-before the callback runs), or a
     * CompletableFuture's completion (whose dependents see everything the completing thread did).
     *
     * - Mirror (bridge): a Future of loop B that copies a Future of loop A. B posts "register the
     *   relay" to A; A's done callback posts "settle" back to B. Two hops, never a lock.
     * - link (toCompletableFuture, runCoroutineThreadsafe): a done callback on the Future's loop
     *   completes the CompletableFuture there; the CompletableFuture's cancellation posts cancel() to
     *   the loop.
     * - StageFuture (fromStage): the stage's whenComplete posts "settle" to the loop; cancelling the
     *   Future cancels the stage.
     *
     * Cancellation crosses in both directions, but a JDK CancellationException is never turned into
     * the Weft task's own CancelledError (CancelledError's javadoc; kotlinx's documented pitfall):
     * a cancelled stage fails the Future with that CancellationException. Between two Weft futures
     * (Mirror), a cancellation stays a cancellation, as an await on one loop does.
     *
     * No door may hang when a loop closes under it: posted callbacks are Bridge.Droppable, and
     * EventLoop.close() tells them (Start fails its CompletableFuture, Register fails its Mirror); a
     * link waiting for a pending future registers itself with LoopSide.onClose until the future is
     * done, so a future left pending at close fails its CompletableFuture or Mirror instead.
     */

    static final String CANCELLED_THROUGH_STAGE = "cancelled through its CompletableFuture";

    private Bridging() {}

    // ---- Weft future of another loop -> Weft future of this loop ----

    static <T> Future<T> bridge(Future<T> source, EventLoop here) {
        Objects.requireNonNull(source, "future");
        if (source.loop == here) {
            return source;
        }
        Mirror<T> mirror = new Mirror<>(here, source);
        try {
            source.loop.callSoonThreadsafe(mirror.register);
        } catch (IllegalStateException closed) {
            mirror.sourceLoopClosed();
        }
        return mirror;
    }

    /**
     * A future of {@code loop} (B) with the outcome of {@code source}, a future of another loop (A).
     * Cancelling it (say, because the task awaiting it is cancelled) also cancels {@code source}, on
     * A; the mirror itself is cancelled at once, as asyncio's wrapped futures are.
     */
    static final class Mirror<T> extends Future<T> implements Consumer<Future<T>> {
        final Future<T> source;
        final Register register = new Register();

        Mirror(EventLoop loop, Future<T> source) {
            super(loop);
            this.source = source;
        }

        /**
         * On A: relay the outcome once the source is done. Dropped if A closes before running it, or
         * while the source is still pending (registered with onClose until the source is done).
         */
        final class Register implements Runnable, Bridge.Droppable {
            @Override
            public void run() {
                source.addDoneCallback(Mirror.this);
                if (!source.isDone()) {
                    source.loop.onClose(this);
                }
            }

            @Override
            public void dropped() {
                sourceLoopClosed();
            }

            @Override
            public String toString() {
                return "bridge of " + source + " to " + loop;
            }
        }

        /** A's loop is closed: its futures no longer change (the volatile read of closed made them visible). */
        void sourceLoopClosed() {
            Outcome o = source.isDone() ? Outcome.of(source)
                    : Outcome.failed(new IllegalStateException("cannot await a future of " + source.loop
                            + ": that loop is closed, so the future will never complete"));
            post(o);
        }

        /** On A: the source is done. */
        @Override
        public void accept(Future<T> done) {
            source.loop.removeOnClose(register);
            post(Outcome.of(done));
        }

        private void post(Outcome o) {
            if (loop.inLoopThread()) {
                o.settle(this);
                return;
            }
            try {
                loop.callSoonThreadsafe(() -> o.settle(this));
            } catch (IllegalStateException closed) {
                // B closed: nobody waits for this mirror any more
            }
        }

        @Override
        public boolean cancel(String message) {
            if (!super.cancel(message)) {
                return false;
            }
            try {
                source.loop.callSoonThreadsafe(() -> {
                    source.removeDoneCallback(this);
                    source.loop.removeOnClose(register);
                    source.cancel(message);
                });
            } catch (IllegalStateException closed) {
                // A closed: the source can no longer be cancelled, and runs no more
            }
            return true;
        }

        @Override
        public String toString() {
            return "Future[" + describeState() + ", bridged from " + source.getClass().getSimpleName() + " of "
                    + source.loop + "]";
        }
    }

    /** A future's outcome, copied on its loop's thread, to be applied on another. */
    record Outcome(int state, Object value, Throwable error, String cancelMessage) {
        static Outcome of(Future<?> done) {
            if (done.isCancelled()) {
                return new Outcome(Future.CANCELLED, null, null, done.cancelMessage());
            }
            Throwable e = done.retrieveException();
            return e != null ? failed(e) : new Outcome(Future.FINISHED, done.result(), null, null);
        }

        static Outcome failed(Throwable e) {
            return new Outcome(Future.FINISHED, null, e, null);
        }

        /** On the target's loop thread. */
        void settle(Future<?> target) {
            if (target.isDone()) {
                return; // cancelled meanwhile
            }
            if (state == Future.CANCELLED) {
                target.cancelFuture(cancelMessage);
            } else if (error != null) {
                target.finishWithException(error);
            } else {
                target.finishWithResult(value);
            }
        }

        void complete(CompletableFuture<?> cf) {
            if (state == Future.CANCELLED) {
                cf.completeExceptionally(cancellation(cancelMessage));
            } else if (error != null) {
                cf.completeExceptionally(error);
            } else {
                @SuppressWarnings("unchecked")
                CompletableFuture<Object> c = (CompletableFuture<Object>) cf;
                c.complete(value);
            }
        }
    }

    /** The JDK's view of a Weft cancellation: isCancelled() is true; the cause is the CancelledError. */
    static CancellationException cancellation(String message) {
        CancellationException ce = new CancellationException(message);
        ce.initCause(new CancelledError(message));
        return ce;
    }

    // ---- Weft future -> CompletableFuture ----

    static <T> CompletableFuture<T> toCompletableFuture(Future<T> f) {
        EventLoop loop = f.loop;
        CompletableFuture<T> cf = new LoopBound<>(loop);
        if (loop.inLoopThread() || !loop.isRunning() && !loop.isClosed()) {
            // Its own thread, or an idle loop (which the thread preparing it may touch): link at once.
            link(f, cf);
            return cf;
        }
        try {
            loop.callSoonThreadsafe(new Link<>(f, cf));
        } catch (IllegalStateException closed) {
            completeFromClosed(f, cf);
        }
        return cf;
    }

    private static <T> void completeFromClosed(Future<T> f, CompletableFuture<T> cf) {
        // The loop is closed (read through the volatile `closed`): its futures no longer change.
        if (f.isDone()) {
            Outcome.of(f).complete(cf);
        } else {
            cf.completeExceptionally(new IllegalStateException("the future belongs to " + f.loop
                    + ", which is closed: it will never complete"));
        }
    }

    /** Posts link(f, cf) to f's loop; dropped (loop closed first), completes cf from the closed loop. Identity-equal. */
    private static final class Link<T> implements Runnable, Bridge.Droppable {
        private final Future<T> f;
        private final CompletableFuture<T> cf;

        Link(Future<T> f, CompletableFuture<T> cf) {
            this.f = f;
            this.cf = cf;
        }

        @Override
        public void run() {
            link(f, cf);
        }

        @Override
        public void dropped() {
            completeFromClosed(f, cf);
        }
    }

    /** On f's loop thread (or its preparing thread): {@code cf} follows {@code f}, and cancels it. */
    static <T> void link(Future<T> f, CompletableFuture<T> cf) {
        if (cf.isCancelled()) {
            f.cancel(CANCELLED_THROUGH_STAGE); // cancelled before the link was made
            return;
        }
        if (f.isDone()) {
            Outcome.of(f).complete(cf);
            return;
        }
        Link<T> closeHook = new Link<>(f, cf); // if the loop closes first, cf fails instead of waiting forever
        f.loop.onClose(closeHook);
        f.addDoneCallback(done -> {
            done.loop.removeOnClose(closeHook);
            Outcome.of(done).complete(cf);
        });
        cf.whenComplete((v, e) -> {
            if (cf.isCancelled()) {
                cancelOnItsLoop(f); // a no-op when the cancellation came from f itself
            }
        });
    }

    private static void cancelOnItsLoop(Future<?> f) {
        if (f.loop.inLoopThread()) {
            f.cancel(CANCELLED_THROUGH_STAGE);
            return;
        }
        try {
            f.loop.callSoonThreadsafe(() -> f.cancel(CANCELLED_THROUGH_STAGE));
        } catch (IllegalStateException closed) {
            // nothing runs on a closed loop any more
        }
    }

    /**
     * The CompletableFuture every door hands out for a future of {@code loop}: blocking on it while it
     * is not done, on that loop's own thread, would wait for work only that thread can do, so
     * {@code get()} and {@code join()} throw there instead of hanging (as ThreadQueue's blocking
     * methods do). Dependent stages ({@code thenApply}, ...) carry the same guard.
     *
     * Discussion: the check reads isDone() first. On its loop's thread, a future of that loop can only
     * be completed by that thread (the link callback runs there), or by another thread calling
     * complete/cancel on the CompletableFuture itself; a future not done at the check and completed by
     * another thread a moment later is the one case where the error is thrown although get() would have
     * returned. Pinned by OwnLoopJoinTest.
     */
    static final class LoopBound<T> extends CompletableFuture<T> {
        private final EventLoop loop;

        LoopBound(EventLoop loop) {
            this.loop = loop;
        }

        private void checkNotOwnLoop(String op) {
            if (!isDone() && loop.inLoopThread()) {
                throw new IllegalStateException("CompletableFuture." + op + "() would deadlock: it blocks the thread of "
                        + loop + ", and only that thread can complete this future (it follows a task or future of "
                        + "the same loop); in a task use Weft.await(cf), which suspends only the task");
            }
        }

        @Override
        public T get() throws InterruptedException, java.util.concurrent.ExecutionException {
            checkNotOwnLoop("get");
            return super.get();
        }

        @Override
        public T get(long timeout, java.util.concurrent.TimeUnit unit)
                throws InterruptedException, java.util.concurrent.ExecutionException,
                java.util.concurrent.TimeoutException {
            checkNotOwnLoop("get");
            return super.get(timeout, unit);
        }

        @Override
        public T join() {
            checkNotOwnLoop("join");
            return super.join();
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new LoopBound<>(loop);
        }
    }

    // ---- a new task from any thread ----

    static <T> CompletableFuture<T> runCoroutineThreadsafe(Callable<T> body, EventLoop loop, Runnable onEnd) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(loop, "loop");
        CompletableFuture<T> cf = new LoopBound<>(loop);
        // The submitter's TaskLocals and thread context become the task's, as asyncio's call_soon_threadsafe
        // runs the callback that creates the task in a copy of the caller's context.
        loop.callSoonThreadsafe(new Start<>(body, loop, cf, onEnd, TaskLocal.currentLocals(),
                ThreadContext.forChild(ThreadContext.current())));
        return cf;
    }

    /** On the loop: create the task (unless the CompletableFuture was cancelled first) and link it. */
    private static final class Start<T> implements Runnable, Bridge.Droppable {
        private final Callable<T> body;
        private final EventLoop loop;
        private final CompletableFuture<T> cf;
        private final Runnable onEnd; // runs once: when the task ends, or if it never starts
        private final Map<TaskLocal<?>, Object> locals;
        private final ThreadContext context;

        Start(Callable<T> body, EventLoop loop, CompletableFuture<T> cf, Runnable onEnd,
                Map<TaskLocal<?>, Object> locals, ThreadContext context) {
            this.body = body;
            this.loop = loop;
            this.cf = cf;
            this.onEnd = onEnd;
            this.locals = locals;
            this.context = context;
        }

        @Override
        public void run() {
            if (cf.isDone()) {
                end(); // cancelled before it could start: as asyncio, the body never runs
                return;
            }
            Task<T> t;
            try {
                t = loop.createTask(body);
            } catch (RuntimeException | Error e) {
                cf.completeExceptionally(e);
                end();
                throw e;
            }
            t.locals = locals; // the submitter's, not this callback's (the task has not started yet)
            t.setThreadContext(context);
            link(t, cf); // first: the CompletableFuture completes before onEnd counts the task as ended
            if (onEnd != null) {
                t.addDoneCallback(done -> onEnd.run());
            }
        }

        @Override
        public void dropped() {
            cf.completeExceptionally(new IllegalStateException(loop + " closed before the task could start"));
            end();
        }

        private void end() {
            if (onEnd != null) {
                onEnd.run();
            }
        }

        @Override
        public String toString() {
            return "start of a task submitted from another thread (" + body + ")";
        }
    }

    // ---- CompletionStage -> Weft future ----

    static <T> Future<T> fromStage(CompletionStage<T> stage, EventLoop here) {
        Objects.requireNonNull(stage, "stage");
        StageFuture<T> f = new StageFuture<>(here, stage);
        stage.whenComplete((v, e) -> {
            Outcome o = e == null ? new Outcome(Future.FINISHED, v, null, null) : fromStageError(e);
            if (here.inLoopThread()) {
                o.settle(f);
                return;
            }
            try {
                here.callSoonThreadsafe(() -> o.settle(f));
            } catch (IllegalStateException closed) {
                // the loop is closed: nobody waits for f any more
            }
        });
        return f;
    }

    /** A stage's failure as seen by a task: unwrapped; a JDK cancellation stays an exception. */
    static Outcome fromStageError(Throwable e) {
        if (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof CancelledError c) {
            return new Outcome(Future.CANCELLED, null, null, c.getMessage()); // a Weft cancellation, passed through by hand
        }
        return Outcome.failed(e);
    }

    /** A future following a stage; cancelling it cancels the stage (when the stage allows it). */
    static final class StageFuture<T> extends Future<T> {
        private final CompletionStage<T> stage;

        StageFuture(EventLoop loop, CompletionStage<T> stage) {
            super(loop);
            this.stage = stage;
        }

        @Override
        public boolean cancel(String message) {
            if (!super.cancel(message)) {
                return false;
            }
            try {
                stage.toCompletableFuture().cancel(false);
            } catch (UnsupportedOperationException cannot) {
                // a stage that cannot be cancelled from outside: it runs to its end unobserved
            }
            return true;
        }

        @Override
        public String toString() {
            return "Future[" + describeState() + ", following a " + stage.getClass().getSimpleName() + "]";
        }
    }

    /**
     * Awaits {@code f}, a future of {@code here} that another thread completes through the inbox (a
     * Mirror or a StageFuture): counted in {@code here.remoteWaits} meanwhile, so the loop spins before
     * it parks (EventLoop's Overview, spin before park).
     */
    static <T> T awaitReply(Future<T> f, EventLoop here) {
        here.remoteWaits++;
        try {
            return f.await();
        } finally {
            here.remoteWaits--;
        }
    }

    /** Weft.await(stage): a done CompletableFuture without suspending, else through fromStage. */
    static <T> T await(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        if (stage instanceof CompletableFuture<T> cf && cf.isDone()) {
            return switch (cf.state()) {
                case SUCCESS -> cf.resultNow();
                case FAILED -> {
                    Outcome o = fromStageError(cf.exceptionNow());
                    if (o.state == Future.CANCELLED) {
                        throw new CancelledError(o.cancelMessage);
                    }
                    throw Future.rethrow(o.error);
                }
                default -> cf.join(); // CANCELLED: throws its CancellationException, as an exception
            };
        }
        EventLoop here = EventLoop.runningOrNull();
        if (here == null) {
            throw new IllegalStateException("Weft.await(CompletionStage) suspends a task, but thread '"
                    + Thread.currentThread().getName() + "' runs no event loop: on a plain thread, block with "
                    + "stage.toCompletableFuture().get() instead");
        }
        Task.current(); // outside a task: the clear error, before anything is registered
        return awaitReply(fromStage(stage, here), here);
    }
}
