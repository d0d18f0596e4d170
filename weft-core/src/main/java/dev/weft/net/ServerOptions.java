package dev.weft.net;

import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Options of a server ({@link Net#createServer}, {@link Net#startServer} and the Unix domain
 * variants): the keyword arguments of asyncio's {@code create_server} and {@code start_server} that
 * Weft supports, plus socket options and connection deadlines. Immutable; start from
 * {@link #defaults()}.
 *
 * {@snippet :
 * ServerOptions o = ServerOptions.defaults()
 *         .withBacklog(1024)                       // bursts of connections wait in the listen queue
 *         .withLimit(1 << 20)                      // readLine() takes lines up to 1 MiB
 *         .withStartServing(false);                // bind now, accept later
 * Server server = Net.startServer(handler, "127.0.0.1", 0, o);
 * int port = server.port();                        // bound: clients may connect and wait
 * server.startServing();                           // now they are accepted
 * }
 *
 * <h2>Connection deadlines</h2>
 * Each accepted connection may carry deadlines, kept on the loop's timers (one timer per connection,
 * re-armed lazily, as Netty's {@code IdleStateHandler}: a read or a write only records the time).
 * Past one, the connection is aborted and its protocol's {@code connectionLost} gets a
 * {@link java.net.SocketTimeoutException} naming the peer and the deadline; a stream handler's next
 * read (or drain) throws it.
 * <ul>
 *   <li>{@code firstByteTimeout}: the first byte must arrive within this long of the accept (a
 *       client that connects and says nothing). For TLS, {@code handshakeTimeout} bounds the
 *       handshake as well.
 *   <li>{@code readTimeout}: a byte must arrive at least this often while the connection reads
 *       (time with reading paused does not count). Netty's {@code ReadTimeoutHandler}.
 *   <li>{@code writeTimeout}: written bytes may wait this long without any being sent (a peer that
 *       does not read). Netty's {@code WriteTimeoutHandler}.
 *   <li>{@code idleTimeout}: some byte must be read or sent at least this often.
 * </ul>
 * {@snippet :
 * ServerOptions o = ServerOptions.defaults()
 *         .withFirstByteTimeout(Duration.ofSeconds(5))     // say something soon after connecting
 *         .withReadTimeout(Duration.ofSeconds(30))          // and keep talking
 *         .withWriteTimeout(Duration.ofSeconds(30));        // and keep reading what we send
 * }
 * A peer that sends one byte just often enough passes {@code readTimeout}: bound a whole request
 * with {@link dev.weft.Weft#timeout} in the handler as well.
 *
 * @param backlog the listen queue length, and the most connections accepted per readiness event
 *     (default {@link #DEFAULT_BACKLOG}: the system's maximum, as Netty and Go)
 * @param reuseAddress SO_REUSEADDR (default true, as asyncio on Unix)
 * @param reusePort SO_REUSEPORT (default false)
 * @param limit the {@link StreamReader}'s buffer limit for stream servers (default 64 KiB)
 * @param startServing whether to accept at once (default true); else call {@link Server#startServing()}
 * @param noDelay TCP_NODELAY on accepted connections (default true, as asyncio)
 * @param sslContext the context to serve TLS with (asyncio's {@code ssl=}), or null for plain TCP (the
 *     default); its key managers hold the server's certificate
 * @param handshakeTimeout the longest time for a connection's TLS handshake, or null for no limit
 *     (default 60 s, as asyncio's {@code ssl_handshake_timeout})
 * @param sslParameters TLS parameters applied to each connection's engine (protocols, cipher suites,
 *     ALPN, client authentication, SNI matchers), or null for the context's defaults; see
 *     {@link #withSslParameters(SSLParameters)}
 * @param checkCertificateDates whether every certificate a client sends (mTLS) must be within its
 *     validity dates, a pinned self-signed one included (default true, as OpenSSL)
 * @param keepAlive SO_KEEPALIVE on accepted connections (default false, the system's default)
 * @param sendBufferSize SO_SNDBUF of accepted connections in bytes, or 0 for the system's default
 * @param receiveBufferSize SO_RCVBUF in bytes (set on the listening socket, so the window scale is
 *     agreed from it), or 0 for the system's default
 * @param linger SO_LINGER of accepted connections in whole seconds, or null for the system's default
 * @param idleTimeout abort a connection when no byte was read or sent for this long; null for none
 * @param readTimeout abort a connection when no byte arrived for this long while reading; null for none
 * @param writeTimeout abort a connection when written bytes waited this long without any being sent;
 *     null for none
 * @param firstByteTimeout abort a connection when its first byte does not arrive within this long of
 *     the accept; null for none
 */
public record ServerOptions(int backlog, boolean reuseAddress, boolean reusePort, int limit, boolean startServing,
        boolean noDelay, SSLContext sslContext, Duration handshakeTimeout, SSLParameters sslParameters,
        boolean checkCertificateDates, boolean keepAlive, int sendBufferSize, int receiveBufferSize, Duration linger,
        Duration idleTimeout, Duration readTimeout, Duration writeTimeout, Duration firstByteTimeout) {
    /**
     * The default backlog: the system's maximum listen queue ({@code /proc/sys/net/core/somaxconn}
     * on Linux, 4096 where it cannot be read). A larger backlog is cut to it by the system anyway;
     * asyncio's 100 drops the SYNs of a burst of connections, which then wait a second or more for
     * their retransmission.
     */
    public static final int DEFAULT_BACKLOG = SocketSetup.systemBacklog();

    private static final ServerOptions DEFAULTS = new ServerOptions(DEFAULT_BACKLOG, true, false,
            StreamReader.DEFAULT_LIMIT, true, true, null, ConnectOptions.DEFAULT_HANDSHAKE_TIMEOUT, null, true, false,
            0, 0, null, null, null, null, null);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if {@code backlog} or {@code limit} is not positive, a
     *     duration is negative (or zero, for a connection deadline), a buffer size is negative, or
     *     {@code linger} is not a whole number of seconds in 0..65535
     */
    public ServerOptions {
        ConnectOptions.nonNegative("handshakeTimeout", handshakeTimeout);
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog: " + backlog + " (expected: > 0)");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
        SocketSetup.check(sendBufferSize, receiveBufferSize, linger);
        ConnectOptions.positive("idleTimeout", idleTimeout);
        ConnectOptions.positive("readTimeout", readTimeout);
        ConnectOptions.positive("writeTimeout", writeTimeout);
        ConnectOptions.positive("firstByteTimeout", firstByteTimeout);
    }

    /**
     * The system's maximum backlog, SO_REUSEADDR, a 64 KiB limit, serving at once, TCP_NODELAY, no
     * TLS, the system's socket options otherwise, no connection deadlines.
     *
     * @return the defaults
     */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with another backlog.
     *
     * @param backlog the listen queue length
     * @return new options
     */
    public ServerOptions withBacklog(int backlog) {
        B b = new B(this);
        b.backlog = backlog;
        return b.build();
    }

    /**
     * These options with SO_REUSEADDR on or off.
     *
     * @param reuseAddress whether to set it
     * @return new options
     */
    public ServerOptions withReuseAddress(boolean reuseAddress) {
        B b = new B(this);
        b.reuseAddress = reuseAddress;
        return b.build();
    }

    /**
     * These options with SO_REUSEPORT on or off.
     *
     * @param reusePort whether to set it
     * @return new options
     */
    public ServerOptions withReusePort(boolean reusePort) {
        B b = new B(this);
        b.reusePort = reusePort;
        return b.build();
    }

    /**
     * These options with another stream limit.
     *
     * @param limit bytes, positive
     * @return new options
     */
    public ServerOptions withLimit(int limit) {
        B b = new B(this);
        b.limit = limit;
        return b.build();
    }

    /**
     * These options with serving at once or not.
     *
     * @param startServing whether to accept at once
     * @return new options
     */
    public ServerOptions withStartServing(boolean startServing) {
        B b = new B(this);
        b.startServing = startServing;
        return b.build();
    }

    /**
     * These options with TCP_NODELAY on or off.
     *
     * @param noDelay whether to set it
     * @return new options
     */
    public ServerOptions withNoDelay(boolean noDelay) {
        B b = new B(this);
        b.noDelay = noDelay;
        return b.build();
    }

    /**
     * These options with TLS over {@code sslContext} (asyncio's {@code ssl=context}): each accepted
     * connection does a server handshake before its protocol's {@code connectionMade} (or its stream
     * handler) runs.
     *
     * @param sslContext the context, with the server's key, or null for plain TCP
     * @return new options
     */
    public ServerOptions withTls(SSLContext sslContext) {
        B b = new B(this);
        b.sslContext = sslContext;
        return b.build();
    }

    /**
     * These options with another TLS handshake timeout.
     *
     * @param handshakeTimeout the timeout, or null for none
     * @return new options
     */
    public ServerOptions withHandshakeTimeout(Duration handshakeTimeout) {
        B b = new B(this);
        b.handshakeTimeout = handshakeTimeout;
        return b.build();
    }

    /**
     * These options with TLS parameters for each connection's {@link javax.net.ssl.SSLEngine},
     * applied over the context's defaults (a null field keeps the default): protocols, cipher
     * suites, ALPN ({@link SSLParameters#setApplicationProtocols}: the first of the server's list
     * that the client offers wins; {@link Transport#applicationProtocol()} tells which), client
     * certificates ({@link SSLParameters#setNeedClientAuth need} or
     * {@link SSLParameters#setWantClientAuth want}; the trust managers of the context check them)
     * and SNI ({@link SSLParameters#setSNIMatchers}: a client naming no matching server is refused).
     *
     * {@snippet :
     * SSLParameters p = new SSLParameters();
     * p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
     * p.setNeedClientAuth(true);                                   // mTLS
     * p.setSNIMatchers(List.of(SNIHostName.createSNIMatcher("(www\\.)?example\\.test")));
     * Server s = Net.startServer(handler, null, 443,
     *         ServerOptions.defaults().withTls(ctx).withSslParameters(p));
     * }
     * To serve a different certificate per SNI name, give the context a key manager that picks the
     * alias by name ({@link javax.net.ssl.X509ExtendedKeyManager#chooseEngineServerAlias}, reading
     * {@link javax.net.ssl.ExtendedSSLSession#getRequestedServerNames()} of the engine's handshake
     * session); the name asked for is also in the connection's {@link Transport#sslSession()}.
     *
     * <p>The object is read at each connection: do not change it while the server runs.
     *
     * @param sslParameters the parameters, or null for the context's defaults
     * @return new options
     */
    public ServerOptions withSslParameters(SSLParameters sslParameters) {
        B b = new B(this);
        b.sslParameters = sslParameters;
        return b.build();
    }

    /**
     * These options with the check of client certificates' dates on or off; see
     * {@link ConnectOptions#withCheckCertificateDates(boolean)}.
     *
     * @param check whether to check the dates
     * @return new options
     */
    public ServerOptions withCheckCertificateDates(boolean check) {
        B b = new B(this);
        b.checkCertificateDates = check;
        return b.build();
    }

    /**
     * These options with SO_KEEPALIVE on or off for accepted connections.
     *
     * @param keepAlive whether to set it
     * @return new options
     */
    public ServerOptions withKeepAlive(boolean keepAlive) {
        B b = new B(this);
        b.keepAlive = keepAlive;
        return b.build();
    }

    /**
     * These options with SO_SNDBUF and SO_RCVBUF (0: the system's default). The system may round or
     * double what is asked (Linux doubles it).
     *
     * @param sendBufferSize bytes, or 0
     * @param receiveBufferSize bytes, or 0
     * @return new options
     */
    public ServerOptions withBufferSizes(int sendBufferSize, int receiveBufferSize) {
        B b = new B(this);
        b.sendBufferSize = sendBufferSize;
        b.receiveBufferSize = receiveBufferSize;
        return b.build();
    }

    /**
     * These options with SO_LINGER for accepted connections; {@link Duration#ZERO} makes a close
     * reset the connection.
     *
     * @param linger whole seconds, 0..65535, or null for the system's default
     * @return new options
     */
    public ServerOptions withLinger(Duration linger) {
        B b = new B(this);
        b.linger = linger;
        return b.build();
    }

    /**
     * These options with an idle timeout for each connection (see the class comment).
     *
     * @param idleTimeout the timeout, or null for none
     * @return new options
     */
    public ServerOptions withIdleTimeout(Duration idleTimeout) {
        B b = new B(this);
        b.idleTimeout = idleTimeout;
        return b.build();
    }

    /**
     * These options with a read timeout for each connection (see the class comment).
     *
     * @param readTimeout the timeout, or null for none
     * @return new options
     */
    public ServerOptions withReadTimeout(Duration readTimeout) {
        B b = new B(this);
        b.readTimeout = readTimeout;
        return b.build();
    }

    /**
     * These options with a write timeout for each connection (see the class comment).
     *
     * @param writeTimeout the timeout, or null for none
     * @return new options
     */
    public ServerOptions withWriteTimeout(Duration writeTimeout) {
        B b = new B(this);
        b.writeTimeout = writeTimeout;
        return b.build();
    }

    /**
     * These options with a first-byte timeout for each connection (see the class comment).
     *
     * @param firstByteTimeout the timeout, or null for none
     * @return new options
     */
    public ServerOptions withFirstByteTimeout(Duration firstByteTimeout) {
        B b = new B(this);
        b.firstByteTimeout = firstByteTimeout;
        return b.build();
    }

    /** A mutable copy for the with-methods. */
    private static final class B {
        int backlog;
        boolean reuseAddress;
        boolean reusePort;
        int limit;
        boolean startServing;
        boolean noDelay;
        SSLContext sslContext;
        Duration handshakeTimeout;
        SSLParameters sslParameters;
        boolean checkCertificateDates;
        boolean keepAlive;
        int sendBufferSize;
        int receiveBufferSize;
        Duration linger;
        Duration idleTimeout;
        Duration readTimeout;
        Duration writeTimeout;
        Duration firstByteTimeout;

        B(ServerOptions o) {
            backlog = o.backlog;
            reuseAddress = o.reuseAddress;
            reusePort = o.reusePort;
            limit = o.limit;
            startServing = o.startServing;
            noDelay = o.noDelay;
            sslContext = o.sslContext;
            handshakeTimeout = o.handshakeTimeout;
            sslParameters = o.sslParameters;
            checkCertificateDates = o.checkCertificateDates;
            keepAlive = o.keepAlive;
            sendBufferSize = o.sendBufferSize;
            receiveBufferSize = o.receiveBufferSize;
            linger = o.linger;
            idleTimeout = o.idleTimeout;
            readTimeout = o.readTimeout;
            writeTimeout = o.writeTimeout;
            firstByteTimeout = o.firstByteTimeout;
        }

        ServerOptions build() {
            return new ServerOptions(backlog, reuseAddress, reusePort, limit, startServing, noDelay, sslContext,
                    handshakeTimeout, sslParameters, checkCertificateDates, keepAlive, sendBufferSize,
                    receiveBufferSize, linger, idleTimeout, readTimeout, writeTimeout, firstByteTimeout);
        }
    }
}
