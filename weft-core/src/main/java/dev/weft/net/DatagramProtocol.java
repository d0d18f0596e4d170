package dev.weft.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Callbacks for a UDP endpoint. As asyncio's {@code DatagramProtocol}. Made by the factory given to
 * {@link Net#createDatagramEndpoint}.
 *
 * {@snippet :
 * final class UdpEcho implements DatagramProtocol {
 *     private DatagramTransport transport;
 *     public void connectionMade(DatagramTransport t) { transport = t; }
 *     public void datagramReceived(ByteBuffer data, SocketAddress from) {
 *         transport.sendTo(data, from);                // copies what it cannot send now
 *     }
 * }
 * DatagramTransport server = Net.createDatagramEndpoint(UdpEcho::new, new InetSocketAddress("127.0.0.1", 0), null);
 * }
 *
 * <h2>States</h2>
 * <pre>
 * start --connectionMade-->  OPEN
 * OPEN  --datagramReceived / errorReceived-->  OPEN   // any number, any order
 * OPEN  --connectionLost-->  end                      // once, after close() or a fatal error
 * </pre>
 *
 * <h2>Pitfalls</h2>
 * The buffer given to {@link #datagramReceived} is the loop's own, reused for the next datagram:
 * copy what you keep.
 */
public interface DatagramProtocol extends BaseProtocol {
    /**
     * The endpoint is open; {@code transport} sends and closes.
     *
     * @param transport the endpoint's transport
     */
    default void connectionMade(DatagramTransport transport) {}

    /**
     * A datagram arrived. The buffer is valid only during the call.
     *
     * @param data the datagram's bytes (may be empty: UDP allows empty datagrams)
     * @param from the sender
     */
    void datagramReceived(ByteBuffer data, SocketAddress from);

    /**
     * A send or receive failed without closing the endpoint (say an ICMP "port unreachable" on a
     * connected endpoint, as {@link java.net.PortUnreachableException}).
     *
     * @param exc the error
     */
    default void errorReceived(Exception exc) {}
}
