package dev.weft;

/**
 * Where a loop reads the time: monotonic nanoseconds, as {@link System#nanoTime()}.
 *
 * <p>{@link #system()} is real time; {@link VirtualClock} is a test clock that jumps to the next timer
 * whenever every task is waiting.
 *
 * {@snippet :
 * double t = Weft.run(new VirtualClock(), () -> {   // a test: sleeping costs no real time
 *     Weft.sleep(Duration.ofMinutes(10));
 *     return Weft.loop().time();                    // 600.0
 * });
 * Clock millis = () -> System.nanoTime() / 1_000_000 * 1_000_000;   // any monotonic source will do
 * Weft.run(millis, () -> Weft.sleep(Duration.ofMillis(5)));
 * }
 */
public interface Clock {

    /**
     * The current time in nanoseconds, from an arbitrary origin; never decreases.
     *
     * @return monotonic nanoseconds
     */
    long nanoTime();

    /**
     * The real monotonic clock.
     *
     * @return a clock reading {@link System#nanoTime()}
     */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}

/** {@link System#nanoTime()}. */
enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
