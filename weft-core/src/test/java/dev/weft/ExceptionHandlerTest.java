package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Errors nobody awaited go to the loop's exception handler (asyncio's call_exception_handler): exceptions
 * from callbacks, and failed futures or tasks garbage-collected without their exception being retrieved
 * (test_futures.py test_tb_logger_*, test_events.py test_callback_with_exception).
 */
class ExceptionHandlerTest {

    @Test
    void aCallbackExceptionGoesToTheHandlerAndTheLoopGoesOn() {
        // test_callback_with_exception / test_set_exc_handler_custom
        try (EventLoop loop = new EventLoop(new VirtualClock())) {
            List<ErrorContext> reported = new ArrayList<>();
            List<EventLoop> loops = new ArrayList<>();
            loop.setExceptionHandler((l, ctx) -> {
                loops.add(l);
                reported.add(ctx);
            });
            assertThat(loop.exceptionHandler()).isNotNull();
            IllegalStateException boom = new IllegalStateException("in callback");
            List<String> log = new ArrayList<>();
            Handle h = loop.callSoon(() -> { throw boom; });
            loop.callSoon(() -> log.add("next callback ran"));
            loop.callSoon(loop::stop);
            loop.runForever();
            assertThat(log).containsExactly("next callback ran");
            assertThat(loops).containsExactly(loop);
            assertThat(reported).singleElement().satisfies(ctx -> {
                assertThat(ctx.message()).isEqualTo("Exception in callback " + h);
                assertThat(ctx.exception()).isSameAs(boom);
                assertThat(ctx.handle()).isSameAs(h);
                assertThat(ctx.future()).isNull();
            });
        }
    }

    @Test
    void aTimerCallbackExceptionIsReportedToo() {
        try (EventLoop loop = new EventLoop(new VirtualClock())) {
            List<ErrorContext> reported = new ArrayList<>();
            loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
            TimerHandle h = loop.callLater(Duration.ofSeconds(1), () -> { throw new ArithmeticException("timer"); });
            loop.callLater(Duration.ofSeconds(2), loop::stop);
            loop.runForever();
            assertThat(reported).singleElement().satisfies(ctx -> {
                assertThat(ctx.handle()).isSameAs(h);
                assertThat(ctx.exception()).isInstanceOf(ArithmeticException.class);
            });
        }
    }

    @Test
    void aHandlerThatThrowsDoesNotBreakTheLoop() {
        // test_set_exc_handler_broken
        try (EventLoop loop = new EventLoop(new VirtualClock())) {
            int[] calls = {0};
            loop.setExceptionHandler((l, ctx) -> {
                calls[0]++;
                throw new IllegalStateException("broken handler");
            });
            List<String> log = new ArrayList<>();
            loop.callSoon(() -> { throw new IllegalArgumentException("first"); });
            loop.callSoon(() -> log.add("still running"));
            loop.callSoon(loop::stop);
            assertThatCode(loop::runForever).doesNotThrowAnyException();
            assertThat(calls[0]).isEqualTo(1);
            assertThat(log).containsExactly("still running");
            assertThatCode(() -> loop.callExceptionHandler(new ErrorContext("direct", null, null, null)))
                    .doesNotThrowAnyException();
            assertThat(calls[0]).isEqualTo(2);
        }
    }

    @Test
    void theDefaultHandlerLogsAndNeverThrows() {
        // test_default_exc_handler_callback
        try (EventLoop loop = new EventLoop(new VirtualClock())) {
            loop.setExceptionHandler((l, ctx) -> {});
            loop.setExceptionHandler(null);
            assertThat(loop.exceptionHandler()).isNull();
            List<String> log = new ArrayList<>();
            loop.callSoon(() -> { throw new IllegalArgumentException("logged, not thrown (expected in the test log)"); });
            loop.callSoon(() -> log.add("went on"));
            loop.callSoon(loop::stop);
            assertThatCode(loop::runForever).doesNotThrowAnyException();
            assertThat(log).containsExactly("went on");
            assertThatCode(() -> loop.defaultExceptionHandler(
                    new ErrorContext("no exception at all (expected in the test log)", null, null, null)))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    @Timeout(60)
    void aFailedFutureCollectedUnretrievedIsReported() {
        // test_tb_logger_exception_unretrieved / test_future_exception_never_retrieved
        List<ErrorContext> reported = new ArrayList<>();
        Weft.run(() -> {
            EventLoop loop = Weft.loop();
            loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
            dropFailedFutures(loop);
            for (int i = 0; i < 500 && reported.isEmpty(); i++) {
                System.gc();
                Weft.sleep(Duration.ofMillis(5)); // lets the cleaner thread post its report
            }
            for (int i = 0; i < 20; i++) { // a few more rounds: the other two must stay silent
                System.gc();
                Weft.sleep(Duration.ofMillis(5));
            }
            return null;
        });
        assertThat(reported).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).startsWith("Future exception was never retrieved: Future[finished exception=")
                    .contains("unretrieved");
            assertThat(ctx.exception()).isInstanceOf(IllegalStateException.class).hasMessage("unretrieved");
            assertThat(ctx.future()).isNull(); // it was collected
        });
    }

    @Test
    @Timeout(60)
    void anExceptionUnretrievedAtCloseIsReportedThenOnceOnTheClosingThreadAndNotAgainAtGc() throws Exception {
        // Issue 14: a short program must not wait for the GC to hear of it.
        List<String> where = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<ErrorContext> contexts = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventLoop loop = new EventLoop(new VirtualClock());
        loop.setExceptionHandler((l, ctx) -> {
            where.add(Thread.currentThread().getName());
            contexts.add(ctx);
        });
        java.lang.ref.WeakReference<Future<String>> ref = dropOneUnretrieved(loop);
        assertThat(contexts).isEmpty();
        loop.close();
        assertThat(where).containsExactly(Thread.currentThread().getName());
        assertThat(contexts.get(0).message()).startsWith("Future exception was never retrieved: Future[finished");
        assertThat(contexts.get(0).exception()).hasMessage("control");
        for (int i = 0; i < 500 && ref.get() != null; i++) {
            System.gc();
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
        assertThat(ref.get()).as("collected").isNull();
        for (int i = 0; i < 20; i++) { // the Cleaner has had its chance to report it again
            System.gc();
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
        assertThat(contexts).hasSize(1);
    }

    /** Makes three failed futures nobody keeps: one retrieved, one cancelled, one never retrieved. */
    private static void dropFailedFutures(EventLoop loop) {
        Future<String> retrieved = loop.createFuture();
        retrieved.setException(new IllegalStateException("retrieved"));
        assertThat(retrieved.exception()).hasMessage("retrieved");
        Future<String> cancelled = loop.createFuture();
        cancelled.cancel();
        Future<String> unretrieved = loop.createFuture();
        unretrieved.setException(new IllegalStateException("unretrieved"));
    }

    @Test
    @Timeout(60)
    void aFailedTaskNobodyAwaitedIsReported() {
        List<ErrorContext> reported = new ArrayList<>();
        Weft.run(() -> {
            EventLoop loop = Weft.loop();
            loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
            Weft.spawn(() -> {
                throw new ArithmeticException("task failed alone");
            });
            Weft.yieldNow(); // it runs and fails; nobody holds it any more
            for (int i = 0; i < 500 && reported.isEmpty(); i++) {
                System.gc();
                Weft.sleep(Duration.ofMillis(5));
            }
            return null;
        });
        assertThat(reported).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).startsWith("Task exception was never retrieved: Task[");
            assertThat(ctx.exception()).isInstanceOf(ArithmeticException.class).hasMessage("task failed alone");
        });
    }

    @Test
    @Timeout(60)
    void aFutureWhoseResultWasReadThroughAwaitIsNotReported() {
        List<ErrorContext> reported = new ArrayList<>();
        Weft.run(() -> {
            EventLoop loop = Weft.loop();
            loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
            awaitFailures(loop);
            dropOneUnretrieved(loop); // the control: this one must be reported
            for (int i = 0; i < 500 && reported.isEmpty(); i++) {
                System.gc();
                Weft.sleep(Duration.ofMillis(5));
            }
            for (int i = 0; i < 20; i++) {
                System.gc();
                Weft.sleep(Duration.ofMillis(5));
            }
            return null;
        });
        assertThat(reported).singleElement().extracting(ErrorContext::exception).extracting(Throwable::getMessage)
                .isEqualTo("control");
    }

    private static void awaitFailures(EventLoop loop) {
        Future<String> awaited = loop.createFuture();
        awaited.setException(new IllegalStateException("awaited"));
        assertThatThrownBy(awaited::await).hasMessage("awaited");
        Future<String> viaResult = loop.createFuture();
        viaResult.setException(new IllegalStateException("via result"));
        assertThatThrownBy(viaResult::result).hasMessage("via result");
    }

    private static java.lang.ref.WeakReference<Future<String>> dropOneUnretrieved(EventLoop loop) {
        Future<String> f = loop.createFuture();
        f.setException(new IllegalStateException("control"));
        return new java.lang.ref.WeakReference<>(f);
    }
}
