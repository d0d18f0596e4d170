package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Weft#run}, as CPython's test_runners.py tests asyncio.run, and the errors of awaiting outside it. */
class WeftRunTest {

    @Test
    void returnsTheResult() {
        // test_asyncio_run_return
        assertThat(runVirtual(() -> 42)).isEqualTo(42);
        assertThat(Weft.run(() -> "system clock")).isEqualTo("system clock");
        List<String> log = new ArrayList<>();
        Weft.run(() -> {
            log.add("action ran");
        });
        assertThat(log).containsExactly("action ran");
    }

    @Test
    void rethrowsTheExceptionAsTheSameObject() {
        // test_asyncio_run_raises
        Boom boom = new Boom("main failed");
        assertThatThrownBy(() -> runVirtual(() -> {
            sleep(1);
            throw boom;
        })).isSameAs(boom);
        AssertionError error = new AssertionError("an Error too");
        assertThatThrownBy(() -> runVirtual(() -> { throw error; })).isSameAs(error);
    }

    @Test
    void aCheckedExceptionComesWrapped() {
        assertThatThrownBy(() -> runVirtual(() -> { throw new CheckedBoom("checked"); }))
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(CheckedBoom.class).hasMessage("checked");
    }

    @Test
    void aCancelledMainThrowsCancelledError() {
        assertThatThrownBy(() -> runVirtual(() -> {
            Weft.currentTask().cancel("main cancelled");
            sleep(1);
        })).isInstanceOf(CancelledError.class).hasMessage("main cancelled");
    }

    @Test
    void theMainTaskIsNamedMain() {
        assertThat(runVirtual(() -> Weft.currentTask().name())).isEqualTo("main");
    }

    @Test
    void leftoverTasksAreCancelledAndAwaited() {
        // test_asyncio_run_cancels_hanging_tasks
        List<String> log = new ArrayList<>();
        AtomicReference<Task<Void>> leftover = new AtomicReference<>();
        AtomicReference<EventLoop> theLoop = new AtomicReference<>();
        int r = runVirtual(() -> {
            theLoop.set(Weft.loop());
            leftover.set(Weft.spawn(() -> {
                try {
                    sleep(0.1);
                    log.add("not reached");
                } catch (CancelledError e) {
                    log.add("cancelled @" + now());
                    throw e;
                } finally {
                    sleep(2); // the shutdown waits for this
                    log.add("cleanup done @" + now());
                }
            }));
            return 123;
        });
        assertThat(r).isEqualTo(123);
        assertThat(leftover.get().isDone()).isTrue();
        assertThat(leftover.get().isCancelled()).isTrue();
        assertThat(log).containsExactly("cancelled @0.0", "cleanup done @2.0");
        assertThat(theLoop.get().isClosed()).isTrue();
    }

    @Test
    void leftoverTasksAreCancelledEvenWhenMainFails() {
        AtomicReference<Task<Void>> leftover = new AtomicReference<>();
        Boom boom = new Boom("main failed");
        assertThatThrownBy(() -> runVirtual(() -> {
            leftover.set(Weft.spawn(() -> { sleep(100); }));
            throw boom;
        })).isSameAs(boom);
        assertThat(leftover.get().isCancelled()).isTrue();
    }

    @Test
    void errorsOfLeftoverTasksDuringShutdownAreReported() {
        // test_asyncio_run_reports_hanging_tasks_errors
        List<ErrorContext> reported = new ArrayList<>();
        AtomicReference<Task<Void>> leftover = new AtomicReference<>();
        int r = runVirtual(() -> {
            Weft.loop().setExceptionHandler((l, ctx) -> reported.add(ctx));
            leftover.set(Weft.spawn(() -> {
                try {
                    sleep(0.1);
                } catch (CancelledError e) {
                    throw new ArithmeticException("1 / 0");
                }
            }));
            return 123;
        });
        assertThat(r).isEqualTo(123);
        assertThat(leftover.get().isDone()).isTrue();
        assertThat(reported).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).isEqualTo("unhandled exception during Weft.run() shutdown");
            assertThat(ctx.future()).isSameAs(leftover.get());
            assertThat(ctx.exception()).isInstanceOf(ArithmeticException.class);
        });
    }

    @Test
    void aLeftoverTaskThatIgnoresCancellationIsStillAwaited() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Weft.spawn(() -> {
                try {
                    sleep(10);
                } catch (CancelledError ignored) {
                    // carries on
                }
                sleep(3);
                log.add("finished its work @" + now());
            });
        });
        assertThat(log).containsExactly("finished its work @3.0");
    }

    @Test
    void aNestedRunIsAClearError() {
        // test_asyncio_run_from_running_loop
        Throwable t = catchThrowable(() -> runVirtual(() -> Weft.run(() -> "inner")));
        assertThat(t).isInstanceOf(IllegalStateException.class)
                .hasMessage("Weft.run() cannot be called from a running event loop; spawn a task (Weft.spawn) or await instead");
        try (EventLoop loop = new EventLoop(new VirtualClock())) {
            loop.callSoon(() -> {
                assertThatThrownBy(() -> Weft.run(() -> "from a callback"))
                        .hasMessageStartingWith("Weft.run() cannot be called from a running event loop");
                loop.stop();
            });
            loop.runForever();
        }
    }

    @Test
    void runsCanFollowOneAnother() {
        // test_second_with_block_raises is about the Runner; here: each run gets a fresh loop
        List<EventLoop> loops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runVirtual(() -> {
                loops.add(Weft.loop());
            });
        }
        assertThat(loops).doesNotHaveDuplicates().allMatch(EventLoop::isClosed);
    }

    @Test
    void awaitingOutsideATaskIsAClearError() {
        String noLoop = "await outside a task: no event loop runs on this thread; start one with Weft.run(...)";
        assertThatThrownBy(() -> Weft.sleep(secs(1))).isInstanceOf(IllegalStateException.class).hasMessage(noLoop);
        assertThatThrownBy(Weft::yieldNow).isInstanceOf(IllegalStateException.class).hasMessage(noLoop);
        assertThatThrownBy(Weft::currentTask).isInstanceOf(IllegalStateException.class).hasMessage(noLoop);
        assertThatThrownBy(() -> Weft.timeout(secs(1), () -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessage(noLoop);
        try (EventLoop loop = new EventLoop(new VirtualClock())) {
            Future<String> f = loop.createFuture();
            assertThatThrownBy(f::await).isInstanceOf(IllegalStateException.class).hasMessage(noLoop);
            assertThatThrownBy(() -> Weft.await(f)).isInstanceOf(IllegalStateException.class).hasMessage(noLoop);
            f.setResult("done");
            assertThat(f.await()).isEqualTo("done"); // a done future needs no task
        }
    }

    @Test
    void spawningOrAskingForTheLoopOutsideALoopIsAClearError() {
        String msg = "no running event loop: call this from inside a task or callback (start one with Weft.run)";
        assertThatThrownBy(() -> Weft.spawn(() -> 1)).isInstanceOf(IllegalStateException.class).hasMessage(msg);
        assertThatThrownBy(Weft::loop).isInstanceOf(IllegalStateException.class).hasMessage(msg);
    }

    @Test
    void awaitingInAPlainCallbackIsAClearError() {
        runVirtual(() -> {
            EventLoop loop = Weft.loop();
            Future<Throwable> seen = loop.createFuture();
            loop.callSoon(() -> seen.setResult(catchThrowable(() -> Weft.sleep(secs(1)))));
            String name = loop.toString().substring(0, loop.toString().indexOf('['));
            assertThat(seen.await()).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("await outside a task: this code runs in a plain callback of " + name + "[running")
                    .hasMessageEndingWith("; spawn a task (Weft.spawn) to await");
        });
    }

    @Test
    void theRunUsesTheGivenClock() {
        VirtualClock clock = new VirtualClock();
        clock.advance(secs(100));
        double t = Weft.run(clock, () -> {
            sleep(1);
            return now();
        });
        assertThat(t).isEqualTo(101.0);
        assertThat(clock.nanoTime()).isEqualTo(secs(101).toNanos());
        assertThatThrownBy(() -> Weft.run(clock, (java.util.concurrent.Callable<Object>) null))
                .isInstanceOf(NullPointerException.class);
    }
}
