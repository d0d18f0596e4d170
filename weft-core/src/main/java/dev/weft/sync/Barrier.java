package dev.weft.sync;

import dev.weft.internal.WaitReason;
import dev.weft.EventLoop;
import dev.weft.sync.WaiterQueue.Waiter;

/**
 * A meeting point for a fixed number of tasks: each task calling {@link #await()} waits until
 * {@link #parties()} tasks have arrived, then all go on together, and the barrier is ready for the
 * next round. As asyncio's {@code Barrier} (3.11).
 *
 * <p>{@code await()} returns the task's arrival index in its round, 0 for the first to arrive up to
 * {@code parties() - 1} for the one that completed the round (which does not suspend). Use it to pick
 * one task for a job.
 *
 * <pre>
 * FILLING --the last party arrives-->  FILLING   // all waiters released with their index: a new round
 * FILLING --reset()-->                 FILLING   // waiters get BrokenBarrierError; a new round
 * FILLING --abort()-->                 BROKEN    // waiters and later callers get BrokenBarrierError
 * BROKEN  --reset()-->                 FILLING
 * </pre>
 *
 * {@snippet :
 * Barrier barrier = new Barrier(3);
 * for (int w = 0; w < 3; w++) {
 *     Weft.spawn(() -> {
 *         loadPart();
 *         int i = barrier.await();      // waits for the other two
 *         if (i == 0) {
 *             System.out.println("all three parts loaded");
 *         }
 *     });
 * }
 * }
 *
 * <h2>Cancellation</h2>
 * A task cancelled while waiting leaves the round, which then needs one more arrival; the barrier is
 * not broken. A task cancelled after its round completed but before it ran raises
 * {@link dev.weft.CancelledError}; the others of the round have passed regardless.
 *
 * <h2>Exceptions</h2>
 * {@link BrokenBarrierError} from {@code await()}: when the barrier is broken, or when it is reset or
 * aborted while the task waits.
 *
 * <h2>Differences from asyncio</h2>
 * <ul>
 *   <li>Python's {@code wait()} is {@code await()} here ({@code Object.wait()} is final in Java).
 *       {@link #reset()} and {@link #abort()} never suspend (in asyncio they are coroutines).
 *   <li>No DRAINING or RESETTING state: a round completes at once for all its parties (as
 *       {@link java.util.concurrent.CyclicBarrier}), so a task arriving while the released ones have
 *       not run yet simply starts the next round, and a {@code reset()} after a round completed does
 *       not affect that round's tasks (in asyncio it can break the ones that have not left yet).
 *   <li>Indices are given in arrival order among the tasks present when the round completes, so a
 *       task that left (cancelled) leaves no gap and no duplicate.
 * </ul>
 */
public final class Barrier {
    private static final Object BROKEN = new Object();
    private static final Object RESET = new Object();

    private EventLoop loop;
    private final int parties;
    private boolean broken;
    private final WaiterQueue waiters = new WaiterQueue(WaitReason.BARRIER_WAIT); // the current round, in arrival order

    /**
     * A barrier for {@code parties} tasks.
     *
     * @param parties how many tasks each round waits for, at least one
     * @throws IllegalArgumentException if {@code parties} is less than one
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be > 0 (parties: " + parties + ")");
        }
        this.parties = parties;
    }

    /**
     * Waits until {@link #parties()} tasks (this one included) have called it in this round.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @return the arrival index in the round, from 0 to {@code parties() - 1}
     * @throws BrokenBarrierError if the barrier is broken, or is reset or aborted while waiting
     * @throws IllegalStateException if called outside a task, or the barrier belongs to another
     *     loop or is used from another thread
     */
    public int await() {
        LoopBinding.requireTask(this, "Barrier.await()", null);
        loop = LoopBinding.check(this, loop);
        if (broken) {
            throw new BrokenBarrierError("Barrier aborted: " + this + " is broken; reset() it to use it again");
        }
        if (waiters.size() + 1 >= parties) {
            int index = 0;
            while (!waiters.isEmpty()) {
                waiters.grantFirst(index++);
            }
            return index;
        }
        Waiter w = waiters.add(LoopBinding.forWaiting(loop), null, true);
        Object r = waiters.await(w);
        if (r == BROKEN) {
            throw new BrokenBarrierError("Barrier aborted while this task waited: " + this);
        }
        if (r == RESET) {
            throw new BrokenBarrierError("Barrier reset while this task waited: " + this);
        }
        return (Integer) r;
    }

    /**
     * Starts a new round and mends a broken barrier: tasks waiting now get
     * {@link BrokenBarrierError}. Never suspends.
     *
     * @throws IllegalStateException if the barrier belongs to another loop or is used from another thread
     */
    public void reset() {
        loop = LoopBinding.check(this, loop);
        broken = false;
        waiters.grantAll(RESET);
    }

    /**
     * Breaks the barrier: tasks waiting now, and every later {@link #await()} until {@link #reset()},
     * get {@link BrokenBarrierError}. Use it when a party cannot come, so the others do not wait
     * forever. Never suspends.
     *
     * @throws IllegalStateException if the barrier belongs to another loop or is used from another thread
     */
    public void abort() {
        loop = LoopBinding.check(this, loop);
        broken = true;
        waiters.grantAll(BROKEN);
    }

    /**
     * The number of tasks each round waits for. Never suspends.
     *
     * @return the parties
     */
    public int parties() {
        return parties;
    }

    /**
     * The number of tasks waiting in the current round. Never suspends.
     *
     * @return asyncio's {@code n_waiting}
     */
    public int waiting() {
        return waiters.size();
    }

    /**
     * Whether the barrier is broken ({@link #abort()}, until {@link #reset()}). Never suspends.
     *
     * @return true if broken
     */
    public boolean isBroken() {
        return broken;
    }

    /** The live state, for example {@code Barrier[filling, waiters=2/5]} or {@code Barrier[broken]}. */
    @Override
    public String toString() {
        return broken ? "Barrier[broken]" : "Barrier[filling, waiters=" + waiters.size() + "/" + parties + "]";
    }
}
