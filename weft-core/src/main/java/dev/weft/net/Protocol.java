package dev.weft.net;

import java.nio.ByteBuffer;

/**
 * Callbacks for a stream connection (TCP or Unix domain socket): the low-level, callback-driven
 * layer under {@link StreamReader}/{@link StreamWriter}. As asyncio's {@code Protocol}.
 *
 * <h2>States</h2>
 * <pre>
 * start --connectionMade-->  CONNECTED
 * CONNECTED --dataReceived-->  CONNECTED            // zero or more times
 * CONNECTED --eofReceived-->   HALF_CLOSED          // at most once: the peer shut its output
 * CONNECTED, HALF_CLOSED --connectionLost-->  end   // exactly once
 * </pre>
 *
 * <p>The transport reads on the loop thread and calls {@link #dataReceived} right there: no task is
 * switched to per read. That is the fast path; the price is that a callback must not await.
 *
 * {@snippet :
 * final class Echo implements Protocol {
 *     private Transport transport;
 *     public void connectionMade(Transport t) { transport = t; }
 *     public void dataReceived(ByteBuffer data) { transport.write(data); } // copies what it cannot send now
 * }
 * Server server = Net.createServer(Echo::new, "127.0.0.1", 0);
 * }
 *
 * <h2>Pitfalls</h2>
 * The buffer given to {@link #dataReceived} is the loop's own read buffer, reused for the next read:
 * read it or copy it during the call. DANGER: keeping a reference to it. DO THIS INSTEAD: copy the
 * bytes you keep ({@code byte[] b = new byte[data.remaining()]; data.get(b);}).
 */
public interface Protocol extends BaseProtocol {
    /**
     * The connection is made; {@code transport} is how to write to it and close it. Called once,
     * first. Reading starts after this returns.
     *
     * @param transport the connection's transport
     */
    default void connectionMade(Transport transport) {}

    /**
     * Bytes arrived. The buffer is valid only during the call (see Pitfalls); its position may be
     * moved freely.
     *
     * @param data the bytes between position and limit, never empty
     */
    void dataReceived(ByteBuffer data);

    /**
     * The peer shut its output (it sends no more). Return true to keep the connection open for
     * writing (a half-close: you close it later), false to have the transport close it.
     * Not called when the connection breaks by an error.
     *
     * @return whether to keep the connection open; the default is false
     */
    default boolean eofReceived() {
        return false;
    }
}
