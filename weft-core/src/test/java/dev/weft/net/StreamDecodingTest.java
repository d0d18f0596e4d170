package dev.weft.net;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;

import dev.weft.Weft;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Strings from a StreamReader (issue 16): readLine/readUntil in a charset, strict as Python's
 * {@code decode()}, and lines() with a choice of replacing or reporting bad bytes. Also asyncio's
 * sentences first in the readline/readexactly errors (test_streams.py test_readline_limit,
 * test_readexactly_limit messages come from streams.py).
 */
class StreamDecodingTest {
    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void readLineInACharsetDropsTheLineEndAndGivesNullAtTheEnd() {
        Weft.run(() -> {
            StreamReader r = new StreamReader(Weft.loop(), 1 << 16);
            r.feedData(b("200 OK\r\nnaïve\n\nlast"));
            r.feedEof();
            assertThat(r.readLine(UTF_8)).isEqualTo("200 OK");
            assertThat(r.readLine(UTF_8)).isEqualTo("naïve");
            assertThat(r.readLine(UTF_8)).as("an empty line is not the end").isEmpty();
            assertThat(r.readLine(UTF_8)).isEqualTo("last");
            assertThat(r.readLine(UTF_8)).isNull();
        });
    }

    @Test
    void readLineDecodesStrictlyAsPythonsDecode() {
        // b'\xff\n'.decode() raises UnicodeDecodeError: the bytes are not replaced.
        Weft.run(() -> {
            StreamReader r = new StreamReader(Weft.loop(), 1 << 16);
            r.feedData(new byte[] {'a', (byte) 0xff, '\n', 'o', 'k', '\n'});
            assertThatThrownBy(() -> r.readLine(UTF_8)).isInstanceOf(MalformedInputException.class);
            assertThat(r.readLine(UTF_8)).as("the bad line was consumed").isEqualTo("ok");
            r.feedData(new byte[] {(byte) 0xff, '\n'});
            assertThat(r.readLine(ISO_8859_1)).isEqualTo("ÿ");
        });
    }

    @Test
    void readUntilAStringSeparatorKeepsTheSeparator() {
        Weft.run(() -> {
            StreamReader r = new StreamReader(Weft.loop(), 1 << 16);
            r.feedData(b("HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody"));
            assertThat(r.readUntil("\r\n\r\n", UTF_8)).isEqualTo("HTTP/1.1 200 OK\r\nA: b\r\n\r\n");
            assertThat(new String(r.read(100), UTF_8)).isEqualTo("body");
        });
    }

    @Test
    void linesReplacesByDefaultAndReportsWhenAsked() {
        byte[] random = new byte[64 * 1024];
        new Random(42).nextBytes(random);
        Weft.run(() -> {
            StreamReader r = new StreamReader(Weft.loop(), 1 << 20);
            r.feedData(random);
            r.feedEof();
            long chars = 0;
            for (String l : r.lines()) {
                chars += l.getBytes(UTF_8).length;
            }
            // The 10 MiB -> 19 MiB: replaced bytes come back as 3-byte U+FFFD.
            assertThat(chars).as("replacing makes a random stream longer").isGreaterThan(random.length);

            StreamReader strict = new StreamReader(Weft.loop(), 1 << 20);
            strict.feedData(random);
            strict.feedEof();
            assertThatThrownBy(() -> {
                for (String l : strict.lines(UTF_8, CodingErrorAction.REPORT)) {
                    assertThat(l).doesNotContain("\uFFFD");
                }
            }).isInstanceOf(UncheckedIOException.class).cause().isInstanceOf(MalformedInputException.class);

            StreamReader ok = new StreamReader(Weft.loop(), 1 << 20);
            ok.feedData(b("one\r\ntwo\nthree"));
            ok.feedEof();
            List<String> got = new ArrayList<>();
            ok.lines(UTF_8, CodingErrorAction.REPORT).forEach(got::add);
            assertThat(got).containsExactly("one", "two", "three");
        });
    }

    @Test
    void limitAndSizeErrorsStartWithAsynciosSentence() {
        Weft.run(() -> {
            StreamReader r = new StreamReader(Weft.loop(), 4);
            r.feedData(b("toolongline\nok\n"));
            assertThatThrownBy(r::readLine).isInstanceOf(LimitOverrunException.class)
                    .hasMessage("Separator is found, but chunk is longer than limit (4 bytes); the line was discarded");
            r.feedData(b("0123456789"));
            assertThat(new String(r.readLine(), UTF_8)).isEqualTo("ok\n");
            assertThatThrownBy(r::readLine).isInstanceOf(LimitOverrunException.class)
                    .hasMessageStartingWith("Separator is not found, and chunk exceed the limit (4 bytes); ");
            assertThatIllegalArgumentException().isThrownBy(() -> r.readExactly(-1))
                    .withMessage("readexactly size can not be less than zero (n: -1)");
        });
    }
}
