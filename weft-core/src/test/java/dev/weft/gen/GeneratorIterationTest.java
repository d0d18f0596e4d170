package dev.weft.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Java side: Iterable, Iterator with hasNext, Stream, and {@link Yielder#yieldAll}. */
class GeneratorIterationTest {

    private static Generator<Integer, Object, String> oneTwoThree() {
        return Generator.returning(y -> {
            y.yield(1);
            y.yield(2);
            y.yield(3);
            return "end";
        });
    }

    @Test
    void forEachLoopDrainsTheGenerator() {
        List<Integer> seen = new ArrayList<>();
        Generator<Integer, Object, String> g = oneTwoThree();
        for (int v : g) {
            seen.add(v);
        }
        assertThat(seen).containsExactly(1, 2, 3);
        assertThat(g.result()).isEqualTo("end");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void iteratorIsTheGeneratorItselfSoItIteratesOnce() {
        Generator<Integer, Object, String> g = oneTwoThree();
        assertThat(g.iterator()).isSameAs(g);
        List<Integer> first = new ArrayList<>();
        g.forEach(first::add);
        List<Integer> second = new ArrayList<>();
        g.forEach(second::add);
        assertThat(first).containsExactly(1, 2, 3);
        assertThat(second).isEmpty();
    }

    @Test
    void breakingOutOfALoopLeavesTheGeneratorSuspendedWhereItWas() {
        Generator<Integer, Object, String> g = oneTwoThree();
        for (int v : g) {
            if (v == 2) {
                break;
            }
        }
        assertThat(g.state()).isEqualTo(Generator.State.SUSPENDED);
        assertThat(g.next()).isEqualTo(3);
    }

    @Test
    void hasNextRunsTheBodyToTheNextYieldAndKeepsTheValue() {
        AtomicInteger produced = new AtomicInteger();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            while (true) {
                y.yield(produced.incrementAndGet());
            }
        });
        assertThat(produced).hasValue(0);
        assertThat(g.hasNext()).isTrue();
        assertThat(produced).hasValue(1);
        assertThat(g.hasNext()).isTrue(); // idempotent: no second step
        assertThat(g.hasNext()).isTrue();
        assertThat(produced).hasValue(1);
        assertThat(g.next()).isEqualTo(1);
        assertThat(produced).hasValue(1);
        assertThat(g.next()).isEqualTo(2);
        assertThat(produced).hasValue(2);
    }

    @Test
    void hasNextOnACreatedGeneratorStartsIt() {
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            trace.add("started");
            y.yield(1);
        });
        assertThat(g.hasNext()).isTrue();
        assertThat(trace).containsExactly("started");
        assertThat(g.state()).isEqualTo(Generator.State.SUSPENDED);
    }

    @Test
    void hasNextAtTheEndReturnsFalseAndKeepsTheResult() {
        Generator<Integer, Object, String> g = Generator.returning(y -> {
            y.yield(1);
            return "end";
        });
        assertThat(g.hasNext()).isTrue();
        assertThat(g.next()).isEqualTo(1);
        assertThat(g.hasNext()).isFalse();
        assertThat(g.hasNext()).isFalse();
        assertThat(g.result()).isEqualTo("end");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
        // hasNext() consumed the end, so next() reports it without the value: result() keeps it
        assertThat(catchThrowableOfType(StopIteration.class, g::next).<String>value()).isNull();
    }

    @Test
    void hasNextOnAnEmptyGeneratorIsFalse() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {});
        assertThat(g.hasNext()).isFalse();
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void hasNextPropagatesTheBodysException() {
        IllegalStateException boom = new IllegalStateException("boom");
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            throw boom;
        });
        assertThatThrownBy(g::hasNext).isSameAs(boom);
        assertThat(g.hasNext()).isFalse();
    }

    @Test
    void sendNullAfterHasNextReturnsTheWaitingValue() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            y.yield(1);
            y.yield(2);
        });
        assertThat(g.hasNext()).isTrue();
        assertThat(g.send(null)).isEqualTo(1);
        assertThat(g.send(null)).isEqualTo(2);
    }

    @Test
    void sendNonNullWhileAValueIsWaitingIsRejected() {
        List<Object> received = new ArrayList<>();
        Generator<Integer, String, Void> g = Generator.of(y -> {
            received.add(y.yield(1));
            received.add(y.yield(2));
        });
        g.next();
        assertThat(g.hasNext()).isTrue(); // resumed the body with null: received [null], now waiting with 2
        assertThatThrownBy(() -> g.send("x"))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("a value fetched by hasNext() is waiting; call next() before send()");
        assertThat(g.next()).isEqualTo(2); // the waiting value is still there
        assertThat(received).containsExactly((Object) null);
    }

    @Test
    void sendNonNullWhileTheFirstValueIsWaitingIsRejected() {
        Generator<Integer, String, Void> g = Generator.of(y -> y.yield(1));
        assertThat(g.hasNext()).isTrue();
        assertThatThrownBy(() -> g.send("x"))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("a value fetched by hasNext() is waiting; call next() before send()");
    }

    @Test
    void throwIntoWhileAValueIsWaitingIsRejected() {
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
            } catch (RuntimeException e) {
                trace.add("caught");
            }
        });
        assertThat(g.hasNext()).isTrue();
        assertThatThrownBy(() -> g.throwInto(new IllegalArgumentException()))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("a value fetched by hasNext() is waiting; call next() before throwInto()");
        assertThat(trace).isEmpty();
        assertThat(g.next()).isEqualTo(1);
        assertThatThrownBy(() -> g.throwInto(new IllegalArgumentException())).isInstanceOf(StopIteration.class);
        assertThat(trace).containsExactly("caught");
    }

    @Test
    void forEachRemainingDrainsWhatIsLeft() {
        Generator<Integer, Object, String> g = oneTwoThree();
        g.next();
        List<Integer> rest = new ArrayList<>();
        g.forEachRemaining(rest::add);
        assertThat(rest).containsExactly(2, 3);
    }

    @Test
    void streamIsLazyOnAnInfiniteGenerator() {
        AtomicInteger produced = new AtomicInteger();
        Generator<Integer, Object, Void> naturals = Generator.of(y -> {
            int i = 0;
            while (true) {
                produced.incrementAndGet();
                y.yield(i++);
            }
        });
        List<Integer> firstFive = naturals.stream().limit(5).toList();
        assertThat(firstFive).containsExactly(0, 1, 2, 3, 4);
        assertThat(produced).hasValue(5);
        assertThat(naturals.state()).isEqualTo(Generator.State.SUSPENDED);
    }

    @Test
    void streamSupportsTheUsualPipeline() {
        Generator<Integer, Object, Void> naturals = Generator.of(y -> {
            int i = 0;
            while (true) {
                y.yield(i++);
            }
        });
        String evens = naturals.stream()
                .filter(i -> i % 2 == 0)
                .map(i -> "#" + i)
                .limit(4)
                .collect(Collectors.joining(","));
        assertThat(evens).isEqualTo("#0,#2,#4,#6");
    }

    @Test
    void streamOfAFiniteGeneratorEndsWithIt() {
        Generator<Integer, Object, String> g = oneTwoThree();
        assertThat(g.stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
        assertThat(g.result()).isEqualTo("end");
    }

    @Test
    void streamStartsWhereTheGeneratorIs() {
        Generator<Integer, Object, String> g = oneTwoThree();
        g.next();
        assertThat(g.stream().toList()).containsExactly(2, 3);
    }

    @Test
    void closingTheStreamClosesTheGenerator() {
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                int i = 0;
                while (true) {
                    y.yield(i++);
                }
            } finally {
                trace.add("finally");
            }
        });
        try (Stream<Integer> s = g.stream()) {
            assertThat(s.limit(3).toList()).containsExactly(0, 1, 2);
        }
        assertThat(trace).containsExactly("finally");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void yieldAllYieldsEveryElementInOrder() {
        Generator<String, Object, Void> g = Generator.of(y -> {
            y.yield("start");
            y.yieldAll(List.of("a", "b", "c"));
            y.yield("end");
        });
        assertThat(g.stream().toList()).containsExactly("start", "a", "b", "c", "end");
    }

    @Test
    void yieldAllOfAnEmptyIterableYieldsNothing() {
        Generator<String, Object, Void> g = Generator.of(y -> y.yieldAll(List.of()));
        assertThat(g.hasNext()).isFalse();
    }

    @Test
    void yieldAllIsLazyOverItsIterable() {
        AtomicInteger pulled = new AtomicInteger();
        Iterable<Integer> counting = () -> new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < 100;
            }

            @Override
            public Integer next() {
                pulled.incrementAndGet();
                return i++;
            }
        };
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yieldAll(counting));
        g.next();
        g.next();
        assertThat(pulled).hasValue(2);
    }

    @Test
    void yieldAllRejectsASentValue() {
        Generator<String, String, Void> g = Generator.of(y -> y.yieldAll(List.of("a", "b")));
        g.next();
        assertThatThrownBy(() -> g.send("x"))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("yieldAll delegates to a plain Iterable, which cannot receive sent values");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void throwIntoDuringYieldAllRaisesInTheDelegatingBody() {
        List<String> trace = new ArrayList<>();
        Generator<String, Object, Void> g = Generator.of(y -> {
            try {
                y.yieldAll(List.of("a", "b"));
            } catch (IllegalArgumentException e) {
                trace.add("caught " + e.getMessage());
                y.yield("recovered");
            }
        });
        g.next();
        assertThat(g.throwInto(new IllegalArgumentException("x"))).isEqualTo("recovered");
        assertThat(trace).containsExactly("caught x");
    }

    @Test
    void closeDuringYieldAllRunsTheBodysFinally() {
        List<String> trace = new ArrayList<>();
        Generator<String, Object, Void> g = Generator.of(y -> {
            try {
                y.yieldAll(List.of("a", "b"));
            } finally {
                trace.add("finally");
            }
        });
        g.next();
        g.close();
        assertThat(trace).containsExactly("finally");
    }

    @Test
    void yieldAllAcceptsAnotherGeneratorAsAPlainIterable() {
        Generator<Integer, Object, String> inner = oneTwoThree();
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yieldAll(inner));
        assertThat(g.stream().toList()).containsExactly(1, 2, 3);
        assertThat(inner.result()).isEqualTo("end");
    }
}
