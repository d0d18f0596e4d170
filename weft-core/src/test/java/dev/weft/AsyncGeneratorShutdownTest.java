package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import dev.weft.gen.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Weft.run closes every generator a task drove that is still suspended at a yield, whether or not its
 * body ever awaited (issue 16): CPython test_asyncgen.py test_async_gen_asyncio_shutdown_02 and
 * _exception_01, where the generators never await before their yields.
 */
class AsyncGeneratorShutdownTest {

    @Test
    void aGeneratorThatNeverAwaitedIsClosedAndItsFinallyMayAwait() {
        List<String> log = new ArrayList<>();
        List<Generator<Integer, Object, Void>> keep = new ArrayList<>();
        runVirtual(() -> {
            Generator<Integer, Object, Void> it = Generator.of(y -> {
                try {
                    y.yield(1);
                    y.yield(2);
                } finally {
                    log.add("finally starts @" + now());
                    sleep(1);                             // a finally that awaits, as asyncio's aclose() allows
                    log.add("finally ends @" + now());
                }
            });
            keep.add(it);
            for (int i : it) {
                log.add("got " + i);
                break;
            }
        });
        assertThat(log).containsExactly("got 1", "finally starts @0.0", "finally ends @1.0");
        assertThat(keep.get(0).state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void closingOneThatNeverAwaitedReportsNothingWhenItEndsCleanly() {
        // test_async_gen_asyncio_shutdown_02
        List<ErrorContext> messages = new ArrayList<>();
        Generator<Integer, Object, Void> it = Generator.of(y -> {
            y.yield(1);
            y.yield(2);
        });
        runVirtual(() -> {
            Weft.loop().setExceptionHandler((l, ctx) -> messages.add(ctx));
            for (int i : it) {
                break;
            }
        });
        assertThat(messages).isEmpty();
        assertThat(it.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void aFailingFinallyIsReportedAsAsyncioReportsIt() {
        // test_async_gen_asyncio_shutdown_exception_01
        List<ErrorContext> messages = new ArrayList<>();
        runVirtual(() -> {
            Weft.loop().setExceptionHandler((l, ctx) -> messages.add(ctx));
            Generator<Integer, Object, Void> it = Generator.of(y -> {
                try {
                    y.yield(1);
                    y.yield(2);
                } finally {
                    raise(new ArithmeticException("/ by zero"));
                }
            });
            for (int i : it) {
                break;
            }
        });
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.message()).contains("an error occurred during closing of asynchronous generator");
            assertThat(m.exception()).isInstanceOf(ArithmeticException.class);
        });
    }

    @Test
    void aGeneratorDrivenOnlyOutsideAnyLoopIsLeftAlone() {
        List<String> log = new ArrayList<>();
        Generator<Integer, Object, Void> plain = Generator.of(y -> {
            try {
                y.yield(1);
                y.yield(2);
            } finally {
                log.add("closed");
            }
        });
        plain.next();
        runVirtual(() -> Weft.yieldNow());
        assertThat(log).isEmpty();
        assertThat(plain.state()).isEqualTo(Generator.State.SUSPENDED);
        plain.close();
        assertThat(log).containsExactly("closed");
    }

    @Test
    void aGeneratorStartedInACallbackIsNotATasksAndIsLeftAlone() {
        List<String> log = new ArrayList<>();
        List<Generator<Integer, Object, Void>> keep = new ArrayList<>();
        runVirtual(() -> {
            Future<Void> ran = Weft.loop().createFuture();
            Weft.loop().callSoon(() -> {
                Generator<Integer, Object, Void> g = Generator.of(y -> {
                    try {
                        y.yield(1);
                    } finally {
                        log.add("closed");
                    }
                });
                keep.add(g);
                g.next();
                ran.setResult(null);
            });
            ran.await();
        });
        assertThat(log).isEmpty();
        keep.get(0).close();
        assertThat(log).containsExactly("closed");
    }
}
