package dev.weft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;

/**
 * File reads and writes that never block the loop: each runs on a virtual thread through
 * {@link Weft#toThread}, as Python's {@code aiofiles} or {@code asyncio.to_thread(path.read_bytes)}.
 * The methods mirror {@link Files}.
 *
 * <p>Every method is a suspension point: other tasks may run, and it may throw CancelledError. An
 * {@link IOException} comes out as an {@link UncheckedIOException} whose cause it is.
 *
 * {@snippet :
 * Path log = dir.resolve("notes.txt");
 * AsyncFiles.writeString(log, "first\n");                  // on a virtual thread: the loop runs on
 * AsyncFiles.writeString(log, "second\n", StandardOpenOption.APPEND);
 * List<String> lines = AsyncFiles.readAllLines(log);       // [first, second]
 * byte[] raw = AsyncFiles.readAllBytes(log);               // 13 bytes
 * }
 */
public final class AsyncFiles {
    private AsyncFiles() {}

    /**
     * {@link Files#readAllBytes}, off the loop.
     *
     * @param path the file
     * @return its bytes
     */
    public static byte[] readAllBytes(Path path) {
        return io(() -> Files.readAllBytes(path));
    }

    /**
     * {@link Files#readString(Path, Charset)} in UTF-8, off the loop.
     *
     * @param path the file
     * @return its text
     */
    public static String readString(Path path) {
        return io(() -> Files.readString(path, StandardCharsets.UTF_8));
    }

    /**
     * {@link Files#readAllLines(Path)}, off the loop.
     *
     * @param path the file
     * @return its lines
     */
    public static List<String> readAllLines(Path path) {
        return io(() -> Files.readAllLines(path));
    }

    /**
     * {@link Files#write(Path, byte[], OpenOption...)}, off the loop.
     *
     * @param path the file
     * @param bytes what to write
     * @param options how to open it (default: create, truncate, write)
     * @return the path
     */
    public static Path write(Path path, byte[] bytes, OpenOption... options) {
        return io(() -> Files.write(path, bytes, options));
    }

    /**
     * {@link Files#writeString(Path, CharSequence, OpenOption...)} in UTF-8, off the loop.
     *
     * @param path the file
     * @param text what to write
     * @param options how to open it (default: create, truncate, write)
     * @return the path
     */
    public static Path writeString(Path path, CharSequence text, OpenOption... options) {
        return io(() -> Files.writeString(path, text, StandardCharsets.UTF_8, options));
    }

    /** Blocking file work that may throw IOException. */
    @FunctionalInterface
    private interface IoWork<T> {
        T call() throws IOException;
    }

    private static <T> T io(IoWork<T> work) {
        return Weft.toThread(() -> {
            try {
                return work.call();
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        });
    }
}
