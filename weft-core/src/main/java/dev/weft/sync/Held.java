package dev.weft.sync;

/**
 * Proof of one acquisition of a {@link Lock}, a {@link Condition}'s lock or a {@link Semaphore}
 * permit, for try-with-resources: closing it releases what was acquired, once. Python's
 * {@code async with lock:}.
 *
 * {@snippet :
 * try (var held = lock.acquire()) {   // acquire() as the resource: it may wait
 *     counter++;                      // no other task of the loop runs this block meanwhile
 * }                                   // released here, also on an exception or cancellation
 * }
 *
 * <p>Two states: HELD, then RELEASED for good. {@link #close()} is idempotent: a second call does
 * nothing, so it can never release an acquisition made later by someone else.
 *
 * <h2>Cancellation</h2>
 * Closing never suspends, so a cancelled task's try-with-resources always releases. If the task is
 * cancelled inside {@code acquire()}, there is no {@code Held} and nothing to release.
 *
 * <h2>Pitfalls</h2>
 * The acquisition belongs to no task: if you call the primitive's {@code release()} yourself as well
 * as closing the {@code Held}, the primitive is released twice. Use one style per acquisition.
 */
public final class Held implements AutoCloseable {
    private Object owner; // the Lock or Semaphore; null once released

    Held(Object owner) {
        this.owner = owner;
    }

    /**
     * Whether this acquisition has not been released through {@link #close()} yet. Never suspends.
     *
     * @return true until closed
     */
    public boolean isHeld() {
        return owner != null;
    }

    /**
     * Releases the acquisition ({@code release()} of the lock or semaphore) the first time; does
     * nothing after. Never suspends.
     *
     * @throws IllegalStateException as the primitive's {@code release()}: for instance if it was
     *     already released by a direct call, or from another loop's thread
     */
    @Override
    public void close() {
        Object o = owner;
        if (o == null) {
            return;
        }
        owner = null;
        if (o instanceof Lock l) {
            l.release();
        } else {
            ((Semaphore) o).release();
        }
    }

    @Override
    public String toString() {
        Object o = owner;
        return o == null ? "Held[released]" : "Held[" + o + "]";
    }
}
