package dev.weft.net;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a connection is set up with, taken from {@link ConnectOptions} or {@link ServerOptions}: the
 * socket options to set on its channel and the deadlines its transport keeps. Not public API.
 *
 * @param noDelay TCP_NODELAY
 * @param keepAlive SO_KEEPALIVE (set only when true)
 * @param sendBufferSize SO_SNDBUF, 0 to leave it
 * @param receiveBufferSize SO_RCVBUF, 0 to leave it
 * @param lingerSeconds SO_LINGER, -1 to leave it
 * @param idleNanos the idle deadline, 0 for none
 * @param readNanos the read deadline, 0 for none
 * @param writeNanos the write deadline, 0 for none
 * @param firstByteNanos the first-byte deadline, 0 for none
 */
record SocketSetup(boolean noDelay, boolean keepAlive, int sendBufferSize, int receiveBufferSize, int lingerSeconds,
        long idleNanos, long readNanos, long writeNanos, long firstByteNanos) {
    /** Nothing to set, no deadlines (a Unix domain socket gets this with its deadlines). */
    static final SocketSetup NONE = new SocketSetup(false, false, 0, 0, -1, 0, 0, 0, 0);

    static SocketSetup of(ConnectOptions o) {
        return new SocketSetup(o.noDelay(), o.keepAlive(), o.sendBufferSize(), o.receiveBufferSize(),
                o.linger() == null ? -1 : (int) o.linger().toSeconds(), nanos(o.idleTimeout()), nanos(o.readTimeout()),
                nanos(o.writeTimeout()), nanos(o.firstByteTimeout()));
    }

    static SocketSetup of(ServerOptions o) {
        return new SocketSetup(o.noDelay(), o.keepAlive(), o.sendBufferSize(), o.receiveBufferSize(),
                o.linger() == null ? -1 : (int) o.linger().toSeconds(), nanos(o.idleTimeout()), nanos(o.readTimeout()),
                nanos(o.writeTimeout()), nanos(o.firstByteTimeout()));
    }

    private static long nanos(Duration d) {
        if (d == null) {
            return 0;
        }
        try {
            return Math.max(1, d.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4; // centuries: as good as none, without overflowing the deadline sums
        }
    }

    /** This setup with only the deadlines (for a Unix domain socket, which has no TCP options). */
    SocketSetup deadlinesOnly() {
        return new SocketSetup(false, false, 0, 0, -1, idleNanos, readNanos, writeNanos, firstByteNanos);
    }

    boolean hasDeadlines() {
        return (idleNanos | readNanos | writeNanos | firstByteNanos) != 0;
    }

    /** Sets the socket options on a TCP channel (connected or not). */
    void apply(NetworkChannel ch, boolean tcp) throws IOException {
        if (!tcp) {
            if (sendBufferSize > 0) {
                ch.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferSize);
            }
            if (receiveBufferSize > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
            }
            return;
        }
        if (noDelay) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        if (keepAlive) {
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        }
        if (sendBufferSize > 0) {
            ch.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferSize);
        }
        if (receiveBufferSize > 0) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
        }
        if (lingerSeconds >= 0) {
            ch.setOption(StandardSocketOptions.SO_LINGER, lingerSeconds);
        }
    }

    /** Checks the socket option values shared by both options records. */
    static void check(int sendBufferSize, int receiveBufferSize, Duration linger) {
        if (sendBufferSize < 0) {
            throw new IllegalArgumentException("sendBufferSize: " + sendBufferSize
                    + " (expected: > 0, or 0 for the system's default)");
        }
        if (receiveBufferSize < 0) {
            throw new IllegalArgumentException("receiveBufferSize: " + receiveBufferSize
                    + " (expected: > 0, or 0 for the system's default)");
        }
        if (linger != null && (linger.isNegative() || linger.getNano() != 0 || linger.getSeconds() > 65535)) {
            throw new IllegalArgumentException("linger: " + linger
                    + " (expected: whole seconds, 0..65535, or null for the system's default)");
        }
    }

    /** The system's largest listen backlog: Linux's somaxconn, else 4096. */
    static int systemBacklog() {
        // Not Files.readString: a /proc file reports size 0, and in some JVMs (surefire's fork here)
        // that read returned the first byte only ("4" for 4096). readNBytes reads to the end.
        try (java.io.InputStream in = Files.newInputStream(Path.of("/proc/sys/net/core/somaxconn"))) {
            int n = Integer.parseInt(new String(in.readNBytes(32), java.nio.charset.StandardCharsets.US_ASCII).trim());
            return n > 0 ? n : 4096;
        } catch (IOException | RuntimeException e) {
            return 4096;
        }
    }
}
