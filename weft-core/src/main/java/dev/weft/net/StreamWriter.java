package dev.weft.net;

import dev.weft.Weft;
import dev.weft.EventLoop;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * The writing half of a stream connection, over its {@link Transport}. As asyncio's
 * {@code StreamWriter}. {@link #write} never suspends: it sends what the socket takes and buffers the
 * rest; {@link #drain()} is where a task waits for a slow peer.
 *
 * {@snippet :
 * for (byte[] chunk : chunks) {
 *     writer.write(chunk);
 *     writer.drain();        // after each write: memory stays bounded however slow the peer reads
 * }
 * writer.close();
 * writer.waitClosed();       // the socket is closed, the buffer was flushed
 * }
 *
 * <h2>States</h2>
 * <pre>
 * OPEN    --writeEof()-->  EOF_SENT  // no more writes; reading goes on
 * OPEN, EOF_SENT --close()-->  CLOSING  // flushes, then the socket closes
 * any     --the connection breaks-->  CLOSED  // drain() throws the error
 * </pre>
 *
 * <h2>Pitfalls</h2>
 * DANGER: writing in a loop without {@link #drain()}: against a peer that reads slowly the write
 * buffer grows without limit. DO THIS INSTEAD: {@code write} then {@code drain}, as above.
 * {@link #close()} does not wait; a task that must know the bytes left should await
 * {@link #waitClosed()}.
 *
 * <h2>Exceptions</h2>
 * Writing after {@link #writeEof()} or {@link #close()} throws {@link IllegalStateException}; writing
 * after the connection broke (or after its server handler returned) is dropped silently and the next
 * {@link #drain()} throws (as asyncio).
 */
public final class StreamWriter implements AutoCloseable {
    private Transport transport; // replaced by startTls
    private final StreamReaderProtocol protocol;
    private final StreamReader reader;
    private final EventLoop loop;

    StreamWriter(Transport transport, StreamReaderProtocol protocol, StreamReader reader, EventLoop loop) {
        this.transport = transport;
        this.protocol = protocol;
        this.reader = reader;
        this.loop = loop;
    }

    /** startTls: writes go through TLS from now on. */
    void replaceTransport(Transport t) {
        this.transport = t;
    }

    /**
     * Upgrades this connection to TLS as its client: runs the handshake, then every read and write of
     * this writer and its reader goes through TLS. As asyncio's {@code StreamWriter.start_tls}. The
     * server's certificate is checked against the context's trust managers and, when
     * {@code serverHostname} is given, against that name (also sent in SNI). Bytes the reader already
     * buffered stay plaintext; the writer's buffered bytes are sent before the handshake.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError (then the
     * connection is aborted).
     *
     * @param sslContext the context
     * @param serverHostname the server's name to verify, or null to check no name
     * @throws javax.net.ssl.SSLHandshakeException if the handshake fails (the connection is closed)
     * @throws IOException another I/O error
     */
    public void startTls(SSLContext sslContext, String serverHostname) throws IOException {
        startTls(sslContext, false, serverHostname);
    }

    /**
     * Upgrades this connection to TLS as its server (say after a STARTTLS command), as
     * {@link #startTls(SSLContext, String)} does for a client.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param sslContext the context, with the server's key
     * @throws javax.net.ssl.SSLHandshakeException if the handshake fails (the connection is closed)
     * @throws IOException another I/O error
     */
    public void startTlsServer(SSLContext sslContext) throws IOException {
        startTls(sslContext, true, null);
    }

    private void startTls(SSLContext sslContext, boolean serverSide, String serverHostname) throws IOException {
        Io.requireTask("StreamWriter.startTls()", loop);
        if (transport.sslSession() != null) {
            throw new IllegalStateException("this connection already speaks TLS");
        }
        Transport t = Net.startTls(transport, sslContext, serverSide, serverHostname,
                ConnectOptions.DEFAULT_HANDSHAKE_TIMEOUT);
        protocol.replaceTransport(t);
    }

    /**
     * The transport underneath, for what the writer does not offer (water marks, say).
     *
     * @return the transport
     */
    public Transport transport() {
        return transport;
    }

    /**
     * Writes {@code data} without waiting; see {@link Transport#write(ByteBuffer)}.
     *
     * @param data the bytes; may be reused when this returns
     * @throws IllegalStateException after {@link #writeEof()} or {@link #close()}
     */
    public void write(byte[] data) {
        transport.write(data); // a socket sends the array without wrapping it (SocketTransport.write(byte[]))
    }

    /**
     * Writes {@code len} bytes of {@code data} from {@code off} without waiting, as
     * {@link java.io.OutputStream#write(byte[], int, int)}; see {@link Transport#write(ByteBuffer)}.
     *
     * @param data the bytes; may be reused when this returns
     * @param off the index of the first byte to write
     * @param len how many bytes
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit in {@code data}
     * @throws IllegalStateException after {@link #writeEof()} or {@link #close()}
     */
    public void write(byte[] data, int off, int len) {
        transport.write(data, off, len); // a socket sends the range without wrapping it, as write(byte[])
    }

    /**
     * Writes the bytes between {@code data}'s position and limit without waiting.
     *
     * @param data the bytes; may be reused when this returns
     * @throws IllegalStateException after {@link #writeEof()} or {@link #close()}
     */
    public void write(ByteBuffer data) {
        transport.write(data);
    }

    /**
     * Writes {@code text} encoded as UTF-8, without waiting.
     *
     * @param text the text
     * @throws IllegalStateException after {@link #writeEof()} or {@link #close()}
     */
    public void write(String text) {
        transport.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes each array in turn, without waiting. As asyncio's {@code writelines} (no separators
     * are added).
     *
     * @param data the arrays
     * @throws IllegalStateException after {@link #writeEof()} or {@link #close()}
     */
    public void writeLines(Iterable<byte[]> data) {
        for (byte[] b : data) {
            transport.write(b);
        }
    }

    /**
     * Waits until it is fine to write more: returns at once unless the transport's write buffer went
     * above its high water mark, then waits until it is down to the low water mark. As asyncio's
     * {@code drain}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError. A cancelled
     * drain leaves the buffered bytes to be sent.
     *
     * @throws IOException the error that broke the connection (or a {@link java.net.SocketException}
     *     "Connection lost" once it is closed)
     */
    public void drain() throws IOException {
        Io.requireTask("StreamWriter.drain()", loop);
        if (reader != null && reader.exception() != null) {
            throw Io.rethrow(reader.exception());
        }
        if (transport.isClosing()) {
            // Let connectionLost run first, so a write-drain loop on a dead connection sees its error.
            Weft.yieldNow();
        }
        protocol.drainHelper();
    }

    /**
     * Shuts the output down after the buffered bytes (the peer reads end of file); reading goes on.
     * If the peer's end of file came already (or when it comes), the connection is then closed: both
     * directions are done. Never suspends.
     */
    public void writeEof() {
        transport.writeEof();
    }

    /**
     * Whether {@link #writeEof()} works: true for sockets, false over TLS.
     *
     * @return whether half-closing works
     */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /**
     * Closes the connection once the buffered bytes are sent; does not wait (see
     * {@link #waitClosed()}). Idempotent, never suspends.
     */
    @Override
    public void close() {
        transport.close();
    }

    /**
     * Whether the connection is closing or closed.
     *
     * @return true once {@link #close()} was called or the connection was lost
     */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * Waits until the connection is closed (the socket is closed). As asyncio's {@code wait_closed}.
     * Call {@link #close()} first, or it waits for the peer or an error to end the connection.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @throws IOException the error the connection ended with, if any
     */
    public void waitClosed() throws IOException {
        Io.requireTask("StreamWriter.waitClosed()", loop);
        Io.awaitOutcome(protocol.closedFuture());
    }

    /**
     * The peer's address.
     *
     * @return an {@link java.net.InetSocketAddress} or {@link java.net.UnixDomainSocketAddress}
     */
    public SocketAddress peerAddress() {
        return transport.peerAddress();
    }

    /**
     * The local address.
     *
     * @return an {@link java.net.InetSocketAddress} or {@link java.net.UnixDomainSocketAddress}
     */
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    @Override
    public String toString() {
        return "StreamWriter[" + transport + "]";
    }
}
