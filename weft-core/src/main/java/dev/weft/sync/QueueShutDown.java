package dev.weft.sync;

import java.io.Serial;

/**
 * Thrown by a {@link Queue} after {@link Queue#shutdown(boolean)}: by every put, and by a get once no
 * item is left (at once after an immediate shutdown). As asyncio's {@code QueueShutDown} (3.13).
 * Unchecked.
 */
public final class QueueShutDown extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An error naming the queue.
     *
     * @param message what happened
     */
    public QueueShutDown(String message) {
        super(message);
    }
}
