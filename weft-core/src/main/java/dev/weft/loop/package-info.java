/**
 * The event loop and its parts: {@link dev.weft.loop.EventLoop} (asyncio's {@code AbstractEventLoop}),
 * {@link dev.weft.loop.Handle} and {@link dev.weft.loop.TimerHandle} (asyncio's handles of
 * {@code call_soon}/{@code call_later}), {@link dev.weft.loop.Clock} and the test clock
 * {@link dev.weft.loop.VirtualClock} (trio's {@code MockClock} with autojump),
 * {@link dev.weft.loop.LoopTime} (a {@code loop.time()} value: an absolute point in loop time, where a
 * {@link java.time.Duration} is always relative),
 * {@link dev.weft.loop.ExceptionHandler} and {@link dev.weft.loop.ErrorContext} (asyncio's
 * {@code set_exception_handler} and its context dict).
 * {@link dev.weft.loop.EventLoop#addSignalHandler EventLoop.addSignalHandler} and
 * {@link dev.weft.loop.EventLoop#removeSignalHandler removeSignalHandler} are asyncio's
 * {@code add_signal_handler} and {@code remove_signal_handler}.
 */
package dev.weft.loop;
