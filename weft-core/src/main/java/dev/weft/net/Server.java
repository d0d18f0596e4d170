package dev.weft.net;

import dev.weft.CancelledError;
import dev.weft.Future;
import dev.weft.internal.IoHandler;
import dev.weft.ErrorContext;
import dev.weft.EventLoop;
import dev.weft.TimerHandle;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A listening server: one or more bound sockets, and the connections they accepted. As asyncio's
 * {@code Server}. Made by {@link Net#createServer}, {@link Net#startServer} and their Unix domain
 * variants; it is serving (accepting) from the start unless told otherwise.
 *
 * <h2>States</h2>
 * <pre>
 * SERVING --close()-->  CLOSED           // listening sockets closed; accepted connections go on
 * CLOSED  --last connection lost-->  DONE // waitClosed() returns
 * </pre>
 * {@link #waitClosed()} returns once the server is closed and every connection it accepted is
 * closed, in either order (asyncio 3.12.1's rule).
 *
 * {@snippet :
 * try (Server server = Net.startServer((reader, writer) -> {
 *         for (byte[] line : reader) {      // each line until the peer's EOF
 *             writer.write(line);
 *             writer.drain();               // wait while the peer is slow to read
 *         }
 *     }, "127.0.0.1", 0)) {
 *     int port = server.port();             // port 0: the system chose one
 *     server.serveForever();                // until cancelled
 * }
 * }
 *
 * <h2>Cancellation</h2>
 * Cancelling a task in {@link #serveForever()} closes the server and waits for its connections to
 * close, then rethrows {@link CancelledError}, as asyncio.
 *
 * <h2>Threads</h2>
 * Loop thread only.
 */
public final class Server implements AutoCloseable {
    /* Overview:
     * `channels` are bound and listening from the start (Java binds and listens in one call). While
     * serving, each is registered for OP_ACCEPT with an Acceptor; an accept readiness accepts up to
     * `backlog` connections (asyncio's _accept_connection). An accept error (say EMFILE) stops
     * accepting on that socket for one second, as asyncio, instead of spinning.
     * `clients` holds every transport not yet lost (asyncio keeps a WeakSet; a strong set is safe
     * here because a transport always reaches connectionLost, which detaches it).
     * `waiters` is null once closed and empty: that is the "done" state waitClosed looks for. */

    private static final Duration ACCEPT_RETRY_DELAY = Duration.ofSeconds(1);

    private final EventLoop loop;
    private final Supplier<? extends Protocol> factory;
    private final int backlog;
    private final SocketSetup setup; // socket options and deadlines of each accepted connection
    private final boolean tcp; // false for a Unix domain socket server
    private final Path unixPath; // a Unix server's socket file, removed on close; else null
    private final List<SocketAddress> addresses;
    private List<ServerSocketChannel> channels; // null once closed
    private final List<Acceptor> acceptors = new ArrayList<>();
    private final Set<SocketTransport> clients = Collections.newSetFromMap(new IdentityHashMap<>());
    private List<Future<Void>> waiters = new ArrayList<>(); // null once closed and empty
    private boolean serving;
    private Future<Void> servingForever;
    private long accepted;
    private java.util.function.Consumer<SocketChannel> handoff; // a GroupServer's acceptor: where accepted channels go

    Server(EventLoop loop, List<ServerSocketChannel> channels, Supplier<? extends Protocol> factory,
            ServerOptions options, Path unixPath) throws IOException {
        this.loop = loop;
        this.channels = channels;
        this.factory = factory;
        this.backlog = options.backlog();
        this.unixPath = unixPath;
        List<SocketAddress> as = new ArrayList<>();
        for (ServerSocketChannel c : channels) {
            as.add(c.getLocalAddress());
        }
        this.addresses = List.copyOf(as);
        this.tcp = unixPath == null && (as.isEmpty() || as.getFirst() instanceof java.net.InetSocketAddress);
        SocketSetup s = SocketSetup.of(options);
        this.setup = tcp ? s : s.deadlinesOnly();
    }

    /**
     * The bound addresses (asyncio's {@code server.sockets[i].getsockname()}); the real ports when 0
     * was asked. Kept after close.
     *
     * @return one address per listening socket
     */
    public List<SocketAddress> addresses() {
        return addresses;
    }

    /**
     * The port of the first bound address: handy after asking for port 0.
     *
     * @return the port
     * @throws IllegalStateException for a Unix domain socket server
     */
    public int port() {
        if (addresses.getFirst() instanceof java.net.InetSocketAddress i) {
            return i.getPort();
        }
        throw new IllegalStateException("a Unix domain socket server has no port: " + addresses.getFirst());
    }

    /**
     * Whether the server accepts new connections.
     *
     * @return true while serving
     */
    public boolean isServing() {
        return serving;
    }

    /**
     * The number of connections open now (accepted, not yet lost).
     *
     * @return the count
     */
    public int activeConnections() {
        return clients.size();
    }

    /**
     * The number of connections accepted since the start.
     *
     * @return the count
     */
    public long acceptedConnections() {
        return accepted;
    }

    /**
     * Starts accepting, if not already. Never suspends (asyncio's {@code start_serving} only adds a
     * {@code sleep(0)}).
     *
     * @throws IllegalStateException if the server is closed
     */
    public void startServing() {
        if (channels == null) {
            throw new IllegalStateException(this + " is closed");
        }
        if (serving) {
            return;
        }
        serving = true;
        for (ServerSocketChannel c : channels) {
            Acceptor a = new Acceptor(c);
            acceptors.add(a);
            a.arm();
        }
    }

    /**
     * Accepts connections until the calling task is cancelled or the server is closed. When
     * cancelled, it closes the server, waits for it to be closed ({@link #waitClosed()}) and rethrows
     * the {@link CancelledError}, as asyncio. When another task calls {@link #close()}, it returns
     * normally (asyncio throws CancelledError there, though nobody cancelled the task).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @throws IllegalStateException if another task already serves forever, or the server is closed
     */
    public void serveForever() {
        Io.requireTask("Server.serveForever()", loop);
        if (servingForever != null) {
            throw new IllegalStateException(this + " is already being awaited on serveForever()");
        }
        if (channels == null) {
            throw new IllegalStateException(this + " is closed");
        }
        startServing();
        servingForever = loop.createFuture();
        try {
            servingForever.await();
        } catch (CancelledError e) {
            close();
            try {
                waitClosed();
            } catch (CancelledError again) {
                e.addSuppressed(again); // cancelled again while waiting: stop waiting
            }
            throw e;
        } finally {
            servingForever = null;
        }
    }

    /**
     * Stops listening: closes the listening sockets (and removes a Unix server's socket file). The
     * connections already accepted stay open; see {@link #closeClients()}. Idempotent, never
     * suspends.
     */
    @Override
    public void close() {
        List<ServerSocketChannel> cs = channels;
        if (cs == null) {
            return;
        }
        channels = null;
        serving = false;
        for (Acceptor a : acceptors) {
            a.stop();
        }
        acceptors.clear();
        for (ServerSocketChannel c : cs) {
            try {
                c.close();
            } catch (IOException e) {
                // closed either way
            }
        }
        if (unixPath != null) {
            try {
                Files.deleteIfExists(unixPath);
            } catch (IOException e) {
                loop.callExceptionHandler(new ErrorContext("cannot remove the socket file " + unixPath, e, null, null));
            }
        }
        if (servingForever != null && !servingForever.isDone()) {
            servingForever.setResult(null);
        }
        if (clients.isEmpty()) {
            wakeup();
        }
    }

    /**
     * Closes every accepted connection: each stops reading (a stream handler's next read sees the
     * end of file), flushes its write buffer, then closes; a TLS connection sends close_notify
     * first. Later writes on them are dropped, as after a lost connection. As asyncio 3.13's
     * {@code close_clients}. A peer that never reads keeps its connection open: see
     * {@link #close(Duration)}.
     */
    public void closeClients() {
        for (SocketTransport t : new ArrayList<>(clients)) {
            if (t.protocol() instanceof TlsProtocol tls) {
                tls.appTransport().closeFlushing();
            } else {
                t.closeFlushing();
            }
        }
    }

    /**
     * Shuts the server down within {@code grace}: stops listening ({@link #close()}), closes every
     * connection gracefully ({@link #closeClients()}: what was written is flushed), waits up to
     * {@code grace} for them to close, then aborts those still open ({@link #abortClients()}: a peer
     * that does not read, say) and waits for them to go. Returns once the server is done, as
     * {@link #waitClosed()}.
     *
     * {@snippet :
     * server.close(Duration.ofSeconds(5));   // at most about 5 s, whatever the peers do
     * }
     *
     * <p>In-flight stream handlers see the end of file on their next read, and their later writes are
     * dropped; to let them finish a request first, await them (or {@code waitClosed()} under
     * {@link dev.weft.Weft#timeout}) before calling this.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError. Cancelled,
     * it aborts the connections still open before rethrowing.
     *
     * @param grace how long to let the connections close gracefully; zero aborts them at once
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public void close(Duration grace) {
        java.util.Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace: " + grace + " (expected: >= 0)");
        }
        Io.requireTask("Server.close(Duration)", loop);
        close();
        if (grace.isZero()) {
            abortClients();
            waitClosed();
            return;
        }
        closeClients();
        if (waiters == null) {
            return;
        }
        Future<Void> done = loop.createFuture();
        waiters.add(done);
        TimerHandle deadline = loop.callLater(grace, this::abortClients);
        try {
            done.await();
        } catch (CancelledError e) {
            abortClients();
            throw e;
        } finally {
            deadline.cancel();
        }
    }

    /** Aborts every accepted connection. As asyncio 3.13's {@code abort_clients}. */
    public void abortClients() {
        for (SocketTransport t : new ArrayList<>(clients)) {
            t.abort();
        }
    }

    /**
     * Waits until the server is closed and every connection it accepted is closed. Returns at once
     * if that is so already.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     */
    public void waitClosed() {
        Io.requireTask("Server.waitClosed()", loop);
        if (waiters == null) {
            return;
        }
        Future<Void> w = loop.createFuture();
        waiters.add(w);
        w.await();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return channels == null;
    }

    @Override
    public String toString() {
        List<String> as = new ArrayList<>();
        for (SocketAddress a : addresses) {
            as.add(Io.show(a));
        }
        return "Server[" + (channels == null ? "closed" : serving ? "serving" : "not serving") + " " + as
                + ", connections=" + clients.size() + "]";
    }

    // ---- transports ----

    void attach(SocketTransport t) {
        clients.add(t);
    }

    void detach(SocketTransport t) {
        clients.remove(t);
        if (clients.isEmpty() && channels == null) {
            wakeup();
        }
    }

    private void wakeup() {
        List<Future<Void>> ws = waiters;
        waiters = null;
        if (ws != null) {
            for (Future<Void> w : ws) {
                if (!w.isDone()) {
                    w.setResult(null);
                }
            }
        }
    }

    /** Accepts on one listening socket. */
    private final class Acceptor implements IoHandler {
        private final ServerSocketChannel channel;
        private SelectionKey key;
        private TimerHandle retry;
        private boolean stopped;

        Acceptor(ServerSocketChannel channel) {
            this.channel = channel;
        }

        void arm() {
            retry = null;
            if (stopped) {
                return;
            }
            try {
                key = Io.register(loop, channel, SelectionKey.OP_ACCEPT, this);
            } catch (ClosedChannelException e) {
                stopped = true;
            }
        }

        void stop() {
            stopped = true;
            if (key != null) {
                key.cancel();
            }
            if (retry != null) {
                retry.cancel();
            }
        }

        @Override
        public void ioReady(SelectionKey k) {
            for (int i = 0; i < backlog && !stopped; i++) {
                SocketChannel c;
                try {
                    c = channel.accept();
                } catch (IOException e) {
                    if (stopped || e instanceof ClosedChannelException) {
                        return;
                    }
                    // Say EMFILE: stop accepting for a while instead of spinning on a ready socket.
                    loop.callExceptionHandler(new ErrorContext("socket.accept() out of system resource on "
                            + Server.this + "; retrying in " + ACCEPT_RETRY_DELAY.toMillis() + " ms", e, null, null));
                    k.interestOps(0);
                    retry = loop.callLater(ACCEPT_RETRY_DELAY, this::arm);
                    return;
                }
                if (c == null) {
                    return;
                }
                accepted++;
                if (handoff != null) {
                    handoff.accept(c);
                } else {
                    adopt(c);
                }
            }
        }
    }

    /** Sends every channel accepted from now on to {@code h} instead of serving it here (a GroupServer's acceptor). */
    void handOffTo(java.util.function.Consumer<SocketChannel> h) {
        this.handoff = h;
    }

    /**
     * Serves an accepted channel on this server's loop, counted among its connections. Loop thread
     * only; the channel may come from another loop's acceptor. Closes it on failure.
     */
    void adopt(SocketChannel c) {
        try {
            c.configureBlocking(false);
            setup.apply(c, tcp);
            new SocketTransport(loop, c, factory.get(), Server.this, setup);
        } catch (Throwable e) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closed either way
            }
            loop.callExceptionHandler(new ErrorContext("Error on transport creation for incoming connection on "
                    + Server.this, e, null, null));
        }
    }
}
