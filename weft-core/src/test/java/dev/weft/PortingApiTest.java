package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The overloads a porter reaches for (issue 16): combinators that take bodies as asyncio's take
 * coroutines (CPython test_tasks.py CoroutineGatherTests, test_as_completed_coroutine_use_running_loop),
 * void bodies for TaskGroup and Timeout, outcomes of gather(return_exceptions=True)
 * (test_return_exceptions), and clear errors for null input.
 */
class PortingApiTest {

    @Test
    void gatherOfBodiesSpawnsThemInArgumentOrderAndKeepsThatOrderInTheResult() {
        // CoroutineGatherTests: gather(coro(), coro()) wraps each in a task, in argument order.
        List<String> started = new ArrayList<>();
        List<String> r = runVirtual(() -> Weft.gather(
                () -> { started.add("slow"); sleep(2); return "slow"; },
                () -> { started.add("fast"); sleep(1); return "fast"; }).await());
        assertThat(started).containsExactly("slow", "fast");
        assertThat(r).containsExactly("slow", "fast");
    }

    @Test
    void gatherOfBodiesStartsThemAtTheNextIterationAsSpawnDoes() {
        runVirtual(() -> {
            List<String> log = new ArrayList<>();
            Future<List<Integer>> g = Weft.gather(() -> { log.add("a"); return 1; }, () -> { log.add("b"); return 2; });
            log.add("caller");
            assertThat(g.await()).containsExactly(1, 2);
            assertThat(log).containsExactly("caller", "a", "b");
        });
    }

    @Test
    void gatherOfBodiesFailsWithTheFirstFailureAsGatherOfTasks() {
        runVirtual(() -> {
            assertThatThrownBy(() -> Weft.gather(() -> { sleep(1); return 1; }, () -> { throw new Boom("b"); }).await())
                    .isInstanceOf(Boom.class).hasMessage("b");
        });
    }

    @Test
    void waitOfBodiesReturnsTheirTasks() {
        runVirtual(() -> {
            WaitResult<String> r = Weft.wait(WaitMode.FIRST_COMPLETED, null,
                    () -> { sleep(2); return "slow"; }, () -> { sleep(1); return "fast"; });
            assertThat(now()).isEqualTo(1.0);
            assertThat(r.done()).singleElement().extracting(Future::result).isEqualTo("fast");
            assertThat(r.pending()).singleElement().isInstanceOf(Task.class);
            r.pending().iterator().next().cancel();
        });
    }

    @Test
    void asCompletedOfBodiesYieldsTheirTasksInCompletionOrder() {
        // test_as_completed_coroutine_use_running_loop, with two bodies and a timeout that is not reached
        runVirtual(() -> {
            List<String> got = new ArrayList<>();
            for (Future<String> f : Weft.asCompleted(secs(10), () -> { sleep(2); return "b"; }, () -> { sleep(1); return "a"; })) {
                got.add(f.await() + "@" + now());
            }
            assertThat(got).containsExactly("a@1.0", "b@2.0");
        });
    }

    @Test
    void spawnAllKeepsTheCollectionsOrder() {
        runVirtual(() -> {
            List<Callable<Integer>> bodies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                bodies.add(() -> { sleep(5 - n); return n; });
            }
            List<Task<Integer>> tasks = Weft.spawnAll(bodies);
            assertThat(Weft.gather(tasks).await()).containsExactly(0, 1, 2, 3, 4);
        });
    }

    private static final List<Integer> worked = new ArrayList<>();

    private static void work(int n) {
        sleep(n);
        worked.add(n);
    }

    @Test
    void taskGroupSpawnsAVoidBody() {
        worked.clear();
        runVirtual(() -> {
            TaskGroup.run(tg -> {
                tg.spawn(() -> work(2));
                Task<Void> t = tg.spawn(() -> work(1), "one");
                assertThat(t.name()).isEqualTo("one");
                return null;
            });
            assertThat(now()).isEqualTo(2.0);
        });
        assertThat(worked).containsExactly(1, 2);
    }

    @Test
    void timeoutRunsAVoidBody() {
        worked.clear();
        runVirtual(() -> {
            Timeout.after(secs(5)).run(() -> work(1));
            Weft.timeout(secs(5), () -> work(2));
            assertThatThrownBy(() -> Weft.timeout(secs(1), () -> work(3))).isInstanceOf(TimedOutException.class);
        });
        assertThat(worked).containsExactly(1, 2);
    }

    @Test
    void gatherOutcomesReadsEveryEndingWithoutTryCatch() {
        // test_return_exceptions, with a cancelled child, which asyncio lists as a CancelledError instance
        runVirtual(() -> {
            Future<Integer> a = Weft.loop().createFuture();
            Future<Integer> b = Weft.loop().createFuture();
            Future<Integer> c = Weft.loop().createFuture();
            Future<Integer> d = Weft.loop().createFuture();
            Future<List<Outcome<Integer>>> fut = Weft.gatherOutcomes(a, b, c, d);
            ArithmeticException exc = new ArithmeticException("zero");
            b.setResult(1);
            c.setException(exc);
            a.setResult(3);
            yields(2);
            assertThat(fut.isDone()).isFalse();
            d.cancel("no more");
            List<Outcome<Integer>> r = fut.await();
            assertThat(r).containsExactly(new Outcome.Success<>(3), new Outcome.Success<>(1),
                    new Outcome.Failure<>(exc), new Outcome.Cancelled<>("no more"));
            assertThat(r.get(0).result()).isEqualTo(3);
            assertThat(r.get(3).isCancelled()).isTrue();
            assertThatThrownBy(() -> r.get(2).result()).isSameAs(exc);
            assertThatThrownBy(() -> r.get(3).result()).isInstanceOf(CancelledError.class).hasMessage("no more");
        });
    }

    @Test
    void gatherOutcomesOfNothingIsDoneWithAnEmptyList() {
        runVirtual(() -> {
            Future<List<Outcome<Object>>> f = Weft.gatherOutcomes(List.of());
            assertThat(f.isDone()).isTrue();
            assertThat(f.result()).isEmpty();
        });
    }

    @Test
    void outcomeOfAPendingFutureIsRefused() {
        runVirtual(() -> {
            assertThatIllegalStateException().isThrownBy(() -> Outcome.of(Weft.loop().createFuture()))
                    .withMessage("Result is not set.");
        });
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void nullInputToCombinatorsNamesWhatWasNull() {
        runVirtual(() -> {
            assertThatNullPointerException().isThrownBy(() -> Weft.gather((Future[]) null)).withMessage("futures");
            assertThatNullPointerException().isThrownBy(() -> Weft.gather((Collection) null)).withMessage("futures");
            Task<Integer> t = Weft.spawn(() -> 1);
            assertThatNullPointerException().isThrownBy(() -> Weft.gather(t, null))
                    .withMessage("futures: element 1 is null");
            assertThatNullPointerException().isThrownBy(() -> Weft.gatherOutcomes((Future[]) null)).withMessage("futures");
            assertThatNullPointerException().isThrownBy(() -> Weft.wait(null, WaitMode.ALL_COMPLETED, null))
                    .withMessage("futures");
            assertThatNullPointerException().isThrownBy(() -> Weft.asCompleted(null)).withMessage("futures");
            assertThatNullPointerException().isThrownBy(() -> Weft.spawnAll(java.util.Arrays.asList(() -> 1, null)))
                    .withMessage("bodies: element 1 is null");
            assertThat(Weft.loop().allTasks()).as("nothing was spawned by the refused calls").containsOnly(Weft.currentTask(), t);
            t.await();
        });
    }

    @Test
    void theSnippetOfOutcome() {
        List<String> printed = new ArrayList<>();
        runVirtual(() -> {
            Task<String> a = Weft.spawn(() -> "x");
            Task<String> b = Weft.spawn(() -> { throw new Boom("b"); });
            Task<String> c = Weft.spawn(() -> { sleep(1); return "never"; });
            Weft.yieldNow();
            c.cancel("enough");
            // = the snippet of Outcome (System.out.println records into `printed`)
            List<Outcome<String>> all = Weft.gatherOutcomes(a, b, c).await();
            for (Outcome<String> o : all) {
                switch (o) {
                    case Outcome.Success<String> s -> printed.add("got " + s.value());
                    case Outcome.Failure<String> f -> printed.add("failed: " + f.exception());
                    case Outcome.Cancelled<String> k -> printed.add("cancelled: " + k.message());
                }
            }
        });
        assertThat(printed).containsExactly("got x", "failed: " + new Boom("b"), "cancelled: enough");
    }
}
