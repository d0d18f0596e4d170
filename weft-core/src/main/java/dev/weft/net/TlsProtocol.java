package dev.weft.net;

import dev.weft.Future;
import dev.weft.ErrorContext;
import dev.weft.EventLoop;
import dev.weft.TimerHandle;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;

/**
 * TLS between a socket transport and an application protocol, over a {@link SSLEngine}. As asyncio's
 * {@code SSLProtocol} ({@code asyncio/sslproto.py}): toward the socket it is a {@link Protocol} fed
 * encrypted bytes; toward the application it offers a {@link TlsTransport} that encrypts what is
 * written and calls the application protocol with the decrypted bytes. Not public API.
 */
final class TlsProtocol implements Protocol {
    private static final System.Logger LOG = System.getLogger("dev.weft.net");
    /* Buffers: netIn holds encrypted bytes received and not yet unwrapped (write mode: position = how
     * many); appIn receives unwrapped plaintext (write mode), handed to the app then cleared; netOut
     * receives wrapped records, written to the socket transport (which copies what it cannot send).
     * All three grow on BUFFER_OVERFLOW/UNDERFLOW to the session's sizes.
     *
     * States: HANDSHAKING (app writes are queued in `pending`), OPEN, CLOSED (close_notify sent or the
     * connection is gone). Delegated tasks run inline on the loop thread: with the JDK's providers
     * they are short (certificate checks), and running them elsewhere would only add a hop. */

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final EventLoop loop;
    private final SSLEngine engine;
    private final Protocol app;
    private final boolean callConnectionMade; // false for startTls: the app protocol is already connected
    private final Future<Throwable> waiter; // null result = handshake done; may be null
    private final Duration handshakeTimeout;
    private final String target;
    private final boolean checkDates; // refuse a peer certificate outside its dates, trust anchors included
    private final TlsTransport appTransport;

    private Transport sock;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long pendingSize;
    private TimerHandle timer;

    private boolean handshakeDone;
    private boolean appMade; // the app protocol is connected (connectionMade called by us or before startTls)
    private boolean closed; // no more TLS traffic either way
    private boolean lost; // the socket transport called connectionLost
    private boolean inPump;
    private Throwable failure; // the TLS error the connection is closing with

    TlsProtocol(EventLoop loop, SSLEngine engine, Protocol app, boolean callConnectionMade, Future<Throwable> waiter,
            Duration handshakeTimeout, String target) {
        this(loop, engine, app, callConnectionMade, waiter, handshakeTimeout, target, true);
    }

    TlsProtocol(EventLoop loop, SSLEngine engine, Protocol app, boolean callConnectionMade, Future<Throwable> waiter,
            Duration handshakeTimeout, String target, boolean checkDates) {
        this.loop = loop;
        this.checkDates = checkDates;
        this.engine = engine;
        this.app = Objects.requireNonNull(app, "the protocol factory returned null");
        this.callConnectionMade = callConnectionMade;
        this.appMade = !callConnectionMade;
        this.waiter = waiter;
        this.handshakeTimeout = handshakeTimeout;
        this.target = target;
        SSLSession s = engine.getSession();
        this.netIn = ByteBuffer.allocate(s.getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(s.getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(s.getPacketBufferSize());
        this.appTransport = new TlsTransport(this);
    }

    TlsTransport appTransport() {
        return appTransport;
    }

    Protocol app() {
        return app;
    }

    SSLEngine engine() {
        return engine;
    }

    Transport socketTransport() {
        return sock;
    }

    // ---- from the socket transport ----

    @Override
    public void connectionMade(Transport transport) {
        sock = transport;
        if (handshakeTimeout != null) {
            timer = loop.callLater(handshakeTimeout, () -> {
                if (!handshakeDone && !closed) {
                    SocketTimeoutException e = new SocketTimeoutException("TLS handshake with " + target
                            + " timed out after " + handshakeTimeout.toMillis() + " ms");
                    fail(e, true);
                }
            });
        }
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e, true);
            return;
        }
        pump();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (closed) {
            return;
        }
        int n = data.remaining();
        if (netIn.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, netIn.position() + n));
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
        netIn.put(data);
        pump();
    }

    @Override
    public boolean eofReceived() {
        if (!handshakeDone) {
            fail(new SSLHandshakeException("Remote host terminated the handshake"), false);
            return false;
        }
        // A TCP end of file without close_notify: a truncation, told to the app as an end of file (as asyncio).
        callAppEof();
        return false; // TLS has no half-close here: the socket transport closes
    }

    @Override
    public void connectionLost(Throwable exc) {
        lost = true;
        closed = true;
        cancelTimer();
        if (exc == null) {
            exc = failure;
        }
        if (!handshakeDone) {
            Throwable e = exc != null ? handshakeError(exc)
                    : new SSLHandshakeException("TLS handshake with " + target + " failed: connection closed by the peer");
            settle(e);
        }
        if (appMade) {
            app.connectionLost(exc);
        }
    }

    @Override
    public void pauseWriting() {
        if (appMade) {
            app.pauseWriting();
        }
    }

    @Override
    public void resumeWriting() {
        if (appMade) {
            app.resumeWriting();
        }
    }

    // ---- the engine ----

    /** Runs the engine as far as the bytes at hand allow: handshake steps, then application data. */
    private void pump() {
        if (inPump) {
            return; // a callback of ours wrote or closed: the outer loop goes on
        }
        inPump = true;
        try {
            while (!closed) {
                SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
                switch (hs) {
                    case NEED_TASK -> {
                        Runnable task;
                        while ((task = engine.getDelegatedTask()) != null) {
                            task.run();
                        }
                    }
                    case NEED_WRAP -> {
                        if (!wrap(EMPTY)) {
                            return;
                        }
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrap()) {
                            return;
                        }
                    }
                    default -> {
                        if (!handshakeDone) {
                            handshakeCompleted();
                            continue;
                        }
                        if (!unwrap()) {
                            return;
                        }
                    }
                }
            }
        } catch (SSLException e) {
            fail(e, true);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SSLException s) { // delegated tasks wrap theirs
                fail(s, true);
            } else {
                fail(e, true);
            }
        } finally {
            inPump = false;
        }
    }

    /** One unwrap; true if it made progress (so the pump should go on). */
    private boolean unwrap() throws SSLException {
        SSLEngineResult.HandshakeStatus before = engine.getHandshakeStatus();
        if (netIn.position() == 0 && before != SSLEngineResult.HandshakeStatus.NEED_UNWRAP_AGAIN) {
            return false;
        }
        netIn.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        switch (r.getStatus()) {
            case BUFFER_OVERFLOW -> {
                if (appIn.position() > 0) {
                    deliver();
                } else {
                    appIn = ByteBuffer.allocate(Math.max(appIn.capacity() * 2,
                            engine.getSession().getApplicationBufferSize()));
                }
                return !closed;
            }
            case BUFFER_UNDERFLOW -> {
                int need = engine.getSession().getPacketBufferSize();
                if (netIn.capacity() < need) {
                    ByteBuffer bigger = ByteBuffer.allocate(need);
                    netIn.flip();
                    bigger.put(netIn);
                    netIn = bigger;
                }
                return false;
            }
            case CLOSED -> {
                deliver();
                peerClosed();
                return false;
            }
            default -> {
                deliver();
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0 || r.getHandshakeStatus() != before;
            }
        }
    }

    /** Hands the unwrapped bytes to the app protocol. */
    private void deliver() {
        if (appIn.position() == 0 || closed && !appMade) {
            appIn.clear();
            return;
        }
        appIn.flip();
        try {
            app.dataReceived(appIn);
        } catch (Throwable e) {
            loop.callExceptionHandler(new ErrorContext("Fatal error: protocol.dataReceived() call failed. ("
                    + appTransport + ")", e, null, null));
            appIn.clear();
            abort();
            return;
        }
        appIn.clear();
    }

    /**
     * Wraps all of {@code src} (or one handshake/close message when it is empty) and writes the
     * records to the socket. False if the engine is closed or made no progress.
     */
    private boolean wrap(ByteBuffer src) throws SSLException {
        do {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (netOut.position() > 0 && !lost) {
                netOut.flip();
                sock.write(netOut); // copies what it cannot send now
            }
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW -> netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2,
                        engine.getSession().getPacketBufferSize()));
                case CLOSED -> {
                    return false;
                }
                default -> {
                    if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                        return false; // no progress: let the pump stop rather than spin
                    }
                }
            }
        } while (src.hasRemaining());
        return true;
    }

    private void handshakeCompleted() {
        String outOfDate = checkDates ? outOfDatePeerCertificate() : null;
        if (outOfDate != null) {
            // No application byte went either way yet (the app's writes wait in `pending`).
            fail(new SSLHandshakeException(outOfDate), true);
            return;
        }
        handshakeDone = true;
        cancelTimer();
        if (callConnectionMade) {
            appMade = true;
            try {
                app.connectionMade(appTransport);
            } catch (Throwable e) {
                loop.callExceptionHandler(new ErrorContext("Fatal error: protocol.connectionMade() call failed. ("
                        + appTransport + ")", e, null, null));
                abort();
                settle(e);
                return;
            }
        }
        settle(null);
        flushPending();
    }

    private void flushPending() {
        ByteBuffer b;
        while (!closed && (b = pending.pollFirst()) != null) {
            pendingSize -= b.remaining();
            try {
                wrap(b);
            } catch (SSLException e) {
                fail(e, false);
                return;
            }
        }
        if (appTransport.closeRequested() && !closed) {
            closeNotify();
        }
    }

    /**
     * Why a certificate the peer sent is outside its validity dates, or null if none is. The JDK's
     * PKIX validation checks the dates of every certificate of the path except the trust anchor, so
     * a pinned self-signed certificate is taken after it expired; OpenSSL and CPython refuse it
     * ("certificate has expired"), and so does Weft (ConnectOptions.withCheckCertificateDates).
     */
    private String outOfDatePeerCertificate() {
        java.security.cert.Certificate[] chain;
        try {
            chain = engine.getSession().getPeerCertificates();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null; // no certificate (a server that did not ask for the client's)
        }
        java.util.Date now = new java.util.Date();
        for (java.security.cert.Certificate c : chain) {
            if (c instanceof java.security.cert.X509Certificate x) {
                try {
                    x.checkValidity(now);
                } catch (java.security.cert.CertificateExpiredException e) {
                    return "certificate has expired: " + x.getSubjectX500Principal().getName() + " (not after "
                            + x.getNotAfter().toInstant() + ")";
                } catch (java.security.cert.CertificateNotYetValidException e) {
                    return "certificate is not yet valid: " + x.getSubjectX500Principal().getName() + " (not before "
                            + x.getNotBefore().toInstant() + ")";
                }
            }
        }
        return null;
    }

    /** The peer sent close_notify: its end of file. */
    private void peerClosed() {
        callAppEof();
        closeNotify();
    }

    private void callAppEof() {
        if (!appMade) {
            return;
        }
        try {
            app.eofReceived(); // keeping it open has no meaning over TLS here (as asyncio)
        } catch (Throwable e) {
            loop.callExceptionHandler(new ErrorContext("Fatal error: protocol.eofReceived() call failed. ("
                    + appTransport + ")", e, null, null));
        }
    }

    // ---- from the app transport ----

    void write(ByteBuffer data) {
        if (closed) {
            data.position(data.limit());
            return;
        }
        if (!handshakeDone) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            pending.add(copy);
            pendingSize += copy.remaining();
            return;
        }
        try {
            wrap(data);
        } catch (SSLException e) {
            fail(e, false);
        }
        if (!inPump && !closed) {
            pump(); // a wrap may have changed the handshake status (a key update, say)
        }
    }

    /** Sends close_notify (after the queued writes) and closes the socket once it is flushed. */
    void close() {
        if (closed) {
            return;
        }
        if (!handshakeDone) {
            closed = true;
            cancelTimer();
            sock.close();
            return;
        }
        closeNotify();
    }

    private void closeNotify() {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimer();
        engine.closeOutbound();
        try {
            while (!engine.isOutboundDone()) {
                netOut.clear();
                SSLEngineResult r = engine.wrap(EMPTY, netOut);
                if (netOut.position() > 0 && !lost) {
                    netOut.flip();
                    sock.write(netOut);
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                } else if (r.bytesProduced() == 0) {
                    break;
                }
            }
        } catch (SSLException | RuntimeException e) {
            // best effort: the socket closes either way
        }
        if (!lost) {
            sock.close();
        }
    }

    void abort() {
        closed = true;
        cancelTimer();
        if (sock != null) {
            sock.abort();
        }
    }

    long pendingSize() {
        return pendingSize;
    }

    boolean handshakeDone() {
        return handshakeDone;
    }

    boolean isClosed() {
        return closed;
    }

    // ---- failures ----

    /**
     * A TLS error: tell the waiter (as a handshake failure with the target in the message) or the app
     * (via connectionLost), try to send the alert the engine holds, and close the socket.
     */
    private void fail(Throwable e, boolean sendAlert) {
        if (closed && lost) {
            return;
        }
        boolean wasDone = handshakeDone;
        Throwable reported = wasDone ? e : handshakeError(e);
        closed = true;
        cancelTimer();
        if (!wasDone) {
            settle(reported);
        }
        if (sock == null) {
            return;
        }
        if (sendAlert && !lost) {
            try {
                engine.closeOutbound();
                netOut.clear();
                engine.wrap(EMPTY, netOut);
                if (netOut.position() > 0) {
                    netOut.flip();
                    sock.write(netOut);
                }
            } catch (SSLException | RuntimeException ignored) {
                // the alert is a courtesy
            }
        }
        if (lost) {
            return;
        }
        failure = reported;
        sock.close(); // flushes the alert; connectionLost then reports `failure`
    }

    /** The handshake's error as the caller sees it: an SSLHandshakeException naming host:port. */
    private Throwable handshakeError(Throwable e) {
        if (e instanceof SocketTimeoutException) {
            return e;
        }
        if (e instanceof SSLHandshakeException h && h.getMessage() != null && h.getMessage().contains(target)) {
            return e;
        }
        if (e instanceof SSLException || e instanceof IOException) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            boolean same = root == e || root.getMessage() == null
                    || String.valueOf(e.getMessage()).contains(root.getMessage());
            String why = same ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
            SSLHandshakeException h = new SSLHandshakeException("TLS handshake with " + target + " failed: " + why);
            h.initCause(e);
            return h;
        }
        return e;
    }

    private void settle(Throwable outcome) {
        if (waiter != null && !waiter.isDone()) {
            waiter.setResult(outcome);
        } else if (waiter == null && outcome != null) {
            // A server's handshake with a client failed: no handler ran, nobody awaits it. asyncio logs
            // it at DEBUG (an SSLError is an OSError, a peer's fault, not the server's).
            String who = sock != null ? "client " + Io.show(sock.peerAddress()) : target;
            LOG.log(System.Logger.Level.DEBUG, () -> "TLS handshake with " + who + " failed", outcome);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    SocketAddress localAddress() {
        return sock.localAddress();
    }

    SocketAddress peerAddress() {
        return sock.peerAddress();
    }

    @Override
    public String toString() {
        return "TlsProtocol[" + target + ", " + (closed ? "closed" : handshakeDone ? "open" : "handshaking") + "]";
    }
}
