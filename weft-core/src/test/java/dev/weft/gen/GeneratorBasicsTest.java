package dev.weft.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * Starting, sending, returning and exhaustion: PEP 255 and PEP 342's core rules. Behaviour ported from
 * CPython's test_generators.py (GeneratorTest, ExceptionTest.test_return_*, the PEP 255 doctests).
 */
class GeneratorBasicsTest {

    @Test
    void nothingRunsBeforeTheFirstNext() {
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            trace.add("started");
            y.yield(1);
        });
        assertThat(trace).isEmpty();
        assertThat(g.state()).isEqualTo(Generator.State.CREATED);

        assertThat(g.next()).isEqualTo(1);
        assertThat(trace).containsExactly("started");
    }

    @Test
    void sendNullStartsTheGeneratorLikeNext() {
        List<String> trace = new ArrayList<>();
        Generator<String, String, Void> g = Generator.of(y -> {
            trace.add("started");
            y.yield("first");
        });
        assertThat(g.send(null)).isEqualTo("first");
        assertThat(trace).containsExactly("started");
    }

    @Test
    void sendingNonNullToAJustStartedGeneratorIsRejectedAndTheBodyDoesNotRun() {
        List<String> trace = new ArrayList<>();
        Generator<Integer, Integer, Void> g = Generator.of(y -> {
            trace.add("started");
            y.yield(1);
        });
        assertThatThrownBy(() -> g.send(5))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("can't send non-null value to a just-started generator");
        assertThat(trace).isEmpty();
        assertThat(g.state()).isEqualTo(Generator.State.CREATED);
        assertThat(g.next()).isEqualTo(1); // still startable
    }

    @Test
    void yieldsValuesInOrder() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            y.yield(1);
            y.yield(2);
            y.yield(3);
        });
        assertThat(g.next()).isEqualTo(1);
        assertThat(g.next()).isEqualTo(2);
        assertThat(g.next()).isEqualTo(3);
        assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
    }

    @Test
    void sendReturnsTheValueTheBodyYieldsNext() {
        Generator<String, Integer, Void> g = Generator.of(y -> {
            Integer n = y.yield("ready");
            while (true) {
                n = y.yield("got " + n);
            }
        });
        assertThat(g.send(null)).isEqualTo("ready");
        assertThat(g.send(1)).isEqualTo("got 1");
        assertThat(g.send(2)).isEqualTo("got 2");
    }

    @Test
    void yieldReturnsTheValueSentIn() {
        List<Integer> received = new ArrayList<>();
        Generator<String, Integer, Void> g = Generator.of(y -> {
            received.add(y.yield("a"));
            received.add(y.yield("b"));
            received.add(y.yield("c"));
        });
        g.next();
        g.send(10);
        g.next();
        assertThatThrownBy(() -> g.send(30)).isInstanceOf(StopIteration.class);
        assertThat(received).containsExactly(10, null, 30);
    }

    @Test
    void yieldingNullIsAnOrdinaryValue() {
        Generator<String, Object, Void> g = Generator.of(y -> {
            y.yield(null);
            y.yield("after");
        });
        assertThat(g.next()).isNull();
        assertThat(g.next()).isEqualTo("after");
    }

    @Test
    void returnValueTravelsOnStopIteration() {
        Generator<Integer, Object, String> g = Generator.returning(y -> {
            y.yield(1);
            return "done";
        });
        g.next();
        StopIteration stop = catchThrowableOfType(StopIteration.class, g::next);
        assertThat(stop.<String>value()).isEqualTo("done");
        assertThat(stop).hasMessage("generator finished with done");
    }

    @Test
    void returnValueIsKeptInResult() {
        Generator<Integer, Object, String> g = Generator.returning(y -> {
            y.yield(1);
            return "done";
        });
        assertThat(g.result()).isNull();
        g.next();
        assertThat(g.result()).isNull();
        assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
        assertThat(g.result()).isEqualTo("done");
    }

    @Test
    void returnTheValueSentIn() {
        // test_return_tuple: def g(): return (yield 1)
        Generator<Integer, List<Integer>, List<Integer>> g = Generator.returning(y -> y.yield(1));
        assertThat(g.next()).isEqualTo(1);
        StopIteration stop = catchThrowableOfType(StopIteration.class, () -> g.send(List.of(2)));
        assertThat(stop.<List<Integer>>value()).containsExactly(2);
    }

    @Test
    void aStopIterationSentInIsJustAValue() {
        // test_return_stopiteration: the value sent in is returned, not raised
        Generator<Integer, Object, Object> g = Generator.returning(y -> y.yield(1));
        g.next();
        StopIteration sent = new StopIteration(2);
        StopIteration stop = catchThrowableOfType(StopIteration.class, () -> g.send(sent));
        assertThat(stop.<Object>value()).isSameAs(sent);
    }

    @Test
    void voidGeneratorFinishesWithNullValue() {
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yield(1));
        g.next();
        StopIteration stop = catchThrowableOfType(StopIteration.class, g::next);
        assertThat(stop.<Object>value()).isNull();
        assertThat(stop).hasMessage("generator finished");
        assertThat(g.result()).isNull();
    }

    @Test
    void bodyThatNeverYieldsFinishesOnTheFirstNext() {
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Integer> g = Generator.returning(y -> {
            trace.add("ran");
            return 42;
        });
        StopIteration stop = catchThrowableOfType(StopIteration.class, g::next);
        assertThat(stop.<Integer>value()).isEqualTo(42);
        assertThat(trace).containsExactly("ran");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void nextAfterExhaustionThrowsStopIterationWithNullValue() {
        Generator<Integer, Object, String> g = Generator.returning(y -> "done");
        assertThat(catchThrowableOfType(StopIteration.class, g::next).<String>value()).isEqualTo("done");
        // only the call that finishes the generator carries the value, as in Python
        assertThat(catchThrowableOfType(StopIteration.class, g::next).<String>value()).isNull();
        assertThat(catchThrowableOfType(StopIteration.class, g::next).<String>value()).isNull();
        assertThat(g.result()).isEqualTo("done");
    }

    @Test
    void sendAfterExhaustionThrowsStopIterationWithNullValueEvenForNonNull() {
        Generator<Integer, Integer, String> g = Generator.returning(y -> {
            y.yield(1);
            return "done";
        });
        g.next();
        assertThatThrownBy(() -> g.send(7)).isInstanceOf(StopIteration.class);
        StopIteration again = catchThrowableOfType(StopIteration.class, () -> g.send(8));
        assertThat(again.<String>value()).isNull();
    }

    @Test
    void stopIterationIsANoSuchElementExceptionForTheIteratorContract() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {});
        assertThatThrownBy(g::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void bodyCanLoopForeverAndBeDrivenManyTimes() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            int i = 0;
            while (true) {
                y.yield(i++);
            }
        });
        int last = -1;
        for (int i = 0; i < 100_000; i++) {
            last = g.next();
        }
        assertThat(last).isEqualTo(99_999);
        g.close();
    }

    @Test
    void bodyLocalsSurviveAcrossYields() {
        // the PEP 255 fibonacci example
        Generator<Long, Object, Void> fib = Generator.of(y -> {
            long a = 0;
            long b = 1;
            while (true) {
                y.yield(b);
                long t = a + b;
                a = b;
                b = t;
            }
        });
        List<Long> first = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(fib.next());
        }
        assertThat(first).containsExactly(1L, 1L, 2L, 3L, 5L, 8L, 13L, 21L, 34L, 55L);
    }

    @Test
    void yieldFromADeeperCallInTheBodyWorks() {
        // stackful: any method the body calls may yield, however deep
        Generator<Integer, Object, Void> g = Generator.of(y -> countDown(y, 3));
        assertThat(g.next()).isEqualTo(3);
        assertThat(g.next()).isEqualTo(2);
        assertThat(g.next()).isEqualTo(1);
        assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
    }

    private static void countDown(Yielder<Integer, Object> y, int n) {
        if (n == 0) {
            return;
        }
        y.yield(n);
        countDown(y, n - 1);
    }

    @Test
    void independentGeneratorsInterleave() {
        Generator<String, Object, Void> a = Generator.of(y -> {
            y.yield("a1");
            y.yield("a2");
        });
        Generator<String, Object, Void> b = Generator.of(y -> {
            y.yield("b1");
            y.yield("b2");
        });
        assertThat(List.of(a.next(), b.next(), a.next(), b.next())).containsExactly("a1", "b1", "a2", "b2");
    }

    @Test
    void aGeneratorCanDriveAnotherFromItsBody() {
        Generator<Integer, Object, Void> inner = Generator.of(y -> {
            y.yield(1);
            y.yield(2);
        });
        Generator<Integer, Object, Void> outer = Generator.of(y -> {
            for (Integer v : inner) {
                y.yield(v * 10);
            }
        });
        assertThat(outer.next()).isEqualTo(10);
        assertThat(outer.next()).isEqualTo(20);
        assertThatThrownBy(outer::next).isInstanceOf(StopIteration.class);
    }

    @Test
    @org.junit.jupiter.api.Tag("continuation-only") // on the portable backend the body has a thread of its own
    void aGeneratorCanBeDrivenFromAnotherThreadOnceSuspended() throws Exception {
        // not thread-safe, but not thread-bound either: a hand-off with happens-before is fine
        Generator<String, Object, Void> g = Generator.of(y -> {
            y.yield(Thread.currentThread().getName());
            y.yield(Thread.currentThread().getName());
        });
        String first = g.next();
        String[] second = new String[1];
        Thread t = Thread.ofPlatform().name("other-driver").start(() -> second[0] = g.next());
        t.join();
        assertThat(first).isEqualTo(Thread.currentThread().getName());
        assertThat(second[0]).isEqualTo("other-driver");
    }
}
