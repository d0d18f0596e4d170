package dev.weft.process;

import java.io.IOException;

/**
 * Writing to a child's standard input failed because its reading end is gone: the child exited or
 * closed its input before reading everything. As Python's {@code BrokenPipeError} (and
 * {@code ConnectionResetError}) from {@code stdin.drain()}.
 */
public final class BrokenPipeException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message and the underlying I/O error.
     *
     * @param message what failed
     * @param cause the error the write got, or null
     */
    public BrokenPipeException(String message, Throwable cause) {
        super(message, cause);
    }
}
