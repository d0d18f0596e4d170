package dev.weft.process;

import static org.assertj.core.api.Assertions.*;

import dev.weft.Weft;
import dev.weft.net.StreamReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15 item 6: standard input and output as streams (in a child JVM, since this JVM's stdin
 * belongs to the test runner), and any blocking stream as a pipe (in this JVM).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipesTest {

    private static Process child(String mode) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Weft.backend().equals("continuation")) {
            cmd.add("--add-exports");
            cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
        }
        cmd.add("-Dweft.backend=" + Weft.backend());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PipesChild.class.getName());
        cmd.add(mode);
        return new ProcessBuilder(cmd).start();
    }

    @Test
    void stdinAndStdoutAreStreamsOfALineTool() throws Exception {
        Process p = child("upper");
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            input.append("line ").append(i).append('\n'); // about 20 KB: far above the reader's limit of 16
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.toString().getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).isEqualTo(input.toString().toUpperCase());
        assertThat(err).contains("lines 2000")
                .contains("second reader: standard input already has a reader")
                .contains("a second one would take its bytes");
    }

    @Test
    void aReaderThatGoesAwayIsABrokenPipeNotAHang() throws Exception {
        Process p = child("flood");
        InputStream fromChild = p.getInputStream();
        assertThat(fromChild.readNBytes(100_000)).hasSize(100_000);
        fromChild.close(); // the reader goes away
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).contains("broken: cannot write to the standard output: its reader closed it");
    }

    /** An endless stream that counts what was taken from it. */
    private static final class Endless extends InputStream {
        final AtomicLong taken = new AtomicLong();

        @Override
        public int read() {
            taken.incrementAndGet();
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'x');
            taken.addAndGet(len);
            return len;
        }
    }

    @Test
    void aReadPipeStopsReadingWhileItsReaderIsFull() {
        Endless endless = new Endless();
        long taken = Weft.run(() -> {
            StreamReader r = Pipes.connectReadPipe(endless, 1000);
            assertThat(r.readExactly(10)).hasSize(10);
            // Let the pump run: it must stop at the reader's high-water mark, not read on for ever.
            long seen = -1;
            while (seen != endless.taken.get()) {
                seen = endless.taken.get();
                Weft.sleep(java.time.Duration.ofMillis(20));
            }
            return seen;
        });
        assertThat(taken).as("bounded by about twice the limit, plus what is handed over").isLessThan(10_000);
    }

    @Test
    void aWritePipeWritesInOrderAndClosesItsStream() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        boolean[] closed = {false};
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        Weft.run(() -> {
            PipeWriter w = Pipes.connectWritePipe(out);
            for (int i = 0; i < 100; i++) {
                w.write(i + ",");
            }
            w.drain();
            w.close();
            assertThatThrownBy(() -> w.write("late")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed");
        });
        assertThat(sink.toString(StandardCharsets.UTF_8)).startsWith("0,1,2,").endsWith("98,99,");
        assertThat(closed[0]).isTrue();
    }

    @Test
    void aFailingWritePipeIsABrokenPipeOnDrain() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        Weft.run(() -> {
            PipeWriter w = Pipes.connectWritePipe(failing);
            w.write("x");
            assertThatThrownBy(w::drain).isInstanceOf(BrokenPipeException.class)
                    .hasMessageContaining("its reader closed it (Broken pipe)");
            w.write("dropped"); // after a broken pipe: dropped, not an error (as asyncio)
        });
    }

    @Test
    void badInputsAreClearErrors() {
        assertThatThrownBy(Pipes::stdout).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no running event loop");
        Weft.run(() -> {
            assertThatThrownBy(() -> Pipes.connectReadPipe(System.in)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("System.in: use Pipes.stdin(), which keeps it to one reader");
            assertThatThrownBy(() -> Pipes.connectReadPipe(InputStream.nullInputStream(), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
            assertThatThrownBy(() -> Pipes.connectWritePipe(null)).isInstanceOf(NullPointerException.class);
        });
    }
}
