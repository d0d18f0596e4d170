package dev.weft.net;

import java.net.SocketAddress;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Options of an outgoing connection ({@link Net#createConnection}, {@link Net#openConnection} and the
 * Unix domain variants): the keyword arguments of asyncio's {@code create_connection} and
 * {@code open_connection} that Weft supports, plus socket options and connection deadlines.
 * Immutable; start from {@link #defaults()} and change what you need with the {@code with...}
 * methods.
 *
 * {@snippet :
 * Connection c = Net.openConnection("example.test", 80,
 *         ConnectOptions.defaults().withTimeout(Duration.ofSeconds(2)));
 * Connection tls = Net.openConnection("example.test", 443,
 *         ConnectOptions.defaults().withTls(SSLContext.getDefault()));   // TLS, hostname verified
 * }
 *
 * <h2>Connection deadlines</h2>
 * {@code idleTimeout}, {@code readTimeout}, {@code writeTimeout} and {@code firstByteTimeout} apply
 * to the open connection, as Netty's {@code IdleStateHandler}, {@code ReadTimeoutHandler} and
 * {@code WriteTimeoutHandler}; see {@link ServerOptions} for their exact meaning. Past one, the
 * connection is aborted and the protocol's {@code connectionLost} (a stream's next read or drain)
 * gets a {@link java.net.SocketTimeoutException} naming the peer and the deadline.
 *
 * @param timeout the longest time for name resolution and connecting together, or null for no
 *     limit (the default); past it the connect throws {@link java.net.SocketTimeoutException}
 * @param localAddress the local address to bind to before connecting, or null (the default)
 * @param limit the {@link StreamReader}'s buffer limit for streams (default 64 KiB, as asyncio)
 * @param noDelay whether to set TCP_NODELAY (default true, as asyncio)
 * @param sslContext the context to speak TLS with (asyncio's {@code ssl=}), or null for plain TCP (the
 *     default); see {@link #withTls(SSLContext)}
 * @param serverHostname the name sent in SNI and checked against the server's certificate
 *     (asyncio's {@code server_hostname}), or null to use the host connected to
 * @param verifyHostname whether the server's certificate must match the server name (default true,
 *     as a default {@code ssl.SSLContext}'s {@code check_hostname}); certificates are always checked
 *     against the context's trust managers
 * @param handshakeTimeout the longest time for the TLS handshake, or null for no limit (default 60 s,
 *     as asyncio's {@code ssl_handshake_timeout}); past it the connect throws
 *     {@link java.net.SocketTimeoutException}
 * @param sslParameters TLS parameters applied to each connection's engine (protocols, cipher suites,
 *     ALPN protocols, SNI server names, ...), or null for the context's defaults; see
 *     {@link #withSslParameters(SSLParameters)}
 * @param checkCertificateDates whether every certificate the server sends, a pinned self-signed one
 *     included, must be within its validity dates (default true, as OpenSSL and CPython); see
 *     {@link #withCheckCertificateDates(boolean)}
 * @param keepAlive SO_KEEPALIVE (default false, the system's default; asyncio 3.13's {@code keep_alive})
 * @param sendBufferSize SO_SNDBUF in bytes, or 0 for the system's default (the default)
 * @param receiveBufferSize SO_RCVBUF in bytes, or 0 for the system's default (the default)
 * @param linger SO_LINGER in whole seconds, or null for the system's default (the default);
 *     {@link Duration#ZERO} makes a close reset the connection
 * @param idleTimeout abort the connection when no byte was read or sent for this long; null for none
 * @param readTimeout abort the connection when no byte arrived for this long while reading; null for none
 * @param writeTimeout abort the connection when written bytes waited this long without any being
 *     sent (the peer does not read); null for none
 * @param firstByteTimeout abort the connection when its first byte does not arrive within this long
 *     of the connect; null for none
 * @param happyEyeballsDelay for a name with several addresses, the delay before starting the next
 *     connection attempt while the earlier ones still wait (RFC 8305; default 250 ms, as asyncio's
 *     {@code happy_eyeballs_delay}), or null to try the addresses one after another
 */
public record ConnectOptions(Duration timeout, SocketAddress localAddress, int limit, boolean noDelay,
        SSLContext sslContext, String serverHostname, boolean verifyHostname, Duration handshakeTimeout,
        SSLParameters sslParameters, boolean checkCertificateDates, boolean keepAlive, int sendBufferSize,
        int receiveBufferSize, Duration linger, Duration idleTimeout, Duration readTimeout, Duration writeTimeout,
        Duration firstByteTimeout, Duration happyEyeballsDelay) {
    /** The default TLS handshake timeout: 60 seconds, as asyncio's {@code ssl_handshake_timeout}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    /** The default happy eyeballs delay: 250 ms, as RFC 8305 recommends and asyncio uses. */
    public static final Duration DEFAULT_HAPPY_EYEBALLS_DELAY = Duration.ofMillis(250);

    private static final ConnectOptions DEFAULTS = new ConnectOptions(null, null, StreamReader.DEFAULT_LIMIT, true,
            null, null, true, DEFAULT_HANDSHAKE_TIMEOUT, null, true, false, 0, 0, null, null, null, null, null,
            DEFAULT_HAPPY_EYEBALLS_DELAY);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a duration is negative, {@code limit} is not positive, a
     *     buffer size is negative, or {@code linger} is not a whole number of seconds in 0..65535
     */
    public ConnectOptions {
        nonNegative("timeout", timeout);
        nonNegative("handshakeTimeout", handshakeTimeout);
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
        SocketSetup.check(sendBufferSize, receiveBufferSize, linger);
        positive("idleTimeout", idleTimeout);
        positive("readTimeout", readTimeout);
        positive("writeTimeout", writeTimeout);
        positive("firstByteTimeout", firstByteTimeout);
        nonNegative("happyEyeballsDelay", happyEyeballsDelay);
    }

    static void nonNegative(String name, Duration d) {
        if (d != null && d.isNegative()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0, or null for none)");
        }
    }

    static void positive(String name, Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0, or null for none)");
        }
    }

    /**
     * No timeout, no local address, a 64 KiB limit, TCP_NODELAY on, no TLS, the system's socket
     * options otherwise, no connection deadlines, happy eyeballs after 250 ms.
     *
     * @return the defaults
     */
    public static ConnectOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with another timeout.
     *
     * @param timeout the timeout, or null for none
     * @return new options
     */
    public ConnectOptions withTimeout(Duration timeout) {
        B b = new B(this);
        b.timeout = timeout;
        return b.build();
    }

    /**
     * These options with another local address.
     *
     * @param localAddress the address to bind to, or null
     * @return new options
     */
    public ConnectOptions withLocalAddress(SocketAddress localAddress) {
        B b = new B(this);
        b.localAddress = localAddress;
        return b.build();
    }

    /**
     * These options with another stream limit.
     *
     * @param limit bytes, positive
     * @return new options
     */
    public ConnectOptions withLimit(int limit) {
        B b = new B(this);
        b.limit = limit;
        return b.build();
    }

    /**
     * These options with TCP_NODELAY on or off.
     *
     * @param noDelay whether to set it
     * @return new options
     */
    public ConnectOptions withNoDelay(boolean noDelay) {
        B b = new B(this);
        b.noDelay = noDelay;
        return b.build();
    }

    /**
     * These options with TLS over {@code sslContext} (asyncio's {@code ssl=context}); the server's
     * certificate is checked against the context's trust managers and, unless
     * {@link #withVerifyHostname(boolean) turned off}, against the server name.
     *
     * @param sslContext the context, or null for plain TCP
     * @return new options
     */
    public ConnectOptions withTls(SSLContext sslContext) {
        B b = new B(this);
        b.sslContext = sslContext;
        return b.build();
    }

    /**
     * These options with another server name for SNI and hostname verification (asyncio's
     * {@code server_hostname}).
     *
     * @param serverHostname the name, or null for the host connected to
     * @return new options
     */
    public ConnectOptions withServerHostname(String serverHostname) {
        B b = new B(this);
        b.serverHostname = serverHostname;
        return b.build();
    }

    /**
     * These options with hostname verification on or off. DANGER: off, any certificate the trust
     * managers accept is taken for any host.
     *
     * @param verifyHostname whether to check the certificate against the server name
     * @return new options
     */
    public ConnectOptions withVerifyHostname(boolean verifyHostname) {
        B b = new B(this);
        b.verifyHostname = verifyHostname;
        return b.build();
    }

    /**
     * These options with another TLS handshake timeout.
     *
     * @param handshakeTimeout the timeout, or null for none
     * @return new options
     */
    public ConnectOptions withHandshakeTimeout(Duration handshakeTimeout) {
        B b = new B(this);
        b.handshakeTimeout = handshakeTimeout;
        return b.build();
    }

    /**
     * These options with TLS parameters for each connection's {@link javax.net.ssl.SSLEngine}: what
     * the parameters set is applied over the context's defaults (a null field keeps the default):
     * protocols, cipher suites, ALPN ({@link SSLParameters#setApplicationProtocols}; the one the
     * server chose is {@link Transport#applicationProtocol()}), SNI server names (else the server
     * name is sent), an endpoint identification algorithm (else "HTTPS" while
     * {@link #verifyHostname()}). A client certificate for mTLS comes from the context's key managers.
     *
     * {@snippet :
     * SSLParameters p = new SSLParameters();
     * p.setApplicationProtocols(new String[] {"h2", "http/1.1"});   // ALPN, in order of preference
     * p.setProtocols(new String[] {"TLSv1.3"});
     * Connection c = Net.openConnection("example.test", 443,
     *         ConnectOptions.defaults().withTls(ctx).withSslParameters(p));
     * String alpn = c.writer().transport().applicationProtocol();  // "h2", or null if none was agreed
     * }
     *
     * <p>The object is read at each connection: do not change it while connections start.
     *
     * @param sslParameters the parameters, or null for the context's defaults
     * @return new options
     */
    public ConnectOptions withSslParameters(SSLParameters sslParameters) {
        B b = new B(this);
        b.sslParameters = sslParameters;
        return b.build();
    }

    /**
     * These options with the check of the server's certificate dates on or off. On (the default),
     * a certificate the server sends that has expired or is not yet valid fails the handshake with
     * "certificate has expired" (or "is not yet valid"), even when it is a trust anchor itself (a
     * pinned self-signed certificate), as OpenSSL and CPython refuse it; the JDK's PKIX checks
     * the dates of every certificate but the trust anchor. DANGER: off, an expired pinned
     * certificate is accepted.
     *
     * @param check whether to check the dates
     * @return new options
     */
    public ConnectOptions withCheckCertificateDates(boolean check) {
        B b = new B(this);
        b.checkCertificateDates = check;
        return b.build();
    }

    /**
     * These options with SO_KEEPALIVE on or off (asyncio 3.13's {@code keep_alive}).
     *
     * @param keepAlive whether to set it
     * @return new options
     */
    public ConnectOptions withKeepAlive(boolean keepAlive) {
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
    public ConnectOptions withBufferSizes(int sendBufferSize, int receiveBufferSize) {
        B b = new B(this);
        b.sendBufferSize = sendBufferSize;
        b.receiveBufferSize = receiveBufferSize;
        return b.build();
    }

    /**
     * These options with SO_LINGER: a close waits up to this long for unsent bytes to go;
     * {@link Duration#ZERO} makes a close reset the connection (RST) at once.
     *
     * @param linger whole seconds, 0..65535, or null for the system's default
     * @return new options
     */
    public ConnectOptions withLinger(Duration linger) {
        B b = new B(this);
        b.linger = linger;
        return b.build();
    }

    /**
     * These options with an idle timeout: the connection is aborted when no byte was read or sent
     * for this long (Netty's {@code IdleStateHandler} "all idle", closing).
     *
     * @param idleTimeout the timeout, or null for none
     * @return new options
     */
    public ConnectOptions withIdleTimeout(Duration idleTimeout) {
        B b = new B(this);
        b.idleTimeout = idleTimeout;
        return b.build();
    }

    /**
     * These options with a read timeout: the connection is aborted when no byte arrived for this
     * long while reading (time with reading paused does not count). Netty's {@code ReadTimeoutHandler}.
     *
     * @param readTimeout the timeout, or null for none
     * @return new options
     */
    public ConnectOptions withReadTimeout(Duration readTimeout) {
        B b = new B(this);
        b.readTimeout = readTimeout;
        return b.build();
    }

    /**
     * These options with a write timeout: the connection is aborted when written bytes waited this
     * long without any being sent. Netty's {@code WriteTimeoutHandler}.
     *
     * @param writeTimeout the timeout, or null for none
     * @return new options
     */
    public ConnectOptions withWriteTimeout(Duration writeTimeout) {
        B b = new B(this);
        b.writeTimeout = writeTimeout;
        return b.build();
    }

    /**
     * These options with a first-byte timeout: the connection is aborted when no byte arrived
     * within this long of the connect (a server's greeting, say).
     *
     * @param firstByteTimeout the timeout, or null for none
     * @return new options
     */
    public ConnectOptions withFirstByteTimeout(Duration firstByteTimeout) {
        B b = new B(this);
        b.firstByteTimeout = firstByteTimeout;
        return b.build();
    }

    /**
     * These options with another happy eyeballs delay (RFC 8305): for a name with several
     * addresses, the next attempt starts after this delay, or at once when the one before fails;
     * the first to connect wins and the others are closed. Address families are interleaved (IPv6,
     * IPv4, IPv6, ... when the first address is IPv6), as asyncio's {@code interleave=1}.
     *
     * @param delay the delay, or null to try the addresses one after another (asyncio's default
     *     without {@code happy_eyeballs_delay})
     * @return new options
     */
    public ConnectOptions withHappyEyeballsDelay(Duration delay) {
        B b = new B(this);
        b.happyEyeballsDelay = delay;
        return b.build();
    }

    /** A mutable copy for the with-methods: one line per change instead of every component each time. */
    private static final class B {
        Duration timeout;
        SocketAddress localAddress;
        int limit;
        boolean noDelay;
        SSLContext sslContext;
        String serverHostname;
        boolean verifyHostname;
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
        Duration happyEyeballsDelay;

        B(ConnectOptions o) {
            timeout = o.timeout;
            localAddress = o.localAddress;
            limit = o.limit;
            noDelay = o.noDelay;
            sslContext = o.sslContext;
            serverHostname = o.serverHostname;
            verifyHostname = o.verifyHostname;
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
            happyEyeballsDelay = o.happyEyeballsDelay;
        }

        ConnectOptions build() {
            return new ConnectOptions(timeout, localAddress, limit, noDelay, sslContext, serverHostname,
                    verifyHostname, handshakeTimeout, sslParameters, checkCertificateDates, keepAlive, sendBufferSize,
                    receiveBufferSize, linger, idleTimeout, readTimeout, writeTimeout, firstByteTimeout,
                    happyEyeballsDelay);
        }
    }
}
