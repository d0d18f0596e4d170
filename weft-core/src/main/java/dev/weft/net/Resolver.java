package dev.weft.net;

import dev.weft.Future;
import dev.weft.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Name resolution that never blocks the loop. As asyncio's {@code loop.getaddrinfo}, which runs
 * {@code socket.getaddrinfo} in the default executor. Not public API.
 */
final class Resolver {
    private Resolver() {}

    /**
     * Names the tests give addresses of their choosing (several loopback addresses for one name,
     * to race happy eyeballs), as an /etc/hosts of this process. Empty unless a test fills it; tests
     * use names under {@code .invalid}, which no real resolver answers.
     */
    static final java.util.Map<String, InetAddress[]> FAKE_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The addresses of {@code host}. A literal IP address is parsed at once, without suspending;
     * a name is looked up on a new virtual thread (the JDK resolver blocks) and the answer handed
     * back with callSoonThreadsafe. If the calling task is cancelled meanwhile, the lookup finishes
     * on its own thread and its answer is dropped.
     *
     * <p>This is a suspension point (for a name): other tasks may run, and it may throw CancelledError.
     */
    static InetAddress[] resolve(EventLoop loop, String host) throws UnknownHostException {
        InetAddress literal = literal(host);
        if (literal != null) {
            return new InetAddress[] {literal};
        }
        InetAddress[] fake = FAKE_NAMES.get(host);
        if (fake != null) {
            return fake.clone();
        }
        Future<Object> answer = loop.createFuture();
        Thread.ofVirtual().name("weft-resolve " + host).start(() -> {
            Object r;
            try {
                r = InetAddress.getAllByName(host);
            } catch (UnknownHostException | RuntimeException e) {
                r = e;
            }
            Object result = r;
            try {
                loop.callSoonThreadsafe(() -> {
                    if (!answer.isDone()) {
                        answer.setResult(result);
                    }
                });
            } catch (IllegalStateException closed) {
                // the loop closed meanwhile: nobody waits for the answer
            }
        });
        Object r = answer.await();
        if (r instanceof InetAddress[] addrs) {
            return addrs;
        }
        if (r instanceof UnknownHostException e) {
            UnknownHostException mine = new UnknownHostException("cannot resolve '" + host + "': " + e.getMessage());
            mine.initCause(e);
            throw mine;
        }
        throw (RuntimeException) r;
    }

    /** Resolves an unresolved InetSocketAddress; others are returned as they are. */
    static java.net.SocketAddress resolve(EventLoop loop, java.net.SocketAddress a) throws UnknownHostException {
        if (a instanceof InetSocketAddress i && i.isUnresolved()) {
            return new InetSocketAddress(resolve(loop, i.getHostString())[0], i.getPort());
        }
        return a;
    }

    /** The address of a literal IPv4 or IPv6 address ("127.0.0.1", "::1", "[::1]"), or null for a name. */
    static InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(h);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
