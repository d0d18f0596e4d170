package dev.weft;

/** When {@link Weft#wait} returns, as asyncio's {@code FIRST_COMPLETED} and friends. */
public enum WaitMode {
    /** As soon as any future is done or cancelled. */
    FIRST_COMPLETED,
    /** As soon as any future finishes with an exception, or all are done. */
    FIRST_EXCEPTION,
    /** When all futures are done. */
    ALL_COMPLETED
}
