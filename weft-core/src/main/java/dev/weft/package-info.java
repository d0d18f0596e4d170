/**
 * Weft's front door: coroutines (tasks) on an event loop, as Python's {@code asyncio}.
 *
 * <table class="striped">
 * <caption>Each type and its asyncio counterpart</caption>
 * <thead><tr><th>Weft</th><th>asyncio</th><th>what it is</th></tr></thead>
 * <tbody>
 * <tr><td>{@link dev.weft.Weft#run Weft.run}</td><td>{@code asyncio.run}</td><td>run a main task on a fresh loop; SIGINT/SIGTERM cancel it, then exit 130/143</td></tr>
 * <tr><td>{@link dev.weft.RunOptions}</td><td>the arguments of {@code asyncio.run}/{@code Runner}</td><td>clock; signal handling on or off, exit or throw</td></tr>
 * <tr><td>{@link dev.weft.ShutdownSignalException}</td><td>{@code KeyboardInterrupt}</td><td>a signal stopped {@code Weft.run} (when it does not exit)</td></tr>
 * <tr><td>{@link dev.weft.Weft#spawn Weft.spawn}</td><td>{@code asyncio.create_task}</td><td>start a task</td></tr>
 * <tr><td>{@link dev.weft.Weft#spawnEager Weft.spawnEager}, {@link dev.weft.EventLoop#setEagerTaskStart EventLoop.setEagerTaskStart}</td><td>{@code Task(eager_start=True)}, {@code eager_task_factory}</td><td>start a task that runs at once until it first suspends</td></tr>
 * <tr><td>{@link dev.weft.Weft#spawnAll Weft.spawnAll}</td><td>{@code [create_task(c) for c in coros]}</td><td>start a task per body, in order</td></tr>
 * <tr><td>{@link dev.weft.Weft#sleep Weft.sleep}, {@link dev.weft.Weft#yieldNow yieldNow}</td><td>{@code asyncio.sleep}, {@code sleep(0)}</td><td>suspend for a while</td></tr>
 * <tr><td>{@link dev.weft.Weft#gather gather}, {@link dev.weft.Weft#gatherSettled gatherSettled}</td><td>{@code gather}, {@code gather(return_exceptions=True)}</td><td>all results (futures, or bodies spawned in order)</td></tr>
 * <tr><td>{@link dev.weft.Weft#gatherOutcomes gatherOutcomes}, {@link dev.weft.Outcome}</td><td>{@code gather(return_exceptions=True)}</td><td>how each ended, as a value: result, exception or cancellation</td></tr>
 * <tr><td>{@link dev.weft.Weft#wait wait}, {@link dev.weft.WaitMode}, {@link dev.weft.WaitResult}</td><td>{@code asyncio.wait}</td><td>wait for some or all</td></tr>
 * <tr><td>{@link dev.weft.Weft#waitFor waitFor}</td><td>{@code wait_for}</td><td>await with a timeout</td></tr>
 * <tr><td>{@link dev.weft.Weft#asCompleted asCompleted}</td><td>{@code as_completed}</td><td>in completion order</td></tr>
 * <tr><td>{@link dev.weft.Weft#shield shield}</td><td>{@code shield}</td><td>protect from cancellation</td></tr>
 * <tr><td>{@link dev.weft.Future}</td><td>{@code Future}</td><td>a result that will be ready later</td></tr>
 * <tr><td>{@link dev.weft.Task}</td><td>{@code Task}</td><td>a coroutine on the loop</td></tr>
 * <tr><td>{@link dev.weft.TaskGroup}</td><td>{@code TaskGroup}</td><td>structured concurrency</td></tr>
 * <tr><td>{@link dev.weft.Timeout}, {@link dev.weft.Weft#timeout Weft.timeout}</td><td>{@code asyncio.timeout}, {@code timeout_at}</td><td>a movable deadline ({@link java.time.Duration} relative, {@link dev.weft.LoopTime} absolute)</td></tr>
 * <tr><td>{@link dev.weft.TaskLocal}</td><td>{@code contextvars.ContextVar}</td><td>per-task values, copied at spawn and into {@code toThread}, {@code runCoroutineThreadsafe}, {@code LoopGroup.submit}</td></tr>
 * <tr><td>{@link dev.weft.ThreadContextElement}, {@link dev.weft.Weft#carry Weft.carry}</td><td>(none: Kotlin's {@code ThreadContextElement})</td><td>a {@code ThreadLocal} (logging MDC) switched per task</td></tr>
 * <tr><td>{@link dev.weft.CancelledError}</td><td>{@code CancelledError}</td><td>raised where a cancelled task waits</td></tr>
 * <tr><td>{@link dev.weft.TimedOutException}</td><td>{@code TimeoutError}</td><td>a deadline passed</td></tr>
 * <tr><td>{@link dev.weft.ExceptionGroup}</td><td>{@code ExceptionGroup}</td><td>several failures at once</td></tr>
 * <tr><th colspan="3">The event loop and its parts (asyncio's {@code base_events.py}, {@code events.py})</th></tr>
 * <tr><td>{@link dev.weft.EventLoop}</td><td>{@code AbstractEventLoop}</td><td>one thread: callbacks, timers, I/O and the steps of many tasks</td></tr>
 * <tr><td>{@link dev.weft.Handle}, {@link dev.weft.TimerHandle}</td><td>{@code Handle}, {@code TimerHandle}</td><td>a scheduled callback ({@code call_soon}/{@code call_later}), cancellable</td></tr>
 * <tr><td>{@link dev.weft.Clock}, {@link dev.weft.VirtualClock}</td><td>{@code loop.time}; trio's {@code MockClock} with autojump</td><td>the loop's time; a test clock that jumps to the next timer</td></tr>
 * <tr><td>{@link dev.weft.LoopTime}</td><td>a {@code loop.time()} value</td><td>an absolute point in loop time (a {@link java.time.Duration} is always relative)</td></tr>
 * <tr><td>{@link dev.weft.ExceptionHandler}, {@link dev.weft.ErrorContext}</td><td>{@code set_exception_handler} and its context dict</td><td>where errors nobody awaited go</td></tr>
 * <tr><td>{@link dev.weft.EventLoop#addSignalHandler EventLoop.addSignalHandler}, {@link dev.weft.EventLoop#removeSignalHandler removeSignalHandler}</td><td>{@code add_signal_handler}, {@code remove_signal_handler}</td><td>run a callback on the loop when a signal comes</td></tr>
 * <tr><td>{@link dev.weft.LoopsMXBean}, {@link dev.weft.EventLoopMXBean}</td><td>3.14's {@code python -m asyncio ps}/{@code pstree}</td><td>every loop's tasks from outside ({@code ./weft ps PID}); one loop's counts for jconsole</td></tr>
 * <tr><td>{@link dev.weft.EventLoop#setBlockedLoopThreshold EventLoop.setBlockedLoopThreshold}</td><td>(debug mode's slow-callback warning)</td><td>one WARNING per stall of a loop blocked in one step, on by default</td></tr>
 * <tr><th colspan="3">Loops, threads and all cores</th></tr>
 * <tr><td>{@link dev.weft.LoopGroup}</td><td>(none; one loop per thread by hand)</td><td>N loops on N threads, round-robin submit, graceful shutdown</td></tr>
 * <tr><td>{@link dev.weft.Weft#runCoroutineThreadsafe Weft.runCoroutineThreadsafe}</td><td>{@code run_coroutine_threadsafe}</td><td>start a task from any thread; a {@code CompletableFuture} of it</td></tr>
 * <tr><td>{@link dev.weft.Future#toCompletableFuture Future.toCompletableFuture}</td><td>{@code _chain_future}</td><td>a Weft future for ordinary threads</td></tr>
 * <tr><td>{@link dev.weft.Weft#fromStage Weft.fromStage}, {@link dev.weft.Weft#await(java.util.concurrent.CompletionStage) Weft.await(stage)}</td><td>{@code wrap_future}</td><td>any {@code CompletionStage} as a Weft future, awaitable</td></tr>
 * <tr><td>{@link dev.weft.Weft#bridge Weft.bridge}, {@link dev.weft.Future#await() await} of another loop's future</td><td>{@code wrap_future} of a loop's future</td><td>a task awaits a future of another loop</td></tr>
 * <tr><td>{@link dev.weft.sync.ThreadQueue}</td><td>({@code janus.Queue})</td><td>bounded queue: threads block, tasks suspend</td></tr>
 * </tbody>
 * </table>
 *
 * <h2>Suspension points</h2>
 * A method documented with "This is a suspension point: other tasks may run, and it may throw
 * CancelledError." may only be called from inside a task, at any depth of calls; only there do the
 * tasks of a loop switch. Between two suspension points a task runs alone, so state shared by the
 * tasks of one loop needs no lock.
 *
 * <h2 id="Context">What tasks share of a thread</h2>
 * On the continuation backend every task of a loop runs on the loop's thread: they share
 * {@code Thread.currentThread()}, every {@code ThreadLocal} (what one task leaves in it, the next one
 * reads) and the thread's {@code ScopedValue} bindings. On the portable backend each task body runs on
 * a virtual thread of its own, while callbacks run on the loop's thread. Code that must not depend on
 * the backend keeps per-task state in a {@link dev.weft.TaskLocal}, or switches a thread-local per task
 * with a {@link dev.weft.ThreadContextElement}. A {@code ScopedValue} binding is seen only by the code
 * inside it, on the thread that made it; a task never inherits its spawner's bindings, and on the
 * continuation backend a task may not await inside a binding it made (the await throws
 * {@link java.lang.IllegalStateException}, as a generator's {@code yield} does inside a binding its
 * body made): the binding would reach the loop's other tasks. Bindings around {@link dev.weft.Weft#run}
 * are the loop thread's, seen by every task of that loop on the continuation backend and by none on
 * the portable one.
 *
 * <h2 id="MemoryVisibility">Memory consistency</h2>
 * All tasks and callbacks of one loop run on its one thread, so everything one of them does is
 * visible to those that run after it. Where Weft joins threads (the loop's
 * {@link dev.weft.EventLoop#callSoonThreadsafe callSoonThreadsafe}), it says so with the JDK's
 * terms: an action <i>happens-before</i> another when the first is visible to, and ordered before,
 * the second (JLS 17.4.5). "Actions in a thread before it calls {@code callSoonThreadsafe(r)}
 * <i>happen-before</i> {@code r} runs" means {@code r} sees every write that thread made before the
 * call.
 *
 * <h2 id="Doors">Doors between threads</h2>
 * A loop, its futures and its tasks belong to its thread. Everything else crosses through these
 * doors, each documented with its memory consistency effects:
 * <ul>
 *   <li>a plain callback: {@link dev.weft.EventLoop#callSoonThreadsafe loop.callSoonThreadsafe};
 *   <li>a task, from any thread: {@link dev.weft.Weft#runCoroutineThreadsafe Weft.runCoroutineThreadsafe}
 *       or {@link dev.weft.LoopGroup#submit(java.util.concurrent.Callable) LoopGroup.submit}, which
 *       return a {@code CompletableFuture};
 *   <li>a future of another loop, in a task: just {@link dev.weft.Future#await() await} it (it is
 *       {@linkplain dev.weft.Weft#bridge bridged}); on a plain thread:
 *       {@link dev.weft.Future#toCompletableFuture() toCompletableFuture()}{@code .get()};
 *   <li>any {@code CompletionStage}, in a task: {@link dev.weft.Weft#await(java.util.concurrent.CompletionStage) Weft.await(stage)};
 *   <li>a stream of items: {@link dev.weft.sync.ThreadQueue}.
 * </ul>
 * Any other call from another thread throws {@link java.lang.IllegalStateException} naming these
 * doors. Blocking on a {@code CompletableFuture} ({@code join()}, {@code get()}) inside a task blocks
 * the loop's thread: await it instead. On the loop's own thread, blocking on a
 * {@code CompletableFuture} these doors made for that same loop could never return, so it throws
 * {@link java.lang.IllegalStateException} at once, saying why (as {@link dev.weft.sync.ThreadQueue}'s
 * blocking methods do on any loop).
 *
 * <h2 id="Signals">Signals and shutdown</h2>
 * {@link dev.weft.Weft#run Weft.run} and {@link dev.weft.LoopGroup} shut down gracefully on SIGINT
 * (Ctrl-C) and SIGTERM: the first signal cancels their tasks, so {@code finally} blocks run, task
 * groups unwind and servers close; then the JVM exits with 130 or 143. A second signal exits at once.
 * Opt out with {@code -Dweft.signals=false}, {@link dev.weft.RunOptions#handleSignals(boolean)} or
 * {@link dev.weft.LoopGroup#LoopGroup(int, String, boolean)}; take one signal over with
 * {@link dev.weft.EventLoop#addSignalHandler loop.addSignalHandler}.
 *
 * <h2>Null arguments</h2>
 * Unless a method says otherwise, passing null throws {@link java.lang.NullPointerException}.
 */
package dev.weft;
