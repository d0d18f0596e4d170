package dev.weft.process;

import java.io.IOException;

/**
 * Writing to a child's standard input failed because its reading end is gone: the child exited or
 * closed its input before reading everything. As Python's {@code BrokenPipeError} (and
 * {@code ConnectionResetError}) from {@code stdin.drain()}.
 *
 * {@snippet :
 * Subprocess p = Subprocess.exec("head", "-c", "10");   // reads 10 bytes, then exits
 * try {
 *     p.stdin().write(new byte[1 << 20]);          // far more than the pipe holds
 *     p.stdin().drain();
 * } catch (BrokenPipeException e) {
 *     // the child stopped reading: the rest was dropped; later writes are dropped too
 * }
 * int code = p.waitFor();                          // 0: head is content
 * }
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
