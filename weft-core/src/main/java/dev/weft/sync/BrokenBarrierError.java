package dev.weft.sync;

import java.io.Serial;

/**
 * Thrown by {@link Barrier#await()} when the barrier is broken ({@link Barrier#abort()}), or is reset
 * ({@link Barrier#reset()}) while the task waits. As asyncio's {@code BrokenBarrierError}.
 *
 * {@snippet :
 * try {
 *     int i = barrier.await();
 * } catch (BrokenBarrierError e) {
 *     // a party gave up (abort) or the round was reset: clean up, maybe reset() and retry
 * }
 * }
 *
 * <p>Unchecked. Despite its asyncio name it is an ordinary {@link RuntimeException}, not an
 * {@link Error}: a broken barrier is something the program handles.
 *
 * <h2>Cancellation</h2>
 * Unrelated: it reports a broken barrier, never a cancellation (that is {@link dev.weft.CancelledError}).
 */
public final class BrokenBarrierError extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An error with a message saying what broke the barrier.
     *
     * @param message what happened
     */
    public BrokenBarrierError(String message) {
        super(message);
    }
}
