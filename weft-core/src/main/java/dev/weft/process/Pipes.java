package dev.weft.process;

import dev.weft.EventLoop;
import dev.weft.net.StreamReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This process's standard input and output as streams, and any blocking stream as a pipe: what a
 * line-based tool or a JSON-RPC (LSP) server reads and writes. As asyncio's {@code connect_read_pipe}
 * and {@code connect_write_pipe}, with the {@code StreamReader}/{@code StreamWriter} around them.
 *
 * {@snippet :
 * Weft.run(() -> {
 *     PipeWriter out = Pipes.stdout();
 *     for (String line : Pipes.stdin().lines()) {      // suspends the task, never the loop
 *         out.write(line.toUpperCase() + "\n");
 *         out.drain();                                 // the reader is slow: wait for it
 *     }
 *     out.close();                                     // flushed; standard output stays open
 * });
 * }
 *
 * <h2>How it works, and why</h2>
 * {@code System.in} is a blocking stream with no selectable channel in general (fd 0 may be a pipe, a
 * tty or a file), so each input is read by one virtual thread that hands chunks to a
 * {@link StreamReader} on the loop with {@code callSoonThreadsafe}, with the reader's flow control:
 * it stops reading while the reader holds more than about twice its limit. Each output is a
 * {@link PipeWriter}: bytes queue at once and one virtual thread writes them, so {@link PipeWriter#drain()}
 * waits for that thread, and a reader that went away is a {@link BrokenPipeException} there. The same
 * machinery serves a child's pipes ({@link Subprocess}). A selector on fd 0 would save the threads,
 * but works only for pipes and sockets, not for files or (portably) terminals, and needs more than
 * the JDK.
 *
 * <h2>Pitfalls</h2>
 * DANGER: standard input can have only one reader: a thread blocked in {@code System.in.read()}
 * cannot be stopped, and two would take each other's bytes. {@link #stdin()} therefore refuses a
 * second reader while the first one's thread is still reading (after its end of input, or an error,
 * a new one may be made). DO THIS INSTEAD: get the reader once, and pass it to the tasks that need it.
 *
 * <p>DANGER: {@link #stdout()} writes to file descriptor 1 directly, not through {@code System.out}
 * (a {@code PrintStream} swallows write errors, so a broken pipe could not be reported), so text
 * printed with {@code System.out} and not yet flushed may come out after it. DO THIS INSTEAD: use one
 * of the two, or {@code System.out.flush()} before switching.
 *
 * <p>All methods must be called from a task (or a callback) on the loop that will use the streams.
 */
public final class Pipes {
    private static final AtomicReference<StdinPump> STDIN = new AtomicReference<>();

    private Pipes() {}

    /** The one reader of this process's standard input, while its thread reads. */
    private record StdinPump(OutputPump pump, EventLoop loop) {}

    /**
     * This process's standard input as a {@link StreamReader} of the running loop, with
     * {@link StreamReader#DEFAULT_LIMIT}. As {@code connect_read_pipe(protocol, sys.stdin)}.
     *
     * @return a reader of standard input
     * @throws IllegalStateException if no loop runs on this thread, or standard input already has a
     *     reader whose thread still reads (see "Pitfalls")
     */
    public static StreamReader stdin() {
        return stdin(StreamReader.DEFAULT_LIMIT);
    }

    /**
     * As {@link #stdin()}, with a limit: the longest line {@code readLine} accepts; about twice it is
     * buffered before reading pauses.
     *
     * @param limit the reader's limit, positive
     * @return a reader of standard input
     * @throws IllegalArgumentException if {@code limit <= 0}
     * @throws IllegalStateException as {@link #stdin()}
     */
    public static StreamReader stdin(int limit) {
        EventLoop loop = EventLoop.running();
        StreamReader reader = new StreamReader(loop, limit);
        StdinPump previous = STDIN.get();
        if (previous != null && previous.pump.isAlive()) {
            throw new IllegalStateException("standard input already has a reader (on " + previous.loop + ") whose "
                    + "thread is still reading: a second one would take its bytes; get Pipes.stdin() once and share it");
        }
        // System.in is not closed at the end: other code of this process may still use it.
        OutputPump pump = new OutputPump(loop, reader, new FilterInputStream(System.in) {
            @Override
            public void close() {}
        }, "stdin");
        if (!STDIN.compareAndSet(previous, new StdinPump(pump, loop))) {
            throw new IllegalStateException("standard input already has a reader: get Pipes.stdin() once and share it");
        }
        pump.start();
        return reader;
    }

    /**
     * This process's standard output (file descriptor 1) as a {@link PipeWriter} of the running loop.
     * As {@code connect_write_pipe(protocol, sys.stdout)}. Its {@link PipeWriter#close()} writes what
     * is queued and flushes, but leaves standard output open. See "Pitfalls" on mixing it with
     * {@code System.out}.
     *
     * @return a writer of standard output
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static PipeWriter stdout() {
        System.out.flush(); // what was printed before comes first
        return new PipeWriter(EventLoop.running(), keepOpen(new FileOutputStream(FileDescriptor.out)),
                "standard output", "its reader closed it");
    }

    /**
     * This process's standard error (file descriptor 2) as a {@link PipeWriter}, as {@link #stdout()}.
     *
     * @return a writer of standard error
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static PipeWriter stderr() {
        System.err.flush();
        return new PipeWriter(EventLoop.running(), keepOpen(new FileOutputStream(FileDescriptor.err)),
                "standard error", "its reader closed it");
    }

    /**
     * {@link #connectReadPipe(InputStream, int)} with {@link StreamReader#DEFAULT_LIMIT}.
     *
     * @param in the stream, read by one thread from now on
     * @return a reader of the stream
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static StreamReader connectReadPipe(InputStream in) {
        return connectReadPipe(in, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Any blocking input stream (a named pipe, a device, a socket's stream) as a {@link StreamReader}
     * of the running loop, read by a virtual thread. As asyncio's {@code connect_read_pipe}. The stream
     * is closed at its end, on a read error, or when the reader's loop closes (after the read in
     * progress returns).
     *
     * @param in the stream, read by one thread from now on
     * @param limit the reader's limit, positive
     * @return a reader of the stream
     * @throws IllegalArgumentException if {@code limit <= 0}, or {@code in} is {@code System.in} (use
     *     {@link #stdin()})
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static StreamReader connectReadPipe(InputStream in, int limit) {
        Objects.requireNonNull(in, "in");
        if (in == System.in) {
            throw new IllegalArgumentException("System.in: use Pipes.stdin(), which keeps it to one reader");
        }
        EventLoop loop = EventLoop.running();
        StreamReader reader = new StreamReader(loop, limit);
        OutputPump pump = new OutputPump(loop, reader, in, "read-pipe");
        pump.start();
        return reader;
    }

    /**
     * Any blocking output stream as a {@link PipeWriter} of the running loop, written by a virtual
     * thread. As asyncio's {@code connect_write_pipe}. {@link PipeWriter#close()} closes the stream
     * once the queued bytes are written.
     *
     * @param out the stream, written by one thread from now on
     * @return a writer of the stream
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static PipeWriter connectWritePipe(OutputStream out) {
        Objects.requireNonNull(out, "out");
        return new PipeWriter(EventLoop.running(), out, "write pipe " + out.getClass().getSimpleName(),
                "its reader closed it");
    }

    private static OutputStream keepOpen(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len); // not FilterOutputStream's byte-at-a-time loop
            }

            @Override
            public void close() throws IOException {
                flush(); // the process's descriptor stays open for the rest of the program
            }
        };
    }
}
