package dev.weft;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Blocking work pushed off the loop: the machinery of {@link Weft#toThread} and
 * {@link Weft#runInExecutor}. As asyncio's {@code to_thread} and {@code run_in_executor}.
 */
final class Blocking {
    private Blocking() {}

    static final Executor VIRTUAL = r -> Thread.ofVirtual().name("weft-toThread").start(r);

    // The job's states (cf. FutureTask): a cancel either stops it from starting, or interrupts it
    // while it runs, and never leaves an interrupt behind on a thread that has moved on.
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;
    private static final int INTERRUPTING = 4;
    private static final int INTERRUPTED = 5;

    static <T> T run(Executor executor, Callable<T> work) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(work, "work");
        Task<?> task = Task.current();
        EventLoop loop = task.loop();
        Future<T> result = loop.createFuture();
        Map<TaskLocal<?>, Object> locals = task.locals; // the worker sees them; what it sets stays there
        ThreadContext context = ThreadContext.forChild(task.threadContext()); // copied now, on the task's thread
        AtomicInteger state = new AtomicInteger(NEW);
        Thread[] runner = {null};
        Runnable job = () -> {
            runner[0] = Thread.currentThread(); // published by the CAS below
            if (!state.compareAndSet(NEW, RUNNING)) {
                return; // cancelled before it started
            }
            T value = null;
            Throwable error = null;
            try {
                value = ThreadContext.callWith(locals, context, work);
            } catch (Throwable e) {
                error = e;
            } finally {
                if (!state.compareAndSet(RUNNING, DONE)) {
                    while (state.get() == INTERRUPTING) {
                        Thread.onSpinWait(); // the canceller is between CAS and interrupt()
                    }
                    Thread.interrupted(); // clear it: the thread may be a pool's, moving on
                }
            }
            T v = value;
            Throwable e = error;
            try {
                loop.callSoonThreadsafe(() -> {
                    if (result.isDone()) {
                        return; // the awaiting task was cancelled: nobody wants the outcome
                    }
                    if (e == null) {
                        result.setResult(v);
                    } else if (e instanceof CancelledError c) {
                        result.cancel(c.getMessage());
                    } else {
                        result.setException(e);
                    }
                });
            } catch (IllegalStateException closed) {
                // the loop closed meanwhile: nobody can receive the outcome
            }
        };
        executor.execute(job);
        try {
            return result.await();
        } catch (CancelledError c) {
            // The awaiting task was cancelled: keep the job from starting, or interrupt it (best
            // effort); the loop does not wait for it either way.
            if (!state.compareAndSet(NEW, CANCELLED) && state.compareAndSet(RUNNING, INTERRUPTING)) {
                try {
                    runner[0].interrupt();
                } finally {
                    state.set(INTERRUPTED);
                }
            }
            throw c;
        }
    }
}
