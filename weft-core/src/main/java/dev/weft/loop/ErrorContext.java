package dev.weft.loop;

import dev.weft.Future;

/**
 * What a loop tells its {@link ExceptionHandler} about an error nobody awaited: asyncio's context
 * dict as a record. Any field but {@code message} may be null.
 *
 * @param message what happened, e.g. "Task exception was never retrieved"
 * @param exception the error
 * @param future the future or task concerned
 * @param handle the callback concerned
 */
public record ErrorContext(String message, Throwable exception, Future<?> future, Handle handle) {}
