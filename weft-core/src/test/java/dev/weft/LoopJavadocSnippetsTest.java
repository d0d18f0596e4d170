package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The {@code {@snippet}} examples of this package's class javadoc, run as written ({@code
 * System.out.println} and {@code System.err.println} record into a list). Change the snippet and
 * the test together.
 */
class LoopJavadocSnippetsTest {
    private final List<String> printed = new ArrayList<>();

    @Test
    void timerHandle() {
        Weft.run(new VirtualClock(), () -> {
            // = the snippet of TimerHandle
            EventLoop loop = Weft.loop();
            TimerHandle reminder = loop.callLater(Duration.ofSeconds(30), () -> printed.add("still there?"));
            double due = reminder.when();
            String answer = readAnswer();
            reminder.cancel();
            // what it says
            assertThat(due).isEqualTo(30.0);
            assertThat(answer).isEqualTo("42");
            Weft.sleep(Duration.ofMinutes(1));
            assertThat(printed).isEmpty();
            assertThat(reminder.isCancelled()).isTrue();
        });
    }

    private static String readAnswer() {
        Weft.sleep(Duration.ofSeconds(10));
        return "42";
    }

    @Test
    void handle() {
        Weft.run(() -> {
            // = the snippet of Handle
            EventLoop loop = Weft.loop();
            Handle h = loop.callSoon(() -> printed.add("soon"));
            h.cancel();
            boolean cancelled = h.isCancelled();
            // what it says
            Weft.yieldNow();
            Weft.yieldNow();
            assertThat(cancelled).isTrue();
            assertThat(printed).isEmpty();
        });
    }

    @Test
    void clock() {
        long start = System.nanoTime();
        // = the snippet of Clock
        double t = Weft.run(new VirtualClock(), () -> {
            Weft.sleep(Duration.ofMinutes(10));
            return Weft.loop().time();
        });
        Clock millis = () -> System.nanoTime() / 1_000_000 * 1_000_000;
        Weft.run(millis, () -> Weft.sleep(Duration.ofMillis(5)));
        // what it says
        assertThat(t).isEqualTo(600.0);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(4), Duration.ofSeconds(30));
    }

    @Test
    void exceptionHandler() {
        AtomicInteger errorCount = new AtomicInteger();
        List<ErrorContext> contexts = new ArrayList<>();
        Weft.run(() -> {
            // = the snippet of ExceptionHandler (plus `contexts`, for the test)
            EventLoop loop = Weft.loop();
            loop.setExceptionHandler((l, context) -> {
                errorCount.incrementAndGet();
                contexts.add(context);
                l.defaultExceptionHandler(context);
            });
            loop.callSoon(() -> {
                throw new IllegalStateException("bug");
            });
            Weft.yieldNow();
            Weft.yieldNow();
        });
        assertThat(errorCount).hasValue(1);
        assertThat(contexts).singleElement().satisfies(c -> {
            assertThat(c.message()).startsWith("Exception in callback");
            assertThat(c.exception()).isInstanceOf(IllegalStateException.class).hasMessage("bug");
        });
    }

    @Test
    void errorContext() {
        Weft.run(() -> {
            EventLoop loop = Weft.loop();
            // = the snippet of ErrorContext (System.err.println records into `printed`)
            loop.setExceptionHandler((l, c) -> {
                String where = c.future() != null ? "future " + c.future()
                        : c.handle() != null ? "callback " + c.handle()
                        : "loop";
                printed.add(c.message() + " [" + where + "]: " + c.exception());
            });
            Exception e = new java.io.IOException("cache server down");
            loop.callExceptionHandler(new ErrorContext("cache refresh failed", e, null, null));
            // and a callback's error, which comes with its handle
            loop.callSoon(() -> {
                throw new IllegalStateException("bug");
            });
            Weft.yieldNow();
            Weft.yieldNow();
        });
        assertThat(printed).hasSize(2);
        assertThat(printed.get(0)).isEqualTo("cache refresh failed [loop]: java.io.IOException: cache server down");
        assertThat(printed.get(1)).startsWith("Exception in callback").contains("[callback Handle[")
                .endsWith("]: java.lang.IllegalStateException: bug");
    }
}
