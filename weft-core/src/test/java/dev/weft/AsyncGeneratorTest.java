package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import dev.weft.gen.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Generators whose bodies await: Python's asynchronous generators (test_asyncgen.py, and asyncio.run's
 * shutdown_asyncgens in test_runners.py), without a second type.
 */
class AsyncGeneratorTest {

    /** Yields 0..n-1, sleeping one second of loop time before each. */
    private static Generator<Integer, Object, Void> ticks(int n) {
        return Generator.of(y -> {
            for (int i = 0; i < n; i++) {
                sleep(1);
                y.yield(i);
            }
        });
    }

    @Test
    void aSleepingGeneratorConsumedByAForLoopWhileAnotherTaskRuns() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Void> other = Weft.spawn(() -> {
                sleep(0.5);
                for (int i = 0; i < 3; i++) {
                    log.add("other@" + now());
                    sleep(1);
                }
            });
            for (int v : ticks(3)) {
                log.add("got " + v + "@" + now());
            }
            other.await();
        });
        assertThat(log).containsExactly("other@0.5", "got 0@1.0", "other@1.5", "got 1@2.0", "other@2.5", "got 2@3.0");
    }

    @Test
    void whileSuspendedInAnAwaitItIsAlreadyExecuting() {
        runVirtual(() -> {
            Future<String> gate = Weft.loop().createFuture();
            Generator<String, Object, Void> g = Generator.of(y -> {
                y.yield("first");
                y.yield(gate.await());
            });
            Task<List<String>> consumer = Weft.spawn(() -> {
                List<String> got = new ArrayList<>();
                for (String s : g) {
                    got.add(s);
                }
                return got;
            });
            Weft.yieldNow(); // the consumer took "first" and now waits on the gate inside the generator
            assertThat(g.state()).isEqualTo(Generator.State.RUNNING);
            assertThatThrownBy(g::next).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("anext(): asynchronous generator is already running (");
            assertThatThrownBy(g::close).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("aclose(): asynchronous generator is already running (");
            assertThatThrownBy(() -> g.throwInto(new Boom("x"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("athrow(): asynchronous generator is already running (");
            assertThatThrownBy(() -> g.send("v")).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("anext(): asynchronous generator is already running (");
            assertThat(g.state()).isEqualTo(Generator.State.RUNNING); // the failed calls changed nothing
            gate.setResult("second");
            assertThat(consumer.await()).containsExactly("first", "second");
            assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
        });
    }

    @Test
    void anotherTaskTouchingItWhileItSleepsGetsTheSameError() {
        runVirtual(() -> {
            Generator<Integer, Object, Void> g = ticks(2);
            Task<Integer> first = Weft.spawn(g::next);
            Weft.yieldNow();
            Task<Integer> second = Weft.spawn(g::next);
            assertThatThrownBy(second::await).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("anext(): asynchronous generator is already running (");
            assertThat(first.await()).isZero();
            assertThat(Weft.spawn(g::next).await()).isEqualTo(1); // now any task may resume it
        });
    }

    @Test
    void awaitingWhileDrivenOutsideAnyTaskIsAClearError() {
        Generator<Integer, Object, Void> g = ticks(1);
        assertThatThrownBy(g::next).isInstanceOf(IllegalStateException.class)
                .hasMessage("a generator awaited while driven outside any task: drive it from a task "
                        + "(Weft.run / Weft.spawn)");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void awaitingWhileDrivenFromAPlainCallbackIsAClearError() {
        runVirtual(() -> {
            EventLoop loop = Weft.loop();
            Future<Throwable> seen = loop.createFuture();
            Generator<Integer, Object, Void> g = ticks(1);
            loop.callSoon(() -> seen.setResult(catchThrowable(g::next)));
            assertThat(seen.await()).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("await outside a task: this code runs in a plain callback");
        });
    }

    @Test
    void weftRunClosesGeneratorsLeftAtAYieldAndTheirFinallyMayAwait() {
        List<String> log = new ArrayList<>();
        List<Generator<Integer, Object, Void>> keep = new ArrayList<>();
        runVirtual(() -> {
            Generator<Integer, Object, Void> g = Generator.of(y -> {
                try {
                    sleep(1);
                    y.yield(1);
                    sleep(1);
                    y.yield(2);
                } finally {
                    log.add("finally starts @" + now());
                    sleep(5);
                    log.add("finally ends @" + now());
                }
            });
            keep.add(g);
            log.add("first " + g.next());
        });
        assertThat(log).containsExactly("first 1", "finally starts @1.0", "finally ends @6.0");
        assertThat(keep.get(0).state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void weftRunClosesGeneratorsOfTasksThatEndedToo() {
        List<String> log = new ArrayList<>();
        List<Generator<Integer, Object, Void>> keep = new ArrayList<>();
        runVirtual(() -> {
            Weft.spawn(() -> {
                Generator<Integer, Object, Void> g = Generator.of(y -> {
                    try {
                        for (int i = 0; ; i++) {
                            sleep(1);
                            y.yield(i);
                        }
                    } finally {
                        log.add("closed by Weft.run");
                    }
                });
                keep.add(g);
                g.next();
                g.next();
            }).await();
        });
        assertThat(log).containsExactly("closed by Weft.run");
        assertThat(keep.get(0).state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void aLeftoverTaskInsideAGeneratorIsCancelledAndTheGeneratorEnds() {
        // test_asyncio_run_closes_gens_after_hanging_tasks_errors
        List<ErrorContext> reported = new ArrayList<>();
        AtomicReference<Generator<Integer, Object, Void>> spinner = new AtomicReference<>();
        AtomicReference<Task<Void>> lazyboy = new AtomicReference<>();
        class FancyExit extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }
        assertThatThrownBy(() -> runVirtual(() -> {
            Weft.loop().setExceptionHandler((l, ctx) -> reported.add(ctx));
            lazyboy.set(Weft.spawn(() -> {
                spinner.set(Generator.of(y -> {
                    while (true) {
                        y.yield(1);
                        sleep(1);
                    }
                }));
                try {
                    for (int ignored : spinner.get()) {
                        // spin
                    }
                } catch (CancelledError e) {
                    throw new ArithmeticException("1 / 0");
                }
            }));
            Weft.yieldNow();
            throw new FancyExit();
        })).isInstanceOf(FancyExit.class);
        assertThat(lazyboy.get().isDone()).isTrue();
        assertThat(spinner.get().state()).isEqualTo(Generator.State.CLOSED);
        assertThat(reported).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).isEqualTo("unhandled exception during Weft.run() shutdown");
            assertThat(ctx.exception()).isInstanceOf(ArithmeticException.class);
            assertThat(ctx.future()).isSameAs(lazyboy.get());
        });
    }

    @Test
    void cancellingTheDrivingTaskRaisesInsideTheGenerator() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Generator<Integer, Object, Void> g = Generator.of(y -> {
                try {
                    sleep(10);
                    y.yield(1);
                } catch (CancelledError e) {
                    log.add("generator saw the cancellation: " + e.getMessage());
                    throw e;
                } finally {
                    log.add("generator finally");
                }
            });
            Task<Integer> t = Weft.spawn(g::next);
            sleep(1);
            t.cancel("stop");
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("stop");
            assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
        });
        assertThat(log).containsExactly("generator saw the cancellation: stop", "generator finally");
    }

    @Test
    void sendAndYieldAcrossAwaits() {
        List<String> r = runVirtual(() -> {
            Generator<String, Integer, Integer> echo = Generator.returning(y -> {
                int total = 0;
                Integer in = y.yield("ready");
                while (in != null) {
                    sleep(in);
                    total += in;
                    in = y.yield("slept " + in + " @" + now());
                }
                return total;
            });
            List<String> out = new ArrayList<>();
            out.add(echo.next());
            out.add(echo.send(2));
            out.add(echo.send(3));
            Throwable end = catchThrowable(() -> echo.send(null));
            out.add("total " + echo.result() + " " + end.getClass().getSimpleName());
            return out;
        });
        assertThat(r).containsExactly("ready", "slept 2 @2.0", "slept 3 @5.0", "total 5 StopIteration");
    }

    @Test
    void yieldFromAnAsyncSubGenerator() {
        List<String> r = runVirtual(() -> {
            Generator<String, Object, Void> outer = Generator.of(y -> {
                y.yield("start@" + now());
                y.yieldFrom(Generator.<String, Object>of(sub -> {
                    sleep(1);
                    sub.yield("sub@" + now());
                    sleep(1);
                    sub.yield("sub@" + now());
                }));
                sleep(1);
                y.yield("end@" + now());
            });
            List<String> out = new ArrayList<>();
            outer.forEach(out::add);
            return out;
        });
        assertThat(r).containsExactly("start@0.0", "sub@1.0", "sub@2.0", "end@3.0");
    }

    @Test
    void closingFromATaskMayAwaitInFinally() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Generator<Integer, Object, Void> g = Generator.of(y -> {
                try {
                    y.yield(1);
                    y.yield(2);
                } finally {
                    sleep(2);
                    log.add("cleaned up @" + now());
                }
            });
            g.next();
            g.close();
            assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
            assertThat(now()).isEqualTo(2.0);
        });
        assertThat(log).containsExactly("cleaned up @2.0");
    }

    @Test
    void aStreamOverAnAsyncGenerator() {
        List<Integer> r = runVirtual(() -> ticks(5).stream().map(i -> i * 10).limit(3).toList());
        assertThat(r).containsExactly(0, 10, 20);
    }
}
