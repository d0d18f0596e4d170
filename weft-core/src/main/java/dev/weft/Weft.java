package dev.weft;

import dev.weft.internal.GeneratorHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The front door: start a loop, spawn tasks, sleep, and combine futures. As the top level of Python's
 * {@code asyncio} module ({@code asyncio.run}, {@code create_task}, {@code sleep}, {@code gather},
 * {@code wait}, {@code wait_for}, {@code as_completed}, {@code shield}, {@code timeout}).
 *
 * {@snippet :
 * Weft.run(() -> {
 *     Task<String> a = Weft.spawn(() -> { Weft.sleep(Duration.ofSeconds(1)); return "a"; });
 *     Task<String> b = Weft.spawn(() -> { Weft.sleep(Duration.ofSeconds(1)); return "b"; });
 *     List<String> both = Weft.gather(a, b).await();   // about one second, not two
 *     return both;
 * });
 * }
 *
 * <p>Every method that waits is a suspension point: it may only be called from inside a task (at any
 * depth of calls), and it may throw {@link CancelledError}. Called elsewhere, it throws
 * {@link IllegalStateException} saying so.
 */
public final class Weft {
    private Weft() {}

    // ---- running ----

    /**
     * Runs {@code main} as a task on a new event loop and returns its result. As {@code asyncio.run}:
     * at the end, every task still running is cancelled and awaited, every generator a task drove
     * that is still suspended at a {@code yield} is closed, whether or not it ever awaited (its
     * {@code finally} blocks may await; see {@link dev.weft.gen.Generator}, "Finalisation"), and the
     * loop is closed; the exception of each task or future nobody awaited or retrieved is then
     * reported once ("Task exception was never retrieved", see {@link EventLoop#close()}).
     *
     * <h4>Signals</h4>
     * While it runs, SIGINT (Ctrl-C) and SIGTERM shut the program down gracefully, as {@code asyncio.run}
     * does for Ctrl-C: the first one cancels the main task (so its {@code finally} blocks run, task
     * groups unwind and servers close), then the cleanup above runs, then the JVM exits with
     * 128 + the signal's number: <b>130</b> after SIGINT, <b>143</b> after SIGTERM ({@link System#exit},
     * so shutdown hooks run). This method then never returns. A second signal exits at once
     * ({@link Runtime#halt}, after a line on standard error), even while a task refuses to finish or
     * the loop is blocked. When {@code run} returns, the handlers that were there before are back.
     *
     * <p>Opting out: {@code -Dweft.signals=false}, or {@link RunOptions#handleSignals(boolean)
     * handleSignals(false)}, leaves the signals to the JVM (which exits at once, without
     * {@code finally} blocks). {@link RunOptions#exitOnSignal(boolean) exitOnSignal(false)} throws
     * {@link ShutdownSignalException} instead of exiting. A handler registered with
     * {@link EventLoop#addSignalHandler} for INT or TERM takes that signal over: the program handles
     * it itself.
     *
     * <h4>Differences from asyncio</h4>
     * {@code asyncio.run} raises {@code KeyboardInterrupt} after the cancellation, and Python turns an
     * uncaught one into exit status 130. A Java {@code main} that ends with an exception exits with 1,
     * so Weft exits with the conventional status itself, and throws only when asked to. asyncio handles
     * only SIGINT; Weft handles SIGTERM the same way, since that is what service managers and
     * containers send.
     *
     * @param main the main task's body
     * @param <T> its result type
     * @return what {@code main} returned
     * @throws IllegalStateException if called from inside a running loop
     * @throws RuntimeException what {@code main} threw (a checked exception wrapped in
     *     {@link java.util.concurrent.CompletionException}), or {@link CancelledError}
     */
    public static <T> T run(Callable<T> main) {
        return run(RunOptions.defaults(), main);
    }

    /**
     * As {@link #run(Callable)}, on a loop reading {@code clock} (say, a
     * {@link dev.weft.VirtualClock} in tests).
     *
     * @param clock the loop's clock
     * @param main the main task's body
     * @param <T> its result type
     * @return what {@code main} returned
     */
    public static <T> T run(Clock clock, Callable<T> main) {
        return run(RunOptions.defaults().clock(clock), main);
    }

    /**
     * As {@link #run(Callable)}, with {@code options}: the clock, and what SIGINT and SIGTERM do (see
     * "Signals" there).
     *
     * {@snippet :
     * Weft.run(RunOptions.defaults().handleSignals(false), () -> work());   // leave signals to the JVM
     * }
     *
     * @param options the clock and the signal handling
     * @param main the main task's body
     * @param <T> its result type
     * @return what {@code main} returned
     * @throws IllegalStateException if called from inside a running loop
     * @throws ShutdownSignalException after a signal, with {@code exitOnSignal(false)}
     * @throws IllegalArgumentException if the {@code weft.signals} property is neither true nor false
     */
    public static <T> T run(RunOptions options, Callable<T> main) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(main, "main");
        if (EventLoop.runningOrNull() != null) {
            throw new IllegalStateException("Weft.run() cannot be called from a running event loop; "
                    + "spawn a task (Weft.spawn) or await instead");
        }
        boolean handleSignals = options.handlesSignals();
        EventLoop loop = new EventLoop(options.clock());
        Task<T> mainTask = loop.createTask(main, "main");
        SignalShutdown.Participant signals = !handleSignals ? null
                : SignalShutdown.join("Weft.run", options.exitsOnSignal(), () -> cancelFromSignal(loop, mainTask));
        T result = null;
        Throwable failure = null;
        try {
            result = runAndClose(loop, mainTask);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        String signal = signals == null ? null : signals.leaveUnlessSignalled();
        if (signal != null) {
            if (options.exitsOnSignal()) {
                signals.exitWhenLast(); // never returns
            }
            int status = signals.exitStatus();
            signals.leave();
            throw new ShutdownSignalException(signal, status, failure);
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure != null) {
            throw (Error) failure;
        }
        return result;
    }

    /** On the signal-dispatch thread: post the main task's cancellation to its loop. */
    private static void cancelFromSignal(EventLoop loop, Task<?> mainTask) {
        try {
            loop.callSoonThreadsafe(() -> {
                if (!mainTask.isDone()) {
                    mainTask.cancel("cancelled by a signal (SIGINT or SIGTERM)");
                }
            });
        } catch (IllegalStateException closed) {
            // the loop has closed: run() is about to exit
        }
    }

    private static <T> T runAndClose(EventLoop loop, Task<T> mainTask) {
        try {
            return loop.runUntilComplete(mainTask);
        } finally {
            if ("exit".equals(System.getProperty("weft.dumpTasks"))) {
                System.err.print(loop.dumpTasks());
            }
            try {
                cancelAllTasks(loop);
                shutdownAsyncGenerators(loop);
            } finally {
                loop.close();
            }
        }
    }

    /**
     * A {@link #run(RunOptions, Callable)} for a body that returns nothing.
     *
     * @param options the clock and the signal handling
     * @param main the main task's body
     */
    public static void run(RunOptions options, Action main) {
        Objects.requireNonNull(main, "main");
        run(options, () -> {
            main.run();
            return null;
        });
    }

    /**
     * A {@link #run(Callable)} for a body that returns nothing.
     *
     * @param main the main task's body
     */
    public static void run(Action main) {
        run(() -> {
            main.run();
            return null;
        });
    }

    /**
     * A {@link #run(Clock, Callable)} for a body that returns nothing.
     *
     * @param clock the loop's clock
     * @param main the main task's body
     */
    public static void run(Clock clock, Action main) {
        run(clock, () -> {
            main.run();
            return null;
        });
    }

    /** A task body that returns nothing and may throw. */
    @FunctionalInterface
    public interface Action {
        /**
         * Runs.
         *
         * @throws Exception anything
         */
        void run() throws Exception;
    }

    static void cancelAllTasks(EventLoop loop) {
        List<Task<?>> left = loop.allTasks();
        if (left.isEmpty()) {
            return;
        }
        for (Task<?> t : left) {
            t.cancel();
        }
        loop.runUntilComplete(gatherSettled(left));
        for (Task<?> t : left) {
            if (!t.isCancelled() && t.exception() != null) {
                loop.callExceptionHandler(new ErrorContext(
                        "unhandled exception during Weft.run() shutdown", t.exception(), t, null));
            }
        }
    }

    static void shutdownAsyncGenerators(EventLoop loop) {
        List<GeneratorHandle> gens = new ArrayList<>();
        for (GeneratorHandle g : Task.LoopTasks.of(loop).asyncGenerators()) {
            if (g.isSuspendedAtYield()) {
                gens.add(g);
            }
        }
        if (gens.isEmpty()) {
            return;
        }
        List<Task<Object>> closers = new ArrayList<>();
        for (GeneratorHandle g : gens) {
            closers.add(loop.createTask(() -> {
                g.closeGenerator();
                return null;
            }, "close " + g));
        }
        loop.runUntilComplete(gatherSettled(closers));
        for (Task<Object> t : closers) {
            if (!t.isCancelled() && t.exception() != null) {
                loop.callExceptionHandler(new ErrorContext(
                        "an error occurred during closing of asynchronous generator", t.exception(), t, null));
            }
        }
    }

    /**
     * The backend Weft runs on: {@code "continuation"} (the fast path, with the JVM flag
     * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} on the class path,
     * {@code =dev.weft} on the module path) or {@code "portable"} (virtual threads, without it). Chosen once per JVM; {@code -Dweft.backend=continuation|portable} forces it.
     *
     * @return the backend's name
     * @throws IllegalStateException if the forced backend cannot run (the message names the flag)
     */
    public static String backend() {
        return dev.weft.internal.Kernel.get().name();
    }

    // ---- tasks ----

    /**
     * Starts {@code body} as a new task on the running loop; it begins at the loop's next iteration.
     * As {@code asyncio.create_task}. The task inherits the spawner's {@link TaskLocal} values.
     *
     * @param body the task's body
     * @param <T> its result type
     * @return the task
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static <T> Task<T> spawn(Callable<T> body) {
        return EventLoop.running().createTask(body);
    }

    /**
     * As {@link #spawn(Callable)}, for a body that returns nothing.
     *
     * @param body the task's body
     * @return the task
     */
    public static Task<Void> spawn(Action body) {
        Objects.requireNonNull(body, "body");
        return EventLoop.running().createTask(body, null);
    }

    /**
     * As {@link #spawn(Callable)}, with a name.
     *
     * @param name the task's name
     * @param body the task's body
     * @param <T> its result type
     * @return the task
     */
    public static <T> Task<T> spawn(String name, Callable<T> body) {
        return EventLoop.running().createTask(body, name);
    }

    /**
     * As {@link #spawn(Action)}, with a name.
     *
     * @param name the task's name
     * @param body the task's body
     * @return the task
     */
    public static Task<Void> spawn(String name, Action body) {
        Objects.requireNonNull(body, "body");
        return EventLoop.running().createTask(body, name);
    }

    /**
     * Starts {@code body} as a new task that runs at once, in this call, until it first suspends: as
     * asyncio 3.12's eager tasks ({@code Task(coro, eager_start=True)}, or every task under
     * {@code eager_task_factory}; loop-wide here with {@link EventLoop#setEagerTaskStart}). A short
     * task (one answered from a cache, say) then costs no loop iteration and no scheduling.
     *
     * {@snippet :
     * Task<String> t = Weft.spawnEager(() -> cache.getOrDefault(key, null));
     * assert t.isDone();                        // it never suspended: done before spawnEager returned
     * Task<String> u = Weft.spawnEager(() -> fetch(key));
     * // u ran up to its first await inside spawnEager; it goes on as any task
     * }
     *
     * <p>The rules, as asyncio documents them:
     * <ul>
     *   <li>During the eager step, {@link #currentTask()} is the new task; when it suspends or ends, the
     *       creator is the current task again.
     *   <li>If the body finishes without suspending, the task is done when this returns (its done
     *       callbacks are scheduled, as ever, never run inline); no step is scheduled for it.
     *   <li>If it suspends, it goes on as any task: it resumes when what it awaits is done.
     *   <li>Only on the loop's own thread while it runs: elsewhere (before the loop starts) the task
     *       is scheduled as {@link #spawn(Callable)} does.
     * </ul>
     *
     * <h4>Differences from asyncio</h4>
     * None in the order of events. Unlike a plain {@link #spawn}, the body's first step runs before the
     * caller's next line: code that relies on the new task not having started yet (setting up state
     * it reads, say) must do so before spawning it.
     *
     * <h4>Exceptions</h4>
     * What the body throws during its eager step ends the task, as later: it is the task's exception,
     * not thrown by this method.
     *
     * @param body the task's body
     * @param <T> its result type
     * @return the task, possibly done already
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static <T> Task<T> spawnEager(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return Task.createEager(EventLoop.running(), body, null);
    }

    /**
     * As {@link #spawnEager(Callable)}, with a name.
     *
     * @param name the task's name
     * @param body the task's body
     * @param <T> its result type
     * @return the task, possibly done already
     */
    public static <T> Task<T> spawnEager(String name, Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return Task.createEager(EventLoop.running(), body, Objects.requireNonNull(name, "name"));
    }

    /**
     * As {@link #spawnEager(Callable)}, for a body that returns nothing.
     *
     * @param body the task's body
     * @return the task, possibly done already
     */
    public static Task<Void> spawnEager(Action body) {
        Objects.requireNonNull(body, "body");
        return Task.createEager(EventLoop.running(), Task.bodyOf(body), null);
    }

    /**
     * From now on the running task carries {@code element}: a copy of it, made now, whose state is put
     * on the task's thread each time the task's body goes on and taken off each time it suspends or
     * ends; tasks it spawns afterwards carry a copy of their own (see {@link ThreadContextElement}).
     * Outside any task, the calling thread carries it: tasks created there outside any task (the main
     * task of {@link #run}) start with a copy. As Kotlin's {@code launch(threadLocal.asContextElement())}.
     *
     * {@snippet :
     * static final ThreadLocal<Map<String, String>> MDC = ThreadLocal.withInitial(HashMap::new);
     *
     * Weft.carry(ThreadContextElement.of(MDC, HashMap::new));   // first, before MDC changes
     * MDC.get().put("requestId", "r-1");                         // this task's, across awaits
     * }
     *
     * <p>Never suspends. Carry an element once: carrying it again switches the same state twice.
     *
     * @param element the thread state to carry
     * @throws NullPointerException if {@code element} or its {@code copyForChild()} is null
     */
    public static void carry(ThreadContextElement<?> element) {
        ThreadContext.carry(element);
    }

    /**
     * The running task.
     *
     * @return the task that called this
     * @throws IllegalStateException outside a task
     */
    public static Task<?> currentTask() {
        return Task.current();
    }

    /**
     * The running loop.
     *
     * @return the loop running on this thread
     * @throws IllegalStateException if none runs here
     */
    public static EventLoop loop() {
        return EventLoop.running();
    }

    // ---- blocking work ----

    /**
     * Runs blocking {@code work} on a new virtual thread and waits for it without blocking the loop.
     * As {@code asyncio.to_thread}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError. If the
     * awaiting task is cancelled, it does not wait for the work: the work's thread is interrupted (a
     * best effort, as {@code Future.cancel(true)}) and its outcome is dropped.
     *
     * <p>The work sees the task's {@link TaskLocal} values, and the task's
     * {@linkplain ThreadContextElement thread context} is put on the worker thread around it, as
     * asyncio's {@code to_thread} runs the function in a copy of the task's context: what the work sets
     * stays in the work, and the thread keeps none of it afterwards.
     *
     * <p><i>Memory consistency effects:</i> actions in the task before this call <i>happen-before</i>
     * {@code work} starts, and actions of {@code work} <i>happen-before</i> this call returns.
     *
     * @param work the blocking work
     * @param <T> its result type
     * @return what {@code work} returned
     * @throws RuntimeException what {@code work} threw (a checked exception wrapped in
     *     {@link java.util.concurrent.CompletionException})
     */
    public static <T> T toThread(Callable<T> work) {
        return Blocking.run(Blocking.VIRTUAL, work);
    }

    /**
     * As {@link #toThread}, on {@code executor}. As {@code loop.run_in_executor}. The work sees the
     * task's {@link TaskLocal}s and thread context as in {@link #toThread}; a pooled thread keeps none of
     * them for its next job.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param executor where to run the work
     * @param work the blocking work
     * @param <T> its result type
     * @return what {@code work} returned
     * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the work
     */
    public static <T> T runInExecutor(java.util.concurrent.Executor executor, Callable<T> work) {
        return Blocking.run(executor, work);
    }

    // ---- waiting ----

    /**
     * Suspends the running task for {@code delay}; zero or negative just lets every other ready task
     * run once ({@code asyncio.sleep(0)}).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param delay how long
     * @throws IllegalStateException outside a task
     */
    public static void sleep(Duration delay) {
        Task.sleep(Objects.requireNonNull(delay, "delay"));
    }

    /**
     * Lets every other ready task run once, then continues: {@code asyncio.sleep(0)}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     */
    public static void yieldNow() {
        Task.sleep(Duration.ZERO);
    }

    /**
     * Waits for {@code future} and returns its result; the same as {@link Future#await()}. The future
     * may belong to another loop: it is then {@linkplain #bridge bridged}, and the task resumes on its
     * own loop.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param future the future or task
     * @param <T> its result type
     * @return its result
     */
    public static <T> T await(Future<T> future) {
        return future.await();
    }

    // ---- doors between loops and threads ----

    /**
     * Waits for {@code stage} (a {@link CompletableFuture}, say, or what an HTTP client returns) and
     * returns its result, suspending only the calling task. A done {@code CompletableFuture} returns at
     * once without suspending. This is {@code fromStage(stage).await()}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError. If the
     * task is cancelled while it waits, the stage is cancelled too ({@code toCompletableFuture().cancel(false)},
     * when the stage allows it).
     *
     * <h4>Exceptions</h4>
     * The stage's exception is thrown unwrapped (a {@link CompletionException} around it is removed; a
     * checked one is then wrapped in a new {@code CompletionException}, as {@link Future#result()}
     * does). A stage cancelled by someone else throws its {@link java.util.concurrent.CancellationException}
     * as an ordinary exception, never as this task's {@link CancelledError}: a foreign cancellation does
     * not silently cancel the task (see {@link CancelledError}).
     *
     * <h4>Pitfalls</h4>
     * DANGER: {@code stage.toCompletableFuture().join()} (or {@code get()}) in a task blocks the
     * loop's thread, so every task of the loop stops until the stage completes, and if the stage is
     * completed by a task of the same loop, forever. DO THIS INSTEAD: {@code Weft.await(stage)}.
     *
     * <p><i>Memory consistency effects:</i> actions in the thread that completes the stage, before it
     * completes it, <i>happen-before</i> this call returns (or throws).
     *
     * @param stage the stage
     * @param <T> its result type
     * @return its result
     * @throws IllegalStateException outside a task, while the stage is not done (the message names the
     *     door for a plain thread: {@code stage.toCompletableFuture().get()})
     */
    public static <T> T await(CompletionStage<T> stage) {
        return Bridging.await(stage);
    }

    /**
     * A future of the running loop that completes with {@code stage}'s outcome: the door from the JDK's
     * {@link CompletionStage} to Weft, for combinators such as {@link #gather} and {@link #wait}. As
     * asyncio's {@code wrap_future}. The stage may complete on any thread.
     *
     * <p>Cancelling the future cancels the stage ({@code toCompletableFuture().cancel(false)}, when the
     * stage allows it). A stage that completes with a {@link java.util.concurrent.CancellationException}
     * fails the future with that exception: it does not cancel the future (a foreign cancellation
     * never passes for a Weft one; see {@link #await(CompletionStage)}).
     *
     * <h4>Differences from asyncio</h4>
     * asyncio's {@code wrap_future} cancels the asyncio future when the concurrent future is cancelled;
     * Weft fails it with the {@code CancellationException} instead, so awaiting it does not cancel the
     * awaiting task.
     *
     * <p><i>Memory consistency effects:</i> actions in the thread that completes the stage, before it
     * completes it, <i>happen-before</i> the future's callbacks run and its awaiters resume.
     *
     * @param stage the stage
     * @param <T> its result type
     * @return a new future of the running loop
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static <T> Future<T> fromStage(CompletionStage<T> stage) {
        return Bridging.fromStage(stage, EventLoop.running());
    }

    /**
     * A future of the running loop that mirrors {@code future}, a future or task of another loop; the
     * same future when it is of the running loop. {@link Future#await()} does this by itself: use this
     * to pass a future of another loop to {@link #gather}, {@link #wait}, {@link #shield} or
     * {@link #waitFor}, which take futures of one loop.
     *
     * <p>The mirror completes on the running loop with {@code future}'s outcome (a cancellation stays a
     * cancellation). Cancelling the mirror cancels {@code future} on its loop; the mirror is cancelled
     * at once, without waiting for {@code future} to finish cancelling. If the other loop closes while
     * {@code future} is pending, the mirror fails with {@link IllegalStateException}.
     *
     * {@snippet :
     * // On loop A: one result from loop B and one from loop C, with a timeout.
     * Task<Integer> onB = ...;   // tasks of other loops, e.g. from a LoopGroup
     * Task<Integer> onC = ...;
     * List<Integer> both = Weft.waitFor(Weft.gather(Weft.bridge(onB), Weft.bridge(onC)), Duration.ofSeconds(1));
     * }
     *
     * <p><i>Memory consistency effects:</i> actions on {@code future}'s loop before it completes
     * <i>happen-before</i> the mirror's callbacks run and its awaiters resume. Actions on the running
     * loop before the mirror is cancelled <i>happen-before</i> {@code future} is cancelled on its loop.
     *
     * @param future a future or task of any loop
     * @param <T> its result type
     * @return a future of the running loop with the same outcome
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static <T> Future<T> bridge(Future<T> future) {
        return Bridging.bridge(future, EventLoop.running());
    }

    /**
     * Starts {@code body} as a task on {@code loop}, from any thread, and returns a
     * {@link CompletableFuture} of its result. As asyncio's {@code run_coroutine_threadsafe}. The task
     * is created on the loop's thread at its next iteration, and starts with the {@link TaskLocal}
     * values and the {@linkplain ThreadContextElement thread context} of the caller (of the running task,
     * or outside tasks the calling thread's), copied at this call, as a task spawned there would.
     *
     * <p>The {@code CompletableFuture} follows the task as {@link Future#toCompletableFuture()} does:
     * cancelling it cancels the task (and, if the task has not started, its body never runs); a
     * cancelled task cancels it. If the loop closes before the task has ended (before it started, or
     * with the task still pending), it fails with {@link IllegalStateException}: it never waits forever. From a task (of any loop), {@code Weft.await(cf)} waits for it
     * without blocking.
     *
     * {@snippet :
     * EventLoop loop = group.loop(0);
     * CompletableFuture<String> cf = Weft.runCoroutineThreadsafe(() -> {
     *     Weft.sleep(Duration.ofMillis(10));      // a task: it may await
     *     return "done";
     * }, loop);
     * String s = cf.get(1, TimeUnit.SECONDS);     // on a plain thread: blocking is fine here
     * }
     *
     * <h4>Pitfalls</h4>
     * DANGER: {@code cf.join()} or {@code cf.get()} on a loop's thread (in a task or a callback) blocks
     * that loop. On {@code loop}'s own thread it would deadlock, so there they throw
     * {@link IllegalStateException} at once (while {@code cf} is not done). DO THIS INSTEAD:
     * {@code Weft.await(cf)} in a task.
     *
     * <p><i>Memory consistency effects:</i> actions in the calling thread before this call
     * <i>happen-before</i> the body starts; actions of the task <i>happen-before</i> the
     * {@code CompletableFuture} completes, and so before {@code get()} or {@code join()} returns in
     * another thread.
     *
     * @param body the task's body
     * @param loop the loop to run it on, running or about to run
     * @param <T> the result type
     * @return a {@code CompletableFuture} of the task's result
     * @throws IllegalStateException if the loop is closed
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Callable<T> body, EventLoop loop) {
        return Bridging.runCoroutineThreadsafe(body, loop, null);
    }

    /**
     * A future of all the results, in the order given. As {@code asyncio.gather}: if one fails (or is
     * cancelled), the gather future fails with that error at once, and the others go on running;
     * cancelling the gather future cancels every child not yet done. With no futures, it is done
     * already, with an empty list.
     *
     * @param futures futures or tasks of the running loop
     * @param <T> the result type
     * @return a future of the list of results
     */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Future<? extends T>... futures) {
        return gather(Arrays.asList(Objects.requireNonNull(futures, "futures")));
    }

    /**
     * Spawns each body as a task, in argument order, and gathers them: as {@code asyncio.gather} given
     * coroutines. The tasks start at the loop's next iteration, as {@link #spawn(Callable)}'s do.
     *
     * {@snippet :
     * List<String> pages = Weft.gather(() -> fetch("a"), () -> fetch("b")).await();
     * }
     *
     * @param first the first body
     * @param rest the others
     * @param <T> the result type
     * @return a future of the list of results, as {@link #gather(Future[])}
     * @throws IllegalStateException if no loop runs on this thread
     */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Callable<? extends T> first, Callable<? extends T>... rest) {
        return gather(spawnAll(first, rest));
    }

    /**
     * Spawns each body as a task, in the collection's order: {@code [create_task(c) for c in coros]}.
     * The door from a collection of bodies to {@link #gather(Collection)}, {@link #wait} and
     * {@link #asCompleted(Collection)}.
     *
     * @param bodies the tasks' bodies
     * @param <T> the result type
     * @return the tasks, in the same order
     * @throws IllegalStateException if no loop runs on this thread
     */
    @SuppressWarnings("unchecked")
    public static <T> List<Task<T>> spawnAll(Collection<? extends Callable<? extends T>> bodies) {
        Objects.requireNonNull(bodies, "bodies");
        int i = 0;
        for (Callable<? extends T> b : bodies) {
            Objects.requireNonNull(b, "bodies: element " + i++ + " is null");
        }
        EventLoop loop = EventLoop.running();
        List<Task<T>> tasks = new ArrayList<>(bodies.size());
        for (Callable<? extends T> b : bodies) {
            tasks.add((Task<T>) loop.createTask(b));
        }
        return tasks;
    }

    @SafeVarargs
    private static <T> List<Task<T>> spawnAll(Callable<? extends T> first, Callable<? extends T>... rest) {
        Objects.requireNonNull(rest, "rest");
        List<Callable<? extends T>> all = new ArrayList<>(rest.length + 1);
        all.add(Objects.requireNonNull(first, "first"));
        all.addAll(Arrays.asList(rest));
        return spawnAll(all);
    }

    /**
     * As {@link #gather(Future[])}, for a collection.
     *
     * @param futures futures or tasks of one loop
     * @param <T> the result type
     * @return a future of the list of results
     */
    public static <T> Future<List<T>> gather(Collection<? extends Future<? extends T>> futures) {
        return new Gathering<T>(loopOf(futures), futures, false).outer();
    }

    /**
     * A future of how each future ended, once every one is done: a result, an exception or a
     * cancellation, each an {@link Outcome}, in the order given. As
     * {@code asyncio.gather(..., return_exceptions=True)}, read without try/catch. Cancelling it cancels
     * the children; with no futures it is done already, with an empty list.
     *
     * {@snippet :
     * for (Outcome<String> o : Weft.gatherOutcomes(a, b).await()) {
     *     if (o instanceof Outcome.Failure<String> f) {
     *         log(f.exception());                  // a cancelled child is an Outcome.Cancelled
     *     }
     * }
     * }
     *
     * @param futures futures or tasks of the running loop
     * @param <T> the result type
     * @return a future of the outcomes
     */
    @SafeVarargs
    public static <T> Future<List<Outcome<T>>> gatherOutcomes(Future<? extends T>... futures) {
        return gatherOutcomes(Arrays.asList(Objects.requireNonNull(futures, "futures")));
    }

    /**
     * As {@link #gatherOutcomes(Future[])}, for a collection.
     *
     * @param futures futures or tasks of one loop
     * @param <T> the result type
     * @return a future of the outcomes
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> Future<List<Outcome<T>>> gatherOutcomes(Collection<? extends Future<? extends T>> futures) {
        return (Future) new Gathering<T>(loopOf(futures), futures, true, true).outer();
    }

    /**
     * A future of all the futures given, once every one is done, however it ended. As
     * {@code asyncio.gather(..., return_exceptions=True)}: read each one with {@link Outcome#of(Future)}
     * (or {@link Future#result()}, which throws), or use {@link #gatherOutcomes} to have the outcomes
     * at once. Cancelling it cancels the children.
     *
     * @param futures futures or tasks of one loop
     * @param <F> the futures' type
     * @return a future of the same futures, all done, in the order given
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <F extends Future<?>> Future<List<F>> gatherSettled(Collection<F> futures) {
        Collection<Future<Object>> fs = (Collection) futures;
        return (Future) new Gathering<Object>(loopOf(futures), fs, true).outer();
    }

    /**
     * Waits until {@code mode} is satisfied or {@code timeout} passes, and returns which futures are
     * done. As {@code asyncio.wait}: nothing is cancelled on timeout.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param futures futures or tasks of the running loop, at least one
     * @param mode when to return
     * @param timeout the longest wait, or null for no limit
     * @param <T> the result type
     * @return the done and pending futures
     * @throws IllegalArgumentException if {@code futures} is empty
     */
    public static <T> WaitResult<T> wait(Collection<? extends Future<T>> futures, WaitMode mode, Duration timeout) {
        loopOf(futures); // null checks, and futures of this loop only
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("futures: empty (expected: at least one future to wait for)");
        }
        Objects.requireNonNull(mode, "mode");
        Task<?> task = Task.current();
        EventLoop loop = task.loop();
        Set<Future<T>> fs = new LinkedHashSet<>(futures);
        if (!satisfied(fs, mode)) {
            Future<Void> waiter = loop.createFuture();
            int[] counter = {fs.size()};
            Consumer<Future<T>> onDone = f -> {
                counter[0]--;
                if (counter[0] <= 0 || mode == WaitMode.FIRST_COMPLETED
                        || (mode == WaitMode.FIRST_EXCEPTION && !f.isCancelled() && f.exception() != null)) {
                    if (!waiter.isDone()) {
                        waiter.setResult(null);
                    }
                }
            };
            for (Future<T> f : fs) {
                if (f.isDone()) {
                    counter[0]--;
                } else {
                    f.addDoneCallback(onDone);
                }
            }
            TimerHandle timer = timeout == null ? null : loop.callLater(timeout, () -> {
                if (!waiter.isDone()) {
                    waiter.setResult(null);
                }
            });
            try {
                waiter.await();
            } finally {
                if (timer != null) {
                    timer.cancel();
                }
                for (Future<T> f : fs) {
                    f.removeDoneCallback(onDone);
                }
            }
        }
        Set<Future<T>> done = new LinkedHashSet<>();
        Set<Future<T>> pending = new LinkedHashSet<>();
        for (Future<T> f : fs) {
            (f.isDone() ? done : pending).add(f);
        }
        return new WaitResult<>(done, pending);
    }

    /**
     * Spawns each body as a task, in argument order, then waits as {@link #wait(Collection, WaitMode,
     * Duration)}. The result names the tasks; those still pending go on running (cancel them if they
     * are not needed).
     *
     * <h4>Differences from asyncio</h4>
     * Since Python 3.11 {@code asyncio.wait} refuses bare coroutines, because the caller could not
     * tell which returned task is which coroutine. Here the tasks carry their results, and
     * {@link #spawnAll} gives the tasks first when the caller needs to tell them apart.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param mode when to return
     * @param timeout the longest wait, or null for no limit
     * @param first the first body
     * @param rest the others
     * @param <T> the result type
     * @return the done and pending tasks
     */
    @SafeVarargs
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> WaitResult<T> wait(WaitMode mode, Duration timeout, Callable<? extends T> first,
            Callable<? extends T>... rest) {
        Objects.requireNonNull(mode, "mode");
        return wait((List) spawnAll(first, rest), mode, timeout);
    }

    private static <T> boolean satisfied(Set<Future<T>> fs, WaitMode mode) {
        int done = 0;
        for (Future<T> f : fs) {
            if (f.isDone()) {
                done++;
                if (mode == WaitMode.FIRST_COMPLETED) {
                    return true;
                }
                if (mode == WaitMode.FIRST_EXCEPTION && !f.isCancelled() && f.exception() != null) {
                    return true;
                }
            }
        }
        return done == fs.size();
    }

    /**
     * Waits for {@code future} at most {@code timeout}; on timeout, cancels it, waits until it has
     * finished cancelling, and throws {@link TimedOutException}. As {@code asyncio.wait_for}. A zero or
     * negative timeout returns the result of a done future and cancels any other at once, so a task
     * that has not started yet never runs.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param future the future or task
     * @param timeout the longest wait, or null for no limit
     * @param <T> its result type
     * @return its result
     * @throws TimedOutException if the timeout passed first
     */
    public static <T> T waitFor(Future<T> future, Duration timeout) {
        Objects.requireNonNull(future, "future");
        if (timeout == null) {
            return future.await();
        }
        if (timeout.isZero() || timeout.isNegative()) {
            // As asyncio.wait_for: no time at all, so the work never gets a step; cancel it and wait
            // until it has finished cancelling.
            if (future.isDone()) {
                return future.result();
            }
            Future<Void> ended = Task.current().loop().createFuture();
            Consumer<Future<T>> release = f -> {
                if (!ended.isDone()) {
                    ended.setResult(null);
                }
            };
            future.addDoneCallback(release);
            try {
                future.cancel();
                ended.await();
            } finally {
                future.removeDoneCallback(release);
            }
            try {
                return future.result();
            } catch (CancelledError e) {
                throw new TimedOutException("timed out after 0 s (waitFor with a timeout of "
                        + Timeout.describe(timeout) + ")", e);
            }
        }
        return Timeout.after(timeout).run(future::await);
    }

    /**
     * Spawns {@code body} and waits for it at most {@code timeout}, as {@link #waitFor(Future, Duration)}.
     *
     * @param body the work
     * @param timeout the longest wait, or null for no limit
     * @param <T> its result type
     * @return its result
     * @throws TimedOutException if the timeout passed first
     */
    public static <T> T waitFor(Callable<T> body, Duration timeout) {
        return waitFor(spawn(body), timeout);
    }

    /**
     * Runs {@code body} in the running task with a deadline: {@code Timeout.after(delay).run(body)}.
     * As {@code async with asyncio.timeout(delay)}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param delay the time allowed
     * @param body the work
     * @param <T> its result type
     * @return what the body returned
     * @throws TimedOutException if the deadline passed first
     */
    public static <T> T timeout(Duration delay, Callable<T> body) {
        return Timeout.after(delay).run(body);
    }

    /**
     * As {@link #timeout(Duration, Callable)}, for a body that returns nothing.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param delay the time allowed
     * @param body the work
     * @throws TimedOutException if the deadline passed first
     */
    public static void timeout(Duration delay, Action body) {
        Timeout.after(delay).run(body);
    }

    /**
     * The futures in the order they finish. As {@code asyncio.as_completed}: iterating yields each
     * future once it is done (awaiting it returns its result or throws its exception); {@code next()}
     * is a suspension point.
     *
     * @param futures futures or tasks of the running loop
     * @param timeout the longest time for all, or null; past it {@code next()} still returns the futures
     *     done in time, then throws {@link TimedOutException} (a future done after the deadline is not
     *     returned)
     * @param <T> the result type
     * @return an iterable, to use once, in a task
     */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<T>> futures, Duration timeout) {
        loopOf(futures); // null checks, and futures of this loop only
        EventLoop loop = EventLoop.running();
        List<Future<T>> todo = new ArrayList<>(new LinkedHashSet<>(futures));
        Future<Void> timedOut = loop.createFuture();
        java.util.ArrayDeque<Future<T>> doneQueue = new java.util.ArrayDeque<>();
        Future<?>[] wake = {null};
        int[] remaining = {todo.size()};
        Consumer<Future<T>> onDone = f -> {
            doneQueue.add(f);
            if (wake[0] != null && !wake[0].isDone()) {
                @SuppressWarnings("unchecked")
                Future<Object> w = (Future<Object>) wake[0];
                w.setResult(null);
            }
        };
        TimerHandle timer = timeout == null || todo.isEmpty() ? null : loop.callLater(timeout, () -> {
            if (!timedOut.isDone()) {
                timedOut.setResult(null);
            }
            // As asyncio: what finishes after the deadline is not yielded; the rest time out.
            for (Future<T> f : todo) {
                f.removeDoneCallback(onDone);
            }
            if (wake[0] != null && !wake[0].isDone()) {
                ((Future<?>) wake[0]).cancel("as_completed timed out");
            }
        });
        for (Future<T> f : todo) {
            f.addDoneCallback(onDone);
        }
        return () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return remaining[0] > 0;
            }

            @Override
            public Future<T> next() {
                if (remaining[0] <= 0) {
                    throw new NoSuchElementException("as_completed: every future was returned");
                }
                while (doneQueue.isEmpty()) {
                    if (timedOut.isDone()) {
                        throw new TimedOutException("timed out after " + Timeout.describe(timeout) + ": asCompleted has "
                                + remaining[0] + " pending", null);
                    }
                    Future<Object> w = loop.createFuture();
                    wake[0] = w;
                    try {
                        w.await();
                    } catch (CancelledError e) {
                        if (!timedOut.isDone()) {
                            throw e;
                        }
                    } finally {
                        wake[0] = null;
                    }
                }
                remaining[0]--;
                if (remaining[0] == 0 && timer != null) {
                    timer.cancel();
                }
                return doneQueue.poll();
            }
        };
    }

    /**
     * Spawns each body as a task, in argument order, and yields the tasks as they finish: as
     * {@code asyncio.as_completed} given coroutines.
     *
     * @param timeout the longest time for all, or null, as {@link #asCompleted(Collection, Duration)}
     * @param first the first body
     * @param rest the others
     * @param <T> the result type
     * @return an iterable in completion order, to use once, in a task
     */
    @SafeVarargs
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> Iterable<Future<T>> asCompleted(Duration timeout, Callable<? extends T> first,
            Callable<? extends T>... rest) {
        return asCompleted((List) spawnAll(first, rest), timeout);
    }

    /**
     * As {@link #asCompleted(Collection, Duration)} with no timeout.
     *
     * @param futures futures or tasks of the running loop
     * @param <T> the result type
     * @return an iterable in completion order
     */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<T>> futures) {
        return asCompleted(futures, null);
    }

    /**
     * Protects {@code inner} from cancellation: {@code Weft.shield(f).await()} is exactly equivalent to
     * {@code f.await()}, <i>except</i> that if the task awaiting it is cancelled, {@code inner} goes on
     * running (the await still throws {@link CancelledError}). As {@code asyncio.shield}.
     *
     * @param inner the future or task to protect
     * @param <T> its result type
     * @return a future completed when {@code inner} is done, with its outcome; cancelling it leaves
     *     {@code inner} alone
     */
    public static <T> Future<T> shield(Future<T> inner) {
        if (inner.isDone()) {
            return inner;
        }
        Future<T> outer = new Future<>(inner.loop());
        inner.addDoneCallback(f -> {
            if (outer.isCancelled()) {
                if (!f.isCancelled()) {
                    f.exception(); // mark it retrieved: the outer was cancelled, nobody else will
                }
                return;
            }
            copyOutcome(f, outer);
        });
        return outer;
    }

    static <T> void copyOutcome(Future<T> from, Future<T> to) {
        if (to.isDone()) {
            return;
        }
        if (from.isCancelled()) {
            to.cancelFuture(from.cancelMessage());
        } else if (from.exception() != null) {
            to.finishWithException(from.exception());
        } else {
            to.finishWithResult(from.result());
        }
    }

    private static EventLoop loopOf(Collection<? extends Future<?>> futures) {
        Objects.requireNonNull(futures, "futures");
        EventLoop loop = null;
        int i = 0;
        for (Future<?> f : futures) {
            if (f == null) {
                throw new NullPointerException("futures: element " + i + " is null");
            }
            i++;
            if (loop == null) {
                loop = f.loop();
            } else if (f.loop() != loop) {
                throw new IllegalArgumentException("futures belong to different loops: " + loop + " and " + f.loop()
                        + "; pass those of other loops through Weft.bridge(future)");
            }
        }
        EventLoop running = EventLoop.runningOrNull();
        if (loop != null && running != null && loop != running) {
            throw new IllegalArgumentException("the futures belong to " + loop + ", but this code runs on " + running
                    + "; pass them through Weft.bridge(future)");
        }
        return loop != null ? loop : EventLoop.running();
    }
}
