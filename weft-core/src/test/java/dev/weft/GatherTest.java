package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The behaviour of CPython's gather tests (test_tasks.py GatherTestsBase and friends) on {@link Weft#gather}. */
class GatherTest {

    private static Task<String> after(double s, String value) {
        return Weft.spawn(() -> {
            sleep(s);
            return value;
        });
    }

    @Test
    void resultsComeInTheOrderGivenNotTheOrderOfCompletion() {
        List<String> r = runVirtual(() -> Weft.gather(after(3, "a"), after(1, "b"), after(2, "c")).await());
        assertThat(r).containsExactly("a", "b", "c");
    }

    @Test
    void childrenRunConcurrently() {
        double took = runVirtual(() -> {
            Weft.gather(after(3, "a"), after(1, "b"), after(2, "c")).await();
            return now();
        });
        assertThat(took).isEqualTo(3.0);
    }

    @Test
    void emptyGatherIsDoneAtOnce() {
        runVirtual(() -> {
            Future<List<Object>> g = Weft.gather(List.of());
            assertThat(g.isDone()).isTrue();
            assertThat(g.result()).isEmpty();
        });
    }

    @Test
    void oneExceptionFailsTheGatherAtOnceAndTheOthersGoOn() {
        // test_one_exception
        Boom boom = new Boom("b");
        runVirtual(() -> {
            Task<String> a = after(1, "a");
            Task<String> b = Weft.spawn(() -> { sleep(2); throw boom; });
            Task<String> c = after(5, "c");
            Future<List<String>> g = Weft.gather(a, b, c);
            assertThatThrownBy(g::await).isSameAs(boom);
            assertThat(now()).isEqualTo(2.0);
            assertThat(g.exception()).isSameAs(boom);
            assertThat(c.isDone()).isFalse();
            assertThat(c.await()).isEqualTo("c");
            assertThat(now()).isEqualTo(5.0);
        });
    }

    @Test
    void oneCancellationEndsTheGatherWithCancelledError() {
        // test_one_cancellation (Weft's gather future ends cancelled; asyncio's holds a CancelledError)
        try (EventLoop loop = new EventLoop(new VirtualClock())) {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                fs.add(loop.createFuture());
            }
            Future<List<Integer>> g = Weft.gather(fs);
            List<Future<List<Integer>>> called = new ArrayList<>();
            g.addDoneCallback(called::add);
            fs.get(0).setResult(1);
            fs.get(1).cancel("b went");
            loop.callSoon(loop::stop);
            loop.runForever();
            loop.callSoon(loop::stop);
            loop.runForever();
            assertThat(g.isDone()).isTrue();
            assertThat(called).containsExactly(g);
            assertThatThrownBy(g::result).isInstanceOf(CancelledError.class).hasMessage("b went");
            assertThat(g.isCancelled()).isTrue();
            // The rest does nothing to the gather.
            fs.get(2).setResult(3);
            fs.get(3).cancel();
            fs.get(4).setException(new Boom("late"));
            loop.callSoon(loop::stop);
            loop.runForever();
            assertThat(called).hasSize(1);
        }
    }

    @Test
    void cancellingTheGatherCancelsEveryChild() {
        runVirtual(() -> {
            Task<String> a = after(5, "a");
            Task<String> b = after(5, "b");
            Future<List<String>> g = Weft.gather(a, b);
            sleep(1);
            assertThat(g.cancel("enough")).isTrue();
            assertThatThrownBy(g::await).isInstanceOf(CancelledError.class).hasMessage("enough");
            assertThat(a.isCancelled()).isTrue();
            assertThat(b.isCancelled()).isTrue();
            assertThat(g.isCancelled()).isTrue();
            assertThat(now()).isEqualTo(1.0);
        });
    }

    @Test
    void aGatherRefusesCancellationOnceItsChildrenAreDone() {
        // test_cancel_gather_1 (Python issue #26923)
        runVirtual(() -> {
            Future<Integer> fut = Weft.loop().createFuture();
            Task<Integer> child = Weft.spawn(fut::await);
            Future<List<Integer>> g = Weft.gather(child);
            Weft.yieldNow();
            fut.setResult(42);
            child.await();
            assertThat(g.cancel()).isFalse();
            assertThat(g.await()).containsExactly(42);
            assertThat(g.isCancelled()).isFalse();
        });
    }

    @Test
    void cancellingTheTaskAwaitingAGatherCancelsTheChildren() {
        // test_cancellation_broadcast
        int[] proof = {0};
        runVirtual(() -> {
            Future<Void> waiter = Weft.loop().createFuture();
            Task<Void> child1 = Weft.spawn(() -> { waiter.await(); proof[0] += 1; });
            Task<Void> child2 = Weft.spawn(() -> { waiter.await(); proof[0] += 1; });
            List<Future<List<Void>>> gatherer = new ArrayList<>();
            Task<Void> outer = Weft.spawn(() -> {
                Future<List<Void>> g = Weft.gather(child1, child2);
                gatherer.add(g);
                g.await();
                proof[0] += 100;
            });
            Weft.yieldNow();
            assertThat(outer.cancel()).isTrue();
            assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class);
            assertThat(gatherer.get(0).cancel()).isFalse();
            assertThat(waiter.isCancelled()).isTrue();
            assertThat(child1.isCancelled()).isTrue();
            assertThat(child2.isCancelled()).isTrue();
            Weft.yieldNow();
        });
        assertThat(proof[0]).isZero();
    }

    @Test
    void aCancelledGatherStaysCancelledEvenIfAChildSwallowsIt() {
        runVirtual(() -> {
            Task<Integer> child = Weft.spawn(() -> {
                try {
                    sleep(10);
                    return 0;
                } catch (CancelledError e) {
                    return 5;
                }
            });
            Future<List<Integer>> g = Weft.gather(child);
            Weft.yieldNow();
            assertThat(g.cancel("gm")).isTrue();
            assertThatThrownBy(g::await).isInstanceOf(CancelledError.class).hasMessage("gm");
            assertThat(child.result()).isEqualTo(5);
        });
    }

    @Test
    void cancellingAGatherWithNoPendingChildReturnsFalse() {
        try (EventLoop loop = new EventLoop(new VirtualClock())) {
            Future<Integer> a = loop.createFuture();
            Future<List<Integer>> g = Weft.gather(a);
            a.setResult(1); // done, its callback not yet run
            assertThat(g.cancel()).isFalse();
            assertThat(loop.runUntilComplete(g)).containsExactly(1);
        }
    }

    @Test
    void duplicatesAppearOncePerMention() {
        List<String> r = runVirtual(() -> {
            Task<String> a = after(1, "a");
            return Weft.gather(a, a, after(2, "b"), a).await();
        });
        assertThat(r).containsExactly("a", "a", "b", "a");
    }

    @Test
    void gatherOfPlainFutures() {
        List<Integer> r = runVirtual(() -> {
            EventLoop loop = Weft.loop();
            Future<Integer> x = loop.createFuture();
            Future<Integer> y = loop.createFuture();
            loop.callLater(secs(2), () -> x.setResult(1));
            loop.callLater(secs(1), () -> y.setResult(2));
            return Weft.gather(x, y).await();
        });
        assertThat(r).containsExactly(1, 2);
    }

    @Test
    void nullResultsAreKept() {
        List<String> r = runVirtual(() -> Weft.gather(after(1, null), after(1, "x")).await());
        assertThat(r).containsExactly(null, "x");
    }

    @Test
    void futuresOfDifferentLoopsAreRejected() {
        try (EventLoop l1 = new EventLoop(new VirtualClock()); EventLoop l2 = new EventLoop(new VirtualClock())) {
            Future<Integer> a = l1.createFuture();
            Future<Integer> b = l2.createFuture();
            assertThatThrownBy(() -> Weft.gather(a, b)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("futures belong to different loops");
        }
    }

    @Test
    void settledGatherReturnsTheFuturesWhateverTheirOutcome() {
        // test_return_exceptions / test_result_exception_one_cancellation
        Boom boom = new Boom("b");
        runVirtual(() -> {
            Task<String> ok = after(1, "ok");
            Task<String> failed = Weft.spawn(() -> { sleep(2); throw boom; });
            Task<String> cancelled = after(3, "never");
            Task<String> slow = after(4, "slow");
            Weft.loop().callLater(secs(1.5), cancelled::cancel);
            List<Task<String>> all = Weft.gatherSettled(List.of(ok, failed, cancelled, slow)).await();
            assertThat(now()).isEqualTo(4.0);
            assertThat(all).containsExactly(ok, failed, cancelled, slow);
            assertThat(all).allMatch(Future::isDone);
            assertThat(ok.result()).isEqualTo("ok");
            assertThat(failed.exception()).isSameAs(boom);
            assertThat(cancelled.isCancelled()).isTrue();
            assertThat(slow.result()).isEqualTo("slow");
        });
    }

    @Test
    void cancellingASettledGatherCancelsTheChildrenAndEndsCancelled() {
        runVirtual(() -> {
            Task<String> a = after(5, "a");
            Task<String> b = after(5, "b");
            Future<List<Task<String>>> g = Weft.gatherSettled(List.of(a, b));
            sleep(1);
            assertThat(g.cancel("stop")).isTrue();
            assertThatThrownBy(g::await).isInstanceOf(CancelledError.class).hasMessage("stop");
            assertThat(a.isCancelled()).isTrue();
            assertThat(b.isCancelled()).isTrue();
        });
    }

    @Test
    void cancellingATaskLoopingOverGatherPropagatesTheMessage() {
        // test_cancel_gather_2
        Throwable t = catchThrowable(() -> runVirtual(() -> {
            Task<Void> qwe = Weft.spawn(() -> {
                for (int i = 0; i < 100; i++) {
                    Weft.gatherSettled(List.of(Weft.spawn(() -> { sleep(0.05); }))).await();
                }
            });
            sleep(0.2);
            qwe.cancel("my message");
            qwe.await();
        }));
        assertThat(t).isInstanceOf(CancelledError.class).hasMessage("my message");
    }

    @Test
    void theGatherCallbackRunsOnce() {
        runVirtual(() -> {
            Future<List<String>> g = Weft.gather(after(1, "a"), after(2, "b"));
            int[] calls = {0};
            g.addDoneCallback(f -> calls[0]++);
            g.await();
            Weft.yieldNow();
            assertThat(calls[0]).isEqualTo(1);
        });
    }

    @Test
    void gatherFromTheGatheringTaskItself() {
        // A task can gather many children spawned in a loop.
        List<Integer> r = runVirtual(() -> {
            List<Task<Integer>> ts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                ts.add(Weft.spawn(() -> { sleep(100 - n); return n; }));
            }
            return Weft.gather(ts).await();
        });
        assertThat(r).hasSize(100).startsWith(0, 1, 2).endsWith(99);
    }
}
