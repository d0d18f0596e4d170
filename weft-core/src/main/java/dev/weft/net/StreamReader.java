package dev.weft.net;

import dev.weft.Future;
import dev.weft.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The reading half of a stream connection: bytes the transport received, buffered, read by a task
 * in the shapes protocols need (a line, n bytes, up to a separator). As asyncio's
 * {@code StreamReader}. Got from {@link Net#openConnection} or given to a {@link Net#startServer}
 * handler.
 *
 * {@snippet :
 * Connection c = Net.openConnection("127.0.0.1", port);
 * c.writer().write("HELLO\n");
 * byte[] line = c.reader().readLine();          // up to and including "\n"; empty at EOF
 * String reply = c.reader().readLine(UTF_8);    // decoded, without "\n" or "\r\n"; null at EOF
 * byte[] body = c.reader().readExactly(16);      // exactly 16 bytes, or IncompleteReadException
 * for (String l : c.reader().lines()) { ... }    // every further line, decoded, until EOF
 * }
 *
 * <h2>States</h2>
 * <pre>
 * OPEN --feedEof (the peer's EOF or a clean close)-->  EOF       // reads drain the buffer, then return empty
 * OPEN --setException (the connection broke)-->        FAILED    // every read throws the error
 * </pre>
 * {@link #atEof()} is true once the end was seen <i>and</i> the buffer is empty.
 *
 * <h2>The limit</h2>
 * The limit (default 64 KiB, as asyncio) bounds a line or a chunk up to a separator: past it,
 * {@link #readLine()} and {@link #readUntil(byte[])} throw {@link LimitOverrunException}. It also
 * bounds memory: when more than twice the limit is buffered, the transport stops reading (TCP then
 * holds the peer back) until reads bring the buffer back under the limit. {@link #read(int)} and
 * {@link #readExactly(int)} are not limited.
 *
 * <h2>Cancellation</h2>
 * A read cancelled while it waits consumes nothing: the bytes that arrive stay buffered for the
 * next read. (A read that waits in several steps, such as {@code readExactly}, leaves what it saw so
 * far in the buffer too.)
 *
 * <h2>Exceptions</h2>
 * The read methods throw the connection's error once it broke (say a
 * {@link java.net.SocketException} "Connection reset"), even if bytes are still buffered, as asyncio
 * does. Only one task may wait for data at a time: a second one gets {@link IllegalStateException}.
 * Every read method must be called from a task of the reader's loop, else
 * {@link IllegalStateException}.
 *
 * <h2>For protocol writers</h2>
 * {@link #feedData}, {@link #feedEof} and {@link #setException} are how a protocol fills the reader
 * (asyncio's {@code StreamReaderProtocol} does it for sockets); they run on the loop thread and never
 * suspend.
 */
public final class StreamReader implements Iterable<byte[]> {
    /* Overview:
     * `buf[start, end)` holds the unread bytes; the array grows by doubling and is compacted before
     * growing. `waiter` is the single pending Future a read waits on (asyncio's _waiter): feedData,
     * feedEof and setException complete it; the reader then re-checks the buffer, the EOF and the
     * exception itself, so the waiter never carries an exception (no "exception never retrieved"
     * reports for a read that was cancelled).
     * Flow control (asyncio's): feedData pauses the transport above 2 * limit; every consuming read
     * resumes it at or below the limit, and a read about to wait resumes it unconditionally (waiting
     * while paused would deadlock, e.g. readExactly(n) with n > 2 * limit).
     * Hand-off (issue 13): read(n) must return a fresh byte[], so a chunk that arrives while read(n)
     * waits on an empty buffer, and fits in n, is copied once, into an array of its exact size that
     * becomes `buf` (the old array is kept in `spare`); take() then returns that array itself instead
     * of copying it again: one copy and one allocation per chunk instead of two copies and one
     * allocation. Anything else (a chunk arriving while bytes are buffered, lines, readExactly, a
     * read cancelled after the hand-off) sees `buf` as usual; take() and ensureRoom() go back to
     * `spare` once the hand-off array is emptied or must grow. Pinned by StreamsTest
     * (chunksArrivingWhileReadWaitsAreReadInOrder, aChunkHandedToACancelledReadStaysForTheNextReads)
     * and StreamReaderModelTest. */

    /** The default limit: 64 KiB, as asyncio's {@code _DEFAULT_LIMIT}. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};
    private static final int NOTHING_YET = -2; // takeInto: nothing buffered, not at the end

    private final EventLoop loop;
    private final int limit;
    private byte[] buf = EMPTY;
    private int start;
    private int end;
    private boolean eof;
    private Throwable exception;
    private Future<Void> waiter;
    private int readWant; // n of a read(n) waiting on an empty buffer, else 0 (see Overview, hand-off)
    private byte[] spare; // the reusable buffer while `buf` is a hand-off array, else null
    private Transport transport;
    private boolean paused;

    /**
     * A reader on the running loop with the default limit.
     *
     * @throws IllegalStateException if no loop runs on this thread
     */
    public StreamReader() {
        this(EventLoop.running(), DEFAULT_LIMIT);
    }

    /**
     * A reader on {@code loop}.
     *
     * @param loop the loop whose tasks read
     * @param limit the limit in bytes
     * @throws IllegalArgumentException if {@code limit <= 0}
     */
    public StreamReader(EventLoop loop, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0 (limit: " + limit + ")");
        }
        this.loop = Objects.requireNonNull(loop, "loop");
        this.limit = limit;
    }

    /**
     * The limit.
     *
     * @return bytes
     */
    public int limit() {
        return limit;
    }

    /**
     * The number of bytes buffered, not yet read.
     *
     * @return bytes
     */
    public int buffered() {
        return end - start;
    }

    /**
     * The error that broke the stream, or null.
     *
     * @return the error or null
     */
    public Throwable exception() {
        return exception;
    }

    /**
     * Whether the end of the stream was seen and every byte was read.
     *
     * @return true at the end
     */
    public boolean atEof() {
        return eof && start == end;
    }

    // ---- the feeding side ----

    /**
     * Sets the transport to pause and resume for flow control. Once only.
     *
     * @param transport the transport
     * @throws IllegalStateException if already set
     */
    public void setTransport(Transport transport) {
        if (this.transport != null) {
            throw new IllegalStateException("Transport already set");
        }
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** startTls: flow control now goes through the TLS transport. */
    void replaceTransport(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Appends the bytes between {@code data}'s position and limit (copied; the position moves to the
     * limit) and wakes a waiting read. Never suspends.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public void feedData(ByteBuffer data) {
        if (eof) {
            throw new IllegalStateException("feedData after feedEof");
        }
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        if (start == end && n <= readWant && spare == null) {
            // see Overview, hand-off: take() returns this array as it is
            spare = buf;
            buf = new byte[n];
            start = 0;
            end = 0;
        } else {
            ensureRoom(n);
        }
        data.get(buf, end, n);
        end += n;
        wakeup();
        if (transport != null && !paused && end - start > 2L * limit) {
            transport.pauseReading();
            paused = true;
        }
    }

    /**
     * Appends {@code data}, as {@link #feedData(ByteBuffer)}.
     *
     * @param data the bytes
     */
    public void feedData(byte[] data) {
        feedData(ByteBuffer.wrap(data));
    }

    /** Marks the end of the stream and wakes a waiting read. Never suspends. */
    public void feedEof() {
        eof = true;
        wakeup();
    }

    /**
     * Breaks the stream: every later read throws {@code error}. Wakes a waiting read.
     *
     * @param error the error
     */
    public void setException(Throwable error) {
        this.exception = Objects.requireNonNull(error, "error");
        wakeup();
    }

    private void wakeup() {
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.isDone()) {
                w.setResult(null);
            }
        }
    }

    private void ensureRoom(int n) {
        if (buf.length - end >= n) {
            return;
        }
        int size = end - start;
        if (spare != null && spare.length >= (long) size + n) {
            // a hand-off array that must grow: back to the reusable buffer
            System.arraycopy(buf, start, spare, 0, size);
            buf = spare;
            spare = null;
            start = 0;
            end = size;
            return;
        }
        if (buf.length - size >= n && start > 0 && size <= buf.length / 2) {
            System.arraycopy(buf, start, buf, 0, size);
        } else {
            long want = Math.max((long) size + n, Math.max(1024, 2L * buf.length));
            if (want > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("StreamReader buffer over 2 GiB");
            }
            byte[] nb = new byte[(int) want];
            System.arraycopy(buf, start, nb, 0, size);
            buf = nb;
            spare = null;
        }
        start = 0;
        end = size;
    }

    // ---- the reading side ----

    /**
     * Reads at most {@code n} bytes: waits until at least one byte is buffered (or the end), then
     * returns what is there, up to {@code n}. With {@code n < 0}, reads until the end of the stream.
     * As asyncio's {@code read(n)}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param n the most bytes to return; 0 returns an empty array at once; negative: everything to the end
     * @return the bytes; empty only at the end of the stream (or for {@code n == 0})
     * @throws IOException the connection's error
     */
    public byte[] read(int n) throws IOException {
        Io.requireTask("StreamReader.read()", loop);
        throwIfFailed();
        if (n == 0) {
            return EMPTY;
        }
        if (n < 0) {
            return read();
        }
        byte[] r = takeUpTo(n);
        if (r == null) {
            readWant = n; // a chunk that fits may be handed over whole (Overview, hand-off)
            try {
                waitForData("read");
            } finally {
                readWant = 0;
            }
            // The same call as before the wait: nothing after a suspension is used for the first time
            // (an unresolved call there deoptimises every suspended reader on its resume: design.md §5)
            r = takeUpTo(n);
        }
        return r;
    }

    /**
     * Reads at most {@code len} bytes into {@code b} from {@code off}: waits until at least one byte is
     * buffered (or the end), then copies what is there, up to {@code len}. The Java way of
     * {@link #read(int)}, as {@link java.io.InputStream#read(byte[], int, int)} (Python's
     * {@code readinto}): the caller's array is reused, so a read makes no array of its own. For bulk
     * transfer: an echo of 16 KiB messages through {@code readInto} and {@link StreamWriter#write(byte[],
     * int, int)} allocates nothing per message, where {@code read(n)} makes (and zeroes) a fresh array
     * for every chunk.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError. A cancelled
     * read consumes nothing: {@code b} is untouched and the bytes stay buffered.
     *
     * {@snippet :
     * byte[] buf = new byte[65536];
     * for (int n; (n = reader.readInto(buf, 0, buf.length)) != -1; ) {
     *     writer.write(buf, 0, n);
     *     writer.drain();
     * }
     * }
     *
     * @param b where the bytes go
     * @param off the index in {@code b} of the first byte
     * @param len the most bytes to read
     * @return the number of bytes read, at least 1; -1 at the end of the stream; 0 only when {@code len} is 0
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit in {@code b}
     * @throws IOException the connection's error
     */
    public int readInto(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        Io.requireTask("StreamReader.readInto()", loop);
        throwIfFailed();
        if (len == 0) {
            return 0;
        }
        int n = takeInto(b, off, len);
        if (n == NOTHING_YET) {
            waitForData("readInto");
            n = takeInto(b, off, len); // the same call as before the wait (see read(int))
        }
        return n;
    }

    /**
     * Copies up to {@code len} buffered bytes into {@code b}: how many; -1 at the end of the stream;
     * NOTHING_YET when none are buffered and the stream has not ended.
     */
    private int takeInto(byte[] b, int off, int len) {
        if (start == end) {
            return eof ? -1 : NOTHING_YET;
        }
        int n = Math.min(len, end - start);
        System.arraycopy(buf, start, b, off, n);
        consumed(n);
        return n;
    }

    /** Up to {@code n} buffered bytes; null when none are buffered and the stream has not ended. */
    private byte[] takeUpTo(int n) {
        return start == end && !eof ? null : take(Math.min(n, end - start));
    }

    /**
     * Reads everything until the end of the stream (asyncio's {@code read()}). Not limited by the
     * limit: do not use it on a peer that may send without end.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @return all the bytes to the end
     * @throws IOException the connection's error
     */
    public byte[] read() throws IOException {
        Io.requireTask("StreamReader.read()", loop);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        while (true) {
            byte[] block = read(limit);
            if (block.length == 0) {
                return all.toByteArray();
            }
            all.write(block, 0, block.length);
        }
    }

    /**
     * Reads exactly {@code n} bytes. As asyncio's {@code readexactly}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param n the number of bytes, at least 0
     * @return {@code n} bytes
     * @throws IncompleteReadException if the stream ends first; its {@code partial()} has the bytes
     *     read (they are consumed)
     * @throws IOException the connection's error
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public byte[] readExactly(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly size can not be less than zero (n: " + n + ")");
        }
        Io.requireTask("StreamReader.readExactly()", loop);
        throwIfFailed();
        if (n == 0) {
            return EMPTY;
        }
        if (end - start < n) {
            // do-while: the loop's exit test runs only after a wait (design.md §5)
            do {
                if (eof) {
                    byte[] incomplete = take(end - start);
                    throw new IncompleteReadException(incomplete, n);
                }
                waitForData("readExactly");
            } while (end - start < n);
        }
        return take(n);
    }

    /**
     * Reads one line: the bytes up to and including {@code '\n'}. As asyncio's {@code readline}.
     * At the end of the stream, returns the last, unterminated line, then empty arrays.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @return the line with its {@code '\n'}; without it if the stream ended first; empty at the end
     * @throws LimitOverrunException if the line (without its newline) is longer than the limit; the
     *     line is then discarded from the buffer: up to the newline if it was found, else everything
     *     buffered
     * @throws IOException the connection's error
     */
    public byte[] readLine() throws IOException {
        Io.requireTask("StreamReader.readLine()", loop);
        try {
            return readUntil(NEWLINE);
        } catch (IncompleteReadException e) {
            return e.partial();
        } catch (LimitOverrunException e) {
            int at = start + e.consumed();
            if (at < end && buf[at] == '\n') {
                start = at + 1;
            } else {
                start = end;
            }
            maybeResumeTransport();
            throw new LimitOverrunException(e.getMessage() + "; "
                    + (start == end ? "the buffer was discarded" : "the line was discarded"), e.consumed());
        }
    }

    /**
     * Reads one line and decodes it: {@code reader.readline().decode(charset)} with the line ending
     * removed, as {@link java.io.BufferedReader#readLine()}. Decoding is strict, as Python's
     * {@code decode()}: bytes that are not valid in {@code charset} throw, and are not replaced.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param charset how the line is encoded, say {@link StandardCharsets#UTF_8}
     * @return the line without its {@code "\n"} or {@code "\r\n"}; null at the end of the stream
     * @throws CharacterCodingException if the line is not valid in {@code charset} (a
     *     {@link java.nio.charset.MalformedInputException} or
     *     {@link java.nio.charset.UnmappableCharacterException}); the line is consumed
     * @throws LimitOverrunException as {@link #readLine()}
     * @throws IOException the connection's error
     */
    public String readLine(Charset charset) throws IOException {
        Objects.requireNonNull(charset, "charset");
        byte[] l = readLine();
        if (l.length == 0) {
            return null;
        }
        return decode(l, withoutLineEnd(l), charset, CodingErrorAction.REPORT);
    }

    /**
     * Reads up to and including {@code separator}, encoded in {@code charset}, and decodes it strictly:
     * {@code reader.readuntil(sep.encode()).decode()}. As {@link #readUntil(byte[])}, whose errors it
     * throws.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param separator one or more characters
     * @param charset the stream's encoding
     * @return the text up to and including the separator
     * @throws CharacterCodingException if the bytes are not valid in {@code charset}; they are consumed
     * @throws IncompleteReadException if the stream ends before the separator
     * @throws LimitOverrunException if the separator is not within the limit
     * @throws IOException the connection's error
     * @throws IllegalArgumentException if {@code separator} is empty
     */
    public String readUntil(String separator, Charset charset) throws IOException {
        Objects.requireNonNull(charset, "charset");
        byte[] b = readUntil(separator.getBytes(charset));
        return decode(b, b.length, charset, CodingErrorAction.REPORT);
    }

    /**
     * Reads up to and including {@code separator}. As asyncio's {@code readuntil}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param separator one or more bytes
     * @return the bytes up to and including the separator
     * @throws IncompleteReadException if the stream ends before the separator; its {@code partial()}
     *     has everything that was buffered (consumed; it may end with part of the separator)
     * @throws LimitOverrunException if the separator is not within {@code limit} bytes; the bytes stay
     *     in the buffer, to be read otherwise
     * @throws IOException the connection's error
     * @throws IllegalArgumentException if {@code separator} is empty
     */
    public byte[] readUntil(byte[] separator) throws IOException {
        if (separator.length == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        Io.requireTask("StreamReader.readUntil()", loop);
        throwIfFailed();
        int seplen = separator.length;
        int offset = 0; // bytes from `start` known not to hold the separator
        int match;
        while (true) {
            int buflen = end - start;
            if (buflen - offset >= seplen) {
                match = indexOf(separator, start + offset);
                if (match >= 0) {
                    break;
                }
                offset = Math.max(0, buflen + 1 - seplen);
                if (offset > limit) {
                    throw new LimitOverrunException("Separator is not found, and chunk exceed the limit (" + limit
                            + " bytes)", offset);
                }
            }
            // A complete match may come with the last chunk, so the EOF is checked after the search.
            if (eof) {
                byte[] chunk = take(end - start);
                throw new IncompleteReadException(chunk, -1);
            }
            waitForData("readUntil");
        }
        int matchStart = match - start;
        if (matchStart > limit) {
            throw new LimitOverrunException("Separator is found, but chunk is longer than limit (" + limit
                    + " bytes)", matchStart);
        }
        return take(matchStart + seplen);
    }

    /**
     * The lines of the stream until its end, each with its {@code '\n'} (the last may lack it): {@code
     * for (byte[] line : reader)} in a task. As asyncio's {@code async for line in reader}.
     * {@code hasNext()} reads the next line, so it is a suspension point; an I/O error comes out of it
     * as {@link UncheckedIOException}.
     *
     * @return an iterator to use once, in a task
     */
    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private byte[] next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    try {
                        next = readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (next.length == 0) {
                        next = null;
                        done = true;
                    }
                }
                return next != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the stream is at its end");
                }
                byte[] r = next;
                next = null;
                return r;
            }
        };
    }

    /**
     * The lines of the stream until its end, decoded as UTF-8, without their {@code "\n"} or
     * {@code "\r\n"} (as {@link java.io.BufferedReader#lines()}). Iterating is a suspension point, as
     * for {@link #iterator()}.
     *
     * <p>Bytes that are not valid UTF-8 are <b>replaced</b> by U+FFFD, as {@code new String(bytes, UTF_8)}
     * and {@code BufferedReader} do (Python's {@code decode(errors="replace")}): a binary stream comes
     * back changed, and longer. For Python's default, strict decoding, use
     * {@code lines(UTF_8, CodingErrorAction.REPORT)}.
     *
     * @return an iterable to use once, in a task
     */
    public Iterable<String> lines() {
        return lines(StandardCharsets.UTF_8, CodingErrorAction.REPLACE);
    }

    /**
     * The lines of the stream until its end, decoded from {@code charset}, without their line endings,
     * as {@link #lines()}. {@code onError} says what a byte sequence that is not valid in
     * {@code charset} becomes: {@link CodingErrorAction#REPORT} throws (Python's strict
     * {@code decode()}), {@link CodingErrorAction#REPLACE} gives the charset's replacement (U+FFFD),
     * {@link CodingErrorAction#IGNORE} drops it.
     *
     * <p>With REPORT, {@code next()} throws an {@link UncheckedIOException} whose cause is the
     * {@link CharacterCodingException}; that line is consumed, and iterating may go on with the next.
     *
     * @param charset the stream's encoding
     * @param onError what to do with bytes that are not valid in it
     * @return an iterable to use once, in a task
     */
    public Iterable<String> lines(Charset charset, CodingErrorAction onError) {
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(onError, "onError");
        return () -> new Iterator<>() {
            private final Iterator<byte[]> raw = StreamReader.this.iterator();

            @Override
            public boolean hasNext() {
                return raw.hasNext();
            }

            @Override
            public String next() {
                byte[] l = raw.next();
                try {
                    return decode(l, withoutLineEnd(l), charset, onError);
                } catch (CharacterCodingException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** The length of {@code l} without its {@code "\n"} or {@code "\r\n"}. */
    private static int withoutLineEnd(byte[] l) {
        int n = l.length;
        if (n > 0 && l[n - 1] == '\n') {
            n--;
            if (n > 0 && l[n - 1] == '\r') {
                n--;
            }
        }
        return n;
    }

    private static String decode(byte[] b, int n, Charset charset, CodingErrorAction onError)
            throws CharacterCodingException {
        if (onError == CodingErrorAction.REPLACE) {
            return new String(b, 0, n, charset); // the JDK's fast path, same result
        }
        return charset.newDecoder().onMalformedInput(onError).onUnmappableCharacter(onError)
                .decode(ByteBuffer.wrap(b, 0, n)).toString();
    }

    // ---- internals ----

    private void throwIfFailed() throws IOException {
        if (exception != null) {
            throw Io.rethrow(exception);
        }
    }

    private void waitForData(String method) throws IOException {
        if (waiter != null) {
            throw new IllegalStateException(method + "() called while another task is already waiting for incoming "
                    + "data on " + this);
        }
        if (paused) { // waiting while paused would never end
            paused = false;
            transport.resumeReading();
        }
        Future<Void> w = loop.createFuture();
        waiter = w;
        try {
            w.await();
        } finally {
            if (waiter == w) {
                waiter = null;
            }
        }
        throwIfFailed();
    }

    private byte[] take(int n) {
        if (spare != null && start == 0 && n == end && n == buf.length) {
            byte[] whole = buf; // see Overview, hand-off
            buf = spare;
            spare = null;
            start = 0;
            end = 0;
            maybeResumeTransport();
            return whole;
        }
        byte[] r = n == 0 ? EMPTY : Arrays.copyOfRange(buf, start, start + n);
        consumed(n);
        return r;
    }

    /** The first {@code n} buffered bytes have been read. */
    private void consumed(int n) {
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
            if (spare != null) {
                buf = spare; // a hand-off array read in pieces: back to the reusable buffer
                spare = null;
            }
        }
        maybeResumeTransport();
    }

    private void maybeResumeTransport() {
        if (paused && end - start <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    private int indexOf(byte[] sep, int from) {
        byte first = sep[0];
        int last = end - sep.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < sep.length; j++) {
                if (buf[i + j] != sep[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StreamReader[");
        sb.append(end - start).append(" bytes");
        if (eof) {
            sb.append(", eof");
        }
        if (limit != DEFAULT_LIMIT) {
            sb.append(", limit=").append(limit);
        }
        if (waiter != null) {
            sb.append(", waiter");
        }
        if (exception != null) {
            sb.append(", exception=").append(exception);
        }
        if (paused) {
            sb.append(", paused");
        }
        return sb.append(']').toString();
    }
}
