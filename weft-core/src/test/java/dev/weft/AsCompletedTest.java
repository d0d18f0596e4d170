package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The behaviour of CPython's as_completed tests (test_tasks.py test_as_completed*) on {@link Weft#asCompleted}. */
class AsCompletedTest {

    private static Task<String> after(double s, String value) {
        return Weft.spawn(() -> {
            sleep(s);
            return value;
        });
    }

    @Test
    void yieldsTheFuturesInCompletionOrder() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> a = after(0.15, "a");
            Task<String> b = after(0.05, "b");
            Task<String> c = after(0.10, "c");
            List<Future<String>> seen = new ArrayList<>();
            for (Future<String> f : Weft.asCompleted(List.of(a, b, c))) {
                assertThat(f.isDone()).isTrue();
                seen.add(f);
                log.add(f.await() + "@" + now());
            }
            assertThat(seen).containsExactly(b, c, a); // the futures given, not copies
        });
        assertThat(log).containsExactly("b@0.05", "c@0.1", "a@0.15");
    }

    @Test
    void aTimeoutRaisesAfterTheFuturesDoneInTime() {
        // test_as_completed_with_timeout
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> a = after(0.1, "a");
            Task<String> b = after(0.15, "b");
            Iterator<Future<String>> it = Weft.asCompleted(List.of(a, b), secs(0.12)).iterator();
            assertThat(it.hasNext()).isTrue();
            log.add(it.next().await());
            assertThat(it.hasNext()).isTrue();
            TimedOutException e = catchThrowableOfType(TimedOutException.class, it::next);
            assertThat(e).hasMessageContaining("1 pending");
            assertThat(now()).isEqualTo(0.12);
            assertThat(b.isCancelled()).isFalse(); // as_completed cancels nothing
            assertThat(b.await()).isEqualTo("b");
            assertThat(Weft.currentTask().cancelling()).isZero();
        });
        assertThat(log).containsExactly("a");
    }

    @Test
    void afterTheDeadlineOnlyWhatEndedInTimeIsYielded() {
        runVirtual(() -> {
            Task<String> a = after(0.1, "a");
            Task<String> b = after(0.15, "b");
            Task<String> c = after(0.11, "c");
            Iterator<Future<String>> it = Weft.asCompleted(List.of(a, b, c), secs(0.12)).iterator();
            assertThat(it.next().await()).isEqualTo("a");
            sleep(0.5); // busy past the deadline and past b's end
            assertThat(b.isDone()).isTrue();
            assertThat(it.next()).isSameAs(c); // done before the deadline: still yielded
            assertThatThrownBy(it::next).isInstanceOf(TimedOutException.class); // b ended too late
            assertThat(it.hasNext()).isTrue();
            assertThatThrownBy(it::next).isInstanceOf(TimedOutException.class);
        });
    }

    @Test
    void anUnusedTimeoutLeavesNoTimer() {
        // test_as_completed_with_unused_timeout
        runVirtual(() -> {
            Task<String> a = after(0.01, "a");
            for (Future<String> f : Weft.asCompleted(List.of(a), secs(0.5))) {
                assertThat(f.await()).isEqualTo("a");
            }
            assertThat(Weft.loop().toString()).contains("timers=0");
            assertThat(now()).isEqualTo(0.01);
        });
    }

    @Test
    void duplicatesAreYieldedOnce() {
        // test_as_completed_duplicate_coroutines
        runVirtual(() -> {
            Task<String> ham = after(0.01, "ham");
            List<String> result = new ArrayList<>();
            for (Future<String> f : Weft.asCompleted(List.of(ham, ham, after(0.02, "spam")))) {
                result.add(f.await());
            }
            assertThat(result).containsExactly("ham", "spam");
        });
    }

    @Test
    void theIteratorCanBeResumed() {
        // test_as_completed_resume_iterator
        runVirtual(() -> {
            List<Task<String>> ts = List.of(after(1, "0"), after(2, "1"), after(3, "2"), after(4, "3"));
            Iterable<Future<String>> iterable = Weft.asCompleted(ts);
            List<String> collected = new ArrayList<>();
            for (Future<String> f : iterable) {
                collected.add(f.await());
                if (collected.size() == 2) {
                    break;
                }
            }
            assertThat(collected).hasSize(2);
            for (Future<String> f : iterable) {
                collected.add(f.await());
            }
            assertThat(collected).containsExactly("0", "1", "2", "3");
        });
    }

    @Test
    void failedFuturesAreYieldedAndRethrowWhenAwaited() {
        Boom boom = new Boom("x");
        runVirtual(() -> {
            Task<String> bad = Weft.spawn(() -> { sleep(1); throw boom; });
            Task<String> good = after(2, "good");
            Iterator<Future<String>> it = Weft.asCompleted(List.of(good, bad)).iterator();
            Future<String> first = it.next();
            assertThat(first).isSameAs(bad);
            assertThatThrownBy(first::await).isSameAs(boom);
            assertThat(it.next().await()).isEqualTo("good");
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class)
                    .hasMessageContaining("every future was returned");
        });
    }

    @Test
    void anEmptyCollectionYieldsNothing() {
        runVirtual(() -> {
            assertThat(Weft.asCompleted(List.<Future<String>>of()).iterator().hasNext()).isFalse();
            assertThat(Weft.asCompleted(List.<Future<String>>of(), secs(1)).iterator().hasNext()).isFalse();
        });
    }

    @Test
    void alreadyDoneFuturesComeFirst() {
        runVirtual(() -> {
            Future<String> done = Weft.loop().createFuture();
            done.setResult("done");
            Task<String> later = after(1, "later");
            List<String> order = new ArrayList<>();
            for (Future<String> f : Weft.asCompleted(List.of(later, done))) {
                order.add(f.await());
            }
            assertThat(order).containsExactly("done", "later");
        });
    }

    @Test
    void cancellingTheIteratingTaskIsNotSwallowed() {
        runVirtual(() -> {
            Task<String> slow = after(10, "slow");
            Task<Integer> consumer = Weft.spawn(() -> {
                int n = 0;
                for (Future<String> f : Weft.asCompleted(List.of(slow), secs(100))) {
                    f.await();
                    n++;
                }
                return n;
            });
            sleep(1);
            consumer.cancel();
            assertThatThrownBy(consumer::await).isInstanceOf(CancelledError.class);
            assertThat(slow.isCancelled()).isFalse();
            slow.cancel();
        });
    }

    @Test
    void outsideALoopItIsAClearError() {
        assertThatThrownBy(() -> Weft.asCompleted(List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no running event loop");
    }
}
