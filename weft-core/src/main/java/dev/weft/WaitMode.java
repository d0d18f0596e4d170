package dev.weft;

/**
 * When {@link Weft#wait} returns, as asyncio's {@code FIRST_COMPLETED} and friends.
 *
 * {@snippet :
 * List<Task<Integer>> workers = List.of(Weft.spawn(() -> work(1)), Weft.spawn(() -> work(2)));
 * WaitResult<Integer> r = Weft.wait(workers, WaitMode.FIRST_EXCEPTION, null);   // null: no timeout
 * r.pending().forEach(Future::cancel);     // not empty if one failed first; wait() itself cancels nothing
 * int sum = 0;
 * for (Future<Integer> f : r.done()) {
 *     sum += f.result();                   // throws the failure, if there was one
 * }
 * }
 */
public enum WaitMode {
    /** As soon as any future is done or cancelled. */
    FIRST_COMPLETED,
    /** As soon as any future finishes with an exception, or all are done. */
    FIRST_EXCEPTION,
    /** When all futures are done. */
    ALL_COMPLETED
}
