package dev.weft.sync;

import dev.weft.internal.WaitReason;
import dev.weft.CancelledError;
import dev.weft.EventLoop;
import dev.weft.sync.WaiterQueue.Waiter;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable: tasks holding a {@link Lock} wait until another task signals that something
 * changed. As asyncio's {@code Condition}.
 *
 * <p>A condition uses its own new lock, or one given ({@link #Condition(Lock)}), which may be shared
 * with other conditions. {@link #await()} releases the lock, waits for a {@link #signal} and acquires
 * the lock again before it returns; it must be called with the lock held, as must the signal
 * methods. A signal wakes the longest waiters first (FIFO). Always wait in a loop that re-checks the
 * state ({@link #waitFor} does it for you): another task may change it between the signal and the
 * moment the woken task holds the lock again.
 *
 * {@snippet :
 * Condition cond = new Condition();
 * Deque<String> items = new ArrayDeque<>();
 *
 * // consumer
 * try (var held = cond.acquire()) {
 *     cond.waitFor(() -> !items.isEmpty());   // releases the lock while it waits
 *     String item = items.poll();             // the lock is held again here
 * }
 *
 * // producer
 * try (var held = cond.acquire()) {
 *     items.add("job");
 *     cond.signal();                          // the consumer runs once we release the lock
 * }
 * }
 *
 * <h2>Cancellation</h2>
 * A task cancelled in {@link #await()} still acquires the lock again before
 * {@link CancelledError} leaves {@code await()}, so the {@code finally} blocks (and the closing
 * {@link Held}) around it run with the lock held, as they expect; the re-acquire keeps the task's
 * place in the lock's queue even if it is cancelled again meanwhile, and the last CancelledError is
 * the one rethrown. If the task had already been signalled when it was cancelled, the signal is
 * passed on to the next waiter, so no wake-up is lost.
 *
 * <h2>Threads</h2>
 * A condition belongs to the loop that first uses it; using it from another loop or another thread
 * throws {@link IllegalStateException}. It never blocks a thread.
 *
 * <h2>Differences from asyncio</h2>
 * <ul>
 *   <li>{@code wait()}, {@code notify(n)}, {@code notify()} and {@code notify_all()} are
 *       {@link #await()}, {@link #signal(int)}, {@link #signal()} and {@link #signalAll()} (as
 *       {@code java.util.concurrent.locks.Condition}): {@code wait()}, {@code notify()} and
 *       {@code notifyAll()} are final methods of {@link Object}.
 *   <li>A task cancelled while waiting (not yet signalled) does not wake another one; asyncio
 *       notifies one more task on any error out of {@code wait()} (a spurious wake-up).
 * </ul>
 *
 * <h2>Pitfalls</h2>
 * DANGER: {@code cond.notify()}, {@code cond.notifyAll()} and {@code cond.wait()} compile, because
 * every Java object has them, but they are thread monitor methods: they throw
 * {@link IllegalMonitorStateException} (or block the loop thread). DO THIS INSTEAD:
 * {@code cond.signal()}, {@code cond.signalAll()}, {@code cond.await()}.
 *
 * <p>DANGER: a task that ends while holding the lock (say, {@code cond.acquire(); cond.await();}
 * with no release, cancelled in {@code await()}) leaves it locked for good, and every task cancelled
 * in {@code await()} then waits forever to re-acquire it, as in asyncio; {@code Weft.run} never
 * returns. DO THIS INSTEAD: {@code try (var held = cond.acquire()) { ... cond.await(); ... }}.
 *
 * <p>"The lock is held" is all that is checked: locks belong to no task, so Weft cannot tell whether
 * the caller is the task that holds it.
 */
public final class Condition {
    private EventLoop loop;
    private final Lock lock;
    private final WaiterQueue waiters = new WaiterQueue(WaitReason.CONDITION_WAIT);

    /** A condition with a new lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /**
     * A condition using {@code lock}, which other code may acquire directly too.
     *
     * @param lock the lock
     */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /**
     * The lock this condition uses. Never suspends.
     *
     * @return the lock
     */
    public Lock lock() {
        return lock;
    }

    /**
     * Acquires the lock: {@code lock().acquire()}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @return the acquisition, for try-with-resources
     */
    public Held acquire() {
        return lock.acquire();
    }

    /**
     * Releases the lock: {@code lock().release()}. Never suspends.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void release() {
        lock.release();
    }

    /**
     * Whether the lock is held: {@code lock().locked()}. Never suspends.
     *
     * @return true if locked
     */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Releases the lock, waits until signalled, and acquires the lock again. Returns with the lock
     * held, also when it throws {@link CancelledError}. May return without a matching state change
     * (another task may have acted first): re-check in a loop, or use {@link #waitFor}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @throws IllegalStateException "cannot wait on un-acquired lock" if the lock is not held; or if
     *     called outside a task, or the condition belongs to another loop or is used from another thread
     */
    public void await() {
        LoopBinding.requireTask(this, "Condition.await()", null);
        loop = LoopBinding.check(this, loop);
        if (!lock.locked()) {
            throw new IllegalStateException("cannot wait on un-acquired lock: " + this
                    + "; hold its lock first: try (var held = cond.acquire()) { ... cond.await(); ... }");
        }
        EventLoop l = LoopBinding.forWaiting(loop); // outside a task this throws before we release anything
        lock.release(); // first: if it throws (wrong loop), no waiter is left behind
        Waiter w = waiters.add(l, null, true);
        CancelledError err = null;
        boolean signalled;
        try {
            waiters.await(w);
            signalled = true;
        } catch (CancelledError e) {
            err = e;
            signalled = WaiterQueue.granted(w); // cancelled while being woken
        }
        // The lock must be held again before anything leaves this method, cancelled or not.
        err = lock.acquireUncancellably(err);
        if (err != null) {
            if (signalled) {
                wake(1); // we took a signal we will not act on: pass it on (ConditionTest.cancelledWhile*PassesTheSignalOn)
            }
            throw err;
        }
    }

    /**
     * Waits until {@code predicate} is true: {@code while (!predicate.getAsBoolean()) await();}. The
     * predicate is first tested before any waiting (then the lock need not be held if it is true), and
     * always runs with the lock held afterwards.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param predicate the state to wait for
     * @throws IllegalStateException as {@link #await()}
     */
    public void waitFor(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        if (!predicate.getAsBoolean()) {
            // do-while: the loop's exit test runs only after a wait, never with one outcome before every
            // first suspension (that would make each waiter deoptimise on its first resume: design.md §5)
            do {
                await();
            } while (!predicate.getAsBoolean());
        }
    }

    /**
     * Wakes the longest waiting task, if any. The woken task returns from {@link #await()} only once it
     * holds the lock again, that is, after the caller releases it. Never suspends.
     *
     * @throws IllegalStateException "cannot notify on un-acquired lock" if the lock is not held
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes the {@code n} longest waiting tasks, or all of them if fewer wait. Never suspends.
     *
     * @param n how many, zero or more
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException "cannot notify on un-acquired lock" if the lock is not held
     */
    public void signal(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        }
        loop = LoopBinding.check(this, loop);
        if (!lock.locked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock: " + this
                    + "; signal while holding its lock: try (var held = cond.acquire()) { ... cond.signal(); }");
        }
        wake(n);
    }

    /**
     * Wakes every waiting task. Never suspends.
     *
     * @throws IllegalStateException "cannot notify on un-acquired lock" if the lock is not held
     */
    public void signalAll() {
        signal(waiters.size());
    }

    private void wake(int n) {
        for (int i = 0; i < n && !waiters.isEmpty(); i++) {
            waiters.grantFirst(Boolean.TRUE);
        }
    }

    /**
     * The number of tasks waiting to be signalled. Never suspends.
     *
     * @return the waiters count
     */
    public int waiters() {
        return waiters.size();
    }

    /** The live state, for example {@code Condition[locked, waiters=2]}. */
    @Override
    public String toString() {
        int n = waiters.size();
        return "Condition[" + (lock.locked() ? "locked" : "unlocked") + (n > 0 ? ", waiters=" + n : "") + "]";
    }
}
