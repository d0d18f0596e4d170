package dev.weft.net;

import java.io.IOException;
import java.io.Serial;

/**
 * A line or a chunk up to a separator is longer than the {@link StreamReader}'s limit. As asyncio's
 * {@code LimitOverrunError} (from {@code readuntil}) and the {@code ValueError} that {@code readline}
 * raises in its place.
 *
 * <p>What happened to the buffered bytes depends on the method, as in asyncio:
 * {@link StreamReader#readUntil(byte[])} leaves them in the buffer (read them with
 * {@link StreamReader#read(int)}, say); {@link StreamReader#readLine()} discards them: up to and
 * including the newline if one was found, else the whole buffer (and the next read carries on in
 * the middle of the long line).
 *
 * {@snippet :
 * for (;;) {
 *     byte[] line;
 *     try {
 *         line = reader.readLine();
 *     } catch (LimitOverrunException e) {          // longer than the reader's limit: discarded
 *         writer.write("ERR line too long\n");
 *         continue;
 *     }
 *     if (line.length == 0) break;                 // EOF
 *     handle(line);
 * }
 * }
 */
public final class LimitOverrunException extends IOException {
    /** The serialization version. */
    @Serial
    private static final long serialVersionUID = 1L;

    /** Bytes to consume to get past the problem. */
    private final int consumed;

    /**
     * A limit overrun.
     *
     * @param message what was wrong
     * @param consumed how many bytes were looked at (the separator not found in them), or the
     *     separator's position when it was found beyond the limit
     */
    public LimitOverrunException(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /**
     * The number of bytes to consume to get past the problem, as asyncio's {@code consumed}.
     *
     * @return bytes
     */
    public int consumed() {
        return consumed;
    }
}
