package dev.weft;

import java.time.Duration;

/**
 * A test clock that never waits: when every task of its loop is waiting and nothing else is ready,
 * the loop moves this clock straight to the next timer's deadline (trio's {@code MockClock} with
 * {@code autojump_threshold=0}). A test of code that sleeps for an hour runs in microseconds, and
 * timers still fire in deadline order.
 *
 * {@snippet :
 * EventLoop loop = new EventLoop(new VirtualClock());
 * loop.runUntilComplete(() -> {
 *     Weft.sleep(Duration.ofHours(1));   // returns at once in real time
 *     return null;
 * });
 * }
 *
 * <h2>Pitfalls</h2>
 * The jump happens whenever the loop would otherwise block, even if another thread is about to hand
 * it work (say, a {@code toThread} call in progress): with this clock, timeouts around work done on
 * other threads expire at once. Use it for code whose waiting is all on timers of its own loop.
 *
 * <p>Not thread-safe: only its loop's thread reads or moves it.
 */
public final class VirtualClock implements Clock {
    private long now;

    /** A virtual clock starting at zero. */
    public VirtualClock() {}

    @Override
    public long nanoTime() {
        return now;
    }

    /**
     * Moves the clock forward by {@code d}; timers that become due run at the loop's next iteration.
     *
     * @param d how far, not negative
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration: " + d + " (expected: not negative)");
        }
        now += d.toNanos();
    }

    /** Moves to {@code deadline} if it is later than now. */
    void jumpTo(long deadline) {
        if (deadline > now) {
            now = deadline;
        }
    }

    @Override
    public String toString() {
        return "VirtualClock[now=" + now + "ns]";
    }
}
