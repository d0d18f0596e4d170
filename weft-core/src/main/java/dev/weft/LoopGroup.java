package dev.weft;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A group of event loops, each running on its own platform thread: all cores for coroutines ("many
 * threads, each running coroutines"). The tasks of one loop share its thread and need no locks; tasks
 * of different loops run in parallel and meet only through the thread-safe doors
 * ({@link #submit}, {@link Future#await()} of another loop's future, {@link Weft#await(java.util.concurrent.CompletionStage)},
 * {@link dev.weft.sync.ThreadQueue}). Netty's {@code EventLoopGroup}; asyncio has no counterpart (one
 * loop per thread, and {@code run_coroutine_threadsafe} between them).
 *
 * {@snippet :
 * try (LoopGroup group = new LoopGroup()) {                      // one loop per core, all started
 *     List<CompletableFuture<Long>> parts = new ArrayList<>();
 *     for (int i = 0; i < 16; i++) {
 *         long from = i * 1_000_000L;
 *         parts.add(group.submit(() -> countPrimes(from, from + 1_000_000)));   // round-robin
 *     }
 *     long total = 0;
 *     for (CompletableFuture<Long> p : parts) {
 *         total += p.join();                                     // a plain thread may block
 *     }
 * }                                                              // close(): graceful shutdown
 * }
 *
 * <h2>States</h2>
 * <pre>
 * OPEN        --shutdown(deadline) / close()-->  DRAINING     // submit refused from outside the group
 * DRAINING    --every submitted task ended, or the deadline passed-->  CANCELLING
 * CANCELLING  --every task left on every loop cancelled and ended-->  TERMINATED  // loops closed, threads ended
 * </pre>
 *
 * <h2>Spreading work</h2>
 * {@link #submit(Callable)} picks the loops round-robin: the n-th submission (counted over all
 * threads) goes to loop {@code n % size()}. That is even in the number of tasks, not in their cost:
 * split work into pieces of similar cost, or choose the loop with {@link #submit(int, Callable)}.
 * Round-robin rather than least-loaded because a loop's load cannot be read from another thread
 * without a hand-off, and because it is predictable (tests and demos can tell where a task ran).
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown(Duration)} refuses new submissions, waits up to the deadline for every task
 * submitted to end, then cancels every task still on any loop (submitted ones that are late, and the
 * tasks they spawned), waits for them to end, closes suspended asynchronous generators, closes the
 * loops, and ends the threads. As {@link Weft#run}, which cancels what its main task left behind,
 * for every loop at once. While it drains, a task running on one of the group's own loops may still
 * submit (its work is part of what shutdown waits for); anyone else gets
 * {@link RejectedExecutionException}. The loops keep running until all of them have finished
 * cancelling, so tasks that await each other across loops in their {@code finally} blocks do not hang.
 *
 * <h2>Signals</h2>
 * While the group runs, SIGINT (Ctrl-C) and SIGTERM shut it down gracefully, as they do
 * {@link Weft#run}: the first one cancels every task of every loop at once (as
 * {@code shutdown(Duration.ZERO)}, also when a shutdown with a longer deadline is already draining),
 * so {@code finally} blocks run and servers close; once the group has terminated, the JVM exits with
 * 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once. If a {@code Weft.run} is running too,
 * the JVM exits when both have unwound. Opting out: {@code -Dweft.signals=false}, or
 * {@link #LoopGroup(int, String, boolean)} with {@code false}; a handler registered with
 * {@link EventLoop#addSignalHandler} takes its signal over. When the group terminates, the handlers
 * that were there before are back.
 *
 * <h2>Cancellation</h2>
 * Cancelling the {@link CompletableFuture} that {@link #submit} returns cancels the task (see
 * {@link Weft#runCoroutineThreadsafe}). A task cancelled by shutdown completes its
 * {@code CompletableFuture} as cancelled.
 *
 * <h2>Pitfalls</h2>
 * DANGER: {@code group.submit(job).join()} inside a task blocks that task's loop thread until the
 * job ends (and if the job was sent to the same loop, it would wait forever: {@code join()} and
 * {@code get()} throw {@link IllegalStateException} there instead). DO THIS INSTEAD:
 * {@code Weft.await(group.submit(job))}.
 *
 * <p>DANGER: a CPU-bound task that never suspends holds its loop: that loop's timers, I/O and other
 * tasks wait, and shutdown cannot cancel it until it suspends. DO THIS INSTEAD: call
 * {@link Weft#yieldNow()} every few milliseconds of work (the {@code group} demo does, and its
 * heartbeats stay on time).
 *
 * <p>DANGER: a task that catches {@link CancelledError} and goes on waiting keeps shutdown waiting
 * (as it keeps {@link Weft#run} waiting). DO THIS INSTEAD: let {@code CancelledError} propagate after
 * cleaning up.
 *
 * <h2>Threads</h2>
 * Every method of a group may be called from any thread. The loops themselves follow
 * {@link EventLoop}'s rule: only their own thread may touch them, and other threads use the doors
 * above. Each loop's thread is a non-daemon platform thread named {@code <group>-loop-<i>}; a group
 * that is never shut down keeps the JVM alive, as an {@code ExecutorService} does.
 *
 * <p><i>Memory consistency effects:</i> actions in a thread before it calls {@link #submit}
 * <i>happen-before</i> the task's body starts; actions of the task <i>happen-before</i> its
 * {@code CompletableFuture} completes. Actions of every task of the group <i>happen-before</i>
 * {@link #shutdown(Duration)} returns and the future of {@link #beginShutdown(Duration)} completes.
 *
 * <h2>Differences from asyncio</h2>
 * asyncio runs one loop per thread and leaves groups of them to the user (or to several processes);
 * Weft's stackful tasks make a group cheap, and a task awaits another loop's future directly.
 */
public final class LoopGroup implements AutoCloseable {
    /* Overview:
     * `loops[i]` runs on `threads[i]`, started in the constructor, which returns once every loop has run
     * its first iteration. Acceptance is guarded by `lock`: `state` and `pending` (tasks accepted and not
     * yet ended) change together, so a submission racing with shutdown is either refused or counted, never
     * lost. Shutdown is a chain of CompletableFutures, so it can begin on any thread, a loop's included:
     *   drained (pending hit 0, or the deadline) -> one sweep task per loop (cancel every other task of
     *   that loop, await them, repeat until none is left) -> when every sweep is done, stop() each loop ->
     *   each thread closes its loop (after the same cleanup as Weft.run) -> the last one completes
     *   `termination`.
     * All loops sweep while all loops still run, so cross-loop awaits in finally blocks complete. */

    /** The deadline {@link #close()} gives {@link #shutdown(Duration)}. */
    public static final Duration DEFAULT_SHUTDOWN_DEADLINE = Duration.ofSeconds(30);

    private static final Logger LOG = System.getLogger("dev.weft");
    private static final AtomicInteger GROUPS = new AtomicInteger();
    private static final int OPEN = 0;
    private static final int DRAINING = 1;
    private static final int CANCELLING = 2;
    private static final String[] STATES = {"open", "draining", "cancelling"};
    static final String SHUTDOWN_MESSAGE = "LoopGroup shut down";

    private final String name;
    private final EventLoop[] loops;
    private final List<EventLoop> loopList;
    private final AtomicLong next = new AtomicLong();
    private final Object lock = new Object();
    private int state = OPEN; // guarded by lock
    private long pending; // guarded by lock: tasks accepted and not yet ended
    private final CompletableFuture<Boolean> drained = new CompletableFuture<>(); // true: all ended in time
    private final CompletableFuture<Boolean> termination = new CompletableFuture<>();
    private final AtomicInteger running;
    private volatile boolean cleanSweep = true; // no sweep found a task to cancel
    // null: signals not handled. Volatile: a signal may arrive between join() and this field's assignment.
    private volatile SignalShutdown.Participant signals;

    /** A group of {@link Runtime#availableProcessors()} loops, all started. */
    public LoopGroup() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A group of {@code size} loops, all started: when the constructor returns, every loop runs on its
     * own thread.
     *
     * @param size the number of loops
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public LoopGroup(int size) {
        this(size, null);
    }

    /**
     * As {@link #LoopGroup(int)}, with a name for the group and its threads ({@code <name>-loop-<i>}).
     *
     * @param size the number of loops
     * @param name the group's name, or null for {@code LoopGroup-N}
     * @throws IllegalArgumentException if {@code size < 1}, or if the system property
     *     {@code weft.signals} is neither {@code true} nor {@code false}
     */
    public LoopGroup(int size, String name) {
        this(size, name, SignalShutdown.enabledByDefault());
    }

    /**
     * As {@link #LoopGroup(int, String)}, choosing whether SIGINT and SIGTERM shut the group down (see
     * "Signals" in the class comment). {@code false} leaves them to whatever handled them before.
     *
     * @param size the number of loops
     * @param name the group's name, or null for {@code LoopGroup-N}
     * @param handleSignals whether a signal cancels the group's tasks and then exits the JVM
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public LoopGroup(int size, String name, boolean handleSignals) {
        if (size < 1) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 1)");
        }
        this.name = name != null ? name : "LoopGroup-" + GROUPS.incrementAndGet();
        this.loops = new EventLoop[size];
        this.running = new AtomicInteger(size);
        CountDownLatch started = new CountDownLatch(size);
        for (int i = 0; i < size; i++) {
            loops[i] = new EventLoop();
        }
        this.loopList = List.of(loops);
        for (int i = 0; i < size; i++) {
            EventLoop loop = loops[i];
            loop.callSoon(started::countDown); // runs in the loop's first iteration
            Thread.ofPlatform().name(this.name + "-loop-" + i).start(() -> runLoop(loop));
        }
        boolean interrupted = false;
        while (true) {
            try {
                started.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the loops are starting: wait for them, keep the interrupt
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (handleSignals) {
            SignalShutdown.Participant p = SignalShutdown.join(this.name, true, this::onSignal);
            signals = p;
            // Ended without a signal: the handlers that were there before are back.
            termination.whenComplete((v, e) -> p.leaveUnlessSignalled());
        }
    }

    /** On the signal-dispatch thread: cancel everything now, exit once the group has terminated. */
    private void onSignal() {
        // daemon(false): the JVM must wait for this thread's exit. A platform thread inherits daemon status
        // from its creator, and the JVM's signal handler threads are daemons (SignalShutdownTest pins it:
        // the program would end with status 0 once its main thread returned).
        Thread.ofPlatform().daemon(false).name(name + "-signal-exit").start(() -> {
            beginShutdown(Duration.ZERO);
            drained.complete(false); // a shutdown already draining with a deadline: cancel now
            termination.join();
            SignalShutdown.Participant p;
            while ((p = signals) == null) {
                Thread.onSpinWait(); // the constructor is between join() and the assignment
            }
            p.exitWhenLast();
        });
    }

    private void runLoop(EventLoop loop) {
        try {
            loop.runForever();
            // Stopped by shutdown after the sweeps: the same cleanup as Weft.run, for stragglers.
            Weft.cancelAllTasks(loop);
            Weft.shutdownAsyncGenerators(loop);
        } catch (Throwable e) {
            LOG.log(Level.ERROR, loop + " of " + name + " failed", e);
        } finally {
            try {
                loop.close();
            } finally {
                if (running.decrementAndGet() == 0) {
                    termination.complete(drained.getNow(false) && cleanSweep);
                }
            }
        }
    }

    // ---- the loops ----

    /**
     * The number of loops.
     *
     * @return the size given at construction
     */
    public int size() {
        return loops.length;
    }

    /**
     * Loop number {@code index}.
     *
     * @param index from 0 to {@code size() - 1}
     * @return the loop
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public EventLoop loop(int index) {
        if (index < 0 || index >= loops.length) {
            throw new IndexOutOfBoundsException("index: " + index + " (expected: 0 <= index < " + loops.length + ")");
        }
        return loops[index];
    }

    /**
     * All the loops, in index order.
     *
     * @return an unmodifiable list
     */
    public List<EventLoop> loops() {
        return loopList;
    }

    /**
     * The index of the loop running on the calling thread, if it is one of this group's.
     *
     * @return the index, or -1 on any other thread
     */
    public int indexOfCurrentLoop() {
        EventLoop here = EventLoop.runningOrNull();
        for (int i = 0; here != null && i < loops.length; i++) {
            if (loops[i] == here) {
                return i;
            }
        }
        return -1;
    }

    // ---- submitting ----

    /**
     * Runs {@code body} as a task on the next loop, round-robin, from any thread.
     * {@code submit(i, body)} for the next {@code i}.
     *
     * <p><i>Memory consistency effects:</i> as {@link #submit(int, Callable)}.
     *
     * @param body the task's body; it may await at any depth
     * @param <T> the result type
     * @return a {@code CompletableFuture} of the task's result: {@code Weft.await(cf)} in a task of any
     *     loop, {@code cf.get()} on a plain thread
     * @throws RejectedExecutionException if the group is shutting down (or shut down)
     */
    public <T> CompletableFuture<T> submit(Callable<T> body) {
        return submit((int) Math.floorMod(next.getAndIncrement(), (long) loops.length), body);
    }

    /**
     * Runs {@code body} as a task on loop {@code index}, from any thread. As
     * {@link Weft#runCoroutineThreadsafe}{@code (body, loop(index))}, with the group's shutdown rules:
     * the task is one that {@link #shutdown(Duration)} waits for.
     *
     * <p><i>Memory consistency effects:</i> actions in the calling thread before this call
     * <i>happen-before</i> the body starts; actions of the task <i>happen-before</i> the returned
     * {@code CompletableFuture} completes.
     *
     * @param index the loop, from 0 to {@code size() - 1}
     * @param body the task's body
     * @param <T> the result type
     * @return a {@code CompletableFuture} of the task's result; cancelling it cancels the task
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     * @throws RejectedExecutionException if the group is shutting down (or shut down); while it drains,
     *     tasks of the group's own loops may still submit
     */
    public <T> CompletableFuture<T> submit(int index, Callable<T> body) {
        Objects.requireNonNull(body, "body");
        EventLoop loop = loop(index);
        accept();
        try {
            return Bridging.runCoroutineThreadsafe(body, loop, this::taskEnded);
        } catch (RuntimeException | Error e) {
            taskEnded();
            throw e;
        }
    }

    private void accept() {
        synchronized (lock) {
            if (state == OPEN || state == DRAINING && indexOfCurrentLoop() >= 0) {
                pending++;
                return;
            }
        }
        throw new RejectedExecutionException(this + " is shutting down: submit() is refused after shutdown() or "
                + "close() (only tasks of the group's own loops may submit while it drains)");
    }

    private void taskEnded() {
        boolean last;
        synchronized (lock) {
            pending--;
            last = pending == 0 && state == DRAINING;
        }
        if (last) {
            drained.complete(true);
        }
    }

    // ---- shutting down ----

    /**
     * Shuts the group down, waiting for it: refuses new submissions, lets the tasks submitted finish
     * until {@code deadline} has passed, then cancels every task left on every loop and waits for them
     * to end, closes the loops and ends their threads. Calling it again (or after {@link #close()})
     * waits for the same shutdown; the first deadline holds.
     *
     * <p><i>Memory consistency effects:</i> actions of every task of the group <i>happen-before</i>
     * this call returns.
     *
     * @param deadline how long the submitted tasks may take to finish by themselves; zero cancels them
     *     at once
     * @return true if every task ended by itself in time; false if some had to be cancelled
     * @throws IllegalStateException if called on a loop's thread (it would block that loop, and on one of
     *     the group's own, wait for itself): from a task, use {@link #beginShutdown(Duration)}
     */
    public boolean shutdown(Duration deadline) {
        EventLoop here = EventLoop.runningOrNull();
        if (here != null) {
            throw new IllegalStateException("shutdown() blocks the calling thread, which runs " + here
                    + ": from a task use beginShutdown(deadline) (and, on a loop outside this group, "
                    + "Weft.await(...) its future)");
        }
        return beginShutdown(deadline).join();
    }

    /**
     * Begins the shutdown of {@link #shutdown(Duration)} without waiting for it, from any thread,
     * a task of the group's own loops included (which must then not wait for the result: its loop is
     * among those that end).
     *
     * <p><i>Memory consistency effects:</i> actions of every task of the group <i>happen-before</i>
     * the returned future completes.
     *
     * @param deadline how long the submitted tasks may take to finish by themselves
     * @return a future completed once every loop is closed: true if every task ended by itself in time
     */
    public CompletableFuture<Boolean> beginShutdown(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        boolean nothingPending;
        synchronized (lock) {
            if (state != OPEN) {
                return termination;
            }
            state = DRAINING;
            nothingPending = pending == 0;
        }
        drained.thenAccept(inTime -> sweep());
        if (nothingPending) {
            drained.complete(true);
        } else {
            long nanos = deadline.isNegative() ? 0 : saturatedNanos(deadline);
            drained.completeOnTimeout(false, nanos, TimeUnit.NANOSECONDS);
        }
        return termination;
    }

    private static long saturatedNanos(Duration d) {
        return d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : d.toNanos();
    }

    /** Runs once, on whichever thread completed `drained`: cancel what is left on every loop. */
    private void sweep() {
        synchronized (lock) {
            state = CANCELLING;
        }
        List<CompletableFuture<Integer>> sweeps = new ArrayList<>();
        for (EventLoop loop : loops) {
            try {
                sweeps.add(Bridging.runCoroutineThreadsafe(LoopGroup::sweepLoop, loop, null));
            } catch (IllegalStateException closed) {
                // a loop that failed and closed by itself
            }
        }
        CompletableFuture.allOf(sweeps.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            for (CompletableFuture<Integer> s : sweeps) {
                if (!s.isDone() || s.isCompletedExceptionally() || s.join() > 0) {
                    cleanSweep = false;
                }
            }
            for (EventLoop loop : loops) {
                try {
                    loop.callSoonThreadsafe(loop::stop);
                } catch (IllegalStateException closed) {
                    // already closed
                }
            }
        });
    }

    /** A task on each loop: cancels every other task of the loop and waits for them, until none is left. */
    private static int sweepLoop() {
        Task<?> me = Task.current();
        EventLoop loop = me.loop();
        int cancelled = 0;
        while (true) {
            List<Task<?>> others = new ArrayList<>(loop.allTasks());
            others.remove(me);
            if (others.isEmpty()) {
                return cancelled;
            }
            for (Task<?> t : others) {
                t.cancel(SHUTDOWN_MESSAGE);
            }
            cancelled += others.size();
            Weft.gatherSettled(others).await();
            for (Task<?> t : others) {
                if (!t.isCancelled() && t.exception() != null) {
                    loop.callExceptionHandler(new ErrorContext(
                            "unhandled exception during LoopGroup shutdown", t.exception(), t, null));
                }
            }
        }
    }

    /**
     * {@link #shutdown(Duration)} with {@link #DEFAULT_SHUTDOWN_DEADLINE}, for try-with-resources.
     * Idempotent.
     *
     * @throws IllegalStateException if called on a loop's thread
     */
    @Override
    public void close() {
        shutdown(DEFAULT_SHUTDOWN_DEADLINE);
    }

    /**
     * Whether shutdown has begun.
     *
     * @return true once {@link #shutdown}, {@link #beginShutdown} or {@link #close()} was called
     */
    public boolean isShutdown() {
        synchronized (lock) {
            return state != OPEN;
        }
    }

    /**
     * Whether every loop is closed and every thread of the group has ended its work.
     *
     * @return true once shutdown has completed
     */
    public boolean isTerminated() {
        return termination.isDone();
    }

    @Override
    public String toString() {
        String s;
        long p;
        synchronized (lock) {
            s = termination.isDone() ? "terminated" : STATES[state];
            p = pending;
        }
        return name + "[" + loops.length + " loops, " + s + ", pending=" + p + "]";
    }
}
