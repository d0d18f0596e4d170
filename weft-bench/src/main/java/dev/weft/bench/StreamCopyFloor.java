package dev.weft.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor of an echo through streams with asyncio's semantics, without any I/O: what a message of
 * {@code size} bytes costs in memory work alone when {@code read(n)} must return a fresh array and
 * {@code write(byte[])} must not keep the caller's array. The protocol echo sends the loop's direct
 * read buffer as it is (no copy); the streams echo makes a fresh array from it (allocation, zeroing,
 * one copy) and copies that array into the loop's direct send buffer (a second copy). The sum of
 * {@link #freshArrayFromDirect} and {@link #arrayIntoDirect} (or {@link #echoFloor}, both in one) is
 * what the streams echo's server CPU per message must exceed the protocol echo's by (issue 13,
 * docs/design.md section 5).
 *
 * <p>Run: {@code ./weft bench StreamCopyFloor -f 1 -wi 3 -i 5}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A heap committed and touched up front: otherwise the first seconds measure the page faults of a young
// generation touched for the first time (tens of µs per op here), not the steady state a server is in.
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class StreamCopyFloor {
    @Param({"16384"})
    public int size;

    private ByteBuffer readBuffer; // as the loop's direct read buffer (Io.readBuffer)
    private ByteBuffer sendBuffer; // as the loop's direct send buffer (Io.sendBuffer)
    private byte[] message;

    @Setup
    public void setUp() {
        readBuffer = ByteBuffer.allocateDirect(64 * 1024);
        sendBuffer = ByteBuffer.allocateDirect(64 * 1024);
        for (int i = 0; i < size; i++) {
            readBuffer.put(i, (byte) i);
        }
        message = new byte[size];
    }

    /** StreamReader's hand-off: a fresh array of the chunk's size, filled from the direct buffer. */
    @Benchmark
    public byte[] freshArrayFromDirect() {
        byte[] a = new byte[size];
        readBuffer.get(0, a, 0, size);
        return a;
    }

    /** SocketTransport.write(byte[]) with nothing queued: the array into the direct send buffer. */
    @Benchmark
    public ByteBuffer arrayIntoDirect() {
        ByteBuffer b = sendBuffer;
        b.clear();
        b.put(message, 0, size);
        return b.flip();
    }

    /** Both, per message: the least an echo through read(n) and write(byte[]) adds to the protocol echo. */
    @Benchmark
    public ByteBuffer echoFloor() {
        byte[] a = new byte[size];
        readBuffer.get(0, a, 0, size);
        ByteBuffer b = sendBuffer;
        b.clear();
        b.put(a, 0, size);
        return b.flip();
    }
}
