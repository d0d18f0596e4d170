package dev.weft.sync;

import java.io.Serial;

/**
 * Thrown by {@link Queue#putNowait(Object)} when a bounded queue has no free slot now. As asyncio's
 * {@code QueueFull}. Unchecked.
 *
 * {@snippet :
 * try {
 *     queue.putNowait(event);
 * } catch (QueueFull e) {
 *     dropped++;   // shed load instead of waiting with queue.put(event)
 * }
 * }
 *
 * <h2>Cancellation</h2>
 * Unrelated: it reports a full queue, never a cancellation (that is {@link dev.weft.CancelledError}).
 */
public final class QueueFull extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An error naming the queue.
     *
     * @param message what happened
     */
    public QueueFull(String message) {
        super(message);
    }
}
