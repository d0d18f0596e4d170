package dev.weft.net;

import dev.weft.CancelledError;
import dev.weft.Future;
import dev.weft.LoopGroup;
import dev.weft.TimedOutException;
import dev.weft.Timeout;
import dev.weft.internal.IoHandler;
import dev.weft.EventLoop;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The front door of Weft's networking: connections, servers and UDP endpoints, at two levels.
 * As the networking part of asyncio's event loop ({@code loop.create_connection},
 * {@code loop.create_server}, {@code loop.create_datagram_endpoint}, ...) and its streams module
 * ({@code asyncio.open_connection}, {@code asyncio.start_server}, ...).
 *
 * <ul>
 *   <li><b>Streams</b> ({@link #openConnection}, {@link #startServer}, and {@code Unix} variants): a
 *       task reads with a {@link StreamReader} and writes with a {@link StreamWriter}. Start here.
 *   <li><b>Protocols</b> ({@link #createConnection}, {@link #createServer}, {@link #createDatagramEndpoint}):
 *       callbacks run by the loop as bytes arrive, with no task switch per read. For the last bit of
 *       speed, and for code that is a state machine anyway.
 * </ul>
 *
 * {@snippet :
 * Weft.run(() -> {
 *     Server server = Net.startServer((reader, writer) -> {
 *         for (byte[] line : reader) {            // an echo server
 *             writer.write(line);
 *             writer.drain();
 *         }
 *     }, "127.0.0.1", 0);
 *     try (Connection c = Net.openConnection("127.0.0.1", server.port())) {
 *         c.writer().write("hello\n");
 *         System.out.print(new String(c.reader().readLine(), StandardCharsets.UTF_8));
 *     }
 *     server.close();
 * });
 * }
 *
 * <p>Every method here must be called from a task (at any depth of calls), else
 * {@link IllegalStateException}; each is a suspension point: other tasks may run, and it may throw
 * CancelledError. Cancelled, it leaves nothing open.
 *
 * <h2>Names and addresses</h2>
 * A literal IP address ({@code "127.0.0.1"}, {@code "::1"}) is used as it is. A name is resolved on a
 * virtual thread, so the loop never blocks on DNS. A name with several addresses is raced for a
 * connection (happy eyeballs, RFC 8305: the families interleaved, a new attempt every
 * {@link ConnectOptions#happyEyeballsDelay()}, 250 ms by default, or at once when one fails; the first
 * to connect wins and the others are closed), and bound on each for a server (asyncio's behaviour;
 * with port 0 they all get the port the first one got). A null or empty server host binds the
 * wildcard address (all interfaces, IPv4 and IPv6).
 *
 * <h2>Given sockets</h2>
 * {@link #createServer(Supplier, ServerSocketChannel, ServerOptions)} and
 * {@link #startServer(ClientHandler, ServerSocketChannel, ServerOptions)} serve a listening channel you
 * opened ({@link System#inheritedChannel()} under systemd socket activation);
 * {@link #createConnection(Supplier, SocketChannel, ConnectOptions)} and
 * {@link #openConnection(SocketChannel, ConnectOptions)} take a connected (or connecting) channel. As
 * asyncio's {@code sock=} arguments.
 *
 * <h2>Exceptions</h2>
 * A connection that fails throws {@link ConnectException} naming {@code host:port} (refused, no
 * route, ...), with the JDK's exception as its cause; one that takes longer than
 * {@link ConnectOptions#timeout()} throws {@link SocketTimeoutException}; a name that does not
 * resolve throws {@link java.net.UnknownHostException}; a port in use throws {@link BindException}
 * naming the address. A connection reset by its peer is a {@link SocketException}
 * "Connection reset by peer {@code host:port}", whether a read, a write or a drain saw it. A
 * connection past one of its deadlines ({@link ServerOptions}) is aborted with a
 * {@link SocketTimeoutException} naming the peer. Null arguments throw {@link NullPointerException}
 * (except where null is said to be allowed); a port outside 0..65535 throws
 * {@link IllegalArgumentException}.
 *
 * <h2>Differences from asyncio</h2>
 * <ul>
 *   <li>{@code createConnection} returns the transport only: the protocol is the one the factory
 *       made ({@link Transport#protocol()}).
 *   <li>A {@link ClientHandler}'s connection is closed when the handler returns.
 *   <li>Happy eyeballs is on by default (asyncio's {@code happy_eyeballs_delay} defaults to None);
 *       {@code withHappyEyeballsDelay(null)} tries the addresses one after another.
 *   <li>The default backlog is the system's maximum, not 100.
 * </ul>
 *
 * <h2>TLS</h2>
 * {@link ConnectOptions#withTls} and {@link ServerOptions#withTls} are asyncio's {@code ssl=}: the
 * connection does its TLS handshake (over {@link javax.net.ssl.SSLEngine}) before
 * {@code openConnection}/{@code createConnection} return, or before a server's protocol or handler
 * starts. Clients verify the server's certificate and, by default, its hostname. A failed handshake
 * throws {@link javax.net.ssl.SSLHandshakeException} naming {@code host:port} and the reason (an
 * untrusted certificate, a name that does not match), with the socket closed; on a server the
 * connection is closed and its protocol never made. {@code withSslParameters} passes protocols,
 * cipher suites, ALPN ({@link Transport#applicationProtocol()}), client authentication and SNI
 * through. A certificate the peer sends outside its validity dates is refused ("certificate has
 * expired"), a pinned self-signed one included, as OpenSSL does and the JDK alone does not
 * ({@link ConnectOptions#withCheckCertificateDates}). {@link #startTls} and
 * {@link StreamWriter#startTls(SSLContext, String)} upgrade an open connection (asyncio's
 * {@code start_tls}). TLS transports do not half-close ({@link Transport#canWriteEof()} is false).
 */
public final class Net {
    private Net() {}

    // ---- streams ----

    /**
     * Connects to {@code host:port} and returns the stream pair. As asyncio's {@code open_connection}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param host a name or a literal IP address
     * @param port the port, 1..65535 (0 is refused by the system)
     * @return the reader and writer
     * @throws ConnectException if refused or unreachable
     * @throws SocketTimeoutException past the options' timeout
     * @throws IOException another I/O error
     */
    public static Connection openConnection(String host, int port) throws IOException {
        return openConnection(host, port, ConnectOptions.defaults());
    }

    /**
     * As {@link #openConnection(String, int)}, with options (a timeout, the reader's limit, ...).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param host a name or a literal IP address
     * @param port the port
     * @param options the options
     * @return the reader and writer
     * @throws IOException as {@link #openConnection(String, int)}
     */
    public static Connection openConnection(String host, int port, ConnectOptions options) throws IOException {
        EventLoop loop = Io.requireTask("Net.openConnection()");
        StreamReader reader = new StreamReader(loop, options.limit());
        StreamReaderProtocol p = new StreamReaderProtocol(loop, reader, null, null);
        createConnection(() -> p, host, port, options);
        return new Connection(reader, p.writer());
    }

    /**
     * Starts a stream server on {@code host:port}: each connection runs {@code handler} in a task of
     * its own. As asyncio's {@code start_server}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param handler what serves one connection; the connection closes when it returns
     * @param host the address to bind: a name, a literal address, or null for every interface
     * @param port the port, or 0 for one the system chooses ({@link Server#port()})
     * @return the server, accepting
     * @throws BindException if the address is in use or not local
     * @throws IOException another I/O error
     */
    public static Server startServer(ClientHandler handler, String host, int port) throws IOException {
        return startServer(handler, host, port, ServerOptions.defaults());
    }

    /**
     * As {@link #startServer(ClientHandler, String, int)}, with options.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param handler what serves one connection
     * @param host the address to bind, or null
     * @param port the port, or 0
     * @param options the options
     * @return the server
     * @throws IOException as {@link #startServer(ClientHandler, String, int)}
     */
    public static Server startServer(ClientHandler handler, String host, int port, ServerOptions options)
            throws IOException {
        Objects.requireNonNull(handler, "handler");
        EventLoop loop = Io.requireTask("Net.startServer()");
        return createServer(streamFactory(loop, handler, options.limit()), host, port, options);
    }

    /**
     * Starts a stream server over a group of loops: the connections are spread over the loops, each
     * served entirely on one of them. {@link GroupServer.Strategy#AUTO}: one SO_REUSEPORT listener per
     * loop on Linux, else one acceptor loop handing connections round-robin; see {@link GroupServer}.
     *
     * <p>Unlike the other methods here, it may be called from any thread: a task (of any loop) is
     * suspended while the listeners start, a plain thread blocks.
     *
     * @param group the loops to serve on
     * @param handler what serves one connection, on that connection's loop; the connection closes
     *     when it returns
     * @param host the address to bind: a name, a literal address, or null for every interface
     * @param port the port, or 0 for one the system chooses ({@link GroupServer#port()})
     * @return the server, accepting on every loop
     * @throws BindException if the address is in use or not local
     * @throws IOException another I/O error
     */
    public static GroupServer startServer(LoopGroup group, ClientHandler handler, String host, int port)
            throws IOException {
        return GroupServer.start(group, handler, host, port, ServerOptions.defaults(), GroupServer.Strategy.AUTO);
    }

    /**
     * As {@link #startServer(LoopGroup, ClientHandler, String, int)}, with options.
     *
     * @param group the loops to serve on
     * @param handler what serves one connection
     * @param host the address to bind, or null
     * @param port the port, or 0
     * @param options the options ({@code reusePort} and {@code startServing} are set by the group server)
     * @return the server
     * @throws IOException as {@link #startServer(LoopGroup, ClientHandler, String, int)}
     */
    public static GroupServer startServer(LoopGroup group, ClientHandler handler, String host, int port,
            ServerOptions options) throws IOException {
        return GroupServer.start(group, handler, host, port, options, GroupServer.Strategy.AUTO);
    }

    /**
     * As {@link #startServer(LoopGroup, ClientHandler, String, int, ServerOptions)}, with a chosen
     * strategy: {@link GroupServer.Strategy#ACCEPTOR} forces the acceptor mode.
     *
     * @param group the loops to serve on
     * @param handler what serves one connection
     * @param host the address to bind, or null
     * @param port the port, or 0
     * @param options the options
     * @param strategy how to spread the connections
     * @return the server
     * @throws UnsupportedOperationException for {@code REUSE_PORT} where SO_REUSEPORT does not balance
     * @throws IOException as {@link #startServer(LoopGroup, ClientHandler, String, int)}
     */
    public static GroupServer startServer(LoopGroup group, ClientHandler handler, String host, int port,
            ServerOptions options, GroupServer.Strategy strategy) throws IOException {
        return GroupServer.start(group, handler, host, port, options, strategy);
    }

    /**
     * Connects to the Unix domain socket at {@code path} and returns the stream pair. As asyncio's
     * {@code open_unix_connection}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param path the socket file
     * @return the reader and writer
     * @throws ConnectException if nobody listens there
     * @throws IOException another I/O error
     */
    public static Connection openUnixConnection(Path path) throws IOException {
        return openUnixConnection(path, ConnectOptions.defaults());
    }

    /**
     * As {@link #openUnixConnection(Path)}, with options (the timeout and the limit apply).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param path the socket file
     * @param options the options
     * @return the reader and writer
     * @throws IOException as {@link #openUnixConnection(Path)}
     */
    public static Connection openUnixConnection(Path path, ConnectOptions options) throws IOException {
        EventLoop loop = Io.requireTask("Net.openUnixConnection()");
        StreamReader reader = new StreamReader(loop, options.limit());
        StreamReaderProtocol p = new StreamReaderProtocol(loop, reader, null, null);
        createUnixConnection(() -> p, path, options);
        return new Connection(reader, p.writer());
    }

    /**
     * Starts a stream server on the Unix domain socket {@code path}. As asyncio's
     * {@code start_unix_server}: a stale socket file at {@code path} is replaced, and the file is
     * removed when the server closes.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param handler what serves one connection
     * @param path the socket file to create
     * @return the server
     * @throws IOException if {@code path} exists and is not a socket, or another I/O error
     */
    public static Server startUnixServer(ClientHandler handler, Path path) throws IOException {
        return startUnixServer(handler, path, ServerOptions.defaults());
    }

    /**
     * As {@link #startUnixServer(ClientHandler, Path)}, with options.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param handler what serves one connection
     * @param path the socket file
     * @param options the options (backlog, limit, startServing apply)
     * @return the server
     * @throws IOException as {@link #startUnixServer(ClientHandler, Path)}
     */
    public static Server startUnixServer(ClientHandler handler, Path path, ServerOptions options) throws IOException {
        Objects.requireNonNull(handler, "handler");
        EventLoop loop = Io.requireTask("Net.startUnixServer()");
        return createUnixServer(streamFactory(loop, handler, options.limit()), path, options);
    }

    static Supplier<Protocol> streamFactory(EventLoop loop, ClientHandler handler, int limit) {
        // Connection handlers start with the TaskLocals and thread context of the task starting the server.
        Object context = dev.weft.internal.Bridge.tasks().captureContext();
        return () -> new StreamReaderProtocol(loop, new StreamReader(loop, limit), handler, context);
    }

    // ---- protocols ----

    /**
     * Connects to {@code host:port} with a protocol made by {@code factory}, and returns once its
     * {@link Protocol#connectionMade} has run. As asyncio's {@code loop.create_connection}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param factory makes the connection's protocol (called once)
     * @param host a name or a literal IP address
     * @param port the port
     * @return the transport
     * @throws ConnectException if refused or unreachable
     * @throws IOException another I/O error
     */
    public static Transport createConnection(Supplier<? extends Protocol> factory, String host, int port)
            throws IOException {
        return createConnection(factory, host, port, ConnectOptions.defaults());
    }

    /**
     * As {@link #createConnection(Supplier, String, int)}, with options.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param factory makes the connection's protocol
     * @param host a name or a literal IP address
     * @param port the port
     * @param options the options
     * @return the transport
     * @throws SocketTimeoutException past the options' timeout
     * @throws IOException as {@link #createConnection(Supplier, String, int)}
     */
    public static Transport createConnection(Supplier<? extends Protocol> factory, String host, int port,
            ConnectOptions options) throws IOException {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        checkPort(port);
        EventLoop loop = Io.requireTask("Net.createConnection()");
        String target = Io.hostPort(host, port);
        SocketChannel ch = withTimeout(options, target, () -> connectTcp(loop, host, port, options));
        String name = options.serverHostname() != null ? options.serverHostname() : host;
        return startClient(loop, ch, factory, options, name, port, SocketSetup.of(options));
    }

    /** Serves a connected client channel: plain, or TLS with its handshake awaited. Closes it on failure. */
    private static Transport startClient(EventLoop loop, SocketChannel ch, Supplier<? extends Protocol> factory,
            ConnectOptions options, String name, int port, SocketSetup setup) throws IOException {
        if (options.sslContext() == null) {
            return startTransport(loop, ch, factory, setup);
        }
        TlsProtocol tls;
        Future<Throwable> handshake = loop.createFuture();
        try {
            SSLEngine engine = clientEngine(options.sslContext(), name, port, options.verifyHostname(),
                    options.sslParameters());
            tls = new TlsProtocol(loop, engine, factory.get(), true, handshake, options.handshakeTimeout(),
                    name == null ? "TLS server" : Io.hostPort(name, port), options.checkCertificateDates());
        } catch (Throwable e) {
            ch.close();
            throw e;
        }
        Transport sock = startTransport(loop, ch, () -> tls, setup);
        awaitHandshake(handshake, sock);
        return tls.appTransport();
    }

    /**
     * Serves a channel that the caller opened: asyncio's {@code create_connection(sock=...)}, for a
     * socket set up by hand (options Weft does not offer, a connection made by another library,
     * one half of a socket pair). The channel may be connected already, or have a non-blocking
     * connect under way (then this waits for it, within the options' timeout). Weft takes it over:
     * it is made non-blocking, given the options' socket options, and closed with the transport, or
     * at once if this fails. With TLS, {@link ConnectOptions#serverHostname()} must be set (as asyncio
     * requires {@code server_hostname} with {@code sock=}) unless hostname verification is off.
     *
     * {@snippet :
     * SocketChannel ch = SocketChannel.open();
     * ch.setOption(StandardSocketOptions.IP_TOS, 0x10);          // any option Weft does not offer
     * ch.connect(new InetSocketAddress("127.0.0.1", port));      // blocking or not
     * Transport t = Net.createConnection(MyProtocol::new, ch, ConnectOptions.defaults());
     * }
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param factory makes the connection's protocol
     * @param channel an open channel, connected or connecting (TCP or Unix domain)
     * @param options the options (the timeout, socket options, deadlines and TLS apply; the local
     *     address and the happy eyeballs delay do not)
     * @return the transport
     * @throws IllegalArgumentException if the channel is closed, neither connected nor connecting,
     *     or registered with a selector; or TLS is asked without a server name to verify
     * @throws IOException if a pending connect fails ({@link ConnectException}) or another I/O error
     */
    public static Transport createConnection(Supplier<? extends Protocol> factory, SocketChannel channel,
            ConnectOptions options) throws IOException {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(options, "options");
        EventLoop loop = Io.requireTask("Net.createConnection()");
        if (!channel.isOpen()) {
            throw new IllegalArgumentException("the channel is closed: " + channel);
        }
        if (!channel.isConnected() && !channel.isConnectionPending()) {
            throw new IllegalArgumentException("the channel is neither connected nor connecting: connect it first, "
                    + "or use createConnection(factory, host, port): " + channel);
        }
        if (channel.isRegistered()) {
            throw new IllegalArgumentException("the channel is registered with a selector already: " + channel);
        }
        if (options.sslContext() != null && options.serverHostname() == null && options.verifyHostname()) {
            throw new IllegalArgumentException("TLS over a given channel needs ConnectOptions.withServerHostname(name) "
                    + "to verify the server's certificate against (or withVerifyHostname(false))");
        }
        boolean ok = false;
        try {
            channel.configureBlocking(false);
            SocketAddress remote = channel.getRemoteAddress();
            boolean tcp = !(channel.getLocalAddress() instanceof UnixDomainSocketAddress);
            SocketSetup setup = tcp ? SocketSetup.of(options) : SocketSetup.of(options).deadlinesOnly();
            setup.apply(channel, tcp);
            if (!channel.isConnected()) {
                String target = remote == null ? String.valueOf(channel) : Io.show(remote);
                withTimeout(options, target, () -> {
                    try {
                        finishConnect(loop, channel);
                    } catch (IOException e) {
                        throw connectError(target, List.of(e), List.of(target));
                    }
                    return null;
                });
            }
            ok = true;
            return startClient(loop, channel, factory, options, options.serverHostname(), port(channel.getRemoteAddress()),
                    setup);
        } finally {
            if (!ok) {
                channel.close();
            }
        }
    }

    /**
     * The stream pair over a channel the caller opened, as
     * {@link #createConnection(Supplier, SocketChannel, ConnectOptions)} (asyncio's
     * {@code open_connection(sock=...)}).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param channel an open channel, connected or connecting
     * @param options the options
     * @return the reader and writer
     * @throws IOException as {@link #createConnection(Supplier, SocketChannel, ConnectOptions)}
     */
    public static Connection openConnection(SocketChannel channel, ConnectOptions options) throws IOException {
        EventLoop loop = Io.requireTask("Net.openConnection()");
        StreamReader reader = new StreamReader(loop, options.limit());
        StreamReaderProtocol p = new StreamReaderProtocol(loop, reader, null, null);
        createConnection(() -> p, channel, options);
        return new Connection(reader, p.writer());
    }

    /**
     * Upgrades an open connection to TLS: the handshake runs over {@code transport}'s socket, then the
     * protocol's bytes go through TLS. As asyncio's {@code loop.start_tls}: returns the new transport
     * to write to, and the protocol, which is not told {@code connectionMade} again, is called with
     * the decrypted bytes. Bytes already read are not seen again; for streams use
     * {@link StreamWriter#startTls(SSLContext, String)}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError (then the
     * connection is aborted).
     *
     * @param transport a transport made by this class (not already TLS)
     * @param sslContext the context
     * @param serverSide whether to do the server's side of the handshake
     * @param serverHostname the server name for SNI and hostname verification (client side), or null
     *     for none: then no hostname is checked
     * @param handshakeTimeout the longest time for the handshake, or null for no limit
     * @return the TLS transport
     * @throws javax.net.ssl.SSLHandshakeException if the handshake fails (the connection is closed)
     * @throws SocketTimeoutException past {@code handshakeTimeout}
     * @throws IOException another I/O error
     * @throws IllegalArgumentException if {@code transport} is not a plain socket transport
     */
    public static Transport startTls(Transport transport, SSLContext sslContext, boolean serverSide,
            String serverHostname, Duration handshakeTimeout) throws IOException {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(sslContext, "sslContext");
        EventLoop loop = Io.requireTask("Net.startTls()");
        if (!(transport instanceof SocketTransport st)) {
            throw new IllegalArgumentException("startTls needs a plain socket transport, not " + transport);
        }
        if (st.isClosing()) {
            throw new SocketException("Connection lost (" + st + ")");
        }
        String target = serverHostname != null ? Io.hostPort(serverHostname, port(st.peerAddress()))
                : Io.show(st.peerAddress());
        SSLEngine engine = serverSide ? serverEngine(sslContext, null)
                : clientEngine(sslContext, serverHostname, port(st.peerAddress()), serverHostname != null, null);
        Future<Throwable> handshake = loop.createFuture();
        TlsProtocol tls = new TlsProtocol(loop, engine, st.protocol(), false, handshake, handshakeTimeout, target);
        st.setProtocol(tls);
        tls.connectionMade(st);
        awaitHandshake(handshake, st);
        return tls.appTransport();
    }

    private static int port(java.net.SocketAddress a) {
        return a instanceof InetSocketAddress i ? i.getPort() : -1;
    }

    private static void awaitHandshake(Future<Throwable> handshake, Transport sock) throws IOException {
        try {
            Io.awaitOutcome(handshake);
        } catch (CancelledError e) {
            sock.abort();
            throw e;
        }
    }

    private static SSLEngine clientEngine(SSLContext ctx, String name, int port, boolean verifyHostname,
            SSLParameters given) {
        SSLEngine engine = name == null ? ctx.createSSLEngine() : ctx.createSSLEngine(name, port);
        engine.setUseClientMode(true);
        if (given != null) {
            engine.setSSLParameters(given); // its null fields leave the context's defaults
        }
        SSLParameters params = engine.getSSLParameters();
        if (verifyHostname && params.getEndpointIdentificationAlgorithm() == null) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (name != null && Resolver.literal(name) == null && (given == null || given.getServerNames() == null)) {
            try {
                params.setServerNames(List.of(new SNIHostName(name)));
            } catch (IllegalArgumentException e) {
                // not a valid SNI name (say "localhost." forms): send none, as Python does for addresses
            }
        }
        engine.setSSLParameters(params);
        return engine;
    }

    private static SSLEngine serverEngine(SSLContext ctx, SSLParameters given) {
        SSLEngine engine = ctx.createSSLEngine();
        engine.setUseClientMode(false);
        if (given != null) {
            engine.setSSLParameters(given); // its null fields leave the context's defaults
        }
        return engine;
    }

    /** Each connection's protocol behind a server-side TLS protocol. */
    private static Supplier<? extends Protocol> tlsServerFactory(EventLoop loop, Supplier<? extends Protocol> factory,
            ServerOptions options) {
        if (options.sslContext() == null) {
            return factory;
        }
        SSLContext ctx = options.sslContext();
        SSLParameters params = options.sslParameters();
        return () -> new TlsProtocol(loop, serverEngine(ctx, params), factory.get(), true, null,
                options.handshakeTimeout(), "TLS client", options.checkCertificateDates());
    }

    /**
     * Connects to the Unix domain socket at {@code path} with a protocol. As asyncio's
     * {@code loop.create_unix_connection}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param factory makes the connection's protocol
     * @param path the socket file
     * @param options the options (the timeout applies)
     * @return the transport
     * @throws ConnectException if nobody listens there
     * @throws IOException another I/O error
     */
    public static Transport createUnixConnection(Supplier<? extends Protocol> factory, Path path,
            ConnectOptions options) throws IOException {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(path, "path");
        EventLoop loop = Io.requireTask("Net.createUnixConnection()");
        String target = "unix:" + path;
        SocketChannel ch = withTimeout(options, target, () -> {
            try {
                return connectOne(loop, UnixDomainSocketAddress.of(path), StandardProtocolFamily.UNIX, options);
            } catch (IOException e) {
                throw connectError(target, List.of(e), List.of(target));
            }
        });
        return startTransport(loop, ch, factory, SocketSetup.of(options).deadlinesOnly());
    }

    /**
     * Starts a server on {@code host:port} whose connections run protocols made by {@code factory}.
     * As asyncio's {@code loop.create_server}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param factory makes one protocol per connection
     * @param host the address to bind: a name, a literal address, or null for every interface
     * @param port the port, or 0 for one the system chooses
     * @return the server
     * @throws BindException if the address is in use or not local
     * @throws IOException another I/O error
     */
    public static Server createServer(Supplier<? extends Protocol> factory, String host, int port) throws IOException {
        return createServer(factory, host, port, ServerOptions.defaults());
    }

    /**
     * As {@link #createServer(Supplier, String, int)}, with options.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param factory makes one protocol per connection
     * @param host the address to bind, or null
     * @param port the port, or 0
     * @param options the options
     * @return the server
     * @throws IOException as {@link #createServer(Supplier, String, int)}
     */
    public static Server createServer(Supplier<? extends Protocol> factory, String host, int port,
            ServerOptions options) throws IOException {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        checkPort(port);
        EventLoop loop = Io.requireTask("Net.createServer()");
        List<InetSocketAddress> binds = new ArrayList<>();
        if (host == null || host.isEmpty()) {
            binds.add(new InetSocketAddress(port));
        } else {
            for (InetAddress a : Resolver.resolve(loop, host)) {
                binds.add(new InetSocketAddress(a, port));
            }
        }
        List<ServerSocketChannel> channels = new ArrayList<>();
        boolean ok = false;
        try {
            int p = port;
            for (InetSocketAddress b : binds) {
                InetSocketAddress addr = new InetSocketAddress(b.getAddress(), p);
                ServerSocketChannel s = b.getAddress().isAnyLocalAddress() ? ServerSocketChannel.open()
                        : ServerSocketChannel.open(family(b.getAddress()));
                channels.add(s);
                s.configureBlocking(false);
                s.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
                if (options.reusePort()) {
                    s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                if (options.receiveBufferSize() > 0) { // before listen: the window scale is agreed from it
                    s.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize());
                }
                try {
                    s.bind(addr, options.backlog());
                } catch (BindException e) {
                    if (binds.size() > 1 && String.valueOf(e.getMessage()).contains("Cannot assign requested address")) {
                        // asyncio (bpo-30945): that address family is not enabled here; skip it.
                        channels.remove(s);
                        s.close();
                        continue;
                    }
                    BindException mine = new BindException("error while attempting to bind on address "
                            + Io.show(addr) + ": " + e.getMessage());
                    mine.initCause(e);
                    throw mine;
                }
                if (p == 0) {
                    p = ((InetSocketAddress) s.getLocalAddress()).getPort();
                }
            }
            if (channels.isEmpty()) {
                throw new BindException("no address of '" + host + "' could be bound");
            }
            Server server = new Server(loop, channels, tlsServerFactory(loop, factory, options), options, null);
            if (options.startServing()) {
                server.startServing();
            }
            ok = true;
            return server;
        } finally {
            if (!ok) {
                for (ServerSocketChannel s : channels) {
                    s.close();
                }
            }
        }
    }

    /**
     * Serves on a listening channel the caller opened and bound: asyncio's
     * {@code create_server(sock=...)}, and the way to serve a socket handed over by systemd socket
     * activation or inetd ({@link System#inheritedChannel()}). Weft takes the channel over: it is
     * made non-blocking and closed with the server (a Unix domain socket's file is left in place:
     * Weft did not make it). The options' backlog, reuse and receive buffer settings do not apply (the
     * channel is bound already); the rest do.
     *
     * {@snippet :
     * // started by systemd with a .socket unit, or by inetd in "wait" mode:
     * if (System.inheritedChannel() instanceof ServerSocketChannel listener) {
     *     Server server = Net.createServer(MyProtocol::new, listener, ServerOptions.defaults());
     *     server.serveForever();
     * }
     * }
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param factory makes one protocol per connection
     * @param channel an open, bound server socket channel (TCP or Unix domain)
     * @param options the options
     * @return the server
     * @throws IllegalArgumentException if the channel is closed, not bound, or registered with a
     *     selector (the channel is left as it was)
     * @throws IOException an I/O error (the channel is closed)
     */
    public static Server createServer(Supplier<? extends Protocol> factory, ServerSocketChannel channel,
            ServerOptions options) throws IOException {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(options, "options");
        EventLoop loop = Io.requireTask("Net.createServer()");
        if (!channel.isOpen()) {
            throw new IllegalArgumentException("the server channel is closed: " + channel);
        }
        if (channel.getLocalAddress() == null) {
            throw new IllegalArgumentException("the server channel is not bound: bind it first, or use "
                    + "createServer(factory, host, port): " + channel);
        }
        if (channel.isRegistered()) {
            throw new IllegalArgumentException("the server channel is registered with a selector already: " + channel);
        }
        boolean ok = false;
        try {
            channel.configureBlocking(false);
            Server server = new Server(loop, List.of(channel), tlsServerFactory(loop, factory, options), options, null);
            if (options.startServing()) {
                server.startServing();
            }
            ok = true;
            return server;
        } finally {
            if (!ok) {
                channel.close();
            }
        }
    }

    /**
     * A stream server on a listening channel the caller opened and bound, as
     * {@link #createServer(Supplier, ServerSocketChannel, ServerOptions)} (asyncio's
     * {@code start_server(sock=...)}).
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param handler what serves one connection
     * @param channel an open, bound server socket channel
     * @param options the options
     * @return the server
     * @throws IOException as {@link #createServer(Supplier, ServerSocketChannel, ServerOptions)}
     */
    public static Server startServer(ClientHandler handler, ServerSocketChannel channel, ServerOptions options)
            throws IOException {
        Objects.requireNonNull(handler, "handler");
        EventLoop loop = Io.requireTask("Net.startServer()");
        return createServer(streamFactory(loop, handler, options.limit()), channel, options);
    }

    /**
     * Starts a server on the Unix domain socket {@code path}. As asyncio's
     * {@code loop.create_unix_server}: a stale socket file there is replaced; the file is removed
     * when the server closes.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param factory makes one protocol per connection
     * @param path the socket file to create
     * @param options the options (backlog and startServing apply)
     * @return the server
     * @throws IOException if {@code path} exists and is not a socket, or another I/O error
     */
    public static Server createUnixServer(Supplier<? extends Protocol> factory, Path path, ServerOptions options)
            throws IOException {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(path, "path");
        EventLoop loop = Io.requireTask("Net.createUnixServer()");
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & 0170000) != 0140000) {
                throw new BindException("cannot bind a Unix domain socket on " + path + ": it exists and is not a socket");
            }
            Files.delete(path); // a stale socket file, as asyncio removes it
        }
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        boolean ok = false;
        try {
            s.configureBlocking(false);
            s.bind(UnixDomainSocketAddress.of(path), options.backlog());
            Server server = new Server(loop, List.of(s), tlsServerFactory(loop, factory, options), options, path);
            if (options.startServing()) {
                server.startServing();
            }
            ok = true;
            return server;
        } finally {
            if (!ok) {
                s.close();
            }
        }
    }

    /**
     * Opens a UDP endpoint: bound to {@code local} (or an ephemeral port), and connected to
     * {@code remote} if given (then it only talks to that peer, and may send with
     * {@link DatagramTransport#send}). Returns once the protocol's {@code connectionMade} has run. As
     * asyncio's {@code loop.create_datagram_endpoint}. An unresolved {@link InetSocketAddress}
     * ({@code InetSocketAddress.createUnresolved("localhost", 9000)}) is resolved without blocking
     * the loop.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param factory makes the endpoint's protocol
     * @param local the address to bind, or null
     * @param remote the peer to connect to, or null
     * @return the transport
     * @throws IllegalArgumentException if both addresses are null
     * @throws IOException an I/O error (say the local port is in use)
     */
    public static DatagramTransport createDatagramEndpoint(Supplier<? extends DatagramProtocol> factory,
            SocketAddress local, SocketAddress remote) throws IOException {
        return createDatagramEndpoint(factory, local, remote, DatagramOptions.defaults());
    }

    /**
     * As {@link #createDatagramEndpoint(Supplier, SocketAddress, SocketAddress)}, with options.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param factory makes the endpoint's protocol
     * @param local the address to bind, or null
     * @param remote the peer to connect to, or null
     * @param options the options
     * @return the transport
     * @throws IOException an I/O error
     */
    public static DatagramTransport createDatagramEndpoint(Supplier<? extends DatagramProtocol> factory,
            SocketAddress local, SocketAddress remote, DatagramOptions options) throws IOException {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        if (local == null && remote == null) {
            throw new IllegalArgumentException("unexpected address family: give a local or a remote address (or both)");
        }
        EventLoop loop = Io.requireTask("Net.createDatagramEndpoint()");
        SocketAddress l = local == null ? null : Resolver.resolve(loop, local);
        SocketAddress r = remote == null ? null : Resolver.resolve(loop, remote);
        SocketAddress any = r != null ? r : l;
        ProtocolFamily fam = any instanceof InetSocketAddress i && i.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        DatagramChannel ch = DatagramChannel.open(fam);
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
            if (options.reusePort()) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (options.allowBroadcast()) {
                ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            ch.bind(l);
            if (r != null) {
                ch.connect(r);
            }
            DatagramEndpoint t = new DatagramEndpoint(loop, ch, Objects.requireNonNull(factory.get(),
                    "the protocol factory returned null"), r);
            ok = true;
            awaitStarted(loop, t::abort);
            return t;
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    // ---- internals ----

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
    }

    private static ProtocolFamily family(InetAddress a) {
        return a instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** Wraps a connected channel in a transport and waits until connectionMade has run (asyncio's waiter). */
    private static Transport startTransport(EventLoop loop, SocketChannel ch, Supplier<? extends Protocol> factory,
            SocketSetup setup) throws IOException {
        SocketTransport t;
        try {
            t = new SocketTransport(loop, ch, factory.get(), null, setup);
        } catch (Throwable e) {
            ch.close();
            throw e;
        }
        awaitStarted(loop, t::abort);
        return t;
    }

    /** The transport scheduled connectionMade with callSoon; a callback scheduled after it runs after it. */
    private static void awaitStarted(EventLoop loop, Runnable abort) {
        Future<Void> started = loop.createFuture();
        loop.callSoon(() -> {
            if (!started.isDone()) {
                started.setResult(null);
            }
        });
        try {
            started.await();
        } catch (CancelledError e) {
            abort.run();
            throw e;
        }
    }

    private static <T> T withTimeout(ConnectOptions options, String target, Callable<T> body) throws IOException {
        if (options.timeout() == null) {
            return Io.unwrapping(body);
        }
        try {
            return Io.unwrapping(() -> Timeout.after(options.timeout()).run(body));
        } catch (TimedOutException e) {
            SocketTimeoutException s = new SocketTimeoutException("connect to " + target + " timed out after "
                    + options.timeout().toMillis() + " ms");
            s.initCause(e);
            throw s;
        }
    }

    private static SocketChannel connectTcp(EventLoop loop, String host, int port, ConnectOptions o)
            throws IOException {
        InetAddress[] addrs = Resolver.resolve(loop, host);
        SocketAddress local = o.localAddress() == null ? null : Resolver.resolve(loop, o.localAddress());
        ConnectOptions ol = o.withLocalAddress(local);
        List<InetSocketAddress> targets = new ArrayList<>();
        if (o.happyEyeballsDelay() != null) {
            targets = HappyEyeballs.interleave(addrs, port);
        } else {
            for (InetAddress a : addrs) {
                targets.add(new InetSocketAddress(a, port));
            }
        }
        if (targets.size() > 1 && o.happyEyeballsDelay() != null) {
            return HappyEyeballs.connect(loop, Io.hostPort(host, port), targets, o.happyEyeballsDelay(),
                    addr -> connectOne(loop, addr, family(addr.getAddress()), ol));
        }
        List<IOException> errors = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        for (InetSocketAddress addr : targets) {
            try {
                return connectOne(loop, addr, family(addr.getAddress()), ol);
            } catch (IOException e) {
                errors.add(e);
                tried.add(Io.show(addr));
            }
        }
        boolean literal = Resolver.literal(host) != null;
        throw connectError(Io.hostPort(host, port), errors, literal ? List.of() : tried);
    }

    /**
     * One non-blocking connect: start it, wait for OP_CONNECT, finish it. The channel is closed on any
     * failure or cancellation (closing deregisters it, so nothing leaks).
     */
    private static SocketChannel connectOne(EventLoop loop, SocketAddress addr, ProtocolFamily family,
            ConnectOptions o) throws IOException {
        SocketChannel ch = SocketChannel.open(family);
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            SocketSetup.of(o).apply(ch, family != StandardProtocolFamily.UNIX);
            if (o.localAddress() != null) {
                ch.bind(o.localAddress());
            }
            if (!ch.connect(addr)) {
                finishConnect(loop, ch);
            }
            ok = true;
            return ch;
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    /** Waits for OP_CONNECT on a channel whose non-blocking connect is under way, then finishes it. */
    static void finishConnect(EventLoop loop, SocketChannel ch) throws IOException {
        Future<Void> ready = loop.createFuture();
        IoHandler onConnect = k -> {
            k.interestOps(0);
            if (!ready.isDone()) {
                ready.setResult(null);
            }
        };
        Io.register(loop, ch, SelectionKey.OP_CONNECT, onConnect);
        ready.await();
        ch.finishConnect();
    }

    static ConnectException connectError(String target, List<IOException> errors, List<String> tried) {
        StringBuilder sb = new StringBuilder("cannot connect to ").append(target);
        if (errors.size() == 1) {
            if (!tried.isEmpty() && !tried.getFirst().equals(target)) {
                sb.append(" (").append(tried.getFirst()).append(')');
            }
            sb.append(": ").append(errors.getFirst().getMessage());
        } else {
            sb.append(": ");
            for (int i = 0; i < errors.size(); i++) {
                sb.append(i > 0 ? "; " : "").append(i < tried.size() ? tried.get(i) + ": " : "")
                        .append(errors.get(i).getMessage());
            }
        }
        ConnectException e = new ConnectException(sb.toString());
        e.initCause(errors.getFirst());
        for (int i = 1; i < errors.size(); i++) {
            e.addSuppressed(errors.get(i));
        }
        return e;
    }
}
