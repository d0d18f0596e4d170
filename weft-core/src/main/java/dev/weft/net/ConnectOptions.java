package dev.weft.net;

import java.net.SocketAddress;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Options of an outgoing connection ({@link Net#createConnection}, {@link Net#openConnection} and the
 * Unix domain variants): the keyword arguments of asyncio's {@code create_connection} and
 * {@code open_connection} that Weft supports. Immutable; start from {@link #defaults()} and change
 * what you need with the {@code with...} methods.
 *
 * {@snippet :
 * Connection c = Net.openConnection("example.test", 80,
 *         ConnectOptions.defaults().withTimeout(Duration.ofSeconds(2)));
 * Connection tls = Net.openConnection("example.test", 443,
 *         ConnectOptions.defaults().withTls(SSLContext.getDefault()));   // TLS, hostname verified
 * }
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
 */
public record ConnectOptions(Duration timeout, SocketAddress localAddress, int limit, boolean noDelay,
        SSLContext sslContext, String serverHostname, boolean verifyHostname, Duration handshakeTimeout) {
    /** The default TLS handshake timeout: 60 seconds, as asyncio's {@code ssl_handshake_timeout}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    private static final ConnectOptions DEFAULTS = new ConnectOptions(null, null, StreamReader.DEFAULT_LIMIT, true,
            null, null, true, DEFAULT_HANDSHAKE_TIMEOUT);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if {@code timeout} or {@code handshakeTimeout} is negative or {@code limit} is not positive
     */
    public ConnectOptions {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0, or null for none)");
        }
        if (handshakeTimeout != null && handshakeTimeout.isNegative()) {
            throw new IllegalArgumentException("handshakeTimeout: " + handshakeTimeout + " (expected: >= 0, or null)");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
    }

    /**
     * No timeout, no local address, a 64 KiB limit, TCP_NODELAY on, no TLS.
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
        return new ConnectOptions(timeout, localAddress, limit, noDelay, sslContext, serverHostname, verifyHostname,
                handshakeTimeout);
    }

    /**
     * These options with another local address.
     *
     * @param localAddress the address to bind to, or null
     * @return new options
     */
    public ConnectOptions withLocalAddress(SocketAddress localAddress) {
        return new ConnectOptions(timeout, localAddress, limit, noDelay, sslContext, serverHostname, verifyHostname,
                handshakeTimeout);
    }

    /**
     * These options with another stream limit.
     *
     * @param limit bytes, positive
     * @return new options
     */
    public ConnectOptions withLimit(int limit) {
        return new ConnectOptions(timeout, localAddress, limit, noDelay, sslContext, serverHostname, verifyHostname,
                handshakeTimeout);
    }

    /**
     * These options with TCP_NODELAY on or off.
     *
     * @param noDelay whether to set it
     * @return new options
     */
    public ConnectOptions withNoDelay(boolean noDelay) {
        return new ConnectOptions(timeout, localAddress, limit, noDelay, sslContext, serverHostname, verifyHostname,
                handshakeTimeout);
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
        return new ConnectOptions(timeout, localAddress, limit, noDelay, sslContext, serverHostname, verifyHostname,
                handshakeTimeout);
    }

    /**
     * These options with another server name for SNI and hostname verification (asyncio's
     * {@code server_hostname}).
     *
     * @param serverHostname the name, or null for the host connected to
     * @return new options
     */
    public ConnectOptions withServerHostname(String serverHostname) {
        return new ConnectOptions(timeout, localAddress, limit, noDelay, sslContext, serverHostname, verifyHostname,
                handshakeTimeout);
    }

    /**
     * These options with hostname verification on or off. DANGER: off, any certificate the trust
     * managers accept is taken for any host.
     *
     * @param verifyHostname whether to check the certificate against the server name
     * @return new options
     */
    public ConnectOptions withVerifyHostname(boolean verifyHostname) {
        return new ConnectOptions(timeout, localAddress, limit, noDelay, sslContext, serverHostname, verifyHostname,
                handshakeTimeout);
    }

    /**
     * These options with another TLS handshake timeout.
     *
     * @param handshakeTimeout the timeout, or null for none
     * @return new options
     */
    public ConnectOptions withHandshakeTimeout(Duration handshakeTimeout) {
        return new ConnectOptions(timeout, localAddress, limit, noDelay, sslContext, serverHostname, verifyHostname,
                handshakeTimeout);
    }
}
