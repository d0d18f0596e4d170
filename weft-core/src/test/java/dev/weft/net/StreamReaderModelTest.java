package dev.weft.net;

import static org.assertj.core.api.Assertions.*;

import dev.weft.Weft;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A model-based test of {@link StreamReader}: a random byte stream (few distinct bytes, so separators
 * occur) is fed in random chunks by one task while another reads it with a random mix of readLine,
 * readExactly, readUntil and read(n). Whatever the chunking, the reads must return the stream's bytes
 * in order, each shaped as its method promises.
 */
class StreamReaderModelTest {
    @Property(tries = 150)
    void readsReturnTheStreamInOrderWhateverTheChunking(@ForAll @IntRange(min = 0, max = 3000) int length,
            @ForAll long seed) {
        Random rnd = new Random(seed);
        byte[] stream = new byte[length];
        for (int i = 0; i < length; i++) {
            stream[i] = (byte) "ab\n-".charAt(rnd.nextInt(4));
        }
        Weft.run(() -> {
            StreamReader r = new StreamReader();
            Weft.spawn(() -> {
                int at = 0;
                while (at < stream.length) {
                    int n = Math.min(stream.length - at, 1 + rnd.nextInt(200));
                    r.feedData(Arrays.copyOfRange(stream, at, at + n));
                    at += n;
                    if (rnd.nextBoolean()) {
                        Weft.yieldNow();
                    }
                }
                r.feedEof();
            });
            int pos = 0; // the model: everything before pos was returned
            while (true) {
                int op = rnd.nextInt(4);
                byte[] got;
                switch (op) {
                    case 0 -> {
                        got = r.readLine();
                        int nl = indexOf(stream, new byte[] {'\n'}, pos);
                        int end = nl < 0 ? stream.length : nl + 1;
                        assertThat(got).isEqualTo(Arrays.copyOfRange(stream, pos, end));
                    }
                    case 1 -> {
                        int n = rnd.nextInt(50);
                        try {
                            got = r.readExactly(n);
                            assertThat(got).isEqualTo(Arrays.copyOfRange(stream, pos, pos + n));
                        } catch (IncompleteReadException e) {
                            assertThat(stream.length - pos).isLessThan(n);
                            got = e.partial();
                            assertThat(got).isEqualTo(Arrays.copyOfRange(stream, pos, stream.length));
                        }
                    }
                    case 2 -> {
                        byte[] sep = rnd.nextBoolean() ? new byte[] {'-', '-'} : new byte[] {'a', 'b', '\n'};
                        int at = indexOf(stream, sep, pos);
                        try {
                            got = r.readUntil(sep);
                            assertThat(at).isGreaterThanOrEqualTo(0);
                            assertThat(got).isEqualTo(Arrays.copyOfRange(stream, pos, at + sep.length));
                        } catch (IncompleteReadException e) {
                            assertThat(at).isNegative();
                            got = e.partial();
                            assertThat(got).isEqualTo(Arrays.copyOfRange(stream, pos, stream.length));
                        }
                    }
                    default -> {
                        int n = 1 + rnd.nextInt(100);
                        got = r.read(n);
                        assertThat(got.length).isLessThanOrEqualTo(n);
                        assertThat(got).isEqualTo(Arrays.copyOfRange(stream, pos, pos + got.length));
                        if (got.length == 0) {
                            assertThat(pos).isEqualTo(stream.length);
                        }
                    }
                }
                pos += got.length;
                if (pos == stream.length && r.atEof()) {
                    assertThat(r.read(10)).isEmpty();
                    assertThat(r.readLine()).isEmpty();
                    return;
                }
            }
        });
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
