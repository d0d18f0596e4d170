package dev.weft.net;

/**
 * The two halves of a stream connection, as the {@code (reader, writer)} pair asyncio's
 * {@code open_connection} returns. Closing it closes the writer (and so the connection).
 *
 * {@snippet :
 * try (Connection c = Net.openConnection("127.0.0.1", port)) {
 *     c.writer().write("ping\n");
 *     String pong = new String(c.reader().readLine(), StandardCharsets.UTF_8);
 * }
 * }
 *
 * @param reader the incoming half
 * @param writer the outgoing half
 */
public record Connection(StreamReader reader, StreamWriter writer) implements AutoCloseable {
    /** Closes the connection: {@code writer().close()}. Never suspends; idempotent. */
    @Override
    public void close() {
        writer.close();
    }
}
