package dev.weft;

import java.io.Serial;

/**
 * Raised inside a task at the point where it is suspended when it is cancelled, and by
 * {@link Future#result()} of a cancelled future. As asyncio's {@code CancelledError}.
 *
 * <p>Let it propagate: {@code finally} blocks run on the way out, and the task ends cancelled. A task
 * may catch it and go on (then {@link Task#uncancel()} is usually right), but should re-throw it in
 * most cases.
 *
 * {@snippet :
 * Task<Void> poller = Weft.spawn(() -> {
 *     try {
 *         while (!stopped) {
 *             Weft.sleep(Duration.ofSeconds(1));   // cancel() raises CancelledError here
 *             poll();
 *         }
 *     } catch (Exception e) {                     // does not catch CancelledError: it is an Error
 *         log(e);
 *     } finally {
 *         closeResources();                       // runs on cancellation too
 *     }
 * });
 * poller.cancel("shutting down");                 // the task ends cancelled
 * }
 *
 * <h2>Differences from asyncio</h2>
 * Since Python 3.8 {@code CancelledError} derives from {@code BaseException}, so that
 * {@code except Exception} does not swallow cancellation. Java's equivalent is {@link Error} (the
 * precedent is {@code ThreadDeath}): a {@code catch (Exception e)} lets it through. It is
 * deliberately not a {@link java.util.concurrent.CancellationException}, so a foreign cancellation
 * (say, of a {@code CompletableFuture}) never passes for the task's own.
 */
public final class CancelledError extends Error {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A cancellation with the message given to {@code cancel(message)}, or null.
     *
     * @param message the cancel message, or null
     */
    public CancelledError(String message) {
        super(message);
    }

    /** A cancellation without a message. */
    public CancelledError() {
        super((String) null);
    }
}
