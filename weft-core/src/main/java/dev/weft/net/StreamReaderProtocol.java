package dev.weft.net;

import dev.weft.Future;
import dev.weft.Task;
import dev.weft.internal.Bridge;
import dev.weft.ErrorContext;
import dev.weft.EventLoop;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol under a stream pair: feeds a {@link StreamReader}, keeps the write flow-control state
 * {@link StreamWriter#drain()} waits on, and for a server starts the handler task. As asyncio's
 * {@code StreamReaderProtocol} with its {@code FlowControlMixin}. Not public API.
 */
final class StreamReaderProtocol implements Protocol {
    /* Waiters are Futures whose result is null (go on) or the Throwable to throw: a waiter never
     * fails, so a drain cancelled meanwhile leaves no "exception never retrieved" report. */

    private final EventLoop loop;
    private final StreamReader reader;
    private final ClientHandler handler; // null for a client connection
    private final Object context; // the server starter's TaskLocals and thread context, for the handler task
    private Transport transport;
    private StreamWriter writer;
    private boolean writePaused;
    private boolean lost;
    private final List<Future<Throwable>> drainWaiters = new ArrayList<>(1);
    private final Future<Throwable> closed;

    StreamReaderProtocol(EventLoop loop, StreamReader reader, ClientHandler handler, Object context) {
        this.loop = loop;
        this.reader = reader;
        this.handler = handler;
        this.context = context;
        this.closed = loop.createFuture();
    }

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        reader.setTransport(t);
        writer = new StreamWriter(t, this, reader, loop);
        if (handler != null) {
            Task<Void> task = loop.createTask(() -> {
                handler.handle(reader, writer);
                return null;
            }, "client " + Io.show(t.peerAddress()));
            Bridge.tasks().applyContext(task, context);
            task.addDoneCallback(f -> {
                if (!f.isCancelled() && f.exception() != null) {
                    loop.callExceptionHandler(new ErrorContext("Unhandled exception in client handler ("
                            + transport + ")", f.exception(), f, null));
                }
                if (transport instanceof SocketTransport st) {
                    st.closeFlushing(); // writes from other tasks after this are dropped, not refused
                } else if (transport instanceof TlsTransport tt) {
                    tt.closeFlushing();
                } else {
                    transport.close();
                }
            });
        }
    }

    /** startTls: the reader and writer use the TLS transport from now on (asyncio's _replace_transport). */
    void replaceTransport(Transport t) {
        transport = t;
        reader.replaceTransport(t);
        writer.replaceTransport(t);
    }

    StreamWriter writer() {
        return writer;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        reader.feedData(data);
    }

    @Override
    public boolean eofReceived() {
        reader.feedEof();
        return true; // keep the connection open for writing: the writer closes it
    }

    @Override
    public void connectionLost(Throwable exc) {
        lost = true;
        if (exc == null) {
            reader.feedEof();
        } else {
            reader.setException(exc);
        }
        if (!closed.isDone()) {
            closed.setResult(exc);
        }
        for (Future<Throwable> w : drainWaiters) {
            if (!w.isDone()) {
                w.setResult(exc);
            }
        }
    }

    @Override
    public void pauseWriting() {
        writePaused = true;
    }

    @Override
    public void resumeWriting() {
        writePaused = false;
        for (Future<Throwable> w : drainWaiters) {
            if (!w.isDone()) {
                w.setResult(null);
            }
        }
    }

    /** asyncio's _drain_helper. */
    void drainHelper() throws IOException {
        if (lost) {
            throw new SocketException("Connection lost (" + transport + ")");
        }
        if (!writePaused) {
            return;
        }
        Future<Throwable> w = loop.createFuture();
        drainWaiters.add(w);
        try {
            Io.awaitOutcome(w);
        } finally {
            drainWaiters.remove(w);
        }
    }

    /** What connectionLost got, once it ran: null or the error. */
    Future<Throwable> closedFuture() {
        return closed;
    }

    Transport transport() {
        return transport;
    }
}
