package dev.weft.net;

import dev.weft.internal.IoHandler;
import dev.weft.ErrorContext;
import dev.weft.EventLoop;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The {@link DatagramTransport} of a non-blocking {@link DatagramChannel} driven by the loop's
 * selector. As asyncio's {@code _SelectorDatagramTransport}. Not public API.
 */
final class DatagramEndpoint implements DatagramTransport, IoHandler {
    /* Reads: one receive per readiness, straight into protocol.datagramReceived with the loop's shared
     * buffer (a datagram longer than the buffer is truncated, as recvfrom with a 64 KiB buffer would:
     * 64 KiB is above UDP's payload maximum over IPv4). Writes: sent at once when the buffer is empty;
     * else (or when the socket takes nothing) queued whole, with their address, and sent on OP_WRITE.
     * A send error goes to errorReceived and does not close the endpoint (asyncio's rule); a receive
     * error likewise. Closing mirrors SocketTransport: `lost` implies the channel is closed. */

    private record Pending(ByteBuffer data, SocketAddress to) {}

    private final EventLoop loop;
    private final DatagramChannel ch;
    private final DatagramProtocol protocol;
    private final SocketAddress local;
    private final SocketAddress remote; // null unless connected
    private final SelectionKey key;
    private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
    private long bufferSize;
    private final long high = 64 * 1024;
    private final long low = 16 * 1024;
    private boolean protocolPaused;
    private boolean made; // connectionMade was called (connectionLost is called only then)
    private boolean started;
    private boolean closing;
    private boolean lost;
    private int interest;

    DatagramEndpoint(EventLoop loop, DatagramChannel ch, DatagramProtocol protocol, SocketAddress remote)
            throws IOException {
        this.loop = loop;
        this.ch = ch;
        this.protocol = Objects.requireNonNull(protocol, "the protocol factory returned null");
        this.remote = remote;
        this.local = ch.getLocalAddress();
        this.key = Io.register(loop, ch, 0, this);
        loop.callSoon(this::start);
    }

    private void start() {
        if (lost) {
            return;
        }
        made = true;
        try {
            protocol.connectionMade(this);
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.connectionMade() call failed.");
            return;
        }
        started = true;
        updateInterest();
    }

    @Override
    public void ioReady(SelectionKey k) {
        if (!k.isValid()) {
            return;
        }
        int ops = k.readyOps();
        if ((ops & SelectionKey.OP_WRITE) != 0 && !lost) {
            writeReady();
        }
        if ((ops & SelectionKey.OP_READ) != 0 && !lost && !closing) {
            readReady();
        }
    }

    private void readReady() {
        ByteBuffer b = Io.readBuffer();
        SocketAddress from;
        try {
            from = ch.receive(b);
        } catch (IOException e) {
            errorReceived(e);
            return;
        }
        if (from == null) {
            return;
        }
        b.flip();
        try {
            protocol.datagramReceived(b, from);
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.datagramReceived() call failed.");
        }
    }

    @Override
    public void sendTo(ByteBuffer data, SocketAddress to) {
        Objects.requireNonNull(data, "data");
        if (remote != null && to != null && !to.equals(remote)) {
            throw new IllegalArgumentException("Invalid address: must be null or " + Io.show(remote)
                    + " on a connected endpoint (got " + Io.show(to) + ")");
        }
        if (remote == null && to == null) {
            throw new IllegalArgumentException("Invalid address: an endpoint made without a remote address needs one");
        }
        if (closing) {
            throw new IllegalStateException("Cannot send on a closing " + this);
        }
        SocketAddress dest = to != null ? to : remote;
        if (buffer.isEmpty()) {
            try {
                int n = remote != null ? ch.write(data) : ch.send(data, dest);
                if (n > 0 || !data.hasRemaining()) {
                    return;
                }
            } catch (IOException e) {
                errorReceived(e);
                return;
            }
        }
        int n = data.remaining();
        ByteBuffer copy = ByteBuffer.allocate(n);
        copy.put(data).flip();
        buffer.add(new Pending(copy, dest));
        bufferSize += n;
        updateInterest();
        maybePauseProtocol();
    }

    private void writeReady() {
        while (!buffer.isEmpty()) {
            Pending p = buffer.peekFirst();
            int n;
            try {
                n = remote != null ? ch.write(p.data()) : ch.send(p.data(), p.to());
            } catch (IOException e) {
                buffer.pollFirst();
                bufferSize -= p.data().limit();
                errorReceived(e);
                continue;
            }
            if (n == 0 && p.data().hasRemaining()) {
                break; // the socket is full again
            }
            buffer.pollFirst();
            bufferSize -= p.data().limit();
        }
        maybeResumeProtocol();
        if (buffer.isEmpty() && closing && !lost) {
            lose(null);
            return;
        }
        updateInterest();
    }

    private void errorReceived(Exception e) {
        try {
            protocol.errorReceived(e);
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.errorReceived() call failed.");
        }
    }

    private void maybePauseProtocol() {
        if (bufferSize > high && !protocolPaused) {
            protocolPaused = true;
            try {
                protocol.pauseWriting();
            } catch (Throwable e) {
                loop.callExceptionHandler(new ErrorContext("protocol.pauseWriting() failed (" + this + ")", e, null, null));
            }
        }
    }

    private void maybeResumeProtocol() {
        if (protocolPaused && bufferSize <= low) {
            protocolPaused = false;
            try {
                protocol.resumeWriting();
            } catch (Throwable e) {
                loop.callExceptionHandler(new ErrorContext("protocol.resumeWriting() failed (" + this + ")", e, null, null));
            }
        }
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (buffer.isEmpty()) {
            lose(null);
        } else {
            updateInterest();
        }
    }

    @Override
    public void abort() {
        forceClose(null);
    }

    private void fatalError(Throwable e, String message) {
        if (!(e instanceof IOException)) {
            loop.callExceptionHandler(new ErrorContext(message + " (" + this + ")", e, null, null));
        }
        forceClose(e);
    }

    private void forceClose(Throwable exc) {
        if (lost) {
            return;
        }
        buffer.clear();
        bufferSize = 0;
        closing = true;
        lose(exc);
    }

    private void lose(Throwable exc) {
        lost = true;
        closing = true;
        interest = 0;
        key.cancel();
        try {
            ch.close();
        } catch (IOException e) {
            // closed either way
        }
        loop.callSoon(() -> {
            if (made) {
                protocol.connectionLost(exc);
            }
        });
    }

    private void updateInterest() {
        if (lost) {
            return;
        }
        int want = 0;
        if (started && !closing) {
            want |= SelectionKey.OP_READ;
        }
        if (!buffer.isEmpty()) {
            want |= SelectionKey.OP_WRITE;
        }
        if (want != interest) {
            interest = want;
            key.interestOps(want);
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public long writeBufferSize() {
        return bufferSize;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress peerAddress() {
        return remote;
    }

    @Override
    public DatagramProtocol protocol() {
        return protocol;
    }

    @Override
    public String toString() {
        return "DatagramEndpoint[" + (lost ? "closed" : closing ? "closing" : "open") + " " + Io.show(local)
                + (remote != null ? " -> " + Io.show(remote) : "") + ", bufsize=" + bufferSize + "]";
    }
}
