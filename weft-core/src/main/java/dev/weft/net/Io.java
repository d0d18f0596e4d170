package dev.weft.net;

import dev.weft.Future;
import dev.weft.internal.Bridge;
import dev.weft.internal.IoHandler;
import dev.weft.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/** Small shared helpers of the network layer. Not public API. */
final class Io {
    private Io() {}

    /** Read size per readiness event (asyncio reads up to 256 KiB; 64 KiB is what a socket buffer gives at once). */
    static final int READ_SIZE = 64 * 1024;

    /*
     * One direct read buffer per loop thread: every read of every transport of a loop goes through it
     * (all on that thread, one at a time), so reading allocates nothing and the JDK copies nothing
     * (a heap buffer would be copied through a temporary direct one).
     */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_SIZE));

    static ByteBuffer readBuffer() {
        ByteBuffer b = READ_BUFFER.get();
        b.clear();
        return b;
    }

    /*
     * And one direct send buffer per loop thread, for heap arrays (SocketTransport.write(byte[])): the
     * array is copied into it and sent from it, the one copy the JDK makes anyway for a heap buffer
     * (into a temporary direct buffer of its own), without the ByteBuffer.wrap and the JDK's buffer
     * cache. Separate from the read buffer: a protocol may write while it still reads the buffer
     * dataReceived gave it.
     */
    private static final ThreadLocal<ByteBuffer> SEND_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_SIZE));

    /**
     * The calling thread's send buffer, cleared, if it can take {@code n} bytes; null for more, or on
     * a virtual thread (the portable backend runs each task on one: a buffer each would be 64 KiB of
     * native memory per task).
     */
    static ByteBuffer sendBuffer(int n) {
        if (n > READ_SIZE || Thread.currentThread().isVirtual()) {
            return null;
        }
        ByteBuffer b = SEND_BUFFER.get();
        b.clear();
        return b;
    }

    /**
     * The running loop, checking that a task runs: every suspending method of this package starts
     * here, so a call from a plain thread or a callback fails with one clear line instead of a hang.
     */
    static EventLoop requireTask(String what) {
        EventLoop loop = EventLoop.runningOrNull();
        if (loop == null) {
            throw new IllegalStateException(what + " must be called from inside a task, and no event loop runs "
                    + "on thread '" + Thread.currentThread().getName() + "': start one with Weft.run(...)");
        }
        if (loop.currentTask() == null) {
            throw new IllegalStateException(what + " must be called from inside a task, not from a plain callback "
                    + "of " + loop + " (a protocol callback, say): spawn a task with Weft.spawn(...) for it");
        }
        return loop;
    }

    /** As {@link #requireTask(String)}, and the object must belong to the running loop. */
    static EventLoop requireTask(String what, EventLoop owner) {
        EventLoop loop = requireTask(what);
        if (loop != owner) {
            throw new IllegalStateException(what + ": this object belongs to " + owner + ", but the calling task "
                    + "runs on " + loop);
        }
        return loop;
    }

    /** The loop's selector; loop thread only. */
    static java.nio.channels.Selector selector(EventLoop loop) {
        return Bridge.selector(loop);
    }

    /** Registers {@code ch} (or updates its key) with the loop's selector. */
    static SelectionKey register(EventLoop loop, SelectableChannel ch, int ops, IoHandler h)
            throws ClosedChannelException {
        return ch.register(selector(loop), ops, h);
    }

    /** Runs {@code body}, giving back a checked exception that went through a Weft combinator unwrapped. */
    static <T> T unwrapping(Callable<T> body) throws IOException {
        try {
            return body.call();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** Awaits a future whose result is null for success or the Throwable to throw. */
    static void awaitOutcome(Future<Throwable> f) throws IOException {
        Throwable t = f.await();
        if (t != null) {
            throw rethrow(t);
        }
    }

    /** Throws {@code t} as it is when it can, else wrapped in an IOException. */
    static IOException rethrow(Throwable t) throws IOException {
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IOException(t);
    }

    /** {@code host:port} as people write it ({@code [::1]:80} for IPv6). */
    static String hostPort(String host, int port) {
        String h = host == null ? "*" : host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    /** An address as people write it. */
    static String show(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String h = i.isUnresolved() ? i.getHostString() : i.getAddress().getHostAddress();
            return hostPort(h, i.getPort());
        }
        if (a instanceof UnixDomainSocketAddress u) {
            return "unix:" + u.getPath();
        }
        return String.valueOf(a);
    }
}
