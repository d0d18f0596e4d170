package dev.weft;

import java.util.Set;

/**
 * What {@link Weft#wait} returns: the futures that are done and those still pending, as asyncio's
 * {@code (done, pending)} pair. Both sets keep the order of the futures given.
 *
 * {@snippet :
 * Task<String> a = Weft.spawn(() -> fetch("mirror-a"));
 * Task<String> b = Weft.spawn(() -> fetch("mirror-b"));
 * WaitResult<String> r = Weft.wait(List.of(a, b), WaitMode.FIRST_COMPLETED, Duration.ofSeconds(5));
 * for (Future<String> f : r.pending()) {
 *     f.cancel();                                  // wait() cancels nothing, not even on timeout
 * }
 * String page = r.done().isEmpty()
 *         ? null                                   // none finished within 5 seconds
 *         : r.done().iterator().next().result();   // the first to finish (throws if it failed)
 * }
 *
 * @param done the futures that are done
 * @param pending the futures still pending
 * @param <T> the futures' result type
 */
public record WaitResult<T>(Set<Future<T>> done, Set<Future<T>> pending) {}
