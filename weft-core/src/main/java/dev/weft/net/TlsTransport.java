package dev.weft.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import javax.net.ssl.SSLSession;

/**
 * The application's side of a TLS connection: what it writes is encrypted into the socket transport
 * under it; reading, flow control and addresses are the socket's. As asyncio's
 * {@code _SSLProtocolTransport}. Not public API: callers see a {@link Transport} whose
 * {@link Transport#sslSession()} is not null.
 */
final class TlsTransport implements Transport {
    private final TlsProtocol tls;
    private boolean userClosed;
    private boolean closeRequested; // close() or closeFlushing() was called

    TlsTransport(TlsProtocol tls) {
        this.tls = tls;
    }

    @Override
    public void write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        if (userClosed) {
            throw new IllegalStateException("Cannot call write() after close()");
        }
        if (!data.hasRemaining()) {
            return;
        }
        tls.write(data);
    }

    /**
     * Not supported over TLS (as asyncio).
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("TLS transports do not support writeEof() (half-closing)");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void close() {
        userClosed = true;
        closeFlushing();
    }

    /** Closes on the transport's own account (a stream handler ended): later writes are dropped. */
    void closeFlushing() {
        closeRequested = true;
        tls.close(); // close_notify after the queued records; before the handshake, the socket just closes
    }

    boolean closeRequested() {
        return closeRequested;
    }

    @Override
    public void abort() {
        tls.abort();
    }

    @Override
    public boolean isClosing() {
        return closeRequested || tls.isClosed() || tls.socketTransport() != null && tls.socketTransport().isClosing();
    }

    @Override
    public void pauseReading() {
        tls.socketTransport().pauseReading();
    }

    @Override
    public void resumeReading() {
        tls.socketTransport().resumeReading();
    }

    @Override
    public boolean isReading() {
        return tls.socketTransport().isReading();
    }

    @Override
    public long writeBufferSize() {
        return tls.socketTransport().writeBufferSize() + tls.pendingSize();
    }

    @Override
    public void setWriteBufferLimits(long high, long low) {
        tls.socketTransport().setWriteBufferLimits(high, low);
    }

    @Override
    public long highWaterMark() {
        return tls.socketTransport().highWaterMark();
    }

    @Override
    public long lowWaterMark() {
        return tls.socketTransport().lowWaterMark();
    }

    @Override
    public SocketAddress localAddress() {
        return tls.localAddress();
    }

    @Override
    public SocketAddress peerAddress() {
        return tls.peerAddress();
    }

    @Override
    public Protocol protocol() {
        return tls.app();
    }

    @Override
    public SSLSession sslSession() {
        return tls.engine().getSession();
    }

    @Override
    public String applicationProtocol() {
        String p = tls.engine().getApplicationProtocol();
        return p == null || p.isEmpty() ? null : p;
    }

    @Override
    public String toString() {
        return "TlsTransport[" + tls + " over " + tls.socketTransport() + "]";
    }
}
