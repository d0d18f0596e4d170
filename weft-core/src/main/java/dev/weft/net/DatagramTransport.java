package dev.weft.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The sending and controlling end of a UDP endpoint, given to
 * {@link DatagramProtocol#connectionMade}. As asyncio's {@code DatagramTransport}. Non-blocking, never
 * suspends; loop thread only.
 *
 * <p>A datagram the socket cannot take now is copied into a write buffer and sent when it can;
 * the protocol's {@code pauseWriting}/{@code resumeWriting} follow the water marks as for
 * {@link Transport}. A send error that does not break the socket goes to
 * {@link DatagramProtocol#errorReceived}.
 *
 * {@snippet :
 * Future<String> answer = Weft.loop().createFuture();
 * DatagramTransport t = Net.createDatagramEndpoint(() -> new DatagramProtocol() {
 *     public void datagramReceived(ByteBuffer data, SocketAddress from) {
 *         answer.setResult(StandardCharsets.UTF_8.decode(data).toString());
 *     }
 * }, null, new InetSocketAddress("127.0.0.1", port));   // connected: talks to that peer only
 * t.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
 * String pong = Weft.waitFor(answer, Duration.ofSeconds(1));   // UDP may lose it: always a timeout
 * t.close();
 * }
 */
public interface DatagramTransport {
    /**
     * Sends one datagram with the bytes between {@code data}'s position and limit to {@code to}.
     *
     * @param data the payload; may be reused when this returns
     * @param to the destination, or null on an endpoint made with a remote address
     * @throws IllegalStateException if the endpoint is closing
     * @throws IllegalArgumentException if {@code to} is null on an unconnected endpoint, or not
     *     null and different from the remote address of a connected one
     */
    void sendTo(ByteBuffer data, SocketAddress to);

    /**
     * Sends one datagram to the remote address given at creation: {@code sendTo(data, null)}.
     *
     * @param data the payload
     */
    default void send(ByteBuffer data) {
        sendTo(data, null);
    }

    /** Closes the endpoint once the write buffer is flushed; then {@code connectionLost(null)}. Idempotent. */
    void close();

    /** Closes the endpoint at once, dropping the write buffer. Idempotent. */
    void abort();

    /**
     * Whether the endpoint is closing or closed.
     *
     * @return true once {@link #close()} or {@link #abort()} was called or it failed
     */
    boolean isClosing();

    /**
     * Bytes waiting in the write buffer.
     *
     * @return the size in bytes
     */
    long writeBufferSize();

    /**
     * The bound local address.
     *
     * @return the address
     */
    SocketAddress localAddress();

    /**
     * The remote address of a connected endpoint, or null.
     *
     * @return the address or null
     */
    SocketAddress peerAddress();

    /**
     * The protocol this endpoint calls.
     *
     * @return the protocol
     */
    DatagramProtocol protocol();
}
