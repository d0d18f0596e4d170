package dev.weft.net;

import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Options of a server ({@link Net#createServer}, {@link Net#startServer} and the Unix domain
 * variants): the keyword arguments of asyncio's {@code create_server} and {@code start_server} that
 * Weft supports. Immutable; start from {@link #defaults()}.
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
 * @param backlog the listen queue length, and the most connections accepted per readiness event
 *     (default 100, as asyncio)
 * @param reuseAddress SO_REUSEADDR (default true, as asyncio on Unix)
 * @param reusePort SO_REUSEPORT (default false)
 * @param limit the {@link StreamReader}'s buffer limit for stream servers (default 64 KiB)
 * @param startServing whether to accept at once (default true); else call {@link Server#startServing()}
 * @param noDelay TCP_NODELAY on accepted connections (default true, as asyncio)
 * @param sslContext the context to serve TLS with (asyncio's {@code ssl=}), or null for plain TCP (the
 *     default); its key managers hold the server's certificate
 * @param handshakeTimeout the longest time for a connection's TLS handshake, or null for no limit
 *     (default 60 s, as asyncio's {@code ssl_handshake_timeout})
 */
public record ServerOptions(int backlog, boolean reuseAddress, boolean reusePort, int limit, boolean startServing,
        boolean noDelay, SSLContext sslContext, Duration handshakeTimeout) {
    private static final ServerOptions DEFAULTS = new ServerOptions(100, true, false, StreamReader.DEFAULT_LIMIT,
            true, true, null, ConnectOptions.DEFAULT_HANDSHAKE_TIMEOUT);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if {@code backlog} or {@code limit} is not positive, or
     *     {@code handshakeTimeout} is negative
     */
    public ServerOptions {
        if (handshakeTimeout != null && handshakeTimeout.isNegative()) {
            throw new IllegalArgumentException("handshakeTimeout: " + handshakeTimeout + " (expected: >= 0, or null)");
        }
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog: " + backlog + " (expected: > 0)");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
    }

    /**
     * Backlog 100, SO_REUSEADDR, a 64 KiB limit, serving at once, TCP_NODELAY, no TLS.
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
        return new ServerOptions(backlog, reuseAddress, reusePort, limit, startServing, noDelay, sslContext,
                handshakeTimeout);
    }

    /**
     * These options with SO_REUSEADDR on or off.
     *
     * @param reuseAddress whether to set it
     * @return new options
     */
    public ServerOptions withReuseAddress(boolean reuseAddress) {
        return new ServerOptions(backlog, reuseAddress, reusePort, limit, startServing, noDelay, sslContext,
                handshakeTimeout);
    }

    /**
     * These options with SO_REUSEPORT on or off.
     *
     * @param reusePort whether to set it
     * @return new options
     */
    public ServerOptions withReusePort(boolean reusePort) {
        return new ServerOptions(backlog, reuseAddress, reusePort, limit, startServing, noDelay, sslContext,
                handshakeTimeout);
    }

    /**
     * These options with another stream limit.
     *
     * @param limit bytes, positive
     * @return new options
     */
    public ServerOptions withLimit(int limit) {
        return new ServerOptions(backlog, reuseAddress, reusePort, limit, startServing, noDelay, sslContext,
                handshakeTimeout);
    }

    /**
     * These options with serving at once or not.
     *
     * @param startServing whether to accept at once
     * @return new options
     */
    public ServerOptions withStartServing(boolean startServing) {
        return new ServerOptions(backlog, reuseAddress, reusePort, limit, startServing, noDelay, sslContext,
                handshakeTimeout);
    }

    /**
     * These options with TCP_NODELAY on or off.
     *
     * @param noDelay whether to set it
     * @return new options
     */
    public ServerOptions withNoDelay(boolean noDelay) {
        return new ServerOptions(backlog, reuseAddress, reusePort, limit, startServing, noDelay, sslContext,
                handshakeTimeout);
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
        return new ServerOptions(backlog, reuseAddress, reusePort, limit, startServing, noDelay, sslContext,
                handshakeTimeout);
    }

    /**
     * These options with another TLS handshake timeout.
     *
     * @param handshakeTimeout the timeout, or null for none
     * @return new options
     */
    public ServerOptions withHandshakeTimeout(Duration handshakeTimeout) {
        return new ServerOptions(backlog, reuseAddress, reusePort, limit, startServing, noDelay, sslContext,
                handshakeTimeout);
    }
}
