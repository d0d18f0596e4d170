package dev.weft.sync;

/**
 * A {@link Semaphore} that refuses to be released above its initial value: an extra
 * {@link #release()} is a bug, and throws instead of silently adding a permit. As asyncio's
 * {@code BoundedSemaphore}.
 *
 * {@snippet :
 * BoundedSemaphore pool = new BoundedSemaphore(2);
 * try (var permit = pool.acquire()) {
 *     // ...
 * }
 * pool.release();   // throws IllegalStateException: released too many times
 * }
 *
 * <h2>Cancellation</h2>
 * As {@link Semaphore}.
 *
 * <h2>Differences from asyncio</h2>
 * Over-release throws {@link IllegalStateException} (asyncio raises {@code ValueError}).
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;

    /**
     * A bounded semaphore with {@code value} permits, which is also its bound.
     *
     * @param value the initial and largest number of permits, zero or more
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.bound = value;
    }

    /** A bounded semaphore with one permit. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * The initial and largest number of permits. Never suspends.
     *
     * @return the bound
     */
    public int bound() {
        return bound;
    }

    /**
     * As {@link Semaphore#release()}, but refuses to go above the bound. Never suspends.
     *
     * @throws IllegalStateException "BoundedSemaphore released too many times" if every permit is
     *     already free
     */
    @Override
    public void release() {
        if (value >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times: " + this
                    + " (expected: value < bound=" + bound + " before release)");
        }
        super.release();
    }
}
