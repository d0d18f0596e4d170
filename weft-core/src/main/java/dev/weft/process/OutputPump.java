package dev.weft.process;

import dev.weft.EventLoop;
import dev.weft.net.Protocol;
import dev.weft.net.StreamReader;
import dev.weft.net.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One virtual thread that reads a child's output pipe, or any blocking InputStream ({@link Pipes}), and hands the chunks
 * to a {@link StreamReader} on the loop with {@code callSoonThreadsafe}: asyncio's read pipe
 * transport. Not public.
 *
 * <p>Memory stays bounded by two brakes: the reader's own flow control (it calls
 * {@link #pauseReading()} above twice its limit, {@link #resumeReading()} once reads brought it back
 * under the limit) closes a gate the thread waits at before each read; and chunks handed over but
 * not yet fed are bounded by a {@link Semaphore} of bytes, so a busy loop cannot let them pile up in
 * its inbox. The thread closes the stream when it ends (EOF, error, or the loop closed).
 */
final class OutputPump implements Transport {
    private static final int CHUNK = 64 * 1024;

    private final EventLoop loop;
    private final StreamReader reader;
    private final InputStream in;
    private final String name;
    private final int chunk;
    private final Semaphore inFlight;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition open = lock.newCondition();
    private boolean paused; // guarded by lock
    private volatile boolean abandoned;

    OutputPump(EventLoop loop, StreamReader reader, InputStream in, String name) {
        this.loop = loop;
        this.reader = reader;
        this.in = in;
        this.name = name;
        this.chunk = Math.min(CHUNK, Math.max(1, 2 * reader.limit()));
        this.inFlight = new Semaphore(Math.max(chunk, 2 * reader.limit()));
        reader.setTransport(this);
    }

    private volatile Thread thread;

    void start() {
        thread = Thread.ofVirtual().name("weft-pipe-" + name).start(this::pump);
    }

    /** Whether the reading thread has started and not ended (it may be blocked in a read). */
    boolean isAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    private void pump() {
        byte[] buf = new byte[chunk];
        Throwable error = null;
        try (in) {
            while (!abandoned) {
                awaitOpen();
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                inFlight.acquire(n);
                byte[] data = Arrays.copyOf(buf, n);
                if (!post(() -> {
                    if (reader.exception() == null) {
                        reader.feedData(data); // may pause us: before the release, so the gate closes in time
                    }
                    inFlight.release(n);
                })) {
                    return;
                }
            }
        } catch (IOException e) {
            error = e;
        } catch (InterruptedException e) {
            return;
        }
        Throwable err = error;
        post(() -> {
            if (err != null) {
                reader.setException(err);
            } else {
                reader.feedEof();
            }
        });
    }

    private boolean post(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
            return true;
        } catch (IllegalStateException closed) {
            abandoned = true; // the loop closed: nobody will read
            return false;
        }
    }

    private void awaitOpen() throws InterruptedException {
        lock.lock();
        try {
            while (paused && !abandoned) {
                open.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops reading for good (the owner gave up); the thread ends at its next chunk. */
    void abandon() {
        abandoned = true;
        resumeReading();
    }

    // ---- Transport: only flow control matters for a read pipe ----

    @Override
    public void pauseReading() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resumeReading() {
        lock.lock();
        try {
            paused = false;
            open.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isReading() {
        lock.lock();
        try {
            return !paused;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(ByteBuffer data) {
        throw new UnsupportedOperationException("a read pipe cannot be written");
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("a read pipe cannot be written");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void close() {
        abandon();
    }

    @Override
    public void abort() {
        abandon();
    }

    @Override
    public boolean isClosing() {
        return abandoned;
    }

    @Override
    public long writeBufferSize() {
        return 0;
    }

    @Override
    public void setWriteBufferLimits(long high, long low) {
        throw new UnsupportedOperationException("a read pipe has no write buffer");
    }

    @Override
    public long highWaterMark() {
        return 0;
    }

    @Override
    public long lowWaterMark() {
        return 0;
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public SocketAddress peerAddress() {
        return null;
    }

    @Override
    public Protocol protocol() {
        return null;
    }

    @Override
    public String toString() {
        return "OutputPump[" + name + (isReading() ? "" : ", paused") + "]";
    }
}
