package dev.weft.net;

import dev.weft.internal.IoHandler;
import dev.weft.ErrorContext;
import dev.weft.EventLoop;
import dev.weft.TimerHandle;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The {@link Transport} of a connected, non-blocking {@link SocketChannel} (TCP or Unix domain),
 * driven by the loop's selector. As asyncio's {@code _SelectorSocketTransport}.
 */
final class SocketTransport implements Transport, IoHandler {
    /* Overview:
     * One SelectionKey per channel, attached to this; `interest` mirrors the key's interest set:
     * OP_READ while reading (started, not paused, not closing, no EOF kept open), OP_WRITE while the
     * write buffer is not empty. The loop calls ioReady on its thread; reads go straight to
     * protocol.dataReceived with the loop's shared read buffer (no task switch, no allocation).
     *
     * Write buffer: a deque of heap ByteBuffers in read mode (position..limit = unsent bytes). write()
     * first tries the socket when the buffer is empty (asyncio's optimisation), then appends the rest,
     * packing small writes into the tail chunk. `bufferSize` is the sum of remaining(); the water
     * marks are checked against it after every change. write(byte[]) (StreamWriter's) sends an array
     * of up to 64 KiB through the loop thread's direct send buffer (Io.sendBuffer): the one copy that
     * a heap array needs on its way to a socket, which the JDK would otherwise make into a temporary
     * direct buffer of its own behind a ByteBuffer.wrap. A partial send appends the rest from the
     * array, not from the send buffer, so the send buffer is free again when write returns (a
     * pauseWriting callback may write). Pinned by StreamWriterTest (partial sends, writes behind one,
     * arrays over 64 KiB); StreamEchoAllocationTest counts the bytes a streams echo allocates.
     *
     * Half-closes: once the peer's EOF was kept (readEof) and our own output is shut (outputShut), in
     * either order, nothing more can happen on the socket: the transport closes itself (asyncio waits
     * for close(), so a wait_closed() after both EOFs hangs there).
     *
     * Closing (asyncio's rules): close() stops reading, and once the buffer is empty closes the
     * channel and schedules connectionLost(null). abort() or a fatal error drops the buffer, closes the
     * channel at once and schedules connectionLost(exc). `lost` is set when connectionLost is scheduled;
     * invariant: lost implies the channel is closed and the key cancelled, so every fd is released by
     * the next select even if the loop never runs the scheduled callback.
     *
     * Deadlines (SocketSetup's idle/read/write/first-byte timeouts), as Netty's IdleStateHandler: one
     * timer per transport, never cancelled on activity. Reads and writes only record the loop time
     * (lastRead, lastSent, writeWaitSince); when the timer fires it checks every deadline against
     * those times, aborts the connection with a SocketTimeoutException if one has passed, else re-arms
     * itself for the earliest one still ahead. No deadlines configured: no timer, no clock reads.
     *
     * Resets: the JDK reports a reset as SocketException "Connection reset" on read but as a plain
     * IOException "Connection reset by peer" (or "Broken pipe") on write; both become one
     * SocketException naming the peer (resetError), whichever call saw it.
     */

    private static final int MAX_GATHER = 64;
    private static final int MIN_CHUNK = 8 * 1024;

    private final EventLoop loop;
    private final SocketChannel ch;
    private final Server server; // null for a client connection
    private final SocketAddress local;
    private final SocketAddress peer;
    private Protocol protocol;
    private SelectionKey key;
    private int interest;

    private final ArrayDeque<ByteBuffer> buffer = new ArrayDeque<>();
    private long bufferSize; // invariant: sum of remaining() over buffer
    private long high = 64 * 1024;
    private long low = 16 * 1024;
    private boolean protocolPaused; // pauseWriting called, resumeWriting not yet

    private boolean made; // connectionMade was called (connectionLost is called only then)
    private boolean started; // connectionMade has run: reading may begin
    private boolean readPaused; // pauseReading()
    private boolean readEof; // EOF received and the protocol kept the connection open
    private boolean eof; // writeEof() called
    private boolean outputShut; // writeEof() took effect: the FIN is sent
    private boolean userClosed; // close() called
    private boolean closing; // close(), abort() or a fatal error
    private boolean lost; // connectionLost scheduled; the channel is closed
    private int droppedWrites;

    private final SocketSetup setup; // deadlines in nanos (0 = none)
    private final boolean timed; // setup has a deadline: keep the times below and the timer
    private TimerHandle deadlineTimer;
    private long startedAt; // loop nanos when the transport was made
    private long lastRead; // loop nanos of the last bytes (or EOF) read, or of the last resume of reading
    private long lastSent; // loop nanos of the last bytes sent
    private long writeWaitSince; // loop nanos since which the non-empty write buffer made no progress
    private boolean gotFirstByte;

    SocketTransport(EventLoop loop, SocketChannel ch, Protocol protocol, Server server) throws IOException {
        this(loop, ch, protocol, server, SocketSetup.NONE);
    }

    SocketTransport(EventLoop loop, SocketChannel ch, Protocol protocol, Server server, SocketSetup setup)
            throws IOException {
        this.loop = loop;
        this.ch = ch;
        this.protocol = Objects.requireNonNull(protocol, "the protocol factory returned null");
        this.server = server;
        this.setup = setup;
        this.timed = setup.hasDeadlines();
        this.local = ch.getLocalAddress();
        this.peer = ch.getRemoteAddress();
        this.key = Io.register(loop, ch, 0, this);
        if (server != null) {
            server.attach(this);
        }
        if (timed) {
            long now = loop.nanoTime();
            startedAt = now;
            lastRead = now;
            lastSent = now;
            armDeadline(now);
        }
        loop.callSoon(this::start);
    }

    /** asyncio: connection_made, then add the reader, both at the next iteration. */
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

    // ---- reading ----

    @Override
    public void ioReady(SelectionKey k) {
        if (!k.isValid()) {
            return;
        }
        int ops = k.readyOps();
        if ((ops & SelectionKey.OP_WRITE) != 0 && !lost) {
            writeReady();
        }
        if ((ops & SelectionKey.OP_READ) != 0 && !lost && (interest & SelectionKey.OP_READ) != 0) {
            readReady();
        }
    }

    private void readReady() {
        ByteBuffer b = Io.readBuffer();
        int n;
        try {
            n = ch.read(b);
        } catch (IOException e) {
            fatalError(resetError(e), "Fatal read error on socket transport");
            return;
        }
        if (timed && n != 0) {
            lastRead = loop.nanoTime();
            gotFirstByte = true;
        }
        if (n > 0) {
            b.flip();
            try {
                protocol.dataReceived(b);
            } catch (Throwable e) {
                fatalError(e, "Fatal error: protocol.dataReceived() call failed.");
            }
        } else if (n < 0) {
            onEof();
        }
    }

    private void onEof() {
        boolean keepOpen;
        try {
            keepOpen = protocol.eofReceived();
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.eofReceived() call failed.");
            return;
        }
        if (keepOpen) {
            readEof = true;
            if (outputShut) {
                closeFlushing(); // both directions are done: nothing more can happen on this socket
                return;
            }
            updateInterest();
        } else {
            closeFlushing();
        }
    }

    @Override
    public void pauseReading() {
        if (closing || readPaused) {
            return;
        }
        readPaused = true;
        updateInterest();
    }

    @Override
    public void resumeReading() {
        if (closing || !readPaused) {
            return;
        }
        readPaused = false;
        if (timed) {
            lastRead = loop.nanoTime(); // the time paused does not count against the read timeout
        }
        updateInterest();
    }

    @Override
    public boolean isReading() {
        return !closing && !readPaused;
    }

    // ---- writing ----

    @Override
    public void write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        if (!acceptWrite(data.remaining())) {
            data.position(data.limit());
            return;
        }
        if (buffer.isEmpty()) {
            if (sendNow(data) < 0 || !data.hasRemaining()) {
                return;
            }
        }
        append(data);
        updateInterest();
        maybePauseProtocol();
    }

    /**
     * As {@link #write(ByteBuffer)}, without the wrapper: when nothing is queued the array goes to the
     * socket through the loop thread's send buffer (Io.sendBuffer; see Overview, write buffer), and only
     * what the socket did not take is copied into the write buffer.
     */
    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    /** {@code len} bytes of {@code data} from {@code off}, as {@link #write(byte[])}. */
    @Override
    public void write(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (!acceptWrite(len)) {
            return;
        }
        if (buffer.isEmpty()) {
            ByteBuffer send = Io.sendBuffer(len);
            int n = send != null ? sendNow(send.put(data, off, len).flip()) : sendNow(ByteBuffer.wrap(data, off, len));
            if (n < 0 || n == len) {
                return;
            }
            off += n;
            len -= n;
        }
        append(data, off, len);
        updateInterest();
        maybePauseProtocol();
    }

    /**
     * The checks every write starts with: refused after writeEof() or close(); false if there is
     * nothing to do (no bytes, or the transport is closing and drops them, as asyncio).
     */
    private boolean acceptWrite(int len) {
        if (eof) {
            throw new IllegalStateException("Cannot call write() after writeEof()");
        }
        if (userClosed) {
            throw new IllegalStateException("Cannot call write() after close()");
        }
        if (len == 0) {
            return false;
        }
        if (closing) {
            droppedWrites++; // asyncio: silently dropped; connectionLost told the protocol why
            return false;
        }
        return true;
    }

    /**
     * One write to the socket while the write buffer is empty (asyncio's optimisation): the bytes
     * sent, or -1 after an error (the transport is then lost).
     */
    private int sendNow(ByteBuffer data) {
        int n;
        try {
            n = ch.write(data);
        } catch (IOException e) {
            fatalError(resetError(e), "Fatal write error on socket transport");
            return -1;
        }
        if (timed) {
            long now = loop.nanoTime();
            if (n > 0) {
                lastSent = now;
            }
            writeWaitSince = now; // the buffer is empty: a wait for the peer starts now if bytes remain
        }
        return n;
    }

    /** Copies data's remaining bytes into the write buffer, packing them into the tail chunk when they fit. */
    private void append(ByteBuffer data) {
        int n = data.remaining();
        ByteBuffer tail = buffer.peekLast();
        if (tail != null && tail.capacity() - tail.limit() >= n) {
            int at = tail.limit();
            tail.limit(at + n);
            tail.put(at, data, data.position(), n);
        } else {
            ByteBuffer chunk = ByteBuffer.allocate(Math.max(n, MIN_CHUNK));
            chunk.put(0, data, data.position(), n);
            chunk.limit(n);
            buffer.add(chunk);
        }
        data.position(data.limit());
        bufferSize += n;
    }

    /** As {@link #append(ByteBuffer)}, for {@code n} bytes of an array. */
    private void append(byte[] data, int off, int n) {
        ByteBuffer tail = buffer.peekLast();
        if (tail != null && tail.capacity() - tail.limit() >= n) {
            int at = tail.limit();
            tail.limit(at + n);
            tail.put(at, data, off, n);
        } else {
            ByteBuffer chunk = ByteBuffer.allocate(Math.max(n, MIN_CHUNK));
            chunk.put(0, data, off, n);
            chunk.limit(n);
            buffer.add(chunk);
        }
        bufferSize += n;
    }

    private void writeReady() {
        if (buffer.isEmpty()) {
            updateInterest();
            return;
        }
        try {
            if (buffer.size() == 1) {
                ByteBuffer b = buffer.peekFirst();
                int n = ch.write(b);
                bufferSize -= n;
                if (!b.hasRemaining()) {
                    buffer.pollFirst();
                }
            } else {
                ByteBuffer[] bufs = buffer.toArray(new ByteBuffer[Math.min(buffer.size(), MAX_GATHER)]);
                int count = Math.min(buffer.size(), MAX_GATHER);
                long n = ch.write(bufs, 0, count);
                bufferSize -= n;
                while (!buffer.isEmpty() && !buffer.peekFirst().hasRemaining()) {
                    buffer.pollFirst();
                }
            }
        } catch (IOException e) {
            buffer.clear();
            bufferSize = 0;
            fatalError(resetError(e), "Fatal write error on socket transport");
            return;
        }
        if (timed) {
            long now = loop.nanoTime();
            lastSent = now;
            writeWaitSince = now;
        }
        maybeResumeProtocol(); // may write more
        if (buffer.isEmpty() && !lost) {
            if (closing) {
                lose(null);
                return;
            }
            if (eof) {
                shutdownOutput();
            }
        }
        updateInterest();
    }

    @Override
    public void writeEof() {
        if (closing || eof) {
            return;
        }
        eof = true;
        if (buffer.isEmpty()) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        try {
            ch.shutdownOutput();
        } catch (IOException e) {
            fatalError(resetError(e), "Fatal error on shutting down the output");
            return;
        }
        outputShut = true;
        if (readEof) {
            closeFlushing(); // the peer's EOF came first: both directions are done
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public long writeBufferSize() {
        return bufferSize;
    }

    @Override
    public void setWriteBufferLimits(long high, long low) {
        if (high < 0 && low < 0) {
            high = 64 * 1024;
            low = 16 * 1024;
        } else if (high < 0) {
            high = 4 * low;
        } else if (low < 0) {
            low = high / 4;
        }
        if (!(high >= low && low >= 0)) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
        this.high = high;
        this.low = low;
        maybePauseProtocol();
    }

    @Override
    public long highWaterMark() {
        return high;
    }

    @Override
    public long lowWaterMark() {
        return low;
    }

    private void maybePauseProtocol() {
        if (bufferSize <= high || protocolPaused) {
            return;
        }
        protocolPaused = true;
        try {
            protocol.pauseWriting();
        } catch (Throwable e) {
            loop.callExceptionHandler(new ErrorContext("protocol.pauseWriting() failed (" + this + ")", e, null, null));
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

    // ---- closing ----

    @Override
    public void close() {
        if (!closing) {
            userClosed = true;
        }
        closeFlushing();
    }

    /**
     * Closes as {@link #close()} does, but on the transport's own account (the protocol declined to
     * keep a half-closed connection, or a stream handler ended): a later write is dropped as after a
     * lost connection, not refused as after the user's own close().
     */
    void closeFlushing() {
        if (closing) {
            return;
        }
        closing = true;
        if (buffer.isEmpty()) {
            lose(null);
        } else {
            updateInterest(); // stop reading; keep flushing
        }
    }

    @Override
    public void abort() {
        forceClose(null);
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    /** A read or write error, or a protocol callback that threw: report it unless it is plain I/O, then drop the connection. */
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

    /** Closes the channel now and schedules connectionLost(exc). */
    private void lose(Throwable exc) {
        lost = true;
        closing = true;
        interest = 0;
        if (deadlineTimer != null) {
            deadlineTimer.cancel();
            deadlineTimer = null;
        }
        key.cancel();
        try {
            ch.close(); // the fd is released when the selector drops the cancelled key, at its next select
        } catch (IOException e) {
            // nothing more to do: the channel is closed either way
        }
        loop.callSoon(() -> callConnectionLost(exc));
    }

    private void callConnectionLost(Throwable exc) {
        try {
            if (made) {
                protocol.connectionLost(exc);
            }
        } finally {
            if (server != null) {
                server.detach(this);
            }
        }
    }

    private void updateInterest() {
        if (lost) {
            return;
        }
        int want = 0;
        if (started && !closing && !readPaused && !readEof) {
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

    // ---- deadlines ----

    private void armDeadline(long now) {
        long next = Long.MAX_VALUE;
        if (setup.firstByteNanos() > 0 && !gotFirstByte) {
            next = Math.min(next, startedAt + setup.firstByteNanos());
        }
        if (setup.readNanos() > 0 && reading()) {
            next = Math.min(next, lastRead + setup.readNanos());
        }
        if (setup.writeNanos() > 0 && !buffer.isEmpty()) {
            next = Math.min(next, writeWaitSince + setup.writeNanos());
        }
        if (setup.idleNanos() > 0) {
            next = Math.min(next, Math.max(lastRead, lastSent) + setup.idleNanos());
        }
        if (next == Long.MAX_VALUE) {
            // Nothing is due now (reading paused, nothing to send): look again after the shortest
            // deadline, rather than hooking every state change.
            next = now + shortestDeadline();
        }
        deadlineTimer = loop.callAtNanos(next, this::checkDeadlines);
    }

    private long shortestDeadline() {
        long m = Long.MAX_VALUE;
        for (long d : new long[] {setup.idleNanos(), setup.readNanos(), setup.writeNanos(), setup.firstByteNanos()}) {
            if (d > 0) {
                m = Math.min(m, d);
            }
        }
        return m;
    }

    private boolean reading() {
        return !closing && !readPaused && !readEof;
    }

    /** The timer fired: abort if a deadline passed, else re-arm for the next one. */
    private void checkDeadlines() {
        deadlineTimer = null;
        if (lost) {
            return;
        }
        long now = loop.nanoTime();
        String who = Io.show(peer);
        String why = null;
        if (setup.firstByteNanos() > 0 && !gotFirstByte && now - startedAt >= setup.firstByteNanos()) {
            why = "first byte timeout: nothing from " + who + " within " + ms(setup.firstByteNanos())
                    + " ms of the connection";
        } else if (setup.readNanos() > 0 && reading() && now - lastRead >= setup.readNanos()) {
            why = "read timeout: nothing from " + who + " for " + ms(setup.readNanos()) + " ms";
        } else if (setup.writeNanos() > 0 && !buffer.isEmpty() && now - writeWaitSince >= setup.writeNanos()) {
            why = "write timeout: " + who + " took none of the " + bufferSize + " bytes waiting to be sent for "
                    + ms(setup.writeNanos()) + " ms";
        } else if (setup.idleNanos() > 0 && now - Math.max(lastRead, lastSent) >= setup.idleNanos()) {
            why = "idle timeout: nothing read from or sent to " + who + " for " + ms(setup.idleNanos()) + " ms";
        }
        if (why == null) {
            armDeadline(now);
            return;
        }
        forceClose(new SocketTimeoutException(why));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /**
     * One type for a reset: a read sees SocketException "Connection reset", a write or a shutdown a
     * plain IOException "Connection reset by peer" or "Broken pipe" (after the reset was received);
     * each becomes a SocketException naming the peer, with the JDK's exception as its cause.
     */
    IOException resetError(IOException e) {
        String m = e.getMessage();
        if (m == null || !(e instanceof SocketException || e.getClass() == IOException.class)) {
            return e;
        }
        boolean reset = m.contains("Connection reset");
        boolean pipe = m.contains("Broken pipe");
        if (!reset && !pipe) {
            return e;
        }
        SocketException s = new SocketException("Connection reset by peer " + Io.show(peer)
                + (pipe ? " (" + m + ")" : ""));
        s.initCause(e);
        return s;
    }

    /** The channel (tests read its socket options). */
    SocketChannel channel() {
        return ch;
    }

    // ---- info ----

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress peerAddress() {
        return peer;
    }

    /** startTls: the TLS protocol takes the socket's callbacks from now on. */
    void setProtocol(Protocol p) {
        this.protocol = Objects.requireNonNull(p, "protocol");
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SocketTransport[");
        sb.append(lost ? "closed" : closing ? "closing" : "open");
        sb.append(' ').append(Io.show(local)).append(" -> ").append(Io.show(peer));
        sb.append(", read=").append((interest & SelectionKey.OP_READ) != 0 ? "polling" : "idle");
        sb.append(", write=<").append((interest & SelectionKey.OP_WRITE) != 0 ? "polling" : "idle");
        sb.append(", bufsize=").append(bufferSize).append(">");
        if (droppedWrites > 0) {
            sb.append(", dropped writes=").append(droppedWrites);
        }
        return sb.append(']').toString();
    }
}
