package dev.weft.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The writing and controlling end of a stream connection (TCP or Unix domain socket), given to
 * {@link Protocol#connectionMade}. As asyncio's {@code Transport} (a {@code ReadTransport} and a
 * {@code WriteTransport}). Every method is non-blocking and never suspends; call it on the loop
 * thread (from a task or a protocol callback).
 *
 * {@snippet :
 * final class Collect implements Protocol {
 *     final Future<String> reply = Weft.loop().createFuture();
 *     final StringBuilder got = new StringBuilder();
 *     public void dataReceived(ByteBuffer data) { got.append(StandardCharsets.UTF_8.decode(data)); }
 *     public void connectionLost(Throwable exc) {
 *         if (exc == null) reply.setResult(got.toString()); else reply.setException(exc);
 *     }
 * }
 * Collect p = new Collect();
 * Transport t = Net.createConnection(() -> p, "127.0.0.1", port);   // connectionMade has run
 * t.write("hello".getBytes(StandardCharsets.UTF_8));   // sends now or buffers; never waits
 * t.writeEof();                                        // the peer reads EOF once this is flushed
 * String answer = p.reply.await();                     // until the peer closes
 * }
 *
 * <h2>States</h2>
 * <pre>
 * OPEN    --close()-->          CLOSING   // stops reading; flushes the write buffer, then closes
 * OPEN    --abort() / error-->  CLOSED    // drops the write buffer
 * CLOSING --buffer flushed-->   CLOSED    // protocol.connectionLost(null)
 * </pre>
 * {@link #isClosing()} is true in CLOSING and CLOSED.
 *
 * <h2>Write flow control</h2>
 * What cannot be sent at once is copied into a write buffer, flushed when the socket is writable.
 * When its size goes above the high water mark, the protocol's {@link BaseProtocol#pauseWriting()}
 * is called; when it falls to the low water mark or below, {@link BaseProtocol#resumeWriting()}.
 * Defaults as asyncio: high 64 KiB, low 16 KiB. Nothing stops a protocol that ignores the calls
 * from filling memory; {@link StreamWriter#drain()} is what obeys them for streams.
 *
 * <h2>Exceptions</h2>
 * Writing after {@link #writeEof()} or {@link #close()} throws {@link IllegalStateException}.
 * Writing after the connection was lost (say the peer reset it), or closed by the transport itself
 * (the protocol's {@link Protocol#eofReceived()} returned false, or a stream server's handler
 * returned), is silently dropped, as asyncio does: the error reaches
 * {@link BaseProtocol#connectionLost}, and {@link StreamWriter#drain()} throws it.
 */
public interface Transport {
    /**
     * Writes the bytes between {@code data}'s position and limit, moving its position to its limit.
     * Sends what the socket takes now and copies the rest into the write buffer: the caller may
     * reuse {@code data} as soon as this returns.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #writeEof()} or {@link #close()}
     */
    void write(ByteBuffer data);

    /**
     * Writes {@code data}, as {@link #write(ByteBuffer)}.
     *
     * @param data the bytes; the array may be reused when this returns
     */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /**
     * Writes {@code len} bytes of {@code data} from {@code off}, as {@link #write(ByteBuffer)}.
     *
     * @param data the bytes; the array may be reused when this returns
     * @param off the index of the first byte to write
     * @param len how many bytes
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit in {@code data}
     */
    default void write(byte[] data, int off, int len) {
        write(ByteBuffer.wrap(data, off, len));
    }

    /**
     * Writes each buffer in turn, as {@link #write(ByteBuffer)}.
     *
     * @param data the buffers
     */
    default void writeLines(Iterable<? extends ByteBuffer> data) {
        for (ByteBuffer b : data) {
            write(b);
        }
    }

    /**
     * Shuts the output down once the write buffer is flushed (TCP FIN): the peer reads end of file,
     * and this side can still read. Does nothing if already done or closing. Once both directions
     * are shut (the peer's EOF was kept open by {@link Protocol#eofReceived()}, and this), the
     * transport closes itself and {@code connectionLost(null)} follows; asyncio waits for an explicit
     * close there.
     */
    void writeEof();

    /**
     * Whether {@link #writeEof()} is supported: true for sockets, false over TLS (whose
     * {@code writeEof} throws {@link UnsupportedOperationException}, as asyncio).
     *
     * @return whether half-closing works
     */
    boolean canWriteEof();

    /**
     * Closes the connection: stops reading at once, flushes the write buffer, then closes the socket
     * and calls {@link BaseProtocol#connectionLost(Throwable)} with null. Idempotent.
     */
    void close();

    /**
     * Closes the connection at once, dropping the write buffer; the protocol's
     * {@code connectionLost(null)} follows. Idempotent.
     */
    void abort();

    /**
     * Whether {@link #close()} or {@link #abort()} was called or the connection was lost.
     *
     * @return true once closing or closed
     */
    boolean isClosing();

    /**
     * Stops reading: no {@link Protocol#dataReceived} until {@link #resumeReading()}. The peer is
     * then held back by TCP's own flow control. No effect when closing or already paused.
     */
    void pauseReading();

    /** Undoes {@link #pauseReading()}. No effect when closing or not paused. */
    void resumeReading();

    /**
     * Whether the transport reads: true unless paused or closing.
     *
     * @return true while reading
     */
    boolean isReading();

    /**
     * How many bytes wait in the write buffer.
     *
     * @return the size in bytes
     */
    long writeBufferSize();

    /**
     * Sets the write buffer's water marks (asyncio's {@code set_write_buffer_limits}); with
     * {@code high} and {@code low} both -1, the defaults (64 KiB and 16 KiB); with one of them -1,
     * {@code low = high / 4} or {@code high = 4 * low}. May call {@code pauseWriting} at once.
     *
     * @param high the high water mark in bytes, or -1
     * @param low the low water mark in bytes, or -1
     * @throws IllegalArgumentException unless {@code high >= low >= 0}
     */
    void setWriteBufferLimits(long high, long low);

    /**
     * The high water mark.
     *
     * @return bytes
     */
    long highWaterMark();

    /**
     * The low water mark.
     *
     * @return bytes
     */
    long lowWaterMark();

    /**
     * The socket's local address ({@code getsockname}); kept after the close.
     *
     * @return an {@link java.net.InetSocketAddress} or {@link java.net.UnixDomainSocketAddress}
     */
    SocketAddress localAddress();

    /**
     * The peer's address ({@code getpeername}); kept after the close.
     *
     * @return an {@link java.net.InetSocketAddress} or {@link java.net.UnixDomainSocketAddress}
     */
    SocketAddress peerAddress();

    /**
     * The TLS session of a TLS connection (its protocol, cipher suite, peer certificates), as
     * asyncio's {@code get_extra_info("ssl_object")}; null for a plain connection.
     *
     * @return the session, or null
     */
    default javax.net.ssl.SSLSession sslSession() {
        return null;
    }

    /**
     * The application protocol agreed by ALPN in the TLS handshake ({@code "h2"}, say), as
     * asyncio's {@code ssl_object.selected_alpn_protocol()}; null for a plain connection, or when
     * none was offered or agreed. Offer them with
     * {@link javax.net.ssl.SSLParameters#setApplicationProtocols} in
     * {@link ConnectOptions#withSslParameters} or {@link ServerOptions#withSslParameters}.
     *
     * @return the protocol's name, or null
     */
    default String applicationProtocol() {
        return null;
    }

    /**
     * The protocol this transport calls.
     *
     * @return the protocol
     */
    Protocol protocol();
}
