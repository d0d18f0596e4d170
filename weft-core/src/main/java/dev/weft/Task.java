package dev.weft;

import dev.weft.gen.Generator;
import dev.weft.internal.Bridge;
import dev.weft.internal.Coroutine;
import dev.weft.internal.GeneratorHandle;
import dev.weft.internal.Kernel;
import dev.weft.internal.Scope;
import dev.weft.internal.WaitReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A body running on an {@link EventLoop} as a coroutine, and the {@link Future} of its result. As
 * asyncio's {@code Task}. Made by {@link Weft#spawn} or {@link EventLoop#createTask}.
 *
 * <p>Inside a task, any method at any depth may await: there is no {@code async} colouring. Awaiting
 * an unfinished future suspends the task (its whole stack is kept by a continuation) and lets the
 * loop run others; the task resumes on the same thread when the future is done.
 *
 * {@snippet :
 * Task<String> page = Weft.spawn("fetch-a", () -> fetch("a"));   // starts once this task awaits
 * Task<String> other = Weft.spawn(() -> fetch("b"));
 * String a = page.await();                        // both fetches were in flight meanwhile
 * if (!other.isDone()) {
 *     other.cancel("not needed");                 // CancelledError at its suspension point
 * }
 * }
 *
 * <h2>States</h2>
 * <pre>
 * SCHEDULED --first step-->        RUNNING    // the body starts
 * RUNNING   --awaits a pending Future or sleeps-->  WAITING (with a wait reason)
 * WAITING   --the future is done / timer fires-->  READY
 * READY     --step-->              RUNNING
 * RUNNING   --body returns or throws-->  DONE   // the Future completes
 * </pre>
 * {@code toString()} shows it: {@code Task[Task-3 WAITING SLEEP]}.
 *
 * <h2>Cancellation</h2>
 * {@link #cancel(String)} asks the task to stop: a {@link CancelledError} is raised at the point where
 * it is suspended (or, if it has not started, its body never runs). {@code finally} blocks run; the
 * task may even catch the error and go on. A task awaiting another task or future cancels that one
 * too, unless it is {@linkplain Weft#shield shielded}. {@link #cancelling()} counts the requests not
 * yet {@linkplain #uncancel() withdrawn}, as asyncio 3.11.
 *
 * <h2>Exceptions</h2>
 * What the body throws becomes the task's exception: awaiting the task rethrows it (a checked one
 * wrapped in {@link java.util.concurrent.CompletionException}). A {@link CancelledError} escaping the
 * body marks the task cancelled.
 *
 * <h2>Pitfalls</h2>
 * A blocking JDK call inside a task ({@code Thread.sleep}, a blocking socket read,
 * {@code CompletableFuture.join}) blocks the loop thread and so every task of the loop. Use
 * {@link Weft#sleep} and Weft's own awaits. The loop warns when one step runs longer than its
 * {@linkplain EventLoop#setBlockedLoopThreshold blocked-loop threshold} (2 s by default), with the
 * task's name and stack; debug mode reports any step over 100 ms.
 *
 * <p>Tasks of one loop share its thread on the continuation backend, with its thread-locals and
 * {@code ScopedValue} bindings (see <a href="package-summary.html#Context">what tasks share of a
 * thread</a>). DANGER: an await inside {@code ScopedValue.where(...).run(...)} made by the task throws
 * {@link IllegalStateException} there, because the binding would reach the loop's other tasks. DO THIS
 * INSTEAD: keep per-task values in a {@link TaskLocal}, or switch a thread-local per task with
 * {@link Weft#carry}.
 *
 * @param <T> the type of the result
 */
public final class Task<T> extends Future<T> {
    /* Overview:
     * A Task owns one Coroutine (task scope), which is also its step: the loop runs the coroutine (a
     * Runnable) from its ready queue, mounting it until it suspends or ends. The step's bookkeeping is
     * done inside the body, so no wrapper object or frame sits between the loop and the body: the body
     * makes itself its loop's current task, RUNNING, when it starts and each time a suspension returns
     * (enter), and clears the current task right before it suspends or ends (the loop, or the task
     * that started it eagerly, runs next). Invariant while not done: exactly one of {scheduled (co on
     * the ready queue), WAITING (registered with `waiter`, a Future, or sleeping in the timer queue),
     * RUNNING} holds, so each wake-up resumes the task exactly once.
     *
     * Cancellation follows asyncio's Task.cancel: if the task waits on a Future and cancelling that
     * future succeeds, the future's completion wakes the task and the await throws CancelledError;
     * otherwise `mustCancel` is set and the task throws CancelledError when it next resumes (or before
     * its body starts). A sleeping task's timer is cancelled and the task is scheduled at once.
     */

    // The run state, in a byte (issue 13's bytes per task):
    // SCHEDULED -> RUNNING -> (WAITING or READY -> RUNNING)* -> DONE
    private static final byte SCHEDULED = 0;
    private static final byte RUNNING = 1;
    private static final byte WAITING = 2;
    private static final byte READY = 3;
    private static final byte DONE = 4;
    private static final String[] RUN_STATES = {"SCHEDULED", "RUNNING", "WAITING", "READY", "DONE"};
    private static final WaitReason[] WAIT_REASONS = WaitReason.values();

    private static final AtomicInteger IDS = new AtomicInteger();

    static {
        // What dev.weft.sync and dev.weft.net need of tasks (the one door out of this package).
        Bridge.install(new Bridge.TaskDoor() {
            @Override
            public <R> R await(Future<R> future, WaitReason waitReason) {
                return awaitFuture(future, waitReason);
            }

            @Override
            public Object captureContext() {
                return ThreadContext.capture();
            }

            @Override
            public void applyContext(Task<?> task, Object captured) {
                ThreadContext.apply(task, captured);
            }
        });
    }

    /**
     * A new task of {@code loop}, scheduled to start (EventLoop.createTask). The body is a
     * {@code Callable<R>}, or a {@link Weft.Action} for a task of {@code Void} (see {@link #bodyOf}).
     */
    static <R> Task<R> newTask(EventLoop loop, Object body, String name) {
        return new Task<>(loop, body, name);
    }

    /**
     * What a task keeps as the body of an {@code Action}: the action itself, so that no wrapper
     * lambda is allocated per task nor stands as one more frame in every suspended task's stack
     * (runBody calls it directly). An action that is also a {@code Callable} is wrapped, since runBody
     * would call it as the Callable.
     */
    static Object bodyOf(Weft.Action action) {
        if (action instanceof Callable<?>) {
            return (Callable<Void>) () -> {
                action.run();
                return null;
            };
        }
        return action;
    }

    /** The task whose step is running on {@code loop}, or null; racy from other threads (reports only). */
    static Task<?> currentOf(EventLoop loop) {
        LoopTasks lt = (LoopTasks) loop.taskState();
        return lt == null ? null : lt.current;
    }

    /** Every unfinished task of {@code loop}. */
    static List<Task<?>> allOf(EventLoop loop) {
        LoopTasks lt = (LoopTasks) loop.taskState();
        return lt == null ? List.of() : lt.snapshot();
    }

    /** The loop closes with these tasks unfinished: free what their suspended bodies hold. */
    static void abandonAll(EventLoop loop) {
        for (Task<?> t : allOf(loop)) {
            t.co.kill(true); // the portable backend unwinds the body so its thread ends
        }
    }

    /** Reports each exception of a done future of {@code loop} that nobody retrieved, once (at close). */
    static void reportUnretrieved(EventLoop loop) {
        LoopTasks lt = (LoopTasks) loop.taskState();
        if (lt != null && lt.unretrieved != null) {
            List<Future.Unretrieved> all = new ArrayList<>(lt.unretrieved);
            lt.unretrieved = null;
            for (Future.Unretrieved u : all) {
                u.reportNow();
            }
        }
    }

    /** The number of unfinished tasks of {@code loop}; racy from other threads (reports only). */
    static int countOf(EventLoop loop) {
        LoopTasks lt = (LoopTasks) loop.taskState();
        return lt == null ? 0 : lt.count;
    }

    /** What this task waits on (a Future), or null; racy from other threads (reports only). */
    Object waitingOn() {
        return waiter;
    }

    /** The thread running this task's step now, if not the loop's own (portable backend), else null. */
    Thread runningThread() {
        return co.runningThread();
    }

    static {
        // A generator whose body starts inside a task is asynchronous: Weft.run closes it (firstiter).
        dev.weft.internal.GeneratorHooks.setFirstIter(g -> {
            EventLoop loop = EventLoop.runningOrNull();
            LoopTasks lt = loop == null ? null : (LoopTasks) loop.taskState();
            if (lt != null && lt.current != null) {
                lt.asyncGenerators.put(g, Boolean.TRUE);
                g.markAsynchronous();
            }
        });
    }

    /** Every task's body, given the task: a class, not a lambda (one interpreted frame less while cold). */
    private static final class RunBody implements java.util.function.Consumer<Object> {
        @Override
        public void accept(Object task) {
            ((Task<?>) task).runBody();
        }
    }

    private static final class K { // touched only after Kernel.get() succeeded
        static final Kernel KERNEL = Kernel.get();
        static final Scope SCOPE = KERNEL.tasks();
        static final java.util.function.Consumer<Object> RUN_BODY = new RunBody(); // shared by all tasks

        static {
            KERNEL.setLoopDriver(new dev.weft.internal.LoopDriver() {
                @Override
                public Coroutine next(Object task) {
                    return switchDirectly(task);
                }

                @Override
                public boolean stepsNext(Object task) {
                    Task<?> t = (Task<?>) task;
                    return t.loop.peekReady() == t.co;
                }
            });
        }
    }

    /**
     * Portable backend (dev.weft.internal.LoopDriver): task {@code owner} has suspended; if the loop's
     * next item is a task step, take it (its body makes itself the current task as it resumes).
     */
    private static Coroutine switchDirectly(Object owner) {
        Task<?> suspended = (Task<?>) owner;
        Runnable step = suspended.loop.takeNextStep(Coroutine.class); // only tasks' coroutines are queued
        if (step == null) {
            return null; // the loop's thread takes over
        }
        return (Coroutine) step; // its body makes itself the current task as it resumes
    }

    final Coroutine co; // also the task's step: what the loop queues to run it (see Overview)
    private final int id; // unsigned, wraps after 2^32 tasks: an int is 8 bytes less per task (issue 13)
    private byte runState = SCHEDULED;
    private byte waitReason = -1; // while WAITING: a WaitReason's ordinal; else -1
    private Object waiter; // the Future this task waits on, or null
    int timerIndex = -1; // sleeping: its place in the loop's TimerQueue (the task is its own timer); else -1
    Map<TaskLocal<?>, Object> locals; // copy-on-write; inherited at spawn
    Task<?> prev; // the loop's intrusive list of unfinished tasks
    Task<?> next;
    private Rare rare; // what most tasks never set; null until something is

    /**
     * The fields most tasks never set, in an object of their own made on the first write (issue 13's
     * bytes per task: a task without them is 16 bytes smaller). Loop thread only, but {@code name},
     * read by diagnostics from any thread.
     */
    private static final class Rare {
        String name; // null: "Task-<id>", made when asked
        boolean mustCancel; // a cancellation to raise at the next suspension point (or the start)
        String mustCancelMessage;
        int cancelRequests;
        ThreadContext threadContext; // the ThreadContextElements it carries; null for none
    }

    private Rare rare() {
        Rare r = rare;
        if (r == null) {
            rare = r = new Rare();
        }
        return r;
    }

    /** Whether a cancellation waits to be raised in the body. */
    private boolean mustCancel() {
        Rare r = rare;
        return r != null && r.mustCancel;
    }

    /** Clears the pending cancellation (there is one) and returns its message. */
    private String clearCancel() {
        Rare r = rare;
        r.mustCancel = false;
        return r.mustCancelMessage;
    }

    /** Clears the pending cancellation and returns the error to raise for it. */
    private CancelledError takeCancel() {
        return new CancelledError(clearCancel());
    }

    private void setMustCancel(String message) {
        Rare r = rare();
        r.mustCancel = true;
        r.mustCancelMessage = message;
    }

    /** The ThreadContextElements this task carries; null (the common case) for none. */
    ThreadContext threadContext() {
        Rare r = rare;
        return r == null ? null : r.threadContext;
    }

    void setThreadContext(ThreadContext tc) {
        if (tc != null || rare != null) {
            rare().threadContext = tc;
        }
    }

    private Task(EventLoop loop, Object body, String name) {
        this(loop, body, name, loop.isEagerTaskStart());
    }

    /** A task that starts eagerly (asyncio 3.12's eager_start) when made on its running loop's thread. */
    static <T> Task<T> createEager(EventLoop loop, Object body, String name) {
        return new Task<>(loop, body, name, true);
    }

    private Task(EventLoop loop, Object body, String name, boolean eager) {
        super(loop);
        Kernel.get(); // the clear "add the flag" error, before K is touched
        setPendingSlot(body); // the Future's free slot holds the body until it starts (Future's invariants)
        if (name != null) {
            rare().name = name;
        }
        this.id = IDS.incrementAndGet();
        LoopTasks tasks = LoopTasks.of(loop);
        Task<?> parent = tasks.current;
        this.locals = parent != null ? parent.locals : TaskLocal.rootLocals();
        setThreadContext(parent != null ? ThreadContext.forChild(parent.threadContext()) : ThreadContext.forRootChild());
        this.co = K.KERNEL.create(K.SCOPE, this, K.RUN_BODY);
        tasks.add(this);
        TaskEvents.spawned(this, parent);
        if (eager && loop.inLoopThread() && loop.isRunning()) {
            // asyncio's __eager_start: the first step runs here, as this task (current() is this task,
            // then the creator again); if the body suspends, it waits as any task does, and if it
            // finishes, it is done now and no step is ever scheduled.
            try {
                co.resume();
            } finally {
                tasks.current = parent; // the body cleared it as it suspended or ended
            }
        } else {
            loop.enqueue(co);
        }
    }

    /**
     * The task running on the calling thread's loop.
     *
     * @return the current task
     * @throws IllegalStateException if no task is running here
     */
    public static Task<?> current() {
        EventLoop loop = EventLoop.runningOrNull();
        if (loop == null) {
            if (insideGenerator()) {
                throw new IllegalStateException("a generator awaited while driven outside any task: "
                        + "drive it from a task (Weft.run / Weft.spawn)");
            }
            throw new IllegalStateException("await outside a task: no event loop runs on this thread; "
                    + "start one with Weft.run(...)");
        }
        LoopTasks lt = (LoopTasks) loop.taskState();
        Task<?> t = lt == null ? null : lt.current;
        if (t == null) {
            throw new IllegalStateException("await outside a task: this code runs in a plain callback of " + loop
                    + "; spawn a task (Weft.spawn) to await");
        }
        return t;
    }

    private static boolean insideGenerator() {
        try {
            Kernel k = Kernel.get();
            return !k.enclosingOwners(k.generators(), k.tasks()).isEmpty();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * The task's name: the one given, or {@code Task-N}. May be called from any thread, for
     * diagnostics (the task dump, logs): a String is immutable, so another thread sees a whole name,
     * though maybe not one set a moment ago.
     *
     * @return the name
     */
    public String name() {
        Rare r = rare;
        String n = r == null ? null : r.name;
        return n != null ? n : "Task-" + Integer.toUnsignedString(id);
    }

    long id() {
        return Integer.toUnsignedLong(id);
    }

    /**
     * Renames the task.
     *
     * @param name the new name
     */
    public void setName(String name) {
        java.util.Objects.requireNonNull(name, "name");
        checkRead();
        rare().name = name;
    }

    /**
     * Asks the task to stop: a {@link CancelledError} is raised in it where it is suspended, at the
     * loop's next iteration. If the task waits on another task or future, that one is cancelled
     * instead, and the error comes from there.
     *
     * <p>This does not guarantee that the task will be cancelled: it may catch the error and go on, or
     * finish before it sees it. Each call counts in {@link #cancelling()}.
     *
     * @param message carried by the {@link CancelledError}, or null
     * @return false if the task is already done; true otherwise
     * @throws IllegalStateException if this is not the loop's thread
     */
    @Override
    public boolean cancel(String message) {
        loop.checkThread();
        if (isDone()) {
            return false;
        }
        rare().cancelRequests++;
        TaskEvents.cancelRequested(this, message);
        Object w = waiter;
        if (w instanceof Future<?> f) {
            if (f.cancel(message)) {
                // The future's completion wakes us; the await then throws its CancelledError.
                return true;
            }
        } else if (timerIndex != -1) { // sleeping, its timer not yet due: wake it now
            loop.removeSleeper(this);
            setMustCancel(message);
            runState = READY;
            loop.enqueue(co);
            return true;
        }
        setMustCancel(message);
        return true;
    }

    /**
     * Not supported: a task's result is what its body returns. As asyncio's {@code Task.set_result}.
     *
     * @param value ignored
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setResult(T value) {
        throw new UnsupportedOperationException("Task does not support setResult: its result is what its body returns");
    }

    /**
     * Not supported: a task's exception is what its body throws. As asyncio's {@code Task.set_exception}.
     *
     * @param error ignored
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setException(Throwable error) {
        throw new UnsupportedOperationException("Task does not support setException: its exception is what its body throws");
    }

    /**
     * The number of cancellation requests not yet withdrawn by {@link #uncancel()}. As asyncio 3.11.
     *
     * @return the count
     * @throws IllegalStateException if called from another thread while the loop runs
     */
    public int cancelling() {
        checkRead();
        Rare r = rare;
        return r == null ? 0 : r.cancelRequests;
    }

    /**
     * Withdraws one cancellation request; when none remain, a pending cancellation that has not yet
     * been delivered is dropped. As asyncio 3.13. Used by structured constructs ({@link TaskGroup},
     * {@link Timeout}) that cancel a task and then handle the cancellation themselves.
     *
     * @return the number of requests that remain
     * @throws IllegalStateException if called from another thread while the loop runs
     */
    public int uncancel() {
        checkRead();
        Rare r = rare;
        if (r == null) {
            return 0;
        }
        if (r.cancelRequests > 0) {
            r.cancelRequests--;
            if (r.cancelRequests == 0) {
                r.mustCancel = false;
            }
        }
        return r.cancelRequests;
    }

    /**
     * Where the task waits: the frames of its suspended body, innermost first (Weft's own frames
     * left out); empty unless it is WAITING or READY.
     *
     * @return the suspended stack
     */
    public StackTraceElement[] suspendedStack() {
        if (runState != WAITING && runState != READY) {
            return new StackTraceElement[0];
        }
        StackTraceElement[] all = co.stackTrace();
        // Drop the suspension machinery on top: the kernel's frames, and on the portable backend the
        // JDK's parking frames under them. What is left starts at the await the task called.
        int i = 0;
        while (i < all.length && (isMachinery(all[i]) || isJdk(all[i]))) {
            i++;
        }
        return i == all.length ? all : java.util.Arrays.copyOfRange(all, i, all.length);
    }

    private static boolean isJdk(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.");
    }

    private static boolean isMachinery(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("jdk.internal.") || c.startsWith("dev.weft.internal.")
                || c.equals(Task.class.getName()) || c.equals(Future.class.getName());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Task[").append(name()).append(' ');
        if (state != PENDING) { // not isDone(): toString is for any thread (diagnostics)
            sb.append(describeState());
        } else {
            byte rs = runState; // toString may run on any thread: read each field once
            byte why = waitReason;
            sb.append(RUN_STATES[rs]);
            if (rs == WAITING && why >= 0) {
                sb.append(' ').append(WAIT_REASONS[why]);
            }
            Rare r = rare;
            if (r != null && (r.mustCancel || r.cancelRequests > 0)) {
                sb.append(" cancelling=").append(r.cancelRequests);
            }
        }
        return sb.append(']').toString();
    }

    // ---- the machinery ----

    /** What a step of this task is, for slow-step reports: the task and where it now waits. */
    String describeStep() {
        StackTraceElement at = userFrame(suspendedStack());
        return "step of " + this + (at != null ? " (now suspended at " + at + ")" : "");
    }

    /** The innermost frame outside weft-core itself: the user's line. Reports only (uses reflection). */
    static StackTraceElement userFrame(StackTraceElement[] stack) {
        java.security.CodeSource ours = Task.class.getProtectionDomain().getCodeSource();
        for (StackTraceElement e : stack) {
            try {
                Class<?> c = Class.forName(e.getClassName(), false, Task.class.getClassLoader());
                java.security.CodeSource cs = c.getProtectionDomain().getCodeSource();
                if (ours == null || cs == null || !ours.getLocation().equals(cs.getLocation())) {
                    return e;
                }
            } catch (ClassNotFoundException | LinkageError | SecurityException notOurs) {
                return e;
            }
        }
        return stack.length > 0 ? stack[0] : null;
    }

    private LoopTasks tasks() {
        return (LoopTasks) loop.taskState();
    }

    /** A step begins (inside the body): this task is its loop's current task, running. */
    private void enter() {
        tasks().current = this;
        runState = RUNNING;
    }

    private void runBody() {
        enter();
        Object b = pendingSlot(); // a Callable, or an Action (bodyOf)
        setPendingSlot(null);
        try {
            if (mustCancel()) {
                throw takeCancel();
            }
            // The body, with the task's thread context on the thread while it runs (ThreadContext's
            // invariant). Inline, not a method: one frame less in every suspended task's stack.
            ThreadContext tc = threadContext();
            if (tc != null) {
                tc.enter();
            }
            T r;
            try {
                if (b instanceof Callable<?> c) {
                    @SuppressWarnings("unchecked")
                    T v = (T) c.call();
                    r = v;
                } else {
                    ((Weft.Action) b).run();
                    r = null;
                }
            } finally {
                tc = threadContext(); // the body may have carried more
                if (tc != null) {
                    tc.exit();
                }
            }
            if (mustCancel()) { // cancelled right before the body returned: asyncio marks it cancelled
                String message = clearCancel();
                finish();
                cancelFuture(message);
            } else {
                finish();
                finishWithResult(r);
            }
        } catch (CancelledError e) {
            finish();
            cancelFuture(e.getMessage());
        } catch (dev.weft.internal.CoroutineKilled k) {
            throw k; // the loop closed with this task pending: unwind, report nothing more
        } catch (Throwable e) {
            finish();
            finishWithException(e);
        }
        TaskEvents.finished(this);
        tasks().current = null; // the step ends: the loop, or an eager starter, runs next
    }

    private void finish() {
        runState = DONE;
        waiter = null;
        tasks().remove(this);
    }

    /**
     * Suspends the running task until something enqueues its coroutine; then raises a pending
     * cancellation. The one place a task suspends.
     */
    private void suspend(WaitReason reason) {
        if (mustCancel()) {
            throw takeCancel();
        }
        runState = WAITING;
        waitReason = (byte) reason.ordinal();
        tasks().noteSuspendInGenerators();
        if (threadContext() == null) {
            // The kernel's suspension, inline (one frozen frame less per task): the loop, or an eager
            // starter, runs next; then this task again.
            tasks().current = null;
            try {
                K.KERNEL.suspend(K.SCOPE);
            } finally {
                enter(); // resumed (or the suspension was refused): running again
            }
        } else {
            suspendWithThreadContext();
        }
        waitReason = -1;
        if (mustCancel()) {
            throw takeCancel();
        }
    }

    /** The kernel's suspension, with the task's thread context off the thread meanwhile (ThreadContext). */
    private void suspendWithThreadContext() {
        ThreadContext tc = threadContext();
        Throwable exitFailed = null;
        try {
            tc.exit();
        } catch (Throwable e) { // an element failed: suspend all the same (the wake-up is registered)
            exitFailed = e;
        }
        tasks().current = null;
        try {
            K.KERNEL.suspend(K.SCOPE);
        } finally {
            enter(); // running again, then its context back on the thread
            tc.enter();
        }
        if (exitFailed != null) {
            throw Future.rethrow(exitFailed); // at the await, once resumed
        }
    }

    static <R> R awaitFuture(Future<R> f) {
        return awaitFuture(f, WaitReason.FUTURE_WAIT);
    }

    static <R> R awaitFuture(Future<R> f, WaitReason waitReason) {
        EventLoop here = EventLoop.runningOrNull();
        if (here != f.loop) {
            // Never read a future of another thread's loop: its fields belong to that thread.
            if (here != null) {
                current(); // outside a task: the clear error, before anything is posted to the other loop
                return Bridging.awaitReply(Bridging.bridge(f, here), here); // a mirror on this loop; see Bridging
            }
            if (f.loop.isRunning() && !f.loop.inLoopThread()) {
                throw new IllegalStateException("cannot await a future of " + f.loop + " from thread '"
                        + Thread.currentThread().getName() + "', which runs no event loop: block on "
                        + "future.toCompletableFuture().get() instead (or start the work there with "
                        + "Weft.runCoroutineThreadsafe)");
            }
        }
        if (f.state != PENDING) {
            return f.result();
        }
        Task<?> t = current();
        if (f == t) {
            throw new IllegalStateException("a task cannot await itself: " + t);
        }
        K.KERNEL.checkSuspend(t.co); // before anything is registered: a refused await leaves nothing behind
        t.waiter = f;
        f.addEntry(t);
        if (t.mustCancel() && f.cancel(t.rare.mustCancelMessage)) {
            // Cancelled while running (say, by itself): as asyncio's Task.__step, the cancellation goes
            // to the future it now awaits, and the task waits for that future to end (bpo-34872).
            t.clearCancel();
        }
        try {
            t.suspend(waitReason);
        } finally {
            t.waiter = null;
            if (f.state == PENDING) {
                f.removeEntry(t);
            }
        }
        return f.result();
    }

    static void sleep(Duration d) {
        Task<?> t = current();
        if (d.isNegative() || d.isZero()) {
            t.yieldNow();
            return;
        }
        K.KERNEL.checkSuspend(t.co);
        t.loop.addSleeper(t, d); // the task is its own entry in the timer queue (timerIndex)
        try {
            t.suspend(WaitReason.SLEEP);
        } finally {
            if (t.timerIndex != -1) { // woken early (cancelled), or the suspension was refused
                t.loop.removeSleeper(t);
            }
        }
    }

    private void yieldNow() {
        if (mustCancel()) { // before enqueuing: a wake-up left queued would resume the task at its next await
            throw takeCancel();
        }
        K.KERNEL.checkSuspend(co); // before the wake-up is queued
        loop.enqueue(co);
        runState = READY;
        suspend(WaitReason.YIELD);
    }

    /** The per-loop registry of tasks: the current one, the unfinished ones, async generators. */
    static final class LoopTasks {
        Task<?> current;
        private Task<?> head;
        private Task<?> tail;
        private int count;
        private final java.util.Map<GeneratorHandle, Boolean> asyncGenerators = new java.util.WeakHashMap<>();
        // Exceptions of done futures of this loop not yet retrieved, oldest first: reported at close.
        java.util.Set<Future.Unretrieved> unretrieved;

        static LoopTasks of(EventLoop loop) {
            LoopTasks lt = (LoopTasks) loop.taskState();
            if (lt == null) {
                lt = new LoopTasks();
                loop.setTaskState(lt);
            }
            return lt;
        }

        void add(Task<?> t) {
            t.prev = tail;
            if (tail == null) {
                head = t;
            } else {
                tail.next = t;
            }
            tail = t;
            count++;
        }

        void remove(Task<?> t) {
            if (t.prev == null && head != t) {
                return; // not in the list
            }
            if (t.prev == null) {
                head = t.next;
            } else {
                t.prev.next = t.next;
            }
            if (t.next == null) {
                tail = t.prev;
            } else {
                t.next.prev = t.prev;
            }
            t.prev = null;
            t.next = null;
            count--;
        }

        List<Task<?>> snapshot() {
            List<Task<?>> all = new ArrayList<>(count);
            for (Task<?> t = head; t != null; t = t.next) {
                all.add(t);
            }
            return all;
        }

        int count() {
            return count;
        }

        /** A task is suspending: remember any generators it suspends inside as asynchronous. */
        void noteSuspendInGenerators() {
            List<Object> gens = K.KERNEL.enclosingOwners(K.KERNEL.generators(), K.SCOPE);
            if (!gens.isEmpty()) {
                for (Object g : gens) {
                    asyncGenerators.put((GeneratorHandle) g, Boolean.TRUE);
                    ((GeneratorHandle) g).markAsynchronous();
                }
            }
        }

        List<GeneratorHandle> asyncGenerators() {
            return new ArrayList<>(asyncGenerators.keySet());
        }
    }
}
