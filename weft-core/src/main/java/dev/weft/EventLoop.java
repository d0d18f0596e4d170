package dev.weft;

import dev.weft.internal.Bridge;
import dev.weft.internal.IoHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An asyncio-style event loop: one thread runs callbacks, timers and the steps of many {@link Task}s.
 * All tasks of a loop share its thread, so their shared state needs no locks; they switch only where
 * they await.
 *
 * <p>Most code never touches the loop: {@link dev.weft.Weft#run} makes one, runs a main task on it and
 * closes it. Use the loop directly to schedule plain callbacks, to run it yourself, or to give it a
 * {@link VirtualClock} in tests.
 *
 * <h2>States</h2>
 * <pre>
 * IDLE    --runForever/runUntilComplete-->  RUNNING   // on the calling thread
 * RUNNING --stop() / the awaited future done-->  IDLE
 * IDLE    --close()-->  CLOSED                        // final: every further use throws
 * </pre>
 *
 * <h2>Ordering</h2>
 * Callbacks run in the order they were scheduled (FIFO); timers in deadline order, ties in
 * scheduling order. Each iteration runs only the callbacks that were ready when it began, so a
 * callback that schedules another cannot starve timers or I/O.
 *
 * <h2>Threads</h2>
 * While it runs, only its own thread may call the loop, its futures and its tasks. The one door for
 * other threads is {@link #callSoonThreadsafe}; anything else from another thread throws
 * {@link IllegalStateException} naming that door. When not running, the loop may be prepared from
 * any one thread at a time. The higher doors are built on it: {@link dev.weft.Weft#runCoroutineThreadsafe},
 * {@link Future#toCompletableFuture()}, the await of a future of another loop, and
 * {@link dev.weft.sync.ThreadQueue} (see <a href="package-summary.html#Doors">the doors</a>);
 * {@link dev.weft.LoopGroup} runs many loops, one per thread.
 *
 * <p><i>Memory consistency effects:</i> actions in a thread before it calls
 * {@link #callSoonThreadsafe} <i>happen-before</i> the callback runs on the loop thread.
 *
 * <h2>Seeing inside</h2>
 * A loop stuck in one callback or task step for longer than {@link #blockedLoopThreshold()} (2 s by
 * default) logs one WARNING with the task's name and the stuck stack, debug mode or not. Exceptions of
 * futures and tasks nobody retrieved are reported at {@link #close()}. {@link #dumpTasks()} lists the
 * tasks; from outside the process, {@code ./weft ps PID} and the JMX beans {@link LoopsMXBean} and
 * {@link EventLoopMXBean} show them with what each awaits.
 *
 * <h2>Differences from asyncio</h2>
 * <ul>
 *   <li>Time is kept in nanoseconds ({@link #nanoTime()}); {@link #time()} gives asyncio's seconds.
 *   <li>The loop keeps a strong reference to every unfinished task, so a task nobody references
 *       still runs to its end (asyncio keeps only weak references, and such tasks can vanish).
 * </ul>
 *
 * {@snippet :
 * try (EventLoop loop = new EventLoop()) {
 *     loop.callLater(Duration.ofMillis(10), () -> System.out.println("later"));
 *     loop.callSoon(() -> System.out.println("soon"));   // prints first
 *     String r = loop.runUntilComplete(() -> {            // a task: may await
 *         Weft.sleep(Duration.ofMillis(20));
 *         return "done";
 *     });
 * }
 * }
 */
public final class EventLoop implements AutoCloseable {
    /* Overview:
     * One thread, a ready queue (ArrayDeque of Handles and internal Runnables: a task wake-up is its
     * own stepper Runnable, so waking a task allocates nothing), a TimerQueue (a sorted run for timers
     * that arrive in order, an indexed binary heap for the rest; cancelled timers leave at once), and
     * an inbox (ConcurrentLinkedQueue) that other threads
     * fill through callSoonThreadsafe.
     *
     * runOnce(), as asyncio's _run_once: move the inbox to the ready queue; compute how long to wait
     * (0 when something is ready or stopping, else until the first timer, else forever); wait (a
     * Selector once I/O exists, else park); move due timers to the ready queue; run exactly the
     * callbacks that are ready now.
     *
     * Wake-up race (cf. Netty NioEventLoop.wakenUp): the loop sets `sleeping` and then re-checks the
     * inbox before it parks or selects; a thread adds to the inbox and then reads `sleeping`. Both
     * are volatile, so either the loop sees the new item, or the thread sees sleeping == true and
     * wakes it (an unpark or Selector.wakeup before the park makes the park return at once). No wake
     * is lost, and no system call is made when the loop is busy.
     *
     * Spin before park (issue 13; cf. Netty's epoll busy-wait and Go's spinning Ms): a park and the
     * unpark that ends it cost a futex wake-up and a reschedule, 5-15 us on this machine, per hop
     * between loops. A loop expects a reply when it has posted to another loop's inbox since it last
     * waited (`replyExpected`: a bridged await registers a relay there, a submit starts a task there,
     * a relay settles a future there), or while one of its tasks awaits a future of another loop or a
     * CompletionStage (`remoteWaits`). Then a reply is likely within microseconds, so the loop polls
     * its inbox for up to spinNanos (never beyond its timeout) before it sets `sleeping` and parks. A
     * loop that expects nothing parks at once, so an idle loop or group uses no CPU. The spin does not
     * poll the selector: I/O that arrives meanwhile waits at most spinNanos.
     * The second condition matters: in a ping-pong a loop often receives the other's relay
     * registration (which it answers with nothing) before the reply its task waits for; had it parked
     * then, every hop would pay a wake-up (CrossLoopBench: 36 us a round trip instead of ~9).
     * The spin adapts, on or off (cf. HotSpot's adaptive spinning for monitors): SPIN_FAILURES_OFF
     * spins in a row that end without a reply turn spinning off; then one wait in SPIN_PROBE_EVERY
     * still spins the whole budget, and a probe that gets its reply turns spinning on again. Halving
     * the budget on each failure (the first version) starved itself: while the other loop is parked,
     * its reply takes a wake-up, longer than any shortened spin, so the spins never succeeded again and
     * the round trip stayed at the parked cost. On a machine whose cores are all busy the other loop's
     * thread is often not running while this one spins (CrossLoopBench at load average 9 on 2 cores: a
     * fixed 20 us spin made the round trip 3x slower); spinning then turns off after a few waits and
     * costs one budget per SPIN_PROBE_EVERY waits. Measured by CrossLoopBench (round trip, -p
     * spinNanos=0,20000) and IdleCpu (an idle group's CPU). Pinned by
     * LoopGroupTest.loopsThatExpectedRepliesParkOnceTheTrafficStops (the spin ends).
     */

    private static final Logger LOG = System.getLogger("dev.weft");
    private static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();
    // The portable backend runs task bodies on virtual threads: they find their loop by the thread
    // that runs it (Kernel.logicalThread). Written once per run; read only from such threads.
    private static final java.util.Map<Thread, EventLoop> RUNNING_BY_THREAD = new java.util.concurrent.ConcurrentHashMap<>();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        Bridge.install(EventLoop::selector); // dev.weft.net registers its channels with the loop's selector
    }

    private final String name;
    private final Clock clock;
    private final VirtualClock virtualClock; // == clock when virtual, else null
    private final ArrayDeque<Object> ready = new ArrayDeque<>(); // Handle or Runnable
    private final TimerQueue timers = new TimerQueue();
    private final ConcurrentLinkedQueue<Handle> inbox = new ConcurrentLinkedQueue<>();
    private volatile boolean sleeping; // see Overview, wake-up race
    // Set when this loop's thread posted to another loop since the loop last waited: spin before the
    // next park (see Overview, spin before park). Written by the loop's (logical) thread only.
    private boolean replyExpected;
    // How long a loop that expects a reply polls its inbox before it parks; 0 never spins. Read when
    // the loop is made (system property weft.spinNanos, for benchmarks), so one JVM can compare.
    private final long spinNanos = Math.max(0, Long.getLong("weft.spinNanos", 20_000));
    private static final int SPIN_FAILURES_OFF = 4;
    private static final int SPIN_PROBE_EVERY = 32;
    private boolean spinOff; // spinning stopped paying (see Overview); loop thread only
    private int spinFailures; // unanswered spins in a row
    private int spinProbes; // waits since spinning turned off
    // Tasks of this loop suspended in an await of another loop's future or of a CompletionStage: their
    // replies come through the inbox (see Overview, spin before park). Loop thread only.
    int remoteWaits;
    private volatile Thread thread; // the running thread; null when not running
    private volatile boolean closed;
    private boolean stopping;
    private int timerSeq; // wraps: TimerQueue compares sequence numbers by their difference
    private Object taskState; // the task side's per-loop registry (dev.weft)
    private Selector selector; // created on first I/O
    private int iterationLeft; // items of the current iteration not yet run
    // Cross-thread links waiting for futures of this loop (onClose); told at close.
    private java.util.Set<Bridge.Droppable> closeListeners;
    private ExceptionHandler exceptionHandler;
    private java.util.Map<String, dev.weft.internal.Signals.Registration> signalHandlers; // by canonical name; loop thread
    private boolean debug = Boolean.getBoolean("weft.debug");
    private boolean eagerTaskStart; // issue 16: tasks start eagerly (asyncio's eager_task_factory)
    private long slowCallbackNanos = Duration.ofMillis(100).toNanos();
    // Visibility (Watchdog, LoopMBeans). `steps` counts callbacks and task steps begun; only the
    // running thread writes it (opaque, so the watchdog sees it move), the watchdog reads it.
    private long steps;
    private long iterations; // plain: read racily by JMX only
    private long slowSteps; // debug mode's slow-callback reports; plain, read racily by JMX only
    volatile long blockedLoopNanos = Watchdog.defaultThresholdNanos(); // 0: off
    private boolean watched; // registered with the Watchdog (on the first run)
    final Watchdog.State watch = new Watchdog.State(); // the watchdog thread's own notes on this loop
    private static final java.lang.invoke.VarHandle STEPS;

    static {
        try {
            STEPS = java.lang.invoke.MethodHandles.lookup().findVarHandle(EventLoop.class, "steps", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A loop on the system clock. */
    public EventLoop() {
        this(Clock.system());
    }

    /**
     * A loop reading time from {@code clock}; give it a {@link VirtualClock} for tests.
     *
     * @param clock the clock
     */
    public EventLoop(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.virtualClock = clock instanceof VirtualClock v ? v : null;
        this.name = "EventLoop-" + COUNTER.incrementAndGet();
    }

    // ---- finding the loop ----

    /**
     * The loop running on the calling thread. As asyncio's {@code get_running_loop}.
     *
     * @return the running loop
     * @throws IllegalStateException "no running event loop" when called outside a running loop
     */
    public static EventLoop running() {
        EventLoop loop = runningOrNull();
        if (loop == null) {
            throw new IllegalStateException("no running event loop: call this from inside a task or callback "
                    + "(start one with Weft.run)");
        }
        return loop;
    }

    /**
     * The loop running on the calling thread, or null.
     *
     * @return the running loop or null
     */
    public static EventLoop runningOrNull() {
        EventLoop loop = RUNNING.get();
        if (loop == null && Thread.currentThread().isVirtual() && !RUNNING_BY_THREAD.isEmpty()) {
            loop = RUNNING_BY_THREAD.get(logicalThread());
        }
        return loop;
    }

    /** The thread that owns the running chain of coroutines (see Kernel.logicalThread). */
    private static Thread logicalThread() {
        try {
            return dev.weft.internal.Kernel.get().logicalThread();
        } catch (IllegalStateException noBackend) {
            return Thread.currentThread();
        }
    }

    // ---- scheduling callbacks ----

    /**
     * Schedules {@code callback} to run on the loop, after the callbacks already scheduled.
     *
     * @param callback what to run; an exception it throws goes to the {@link ExceptionHandler}
     * @return a handle that can cancel it
     * @throws IllegalStateException if the loop is closed, or this is not the loop's thread
     */
    public Handle callSoon(Runnable callback) {
        checkThread();
        preparingKeepsFifo();
        Handle h = new Handle(Objects.requireNonNull(callback, "callback"));
        ready.add(h);
        return h;
    }

    /**
     * Schedules {@code callback} from any thread, waking the loop if it waits. The only method of a
     * loop that other threads may call while it runs.
     *
     * <p><i>Memory consistency effects:</i> actions in the calling thread before this call
     * <i>happen-before</i> {@code callback} runs.
     *
     * @param callback what to run
     * @return a handle whose {@link Handle#cancel()} may be called from any thread
     * @throws IllegalStateException if the loop is closed
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        if (closed) {
            throw closedError();
        }
        Handle h = new Handle(Objects.requireNonNull(callback, "callback"));
        if (thread == Thread.currentThread()) {
            // On the loop's own thread: straight to the ready queue, so FIFO holds with callSoon.
            drainInbox();
            ready.add(h);
            return h;
        }
        EventLoop poster = runningOrNull();
        if (poster != null && poster != this) {
            poster.replyExpected = true; // see Overview, spin before park
        }
        inbox.add(h);
        if (closed && inbox.remove(h)) {
            // Closed between the check above and the add: close() has drained the inbox already (it
            // sets `closed` first), so the item would sit there forever. Either close() took it (and
            // told it, if Droppable) or this remove did: never both, never neither. Pinned by
            // CrossThreadStressTest.postsRacingWithCloseAreRunDroppedOrRefused.
            throw closedError();
        }
        if (sleeping) {
            wakeup();
        }
        return h;
    }

    /**
     * Schedules {@code callback} to run after {@code delay}. As asyncio's {@code call_later}.
     *
     * @param delay how long from now; zero or negative means as soon as possible (after timers already due)
     * @param callback what to run
     * @return a handle that can cancel it
     * @throws IllegalStateException if the loop is closed, or this is not the loop's thread
     */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        return callAtNanos(saturatedAdd(clock.nanoTime(), saturatedNanos(delay)), callback);
    }

    /**
     * Schedules {@code callback} at {@code when}, in {@link #time()} seconds. As asyncio's {@code call_at}.
     *
     * @param when the deadline in loop seconds
     * @param callback what to run
     * @return a handle that can cancel it
     * @throws IllegalStateException if the loop is closed, or this is not the loop's thread
     */
    public TimerHandle callAt(double when, Runnable callback) {
        return callAtNanos((long) (when * 1e9), callback);
    }

    /**
     * Schedules {@code callback} at {@code deadline} in {@link #nanoTime()} nanoseconds.
     *
     * @param deadline the deadline in loop nanoseconds
     * @param callback what to run
     * @return a handle that can cancel it
     * @throws IllegalStateException if the loop is closed, or this is not the loop's thread
     */
    public TimerHandle callAtNanos(long deadline, Runnable callback) {
        checkThread();
        TimerHandle h = new TimerHandle(this, deadline, Objects.requireNonNull(callback, "callback"));
        timers.add(h, deadline, timerSeq++);
        return h;
    }

    void timerCancelled(TimerHandle h) {
        timers.remove(h);
    }

    /**
     * Task.sleep: the task itself waits in the timer queue until {@code delay} from now, then its
     * coroutine (its step) is queued. No TimerHandle per sleep (issue 13's bytes per task).
     */
    void addSleeper(Task<?> t, Duration delay) {
        timers.add(t, saturatedAdd(clock.nanoTime(), saturatedNanos(delay)), timerSeq++);
    }

    /** The sleeping task leaves the timer queue early (cancelled); a no-op if its timer has fired. */
    void removeSleeper(Task<?> t) {
        timers.remove(t);
    }

    /**
     * The loop's monotonic time in seconds, as asyncio's {@code loop.time()}.
     *
     * @return seconds on the loop's clock
     */
    public double time() {
        return clock.nanoTime() / 1e9;
    }

    /**
     * The loop's time now, as a {@link LoopTime}: the absolute form that {@link #callAt(LoopTime,
     * Runnable)} and {@link dev.weft.Timeout#at(LoopTime)} take. As asyncio's {@code loop.time()}.
     *
     * @return the loop's clock now
     */
    public LoopTime now() {
        return new LoopTime(clock.nanoTime());
    }

    /**
     * Schedules {@code callback} at {@code when}; a time already past means as soon as possible (after
     * timers already due). As asyncio's {@code call_at}.
     *
     * @param when the deadline, say {@code now().plus(delay)}
     * @param callback what to run
     * @return a handle that can cancel it
     * @throws IllegalStateException if the loop is closed, or this is not the loop's thread
     */
    public TimerHandle callAt(LoopTime when, Runnable callback) {
        return callAtNanos(when.nanos(), callback);
    }

    /**
     * The loop's monotonic time in nanoseconds.
     *
     * @return nanoseconds on the loop's clock
     */
    public long nanoTime() {
        return clock.nanoTime();
    }

    /**
     * The loop's clock.
     *
     * @return the clock given at construction
     */
    public Clock clock() {
        return clock;
    }

    // ---- futures and tasks ----

    /**
     * A new pending future of this loop. As asyncio's {@code loop.create_future}.
     *
     * @param <T> the result type
     * @return a pending future
     */
    public <T> Future<T> createFuture() {
        checkThread();
        return new Future<>(this);
    }

    /**
     * Wraps {@code body} in a new task of this loop, scheduled to start at the loop's next iteration.
     * As asyncio's {@code loop.create_task}.
     *
     * @param body the task's body; it may await at any depth
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the loop is closed, or this is not the loop's thread
     */
    public <T> Task<T> createTask(Callable<T> body) {
        return createTask(body, null);
    }

    /**
     * As {@link #createTask(Callable)}, with a name ({@code null} for the default {@code Task-N}).
     *
     * @param body the task's body
     * @param name the task's name, or null
     * @param <T> the result type
     * @return the task
     */
    public <T> Task<T> createTask(Callable<T> body, String name) {
        return newTask(Objects.requireNonNull(body, "body"), name);
    }

    /** As {@link #createTask(Callable, String)}, for a body that returns nothing (Weft.spawn(Action)). */
    Task<Void> createTask(Weft.Action body, String name) {
        return newTask(Task.bodyOf(Objects.requireNonNull(body, "body")), name);
    }

    private <T> Task<T> newTask(Object body, String name) {
        checkThread();
        preparingKeepsFifo();
        return Task.newTask(this, body, name);
    }

    /**
     * The task whose step runs now on this loop, or null in a plain callback. As asyncio's
     * {@code current_task}.
     *
     * @return the current task or null
     */
    public Task<?> currentTask() {
        return Task.currentOf(this);
    }

    /**
     * Every task of this loop that has not finished. As asyncio's {@code all_tasks}.
     *
     * @return a snapshot list, oldest first
     */
    public List<Task<?>> allTasks() {
        return Task.allOf(this);
    }

    // ---- running ----

    /**
     * Runs the loop until {@code future} is done, and returns its result or throws its exception.
     *
     * @param future a future or task of this loop
     * @param <T> the result type
     * @return the future's result
     * @throws CancelledError if the future was cancelled
     * @throws IllegalStateException if the loop is closed or running, another loop runs on this
     *     thread, or the loop was stopped before the future was done
     */
    public <T> T runUntilComplete(Future<T> future) {
        if (future.loop() != this) {
            throw new IllegalStateException("the future belongs to " + future.loop() + ", not to " + this);
        }
        checkNotRunnable(); // before adding the stopper: a refused run must leave no callback behind
        java.util.function.Consumer<Future<T>> stopper = f -> stop();
        future.addDoneCallback(stopper);
        try {
            runForever();
        } finally {
            // A run that ended early (stop()) must not stop a later run when the future completes.
            future.removeDoneCallback(stopper);
        }
        if (!future.isDone()) {
            throw new IllegalStateException("Event loop stopped before Future completed.");
        }
        return future.result();
    }

    /**
     * Runs {@code body} as a task of this loop until it is done, and returns its result.
     *
     * @param body the task's body
     * @param <T> the result type
     * @return what the body returned
     * @throws CancelledError if the task was cancelled
     * @throws RuntimeException what the body threw (a checked exception wrapped in
     *     {@link java.util.concurrent.CompletionException})
     */
    public <T> T runUntilComplete(Callable<T> body) {
        checkNotRunnable();
        return runUntilComplete(createTask(body));
    }

    /**
     * Runs the loop until {@link #stop()} is called.
     *
     * @throws IllegalStateException if the loop is closed or already running, or another loop runs
     *     on this thread
     */
    public void runForever() {
        checkNotRunnable();
        Thread me = Thread.currentThread();
        thread = me;
        RUNNING.set(this);
        RUNNING_BY_THREAD.put(me, this);
        if (!watched) {
            watched = true;
            Watchdog.register(this);
        }
        try {
            while (true) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } finally {
            stopping = false;
            thread = null;
            RUNNING.remove();
            RUNNING_BY_THREAD.remove(me);
        }
    }

    private void checkNotRunnable() {
        if (closed) {
            throw closedError();
        }
        if (thread != null) {
            throw new IllegalStateException("This event loop is already running");
        }
        EventLoop other = runningOrNull();
        if (other != null) {
            throw new IllegalStateException(
                    "Cannot run the event loop while another loop is running on this thread (" + other + ")");
        }
    }

    /**
     * Asks the loop to stop after the callbacks ready now have run. Called before the loop runs, the
     * next run does one iteration and stops.
     *
     * @throws IllegalStateException if this is not the loop's thread
     */
    public void stop() {
        checkThread();
        stopping = true;
    }

    /**
     * Whether the loop is running.
     *
     * @return true between the start and the end of a run
     */
    public boolean isRunning() {
        return thread != null;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Whether the calling thread is the loop's running thread (Netty's {@code inEventLoop}).
     *
     * @return true on the loop's thread while it runs
     */
    public boolean inLoopThread() {
        Thread t = thread;
        return t == Thread.currentThread() || (t != null && t == logicalThread());
    }

    /**
     * Closes the loop: pending callbacks and timers are dropped, unfinished tasks are reported
     * ("Task was destroyed but it is pending!"), and so is each exception of a done future or task
     * that nobody retrieved ("Task exception was never retrieved"), once, through the exception
     * handler; asyncio reports those only when the future is garbage-collected. Idempotent.
     *
     * @throws IllegalStateException "Cannot close a running event loop" while it runs
     */
    @Override
    public void close() {
        if (thread != null) {
            throw new IllegalStateException("Cannot close a running event loop");
        }
        if (closed) {
            return;
        }
        for (Task<?> t : allTasks()) {
            callExceptionHandler(new ErrorContext("Task was destroyed but it is pending!", null, t, null));
            PendingTaskDestroyedEvent.emit(t.toString());
        }
        Task.abandonAll(this);
        removeAllSignalHandlers();
        // Exceptions of done futures and tasks nobody retrieved: reported now, once each, not only
        // when (if ever) the GC collects them.
        Task.reportUnretrieved(this);
        closed = true;
        Watchdog.closed(this);
        // Callbacks that will now never run, and links to futures that will now never complete: the
        // cross-thread doors (Bridge.Droppable) are told, so that no thread or loop waits forever.
        List<Bridge.Droppable> dropped = new java.util.ArrayList<>();
        if (closeListeners != null) {
            dropped.addAll(closeListeners);
            closeListeners = null;
        }
        for (Object item : ready) {
            if (item instanceof Handle h && h.callback instanceof Bridge.Droppable d && !h.cancelled) {
                dropped.add(d);
            }
        }
        ready.clear();
        timers.clear();
        Handle h;
        while ((h = inbox.poll()) != null) { // poll, not clear: see the race in callSoonThreadsafe
            if (h.callback instanceof Bridge.Droppable d && !h.cancelled) {
                dropped.add(d);
            }
        }
        if (selector != null) {
            // The loop owns what is registered with its selector: a channel left open (a server nobody
            // closed, a transport still flushing) would leak its file descriptor past the loop.
            for (java.nio.channels.SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "closing a channel left on the selector", e);
                }
            }
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the selector", e);
            }
        }
        for (Bridge.Droppable d : dropped) {
            try {
                d.dropped();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "a dropped callback of " + this + " failed", e);
            }
        }
    }

    // ---- signals ----

    /**
     * Runs {@code callback} on this loop each time the process receives {@code signal}. As asyncio's
     * {@code loop.add_signal_handler}: a second call for the same signal replaces the callback, and
     * {@link #close()} removes every handler of the loop.
     *
     * {@snippet :
     * EventLoop loop = Weft.loop();
     * loop.addSignalHandler("HUP", () -> reloadConfig());      // runs on the loop, as a callback
     * loop.addSignalHandler("TERM", () -> server.close());     // replaces Weft.run's default for TERM
     * }
     *
     * <p>The signal is received on the JVM's signal-dispatch thread and handed to the loop with
     * {@link #callSoonThreadsafe}: the callback runs on the loop's thread in a later iteration, like any
     * callback (an exception it throws goes to the {@link ExceptionHandler}). While the loop is blocked
     * (a task that does not suspend), the callback waits for it.
     *
     * <h4>One handler per signal in the JVM</h4>
     * The JVM has one handler per signal, so the most recent registration in the JVM hears it: this
     * one, until it is removed or another loop (or a later {@code Weft.run}) registers the same signal.
     * Removing it gives the signal back to the one registered before (Weft.run's graceful shutdown for
     * INT and TERM, say), or to what handled it before Weft (for INT and TERM, the JVM's exit).
     * Registering INT or TERM here therefore takes them from {@code Weft.run}'s graceful shutdown: the
     * program then decides itself what a Ctrl-C means.
     *
     * <h4>Differences from asyncio</h4>
     * Signals are named ({@code "INT"} or {@code "SIGINT"}; the numbers differ between platforms), and
     * any loop may register, not only the main thread's. There is no {@code *args}: capture what the
     * callback needs.
     *
     * @param signal the signal's name, with or without "SIG", in any case
     * @param callback what to run on this loop
     * @throws IllegalArgumentException if the platform has no such signal, or the JVM or the OS
     *     reserves it ({@code QUIT}, {@code KILL}, {@code STOP}, ...): the message says which
     * @throws IllegalStateException if the loop is closed, or this is not the loop's thread
     * @throws UnsupportedOperationException on a runtime without the module {@code jdk.unsupported}
     */
    public void addSignalHandler(String signal, Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        checkThread();
        String name;
        try {
            name = dev.weft.internal.Signals.canonical(signal);
        } catch (LinkageError missing) {
            throw new UnsupportedOperationException("signal handlers need the module jdk.unsupported (sun.misc.Signal), "
                    + "which this runtime lacks: add it to the image, or 'requires jdk.unsupported' in a module-info");
        }
        dev.weft.internal.Signals.Registration r = dev.weft.internal.Signals.add(name, (n, number) -> {
            try {
                callSoonThreadsafe(callback);
            } catch (IllegalStateException closedMeanwhile) {
                // the loop closed: its handlers are being removed
            }
        });
        if (signalHandlers == null) {
            signalHandlers = new java.util.HashMap<>();
        }
        dev.weft.internal.Signals.Registration old = signalHandlers.put(name, r);
        if (old != null) {
            old.remove();
        }
    }

    /**
     * Removes this loop's handler for {@code signal}. As asyncio's {@code loop.remove_signal_handler}.
     * The signal goes back to whoever registered it before (see {@link #addSignalHandler}).
     *
     * @param signal the signal's name, with or without "SIG"
     * @return true if a handler was removed; false if this loop had none for that signal
     * @throws IllegalArgumentException if the platform has no such signal
     * @throws IllegalStateException if this is not the loop's thread
     */
    public boolean removeSignalHandler(String signal) {
        String name = dev.weft.internal.Signals.canonical(signal);
        if (closed) {
            return false; // close() removed them all
        }
        checkThread();
        dev.weft.internal.Signals.Registration r = signalHandlers == null ? null : signalHandlers.remove(name);
        if (r == null) {
            return false;
        }
        r.remove();
        return true;
    }

    private void removeAllSignalHandlers() {
        if (signalHandlers != null) {
            for (dev.weft.internal.Signals.Registration r : signalHandlers.values()) {
                r.remove();
            }
            signalHandlers = null;
        }
    }

    // ---- errors and debugging ----

    /**
     * Sets the handler for errors nobody awaited; {@code null} restores the default, which logs
     * through {@link System.Logger} ({@code dev.weft}) at ERROR.
     *
     * @param handler the handler or null
     */
    public void setExceptionHandler(ExceptionHandler handler) {
        this.exceptionHandler = handler;
    }

    /**
     * The handler set by {@link #setExceptionHandler}, or null for the default.
     *
     * @return the handler or null
     */
    public ExceptionHandler exceptionHandler() {
        return exceptionHandler;
    }

    /**
     * Passes {@code context} to the exception handler (or the default). As asyncio's
     * {@code call_exception_handler}. A handler that throws is logged, never propagated.
     *
     * @param context what happened
     */
    public void callExceptionHandler(ErrorContext context) {
        ExceptionHandler h = exceptionHandler;
        if (h != null) {
            try {
                h.handle(this, context);
                return;
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "Unhandled error in exception handler of " + this, e);
            }
        }
        defaultExceptionHandler(context);
    }

    /**
     * What the default handler does: one log record at ERROR with the message, the future or handle,
     * and the exception.
     *
     * @param context what happened
     */
    public void defaultExceptionHandler(ErrorContext context) {
        StringBuilder sb = new StringBuilder(context.message());
        if (context.future() != null) {
            sb.append("\n  future: ").append(context.future());
        }
        if (context.handle() != null) {
            sb.append("\n  handle: ").append(context.handle());
        }
        LOG.log(Level.ERROR, sb.toString(), context.exception());
    }

    /**
     * Turns debug mode on or off (also on from the start with {@code -Dweft.debug=true}). In debug mode
     * the loop reports callbacks and task steps slower than {@link #slowCallbackDuration()}.
     *
     * @param on whether debug mode is on
     */
    public void setDebug(boolean on) {
        this.debug = on;
    }

    /**
     * Makes every task created on this loop from now on start eagerly, as
     * {@code loop.set_task_factory(asyncio.eager_task_factory)} (Python 3.12): created while the loop
     * runs, on its thread, a task runs its first step at once, inside the call that created it, until
     * it first suspends; one that finishes without suspending is done before that call returns and is
     * never scheduled. See {@link dev.weft.Weft#spawnEager(java.util.concurrent.Callable)} for the
     * rules, and for one task at a time.
     *
     * @param on whether new tasks start eagerly
     * @throws IllegalStateException if the loop is closed, or this is not the loop's thread
     */
    public void setEagerTaskStart(boolean on) {
        checkThread();
        this.eagerTaskStart = on;
    }

    /**
     * Whether new tasks start eagerly ({@link #setEagerTaskStart}).
     *
     * @return true if they do
     */
    public boolean isEagerTaskStart() {
        return eagerTaskStart;
    }

    /**
     * Whether debug mode is on.
     *
     * @return true in debug mode
     */
    public boolean isDebug() {
        return debug;
    }

    /**
     * The duration beyond which debug mode reports a callback or task step as blocking the loop
     * (default 100 ms, as asyncio).
     *
     * @return the threshold
     */
    public Duration slowCallbackDuration() {
        return Duration.ofNanos(slowCallbackNanos);
    }

    /**
     * Sets the slow-callback threshold.
     *
     * @param d the threshold, positive
     * @throws IllegalArgumentException if {@code d} is not positive
     */
    public void setSlowCallbackDuration(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("slowCallbackDuration: " + d + " (expected: > 0)");
        }
        this.slowCallbackNanos = d.toNanos();
    }

    /**
     * Sets the blocked-loop warning's threshold: when one callback or task step keeps the loop busy
     * longer than this, one WARNING is logged ({@link System.Logger} {@code dev.weft}) with the task's
     * name and the stack where the loop is stuck, and a {@code dev.weft.BlockedLoop} JFR event is
     * recorded. On by default, also without debug mode; the default is 2 s, or
     * {@code -Dweft.blockedLoopWarning=500ms} (or {@code 3s}, or {@code off}). {@link Duration#ZERO}
     * switches it off for this loop. May be called from any thread.
     *
     * <p>One shared daemon thread watches every loop: it checks, a few times per threshold, whether the
     * loop has begun another callback or step since it last looked. So a stall is reported between
     * one and about 1.25 thresholds after it began, once per stall, and the loop itself pays one plain
     * store per step. As Vert.x's "Thread ... has been blocked for 2000 ms" warning.
     *
     * {@snippet :
     * loop.setBlockedLoopThreshold(Duration.ofMillis(500)); // a latency-sensitive loop: report sooner
     * loop.setBlockedLoopThreshold(Duration.ZERO);          // or never (say, a loop for batch work)
     * }
     *
     * @param threshold how long one callback or step may run before it is reported; zero for never
     * @throws IllegalArgumentException if {@code threshold} is negative
     */
    public void setBlockedLoopThreshold(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("blockedLoopThreshold: " + threshold + " (expected: >= 0, 0 for off)");
        }
        this.blockedLoopNanos = threshold.toNanos();
        Watchdog.thresholdChanged();
    }

    /**
     * The blocked-loop warning's threshold (see {@link #setBlockedLoopThreshold}).
     *
     * @return the threshold, or {@link Duration#ZERO} when the warning is off
     */
    public Duration blockedLoopThreshold() {
        return Duration.ofNanos(blockedLoopNanos);
    }

    /**
     * The loop's name, {@code EventLoop-N}: shown by {@code toString}, the task dump, {@code ./weft ps}
     * and its JMX name ({@code dev.weft:type=EventLoop,name=EventLoop-N}).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    // Read by the Watchdog and the JMX beans from their own threads: racy, for reports only.
    Thread runningThread() {
        return thread;
    }

    boolean isWaitingForEvents() {
        return sleeping;
    }

    long stepsSeen() {
        return (long) STEPS.getOpaque(this);
    }

    long iterations() {
        return iterations;
    }

    long slowSteps() {
        return slowSteps;
    }

    int readyCount() {
        return ready.size();
    }

    int timerCount() {
        return timers.size();
    }

    /**
     * Every unfinished task with its state and, for a suspended one, the full stack where it waits.
     * Continuations keep real stacks, so this shows the exact line each task awaits at.
     *
     * @return the dump, one block per task
     */
    public String dumpTasks() {
        StringBuilder sb = new StringBuilder();
        List<Task<?>> all = allTasks();
        sb.append(this).append(": ").append(all.size()).append(" task(s)\n");
        for (Task<?> t : all) {
            sb.append(t).append('\n');
            for (StackTraceElement e : t.suspendedStack()) {
                sb.append("    at ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        String state = closed ? "closed" : thread != null ? "running" : "idle";
        return name + "[" + state + ", ready=" + ready.size() + ", timers=" + timers.size()
                + (debug ? ", debug" : "") + "]";
    }

    // ---- internals ----

    /** Appends {@code r} to the ready queue (a task's wake-up): no Handle, no allocation. Loop thread only. */
    void enqueue(Runnable r) {
        ready.add(r);
    }

    /** The first item of the ready queue, or null. */
    Object peekReady() {
        return ready.peek();
    }

    /** The task side's per-loop registry (Task.LoopTasks), or null. */
    Object taskState() {
        return taskState;
    }

    void setTaskState(Object state) {
        taskState = state;
    }

    /**
     * Registers {@code d} to be told ({@link Bridge.Droppable#dropped()}, on the closing thread) if this
     * loop closes before {@link #removeOnClose} is called: a cross-thread link waiting for a future of
     * this loop. Loop thread only.
     */
    void onClose(Bridge.Droppable d) {
        if (closeListeners == null) {
            closeListeners = new java.util.LinkedHashSet<>();
        }
        closeListeners.add(d);
    }

    /** Unregisters {@code d}; a no-op if it is not registered. Loop thread only. */
    void removeOnClose(Bridge.Droppable d) {
        if (closeListeners != null) {
            closeListeners.remove(d);
        }
    }

    void checkThread() {
        if (closed) {
            throw closedError();
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread() && t != logicalThread()) {
            throw new IllegalStateException(this + " runs on thread '" + t.getName() + "', but was called from '"
                    + Thread.currentThread().getName() + "'; other threads must use callSoonThreadsafe");
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("Event loop is closed (" + name + ")");
    }

    private void wakeup() {
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** The loop's selector, made on first use (by the I/O layer). Loop thread only. */
    Selector selector() {
        if (selector == null) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector", e);
            }
        }
        return selector;
    }

    private void runOnce() {
        long timeout = nextTimeout();
        if (timeout != 0) {
            waitForEvents(timeout);
            drainInbox();
        } else {
            pollEvents();
        }
        beginIteration();
        iterations++;
        // A field, not a local: on the portable backend a suspending task's thread may take task steps
        // of this iteration itself (takeNextStep) while this thread waits for it.
        while (iterationLeft > 0) {
            iterationLeft--;
            run(ready.poll());
        }
    }

    /** Drains the inbox; how long the next wait for events may last: 0 none, -1 no limit, else ns. */
    private long nextTimeout() {
        drainInbox();
        if (!ready.isEmpty() || stopping) {
            return 0;
        } else if (!timers.isEmpty()) {
            return Math.max(0, timers.firstDeadline() - clock.nanoTime());
        } else {
            return -1;
        }
    }

    /** Moves the due timers to the ready queue; this iteration runs what is ready now. */
    private void beginIteration() {
        if (!timers.isEmpty()) { // no clock read when no timer waits: a task switch needs none
            long now = clock.nanoTime();
            while (!timers.isEmpty() && timers.firstDeadline() <= now) {
                Object due = timers.poll();
                ready.add(due instanceof Task<?> t ? t.co : due); // a sleeper's wake-up is its step
            }
        }
        iterationLeft = ready.size();
    }

    /**
     * The loop's next step of a task, taken on the thread of a task that has just suspended (portable
     * backend, see takeNextStep), when the loop's own thread would do nothing else
     * before it: the next item of this iteration is a task step, or this iteration is over and the
     * next one needs no I/O poll and no wait and begins with one. Callbacks and I/O always run on the
     * loop's own thread (what they see of threads and thread-locals stays the same on both
     * backends); that thread is blocked meanwhile, in the step it ran, and sees everything done here
     * when control comes back to it.
     */
    Runnable takeNextStep(Class<?> stepType) {
        if (debug) {
            return null; // slow steps are timed around each step, on the loop's thread
        }
        if (iterationLeft == 0) {
            if (stopping || closed || hasIo() || nextTimeout() != 0) {
                return null;
            }
            beginIteration();
        }
        if (iterationLeft > 0 && stepType.isInstance(ready.peek())) {
            iterationLeft--;
            STEPS.setOpaque(this, steps + 1); // a step begins here instead of in run()
            return (Runnable) ready.poll();
        }
        return null;
    }

    /**
     * While the loop is not running, callSoonThreadsafe items wait in the inbox; move them to the ready
     * queue before scheduling more, so a loop prepared on one thread keeps FIFO order
     * (test_call_soon_threadsafe_same_thread). Only the preparing thread touches the ready queue.
     */
    private void preparingKeepsFifo() {
        if (thread == null && !inbox.isEmpty()) {
            drainInbox();
        }
    }

    private void drainInbox() {
        Handle h;
        while ((h = inbox.poll()) != null) {
            ready.add(h);
        }
    }

    /** Whether a channel is registered with the selector: an iteration starts with an I/O poll. */
    private boolean hasIo() {
        Selector s = selector;
        return s != null && !s.keys().isEmpty();
    }

    private void pollEvents() {
        if (hasIo()) {
            try {
                selector.selectNow(this::ioReady);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void waitForEvents(long timeoutNanos) {
        if (virtualClock != null && timeoutNanos > 0) {
            // Autojump: nothing is ready, so move time to the first timer instead of waiting for it,
            // unless another thread or I/O has something for us.
            pollEvents();
            if (inbox.isEmpty() && ready.isEmpty()) {
                virtualClock.jumpTo(timers.firstDeadline());
            }
            return;
        }
        if (replyExpected || remoteWaits > 0) {
            replyExpected = false;
            if (spinForInbox(timeoutNanos)) {
                pollEvents();
                return;
            }
        }
        sleeping = true;
        try {
            if (!inbox.isEmpty()) {
                pollEvents();
                return;
            }
            Selector s = selector;
            if (s != null) {
                long ms = timeoutNanos < 0 ? 0 : Math.max(1, (timeoutNanos + 999_999) / 1_000_000);
                try {
                    s.select(this::ioReady, ms);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (timeoutNanos < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, timeoutNanos);
            }
        } finally {
            sleeping = false;
        }
    }

    /**
     * Polls the inbox for up to spinNanos, never beyond {@code timeoutNanos} (negative: no limit):
     * true if something arrived. See Overview, spin before park.
     */
    private boolean spinForInbox(long timeoutNanos) {
        if (spinNanos == 0 || spinOff && ++spinProbes % SPIN_PROBE_EVERY != 0) {
            return false;
        }
        long limit = timeoutNanos < 0 ? spinNanos : Math.min(spinNanos, timeoutNanos);
        if (limit <= 0) {
            return false;
        }
        long start = System.nanoTime();
        do {
            if (!inbox.isEmpty()) {
                spinOff = false;
                spinFailures = 0;
                return true;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - start < limit);
        if (limit == spinNanos && ++spinFailures >= SPIN_FAILURES_OFF) { // not one cut short by a timer
            spinOff = true;
            spinProbes = 0;
        }
        return !inbox.isEmpty();
    }

    private void ioReady(java.nio.channels.SelectionKey key) {
        if (key.attachment() instanceof IoHandler h) {
            try {
                h.ioReady(key);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                callExceptionHandler(new ErrorContext("Exception in I/O handler " + h, e, null, null));
            }
        }
    }

    /** A ready item, for reports: a task's coroutine (its step) says which task and where it waits. */
    private static String describe(Object item) {
        if (item instanceof dev.weft.internal.Coroutine c && c.owner() instanceof Task<?> t) {
            return t.describeStep();
        }
        return String.valueOf(item);
    }

    private void run(Object item) {
        STEPS.setOpaque(this, steps + 1); // the watchdog's sign of progress: one store, no fence
        long start = debug ? System.nanoTime() : 0;
        try {
            if (item instanceof Handle h) {
                h.runIfNotCancelled();
            } else {
                ((Runnable) item).run();
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            callExceptionHandler(new ErrorContext("Exception in callback " + describe(item), e, null,
                    item instanceof Handle h ? h : null));
        }
        if (debug) {
            long took = System.nanoTime() - start;
            if (took > slowCallbackNanos) {
                slowSteps++;
                String what = describe(item);
                LOG.log(Level.WARNING, String.format("Executing %s took %.3f seconds", what, took / 1e9));
                SlowCallbackEvent.emit(what, took);
            }
        }
    }

    /**
     * {@code d} in nanoseconds, clamped instead of overflowing (Duration.toNanos throws beyond about
     * 292 years): a very long delay means "never", as asyncio's {@code call_later(1e300, ...)}.
     */
    private static long saturatedNanos(Duration d) {
        long s = d.getSeconds();
        if (s >= 9_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (s <= -9_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return d.toNanos();
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
