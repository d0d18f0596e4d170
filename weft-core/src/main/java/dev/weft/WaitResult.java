package dev.weft;

import java.util.Set;

/**
 * What {@link Weft#wait} returns: the futures that are done and those still pending, as asyncio's
 * {@code (done, pending)} pair. Both sets keep the order of the futures given.
 *
 * @param done the futures that are done
 * @param pending the futures still pending
 * @param <T> the futures' result type
 */
public record WaitResult<T>(Set<Future<T>> done, Set<Future<T>> pending) {}
