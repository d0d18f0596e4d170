package dev.weft.process;

import dev.weft.Future;
import dev.weft.loop.EventLoop;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The writing end of a child's standard input: {@link #write(byte[])} queues bytes at once,
 * {@link #drain()} waits until they are written, {@link #close()} sends the end of input. As the
 * {@code StreamWriter} asyncio gives as {@code Process.stdin}. Got from {@link Subprocess#stdin()}.
 *
 * <p>The bytes are written, in order, by one virtual thread (a pipe cannot be selected portably),
 * started on the first write; the loop never blocks. If the child exits or closes its input before
 * reading everything, {@link #drain()} throws {@link BrokenPipeException} (never hangs), and later
 * writes are dropped, as asyncio's. When the child exits the pipe is closed, so no descriptor
 * outlives the child. All methods must be called on the loop's thread.
 *
 * {@snippet :
 * Subprocess p = Subprocess.exec("wc", "-l");
 * StdinWriter in = p.stdin();
 * for (int i = 0; i < 1000; i++) {
 *     in.write("line " + i + "\n");              // queued at once, never waits
 *     if (i % 100 == 99) {
 *         in.drain();                              // now and then: memory stays bounded
 *     }
 * }
 * in.close();                                      // EOF, once the queued bytes are written
 * String count = new String(p.stdout().read(), StandardCharsets.UTF_8).strip();   // "1000"
 * }
 */
public final class StdinWriter implements AutoCloseable {
    private static final Object CLOSE = new Object();

    private final EventLoop loop;
    private final OutputStream out;
    private final String what;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final List<Future<Void>> waiters = new ArrayList<>();
    private Thread thread;
    private long pending; // bytes queued, not yet written (loop side)
    private IOException error; // loop side
    private boolean closing;

    StdinWriter(EventLoop loop, OutputStream out, String what) {
        this.loop = loop;
        this.out = out;
        this.what = what;
    }

    /**
     * Queues {@code data} to be written (copied). Never suspends: {@link #drain()} waits for it.
     * After the pipe broke, the bytes are dropped (drain reports the error).
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #close()} (or the child's exit), unless the pipe
     *     broke first
     */
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (error != null) {
            return; // the pipe broke: dropped, drain() says why
        }
        if (closing) {
            throw new IllegalStateException("stdin of " + what + " is closed");
        }
        if (data.length == 0) {
            return;
        }
        pending += data.length;
        enqueue(data.clone());
    }

    /**
     * Queues {@code text} encoded as UTF-8, as {@link #write(byte[])}.
     *
     * @param text the text
     */
    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Waits until every byte written so far has reached the pipe. As asyncio's {@code drain()}
     * (which waits only above a high-water mark; this one waits for everything, the simpler contract).
     * A cancelled drain leaves the bytes queued.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @throws BrokenPipeException if the child exited or closed its input before reading the bytes
     */
    public void drain() throws IOException {
        Subprocess.requireTask("StdinWriter.drain()", loop);
        while (error == null && pending > 0) {
            Future<Void> w = loop.createFuture();
            waiters.add(w);
            try {
                w.await();
            } finally {
                waiters.remove(w);
            }
        }
        if (error != null) {
            throw new BrokenPipeException(error.getMessage(), error.getCause());
        }
    }

    /**
     * Sends the end of input once the queued bytes are written, then releases the pipe. Never
     * suspends; idempotent. As asyncio's {@code close()}.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (pending == 0) {
            // Nothing in flight (the thread, if any, idles in take()): close here, so the descriptor is
            // gone when close() returns, then let the thread end.
            closeQuietly();
            if (thread != null) {
                queue.add(CLOSE);
            }
        } else {
            enqueue(CLOSE); // after the queued bytes
        }
    }

    /**
     * Whether {@link #close()} was called (or the child exited).
     *
     * @return true once closing
     */
    public boolean isClosing() {
        return closing;
    }

    /** The child exited: nothing more can be written; release the pipe. */
    void processExited() {
        close();
    }

    private void enqueue(Object job) {
        queue.add(job);
        if (thread == null) {
            thread = Thread.ofVirtual().name("weft-stdin-" + what).start(this::run);
        }
    }

    private void run() {
        try {
            while (true) {
                Object job = queue.take();
                if (job == CLOSE) {
                    closeQuietly();
                    return;
                }
                byte[] data = (byte[]) job;
                try {
                    out.write(data);
                    out.flush();
                } catch (IOException e) {
                    closeQuietly();
                    post(() -> failed(e));
                    return;
                }
                post(() -> written(data.length));
            }
        } catch (InterruptedException e) {
            closeQuietly();
        }
    }

    private void written(int n) {
        pending -= n;
        if (pending == 0) {
            wakeAll();
        }
    }

    private void failed(IOException e) {
        if (error == null) {
            error = new BrokenPipeException("cannot write to the stdin of " + what
                    + ": the child exited or closed its input (" + e.getMessage() + ")", e);
        }
        queue.clear();
        pending = 0;
        wakeAll();
    }

    private void wakeAll() {
        for (Future<Void> w : List.copyOf(waiters)) {
            if (!w.isDone()) {
                w.setResult(null);
            }
        }
    }

    private void post(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
        } catch (IllegalStateException closed) {
            // the loop closed: nobody waits any more
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the child is gone: its end of the pipe too
        }
    }

    @Override
    public String toString() {
        return "StdinWriter[" + what + ", " + pending + " bytes pending" + (closing ? ", closing" : "")
                + (error != null ? ", broken" : "") + "]";
    }
}
