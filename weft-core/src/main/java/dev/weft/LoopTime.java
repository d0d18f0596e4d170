package dev.weft;

import java.time.Duration;

/**
 * A point in a loop's time: nanoseconds on its {@link Clock}, from an arbitrary origin. As asyncio's
 * {@code loop.time()} values (float seconds there). Weft's rule for time is: a {@link Duration} is
 * relative (from now), a {@code LoopTime} is absolute (a deadline), as {@code Duration} and
 * {@link java.time.Instant} are in the JDK; {@link dev.weft.EventLoop#now()} reads it,
 * {@link dev.weft.EventLoop#callAt(LoopTime, Runnable)} and {@link dev.weft.Timeout#at(LoopTime)}
 * take it.
 *
 * {@snippet :
 * EventLoop loop = Weft.loop();
 * LoopTime deadline = loop.now().plus(Duration.ofSeconds(5));   // absolute: five seconds from now
 * loop.callAt(deadline, () -> System.out.println("late"));
 * Duration left = loop.now().until(deadline);                    // relative again
 * }
 *
 * <p>Values of different loops are comparable only if the loops read the same clock. Arithmetic
 * saturates: {@code plus} a very long duration gives a time that compares after every reachable one,
 * rather than overflowing into the past.
 *
 * @param nanos nanoseconds on the loop's clock
 */
public record LoopTime(long nanos) implements Comparable<LoopTime> {
    /**
     * The time {@code nanos} nanoseconds on the loop's clock, as {@link EventLoop#nanoTime()} reads it.
     *
     * @param nanos the loop's nanoseconds
     * @return that time
     */
    public static LoopTime ofNanos(long nanos) {
        return new LoopTime(nanos);
    }

    /**
     * The time {@code seconds} on the loop's clock, as asyncio's {@code loop.time()} values.
     *
     * @param seconds the loop's seconds
     * @return that time, to the nearest nanosecond
     */
    public static LoopTime ofSeconds(double seconds) {
        return new LoopTime(Math.round(seconds * 1e9));
    }

    /**
     * This time in seconds, as asyncio's {@code loop.time()} and {@code Timeout.when()}.
     *
     * @return seconds on the loop's clock
     */
    public double seconds() {
        return nanos / 1e9;
    }

    /**
     * The time {@code d} after this one (before, if negative), saturating at the ends of the range.
     *
     * @param d the duration to add
     * @return the later time
     */
    public LoopTime plus(Duration d) {
        return new LoopTime(saturatedAdd(nanos, saturatedNanos(d)));
    }

    /**
     * The duration from this time to {@code later} (negative if {@code later} is earlier).
     *
     * @param later the other time
     * @return the time between them
     */
    public Duration until(LoopTime later) {
        return Duration.ofNanos(later.nanos - nanos);
    }

    /**
     * Whether this time is before {@code other}.
     *
     * @param other the time to compare with
     * @return true if earlier
     */
    public boolean isBefore(LoopTime other) {
        return nanos < other.nanos;
    }

    @Override
    public int compareTo(LoopTime other) {
        return Long.compare(nanos, other.nanos);
    }

    /**
     * Seconds with three decimals, as {@code 12.500s}.
     *
     * @return the time for people
     */
    @Override
    public String toString() {
        return String.format("%.3fs", seconds());
    }

    /** {@code d} in nanoseconds, clamped instead of overflowing. */
    static long saturatedNanos(Duration d) {
        long s = d.getSeconds();
        if (s >= 9_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (s <= -9_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return d.toNanos();
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
