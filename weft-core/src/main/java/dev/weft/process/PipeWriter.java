package dev.weft.process;

import dev.weft.Future;
import dev.weft.EventLoop;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The writing end of a pipe, driven from tasks: {@link #write(byte[])} queues bytes at once,
 * {@link #drain()} waits until they are written, {@link #close()} ends the output. As the
 * {@code StreamWriter} over asyncio's {@code connect_write_pipe}. Got from {@link Pipes#stdout()},
 * {@link Pipes#stderr()}, {@link Pipes#connectWritePipe(OutputStream)}, and (as its subclass
 * {@link StdinWriter}) from {@link Subprocess#stdin()}.
 *
 * <p>The bytes are written, in order, by one virtual thread (a pipe cannot be selected portably),
 * started on the first write; the loop never blocks. If the reader goes away before reading
 * everything, {@link #drain()} throws {@link BrokenPipeException} (never hangs), and later writes are
 * dropped, as asyncio's. All methods must be called on the loop's thread. Close it when done: until
 * then its thread (a virtual one, which does not keep the JVM alive) waits for more.
 *
 * {@snippet :
 * PipeWriter out = Pipes.stdout();
 * for (String line : Pipes.stdin().lines()) {
 *     out.write(line.toUpperCase() + "\n");        // queued at once, never waits
 *     out.drain();                                 // wait for the pipe: memory stays bounded
 * }
 * out.close();
 * }
 *
 * <h2>Exceptions</h2>
 * A write after {@link #close()} throws {@link IllegalStateException}; a broken pipe is reported by
 * {@link #drain()} as {@link BrokenPipeException}.
 */
public sealed class PipeWriter implements AutoCloseable permits StdinWriter {
    private static final Object CLOSE = new Object();

    private final EventLoop loop;
    private final OutputStream out;
    private final String target; // "stdin of process 12 (cat)", "standard output"
    private final String reader; // who went away when the pipe breaks
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final List<Future<Void>> waiters = new ArrayList<>();
    private Thread thread;
    private long pending; // bytes queued, not yet written (loop side)
    private IOException error; // loop side
    private boolean closing;

    PipeWriter(EventLoop loop, OutputStream out, String target, String reader) {
        this.loop = loop;
        this.out = out;
        this.target = target;
        this.reader = reader;
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
            throw new IllegalStateException(target + " is closed");
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
     * @throws BrokenPipeException if the reader (for a child's stdin, the child) went away before
     *     reading the bytes
     */
    public void drain() throws IOException {
        Subprocess.requireTask(getClass().getSimpleName() + ".drain()", loop);
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
     * Whether {@link #close()} was called (or, for a child's stdin, the child exited).
     *
     * @return true once closing
     */
    public boolean isClosing() {
        return closing;
    }

    private void enqueue(Object job) {
        queue.add(job);
        if (thread == null) {
            thread = Thread.ofVirtual().name("weft-pipe-writer-" + target).start(this::run);
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
            error = new BrokenPipeException("cannot write to the " + target + ": " + reader + " ("
                    + e.getMessage() + ")", e);
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
        return getClass().getSimpleName() + "[" + target + ", " + pending + " bytes pending" + (closing ? ", closing" : "")
                + (error != null ? ", broken" : "") + "]";
    }
}
