package dev.weft.internal;

import java.nio.channels.SelectionKey;

/**
 * What the I/O layer attaches to a {@link SelectionKey} registered with a loop's selector: the loop
 * calls {@link #ioReady} on its thread when the key's channel is ready. Not public API.
 */
public interface IoHandler {
    /**
     * The channel of {@code key} is ready for the operations in {@code key.readyOps()}. Runs on the
     * loop thread, inside the loop's I/O phase: do the non-blocking I/O and wake tasks; do not block.
     * An exception goes to the loop's exception handler.
     *
     * @param key the ready key
     */
    void ioReady(SelectionKey key);
}
