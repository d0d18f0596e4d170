package dev.weft.sync;

import java.io.Serial;

/**
 * Thrown by {@link Queue#getNowait()} when the queue has no item to take now. As asyncio's
 * {@code QueueEmpty}. Unchecked.
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
