package dev.weft.net;

/**
 * The callbacks every protocol shares: the end of the connection and write flow control. As
 * asyncio's {@code BaseProtocol}. Implement {@link Protocol} (streams) or {@link DatagramProtocol}
 * (UDP), not this.
 *
 * {@snippet :
 * final class Sender implements Protocol {            // sends a large file without filling memory
 *     private Transport transport;
 *     private boolean paused;
 *     public void connectionMade(Transport t) { transport = t; pump(); }
 *     public void pauseWriting() { paused = true; }               // the buffer is above its high mark
 *     public void resumeWriting() { paused = false; pump(); }     // down to the low mark again
 *     public void connectionLost(Throwable exc) { done.setResult(exc == null); }   // null: clean close
 *     public void dataReceived(ByteBuffer data) {}
 *     private void pump() {
 *         while (!paused && hasMore()) transport.write(nextChunk());
 *         if (!hasMore()) transport.close();                         // flushes first
 *     }
 * }
 * }
 *
 * <p>Every callback runs on the loop thread, in a plain callback or in the loop's I/O phase, never
 * inside a task: it must not await (spawn a task for that) and must not block.
 */
public interface BaseProtocol {
    /**
     * The connection is closed; called exactly once, after {@code connectionMade}, and no other
     * callback follows. The channel is already closed when this runs.
     *
     * @param exc null for a regular close (or end of file), else the error that broke the connection
     *     (say a {@link java.net.SocketException} "Connection reset")
     */
    default void connectionLost(Throwable exc) {}

    /**
     * The transport's write buffer went above its high water mark: stop writing until
     * {@link #resumeWriting()}. Writes still work meanwhile; they only grow the buffer.
     * Calls alternate strictly: pause, resume, pause, ...
     */
    default void pauseWriting() {}

    /** The transport's write buffer went down to its low water mark after {@link #pauseWriting()}. */
    default void resumeWriting() {}
}
