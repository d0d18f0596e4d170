package dev.weft.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** States (Python's {@code inspect.getgeneratorstate}), {@code suspendedStack} and {@code toString}. */
class GeneratorIntrospectionTest {

    @Test
    void statesThroughALifetime() {
        AtomicReference<Generator<Integer, Object, Void>> self = new AtomicReference<>();
        List<Generator.State> inside = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            inside.add(self.get().state());
            y.yield(1);
            inside.add(self.get().state());
        });
        self.set(g);
        assertThat(g.state()).isEqualTo(Generator.State.CREATED);
        g.next();
        assertThat(g.state()).isEqualTo(Generator.State.SUSPENDED);
        assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(inside).containsExactly(Generator.State.RUNNING, Generator.State.RUNNING);
    }

    @Test
    void aDelegatorAndItsSubAreBothRunningWhileTheSubRuns() {
        AtomicReference<Generator<Integer, Object, Void>> outer = new AtomicReference<>();
        AtomicReference<Generator<Integer, Object, Void>> inner = new AtomicReference<>();
        List<String> seen = new ArrayList<>();
        inner.set(Generator.of(y -> {
            seen.add(outer.get().state() + "/" + inner.get().state());
            y.yield(1);
        }));
        outer.set(Generator.of(y -> y.yieldFrom(inner.get())));
        outer.get().next();
        assertThat(seen).containsExactly("RUNNING/RUNNING");
        assertThat(outer.get().state()).isEqualTo(Generator.State.SUSPENDED);
        assertThat(inner.get().state()).isEqualTo(Generator.State.SUSPENDED);
    }

    @Test
    void stateAfterAFailureIsClosed() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            throw new IllegalStateException("x");
        });
        assertThatThrownBy(g::next).hasMessage("x");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void toStringShowsTheState() {
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yield(1));
        assertThat(g.toString()).isEqualTo("Generator[CREATED]");
        g.next();
        assertThat(g.toString()).isEqualTo("Generator[SUSPENDED]");
        g.close();
        assertThat(g.toString()).isEqualTo("Generator[CLOSED]");
    }

    @Test
    void suspendedStackShowsTheBodysFrames() {
        Generator<Integer, Object, Void> g = Generator.of(y -> waitHere(y));
        g.next();
        List<StackTraceElement> stack = Arrays.asList(g.suspendedStack());
        assertThat(stack).isNotEmpty();
        assertThat(stack).anySatisfy(e -> {
            assertThat(e.getClassName()).isEqualTo(GeneratorIntrospectionTest.class.getName());
            assertThat(e.getMethodName()).isEqualTo("waitHere");
        });
        assertThat(stack).anySatisfy(e -> {
            assertThat(e.getClassName()).isEqualTo(GeneratorIntrospectionTest.class.getName());
            assertThat(e.getMethodName()).startsWith("lambda$suspendedStackShowsTheBodysFrames");
        });
        // innermost first: waitHere comes before the lambda that called it
        int waitHere = indexOf(stack, "waitHere");
        int lambda = indexOf(stack, "lambda$suspendedStackShowsTheBodysFrames");
        assertThat(waitHere).isLessThan(lambda);
        // the caller's frames (this test method) are not part of the generator's stack
        assertThat(stack).noneSatisfy(e -> assertThat(e.getMethodName()).isEqualTo("suspendedStackShowsTheBodysFrames"));
    }

    private static void waitHere(Yielder<Integer, Object> y) {
        y.yield(1);
    }

    private static int indexOf(List<StackTraceElement> stack, String methodPrefix) {
        for (int i = 0; i < stack.size(); i++) {
            if (stack.get(i).getMethodName().startsWith(methodPrefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void suspendedStackFollowsTheBodyAsItMoves() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            firstStop(y);
            secondStop(y);
        });
        g.next();
        assertThat(indexOf(Arrays.asList(g.suspendedStack()), "firstStop")).isNotNegative();
        assertThat(indexOf(Arrays.asList(g.suspendedStack()), "secondStop")).isNegative();
        g.next();
        assertThat(indexOf(Arrays.asList(g.suspendedStack()), "firstStop")).isNegative();
        assertThat(indexOf(Arrays.asList(g.suspendedStack()), "secondStop")).isNotNegative();
    }

    private static void firstStop(Yielder<Integer, Object> y) {
        y.yield(1);
    }

    private static void secondStop(Yielder<Integer, Object> y) {
        y.yield(2);
    }

    @Test
    void suspendedStackOfADelegatorShowsItsYieldFrom() {
        Generator<Integer, Object, Void> sub = Generator.of(y -> waitHere(y));
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yieldFrom(sub));
        g.next();
        assertThat(indexOf(Arrays.asList(g.suspendedStack()), "yieldFrom")).isNotNegative();
        assertThat(indexOf(Arrays.asList(sub.suspendedStack()), "waitHere")).isNotNegative();
    }

    @Test
    void suspendedStackIsEmptyUnlessSuspended() {
        AtomicReference<Generator<Integer, Object, Void>> self = new AtomicReference<>();
        List<Integer> insideLength = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            insideLength.add(self.get().suspendedStack().length);
            y.yield(1);
        });
        self.set(g);
        assertThat(g.suspendedStack()).isEmpty(); // CREATED
        g.next();
        assertThat(g.suspendedStack()).isNotEmpty(); // SUSPENDED
        assertThat(insideLength).containsExactly(0); // RUNNING
        g.close();
        assertThat(g.suspendedStack()).isEmpty(); // CLOSED
    }
}
