package dev.weft.net;

import java.net.SocketAddress;
import java.time.Duration;

/**
 * Options of an outgoing connection ({@link Net#createConnection}, {@link Net#openConnection} and the
 * Unix domain variants): the keyword arguments of asyncio's {@code create_connection} and
 * {@code open_connection} that Weft supports. Immutable; start from {@link #defaults()} and change
 * what you need with the {@code with...} methods.
 *
 * {@snippet :
 * Connection c = Net.openConnection("example.test", 80,
 *         ConnectOptions.defaults().withTimeout(Duration.ofSeconds(2)));
 * }
 *
 * @param timeout the longest time for name resolution and connecting together, or null for no
 *     limit (the default); past it the connect throws {@link java.net.SocketTimeoutException}
 * @param localAddress the local address to bind to before connecting, or null (the default)
 * @param limit the {@link StreamReader}'s buffer limit for streams (default 64 KiB, as asyncio)
 * @param noDelay whether to set TCP_NODELAY (default true, as asyncio)
 */
public record ConnectOptions(Duration timeout, SocketAddress localAddress, int limit, boolean noDelay) {
    private static final ConnectOptions DEFAULTS = new ConnectOptions(null, null, StreamReader.DEFAULT_LIMIT, true);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative or {@code limit} is not positive
     */
    public ConnectOptions {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0, or null for none)");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
    }

    /**
     * No timeout, no local address, a 64 KiB limit, TCP_NODELAY on.
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
        return new ConnectOptions(timeout, localAddress, limit, noDelay);
    }

    /**
     * These options with another local address.
     *
     * @param localAddress the address to bind to, or null
     * @return new options
     */
    public ConnectOptions withLocalAddress(SocketAddress localAddress) {
        return new ConnectOptions(timeout, localAddress, limit, noDelay);
    }

    /**
     * These options with another stream limit.
     *
     * @param limit bytes, positive
     * @return new options
     */
    public ConnectOptions withLimit(int limit) {
        return new ConnectOptions(timeout, localAddress, limit, noDelay);
    }

    /**
     * These options with TCP_NODELAY on or off.
     *
     * @param noDelay whether to set it
     * @return new options
     */
    public ConnectOptions withNoDelay(boolean noDelay) {
        return new ConnectOptions(timeout, localAddress, limit, noDelay);
    }
}
