package dev.weft.process;

import dev.weft.EventLoop;
import java.io.OutputStream;

/**
 * The writing end of a child's standard input: {@link #write(byte[])} queues bytes at once,
 * {@link #drain()} waits until they are written, {@link #close()} sends the end of input. As the
 * {@code StreamWriter} asyncio gives as {@code Process.stdin}. Got from {@link Subprocess#stdin()}.
 *
 * <p>A {@link PipeWriter}: the bytes are written, in order, by one virtual thread (a pipe cannot be selected portably),
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
public final class StdinWriter extends PipeWriter {
    StdinWriter(EventLoop loop, OutputStream out, String what) {
        super(loop, out, "stdin of " + what, "the child exited or closed its input");
    }

    /** The child exited: nothing more can be written; release the pipe. */
    void processExited() {
        close();
    }
}
