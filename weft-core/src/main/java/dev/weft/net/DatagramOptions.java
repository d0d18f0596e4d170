package dev.weft.net;

/**
 * Options of a UDP endpoint ({@link Net#createDatagramEndpoint}): the keyword arguments of asyncio's
 * {@code create_datagram_endpoint} that Weft supports. Immutable; start from {@link #defaults()}.
 *
 * {@snippet :
 * DatagramOptions o = DatagramOptions.defaults()
 *         .withReuseAddress(true)                  // SO_REUSEADDR: bind a port just released
 *         .withAllowBroadcast(true);               // SO_BROADCAST: may sendTo a broadcast address
 * DatagramTransport t = Net.createDatagramEndpoint(Listener::new, new InetSocketAddress(0), null, o);
 * }
 *
 * @param reuseAddress SO_REUSEADDR (default false)
 * @param reusePort SO_REUSEPORT (default false)
 * @param allowBroadcast SO_BROADCAST (default false)
 */
public record DatagramOptions(boolean reuseAddress, boolean reusePort, boolean allowBroadcast) {
    private static final DatagramOptions DEFAULTS = new DatagramOptions(false, false, false);

    /**
     * Every option off.
     *
     * @return the defaults
     */
    public static DatagramOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with SO_REUSEADDR on or off.
     *
     * @param on whether to set it
     * @return new options
     */
    public DatagramOptions withReuseAddress(boolean on) {
        return new DatagramOptions(on, reusePort, allowBroadcast);
    }

    /**
     * These options with SO_REUSEPORT on or off.
     *
     * @param on whether to set it
     * @return new options
     */
    public DatagramOptions withReusePort(boolean on) {
        return new DatagramOptions(reuseAddress, on, allowBroadcast);
    }

    /**
     * These options with SO_BROADCAST on or off.
     *
     * @param on whether to set it
     * @return new options
     */
    public DatagramOptions withAllowBroadcast(boolean on) {
        return new DatagramOptions(reuseAddress, reusePort, on);
    }
}
