package dev.weft.sync;

import java.io.Serial;

/**
 * Thrown by {@link Queue#getNowait()} when the queue has no item to take now. As asyncio's
 * {@code QueueEmpty}. Unchecked.
 *
 * {@snippet :
 * try {
 *     handle(queue.getNowait());
 * } catch (QueueEmpty e) {
 *     // nothing now: do something else, or queue.get() to wait
 * }
 * }
 *
 * <h2>Cancellation</h2>
 * Unrelated: it reports an empty queue, never a cancellation (that is {@link dev.weft.CancelledError}).
 */
public final class QueueEmpty extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An error naming the queue.
     *
     * @param message what happened
     */
    public QueueEmpty(String message) {
        super(message);
    }
}
