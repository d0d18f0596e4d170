package dev.weft.internal;

import java.io.Serial;

/**
 * Unwinds the body of a coroutine that was abandoned ({@link Coroutine#kill()}) on a backend that
 * holds a thread per body: its {@code finally} blocks run and its thread ends. Weft's own wrappers let
 * it through; user code never needs to catch it. Not public API.
 */
public final class CoroutineKilled extends Error {
    @Serial
    private static final long serialVersionUID = 1L;

    CoroutineKilled() {
        super("coroutine abandoned", null, false, false);
    }
}
