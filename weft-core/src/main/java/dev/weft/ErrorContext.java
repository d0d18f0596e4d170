package dev.weft;


/**
 * What a loop tells its {@link ExceptionHandler} about an error nobody awaited: asyncio's context
 * dict as a record. Any field but {@code message} may be null.
 *
 * {@snippet :
 * loop.setExceptionHandler((l, c) -> {
 *     String where = c.future() != null ? "future " + c.future()
 *             : c.handle() != null ? "callback " + c.handle()
 *             : "loop";
 *     System.err.println(c.message() + " [" + where + "]: " + c.exception());
 * });
 * // Report an error of your own the same way, say from a callback that caught it:
 * loop.callExceptionHandler(new ErrorContext("cache refresh failed", e, null, null));
 * }
 *
 * @param message what happened, e.g. "Task exception was never retrieved"
 * @param exception the error
 * @param future the future or task concerned
 * @param handle the callback concerned
 */
public record ErrorContext(String message, Throwable exception, Future<?> future, Handle handle) {}
