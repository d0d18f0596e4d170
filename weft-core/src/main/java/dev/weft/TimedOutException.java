package dev.weft;

import java.io.Serial;

/**
 * Thrown out of a {@link Timeout} scope, {@link Weft#waitFor} or {@link Weft#timeout} when the deadline
 * passed: the work inside was cancelled and has finished cancelling. As asyncio's
 * {@code TimeoutError}; its cause is the {@link CancelledError} that ended the work.
 *
 * <p>Unchecked, unlike {@link java.util.concurrent.TimeoutException}, so that code awaiting at any
 * depth need not declare it.
 *
 * {@snippet :
 * try {
 *     String reply = Weft.timeout(Duration.ofSeconds(2), () -> fetch("slow-host"));
 * } catch (TimedOutException e) {
 *     // fetch was cancelled and has finished cancelling; e.getCause() is that CancelledError
 * }
 * }
 */
public final class TimedOutException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A timeout with a message and the cancellation it came from.
     *
     * @param message what timed out
     * @param cause the cancellation, or null
     */
    public TimedOutException(String message, Throwable cause) {
        super(message, cause);
    }
}
