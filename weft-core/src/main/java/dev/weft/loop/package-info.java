/**
 * The event loop and its parts: {@link dev.weft.loop.EventLoop} (asyncio's {@code AbstractEventLoop}),
 * {@link dev.weft.loop.Handle} and {@link dev.weft.loop.TimerHandle} (asyncio's handles of
 * {@code call_soon}/{@code call_later}), {@link dev.weft.loop.Clock} and the test clock
 * {@link dev.weft.loop.VirtualClock} (trio's {@code MockClock} with autojump),
 * {@link dev.weft.loop.LoopTime} (a {@code loop.time()} value: an absolute point in loop time, where a
 * {@link java.time.Duration} is always relative),
 * {@link dev.weft.loop.ExceptionHandler} and {@link dev.weft.loop.ErrorContext} (asyncio's
 * {@code set_exception_handler} and its context dict), and the JMX views {@link dev.weft.loop.LoopsMXBean}
 * (asyncio 3.14's {@code python -m asyncio ps} and {@code pstree}, which {@code ./weft ps PID} calls from
 * outside the process) and {@link dev.weft.loop.EventLoopMXBean} (one loop's counts; asyncio has none).
 * Each loop also warns when it is blocked in one step (see
 * {@link dev.weft.loop.EventLoop#setBlockedLoopThreshold}; asyncio warns only in debug mode).
 * {@link dev.weft.loop.EventLoop#addSignalHandler EventLoop.addSignalHandler} and
 * {@link dev.weft.loop.EventLoop#removeSignalHandler removeSignalHandler} are asyncio's
 * {@code add_signal_handler} and {@code remove_signal_handler}.
 */
package dev.weft.loop;
