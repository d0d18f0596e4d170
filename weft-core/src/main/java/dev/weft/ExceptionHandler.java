package dev.weft;

/**
 * Receives the errors no one awaited: exceptions thrown by callbacks, futures and tasks whose
 * exception was never retrieved, and debug-mode findings. As asyncio's
 * {@code loop.set_exception_handler}. The default logs through {@link System.Logger}.
 *
 * {@snippet :
 * EventLoop loop = Weft.loop();
 * loop.setExceptionHandler((l, context) -> {
 *     errorCount.incrementAndGet();                 // say, for the metrics
 *     l.defaultExceptionHandler(context);           // and still log it
 * });
 * loop.callSoon(() -> {
 *     throw new IllegalStateException("bug");      // "Exception in callback ...": goes to the handler
 * });
 * }
 */
@FunctionalInterface
public interface ExceptionHandler {
    /**
     * Handles one error; runs on the loop's thread (or, for a never-retrieved exception found by the
     * garbage collector after the loop closed, on the cleaner's thread).
     *
     * @param loop the loop
     * @param context what happened
     */
    void handle(EventLoop loop, ErrorContext context);
}
