package dev.weft.net;

import java.io.EOFException;
import java.io.Serial;

/**
 * The stream ended before a read could complete: {@link StreamReader#readExactly(int)} got fewer
 * bytes than asked, or {@link StreamReader#readUntil(byte[])} met the end before the separator. The
 * bytes read before the end are in {@link #partial()} (they are consumed from the stream). As
 * asyncio's {@code IncompleteReadError}, which is an {@code EOFError}: this is an
 * {@link EOFException}.
 *
 * {@snippet :
 * while (true) {                                   // frames of a 4-byte length, then the bytes
 *     byte[] header;
 *     try {
 *         header = reader.readExactly(4);
 *     } catch (IncompleteReadException e) {
 *         if (e.partial().length == 0) break;      // a clean end between two frames
 *         throw e;                                 // the peer hung up inside a header
 *     }
 *     handle(reader.readExactly(ByteBuffer.wrap(header).getInt()));
 * }
 * }
 */
public final class IncompleteReadException extends EOFException {
    /** The serialization version. */
    @Serial
    private static final long serialVersionUID = 1L;

    /** The bytes read before the end. */
    private final byte[] partial;
    /** The bytes asked for, or -1. */
    private final int expected;

    /**
     * An incomplete read.
     *
     * @param partial the bytes read before the end
     * @param expected the number of bytes asked, or -1 when unknown (a read until a separator)
     */
    public IncompleteReadException(byte[] partial, int expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : String.valueOf(expected))
                + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /**
     * The bytes read before the end of the stream.
     *
     * @return the bytes (the array itself, not a copy)
     */
    public byte[] partial() {
        return partial;
    }

    /**
     * The number of bytes the read asked for.
     *
     * @return the count, or -1 for a read until a separator
     */
    public int expected() {
        return expected;
    }
}
