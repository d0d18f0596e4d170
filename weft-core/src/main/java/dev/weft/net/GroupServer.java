package dev.weft.net;

import dev.weft.LoopGroup;
import dev.weft.Weft;
import dev.weft.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A stream server over a {@link LoopGroup}: the connections are spread over the group's loops, and
 * each connection is served entirely on one loop (its handler task, its reads and writes). All cores
 * for one server, as Netty's {@code ServerBootstrap} with a worker group; asyncio has no counterpart
 * (one loop per process, or several processes sharing a socket). Made by
 * {@link Net#startServer(LoopGroup, ClientHandler, String, int)}.
 *
 * {@snippet :
 * try (LoopGroup group = new LoopGroup();
 *         GroupServer server = Net.startServer(group, (reader, writer) -> {
 *             for (byte[] line : reader) {          // an echo server, on every core
 *                 writer.write(line);
 *                 writer.drain();
 *             }
 *         }, "127.0.0.1", 0)) {
 *     System.out.println("port " + server.port());
 *     // ...
 *     System.out.println(Arrays.toString(server.connectionsPerLoop()));
 * }                                                 // closes every listener, then the group
 * }
 *
 * <h2>Strategies</h2>
 * <ul>
 *   <li>{@link Strategy#REUSE_PORT} (chosen by {@link Strategy#AUTO} on Linux, where the socket
 *       supports {@link StandardSocketOptions#SO_REUSEPORT}): one listening socket per loop, all bound
 *       to the same port with SO_REUSEPORT, each loop accepting on its own. The kernel spreads the
 *       incoming connections over the sockets (by a hash of the peer's address and port): no hand-off
 *       between threads, and an even spread on average but not exactly round-robin. With port 0, the
 *       first socket is bound to port 0 and the others to the port it got.
 *   <li>{@link Strategy#ACCEPTOR} (chosen by {@code AUTO} elsewhere: other systems either lack
 *       SO_REUSEPORT or do not balance with it): loop 0 alone listens and accepts, and hands the
 *       accepted channels round-robin to every loop, itself included (the n-th connection goes to
 *       loop {@code n % size()}). A channel for another loop travels through
 *       {@link EventLoop#callSoonThreadsafe} and is registered on that loop's selector there. Exactly
 *       even, at the price of one cross-thread hand-off per connection and one loop doing all the
 *       accepting.
 * </ul>
 * To force the acceptor mode (say, to compare, or for exact round-robin), pass
 * {@link Strategy#ACCEPTOR} to {@link Net#startServer(LoopGroup, ClientHandler, String, int, ServerOptions, Strategy)};
 * {@link #strategy()} tells which one runs.
 *
 * <h2>Options</h2>
 * Backlog, SO_REUSEADDR, limit and TCP_NODELAY apply to every loop; {@code reusePort} is set by the
 * strategy; {@code startServing} is ignored: a group server serves from the start.
 *
 * <h2>Closing</h2>
 * {@link #close()} closes every listener and returns once they are closed: the port is free again
 * (unless another process holds it). The connections already accepted go on, as with
 * {@link Server#close()}; {@link #closeClients()} closes them and {@link #waitClosed()} waits for
 * them. Close the server before the group: a group shut down first leaves the listeners to be
 * closed by {@link #close()} from the calling thread.
 *
 * <h2>Threads</h2>
 * Every method may be called from any thread: a task of any loop (those that wait then suspend the
 * task, not the loop) or a plain thread (those that wait then block it). The handler runs on the
 * connection's loop; handlers of different loops run in parallel, so what they share must be
 * thread-safe.
 */
public final class GroupServer implements AutoCloseable {
    /* Overview:
     * `servers[i]` is a plain Server living on group.loop(i), made there by a task. REUSE_PORT: each has
     * its own listening socket. ACCEPTOR: servers[0] listens and has a hand-off installed (Server.handOffTo)
     * that sends channels to servers[i].adopt on loop i; the others have no socket at all and only own
     * their connections (so activeConnections, closeClients and waitClosed work per loop as for a Server).
     * `counts[i]` is incremented by the handler wrapper, on loop i, when a connection's handler starts. */

    /** How a group server spreads its connections; see the class comment. */
    public enum Strategy {
        /** {@link #REUSE_PORT} where it is supported and balances (Linux), else {@link #ACCEPTOR}. */
        AUTO,
        /** One listening socket per loop with SO_REUSEPORT; the kernel spreads the connections. */
        REUSE_PORT,
        /** Loop 0 accepts and hands the connections round-robin to every loop. */
        ACCEPTOR
    }

    private final LoopGroup group;
    private final Strategy strategy;
    private final Server[] servers;
    private final AtomicLongArray counts;
    private final List<SocketAddress> addresses;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GroupServer(LoopGroup group, Strategy strategy, Server[] servers, AtomicLongArray counts) {
        this.group = group;
        this.strategy = strategy;
        this.servers = servers;
        this.counts = counts;
        List<SocketAddress> as = new ArrayList<>();
        for (Server s : servers) {
            as.addAll(s.addresses());
        }
        this.addresses = List.copyOf(as);
    }

    /**
     * Whether {@link Strategy#AUTO} picks {@link Strategy#REUSE_PORT} here: on Linux, when a server
     * socket supports SO_REUSEPORT.
     *
     * @return true if one listening socket per loop is used by default
     */
    public static boolean reusePortBalances() {
        return ReusePort.BALANCES;
    }

    private static final class ReusePort {
        static final boolean BALANCES = probe();

        private static boolean probe() {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                return false; // BSD and macOS accept the option but give every connection to one socket
            }
            try (ServerSocketChannel s = ServerSocketChannel.open()) {
                return s.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
    }

    static GroupServer start(LoopGroup group, ClientHandler handler, String host, int port, ServerOptions options,
            Strategy strategy) throws IOException {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(strategy, "strategy");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        Strategy chosen = strategy;
        if (chosen == Strategy.AUTO) {
            chosen = reusePortBalances() ? Strategy.REUSE_PORT : Strategy.ACCEPTOR;
        } else if (chosen == Strategy.REUSE_PORT && !reusePortBalances()) {
            throw new UnsupportedOperationException("SO_REUSEPORT does not spread connections on "
                    + System.getProperty("os.name") + ": use Strategy.AUTO or Strategy.ACCEPTOR");
        }
        int n = group.size();
        AtomicLongArray counts = new AtomicLongArray(n);
        Server[] servers = new Server[n];
        ServerOptions o = options.withStartServing(true);
        boolean ok = false;
        try {
            if (chosen == Strategy.REUSE_PORT) {
                o = o.withReusePort(true);
                int p = port;
                for (int i = 0; i < n; i++) {
                    ClientHandler h = counting(handler, counts, i);
                    ServerOptions oi = o;
                    int pi = p;
                    servers[i] = call(group, i, () -> Net.startServer(h, host, pi, oi));
                    if (p == 0) {
                        p = servers[i].port();
                    }
                }
            } else {
                ServerOptions o0 = o.withReusePort(false).withStartServing(false);
                ClientHandler h0 = counting(handler, counts, 0);
                servers[0] = call(group, 0, () -> Net.startServer(h0, host, port, o0));
                for (int i = 1; i < n; i++) {
                    ClientHandler h = counting(handler, counts, i);
                    EventLoop loop = group.loop(i);
                    int limit = o.limit();
                    ServerOptions oi = o;
                    servers[i] = call(group, i, () -> new Server(loop, List.of(), Net.streamFactory(loop, h, limit),
                            oi, null));
                }
                Server[] targets = servers.clone();
                call(group, 0, () -> {
                    long[] next = {0};
                    targets[0].handOffTo(c -> handOff(group, targets, (int) (next[0]++ % n), c));
                    targets[0].startServing();
                    return null;
                });
            }
            ok = true;
        } finally {
            if (!ok) {
                closeAll(group, servers);
            }
        }
        return new GroupServer(group, chosen, servers, counts);
    }

    /** On the acceptor's loop: serve `c` on loop `i`. */
    private static void handOff(LoopGroup group, Server[] targets, int i, SocketChannel c) {
        if (i == 0) {
            targets[0].adopt(c);
            return;
        }
        try {
            group.loop(i).callSoonThreadsafe(() -> targets[i].adopt(c));
        } catch (IllegalStateException loopClosed) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closed either way
            }
        }
    }

    private static ClientHandler counting(ClientHandler handler, AtomicLongArray counts, int i) {
        return (reader, writer) -> {
            counts.incrementAndGet(i);
            handler.handle(reader, writer);
        };
    }

    /** Runs `body` as a task on loop `i` and waits for it: suspending a task, blocking a plain thread. */
    private static <T> T call(LoopGroup group, int i, Callable<T> body) throws IOException {
        CompletableFuture<T> cf = group.submit(i, body);
        return awaitAny(cf);
    }

    private static <T> T awaitAny(CompletableFuture<T> cf) throws IOException {
        Throwable failure;
        try {
            if (EventLoop.runningOrNull() != null) {
                return Weft.await(cf);
            }
            return cf.get();
        } catch (ExecutionException | CompletionException e) {
            failure = e.getCause() != null ? e.getCause() : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the group's loops", e);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof UncheckedIOException u) {
            throw u.getCause();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        throw new IOException(failure);
    }

    /** Runs `action` on each server's loop (or here, if that loop is closed) and waits for all of them. */
    private static void onEachLoop(LoopGroup group, Server[] servers, java.util.function.Consumer<Server> action) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            Server s = servers[i];
            if (s == null) {
                continue;
            }
            CompletableFuture<Void> cf = new CompletableFuture<>();
            try {
                group.loop(i).callSoonThreadsafe(() -> {
                    try {
                        action.accept(s);
                        cf.complete(null);
                    } catch (Throwable e) {
                        cf.completeExceptionally(e);
                    }
                });
            } catch (IllegalStateException loopClosed) {
                action.accept(s); // nobody else runs on a closed loop
                cf.complete(null);
            }
            done.add(cf);
        }
        try {
            awaitAny(CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeAll(LoopGroup group, Server[] servers) {
        onEachLoop(group, servers, Server::close);
    }

    /**
     * The group the server runs on.
     *
     * @return the group
     */
    public LoopGroup group() {
        return group;
    }

    /**
     * The strategy in use: {@link Strategy#REUSE_PORT} or {@link Strategy#ACCEPTOR}, never {@code AUTO}.
     *
     * @return the strategy
     */
    public Strategy strategy() {
        return strategy;
    }

    /**
     * The bound addresses of every listening socket (one per loop and address with
     * {@link Strategy#REUSE_PORT}, those of loop 0 with {@link Strategy#ACCEPTOR}). Kept after close.
     *
     * @return the addresses
     */
    public List<SocketAddress> addresses() {
        return addresses;
    }

    /**
     * The port every listener is bound to: handy after asking for port 0.
     *
     * @return the port
     */
    public int port() {
        return servers[0].port();
    }

    /**
     * The number of connections each loop has served so far (whose handler started there), by loop
     * index. A snapshot: the loops keep counting while it is read.
     *
     * @return one count per loop
     */
    public long[] connectionsPerLoop() {
        long[] r = new long[counts.length()];
        for (int i = 0; i < r.length; i++) {
            r[i] = counts.get(i);
        }
        return r;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Stops listening: closes every listening socket, each on its own loop, and returns once all are
     * closed, so the port can be bound again. The connections already accepted stay open; see
     * {@link #closeClients()}. Idempotent; from any thread (a task suspends while it waits).
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(group, servers);
        }
    }

    /** Closes every accepted connection on every loop (each flushes first), and waits until that has begun on each loop. */
    public void closeClients() {
        onEachLoop(group, servers, Server::closeClients);
    }

    /**
     * Waits until the server is closed and every connection it accepted is closed, on every loop.
     * From any thread (a task suspends).
     *
     * @throws IOException if interrupted on a plain thread
     */
    public void waitClosed() throws IOException {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            Server s = servers[i];
            all.add(group.submit(i, () -> {
                s.waitClosed();
                return null;
            }));
        }
        awaitAny(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
    }

    @Override
    public String toString() {
        return "GroupServer[" + (closed.get() ? "closed" : "serving") + " port " + port() + ", " + strategy + " over "
                + servers.length + " loops, connections per loop " + java.util.Arrays.toString(connectionsPerLoop()) + "]";
    }
}
