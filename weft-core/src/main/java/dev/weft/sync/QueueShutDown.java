package dev.weft.sync;

import java.io.Serial;

/**
 * Thrown by a {@link Queue} after {@link Queue#shutdown(boolean)}: by every put, and by a get once no
 * item is left (at once after an immediate shutdown). As asyncio's {@code QueueShutDown} (3.13).
 * Unchecked.
 *
 * {@snippet :
 * while (true) {
 *     String job;
 *     try {
 *         job = jobs.get();
 *     } catch (QueueShutDown e) {
 *         break;               // the producer called jobs.shutdown(): no more work
 *     }
 *     handle(job);
 * }
 * }
 *
 * <h2>Cancellation</h2>
 * Unrelated: it reports a shut-down queue, never a cancellation (that is {@link dev.weft.CancelledError}).
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
