package dev.weft.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Exceptions out of the body, PEP 479, re-entrance and misuse of the Yielder. Behaviour ported from
 * CPython's test_generators.py (ExceptionTest.test_stopiteration_error, test_tutorial_stopiteration, the
 * "generator already executing" doctests) and test_yield_from.py.
 */
class GeneratorExceptionsTest {

    @Test
    void uncheckedExceptionFromTheBodyComesOutAsTheSameObject() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            y.yield(1);
            throw boom;
        });
        g.next();
        assertThatThrownBy(g::next).isSameAs(boom);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void uncheckedExceptionKeepsItsOriginalStackWithTheBodysFrames() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            y.yield(1);
            explode();
        });
        g.next();
        Throwable thrown = catchThrowable(g::next);
        assertThat(thrown).isExactlyInstanceOf(UnsupportedOperationException.class).hasMessage("from the body");
        List<StackTraceElement> stack = Arrays.asList(thrown.getStackTrace());
        assertThat(stack).first().satisfies(e -> assertThat(e.getMethodName()).isEqualTo("explode"));
        assertThat(stack).anySatisfy(e -> {
            assertThat(e.getClassName()).isEqualTo(GeneratorExceptionsTest.class.getName());
            assertThat(e.getMethodName()).startsWith("lambda$uncheckedExceptionKeepsItsOriginalStack");
        });
    }

    private static void explode() {
        throw new UnsupportedOperationException("from the body");
    }

    @Test
    void errorFromTheBodyComesOutAsTheSameObject() {
        StackOverflowError err = new StackOverflowError("deep");
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            throw err;
        });
        assertThatThrownBy(g::next).isSameAs(err);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void checkedExceptionFromTheBodyComesOutWrappedInCompletionException() {
        IOException io = new IOException("disk full");
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            y.yield(1);
            throw io;
        });
        g.next();
        assertThatThrownBy(g::next)
                .isExactlyInstanceOf(CompletionException.class)
                .hasCause(io)
                .hasMessageContaining("disk full");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void exceptionOnTheFirstNextRunsFinallyAndCloses() {
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                trace.add("start");
                throw new IllegalStateException("spanish inquisition occurred");
            } finally {
                trace.add("finally");
            }
        });
        assertThatThrownBy(g::next).hasMessage("spanish inquisition occurred");
        assertThat(trace).containsExactly("start", "finally");
        assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
    }

    @Test
    void failedGeneratorHasNoResult() {
        Generator<Integer, Object, String> g = Generator.returning(y -> {
            throw new IllegalStateException("no");
        });
        assertThatThrownBy(g::next).hasMessage("no");
        assertThat(g.result()).isNull();
    }

    @Test
    void stopIterationRaisedByTheBodyBecomesIllegalStateException() {
        // PEP 479; test_stopiteration_error
        StopIteration stop = new StopIteration(null);
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            throw stop;
        });
        assertThatThrownBy(g::next)
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator raised StopIteration")
                .hasCause(stop);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void stopIterationAfterAYieldBecomesIllegalStateException() {
        // test_tutorial_stopiteration
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            y.yield(1);
            if (g(1)) {
                throw new StopIteration(null);
            }
            y.yield(2);
        });
        assertThat(g.next()).isEqualTo(1);
        assertThatThrownBy(g::next)
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator raised StopIteration");
    }

    private static boolean g(int x) {
        return x > 0;
    }

    @Test
    void callingNextOnAnExhaustedInnerGeneratorInsideTheBodyIsCaughtByPep479() {
        Generator<Integer, Object, Void> inner = Generator.of(y -> {});
        Generator<Integer, Object, Void> outer = Generator.of(y -> {
            y.yield(inner.next()); // StopIteration escapes the body
        });
        Throwable thrown = catchThrowable(outer::next);
        assertThat(thrown)
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator raised StopIteration")
                .cause().isInstanceOf(StopIteration.class);
    }

    @Test
    void stopIterationCaughtInsideTheBodyIsFine() {
        Generator<Integer, Object, Void> inner = Generator.of(y -> {});
        Generator<Integer, Object, String> outer = Generator.returning(y -> {
            try {
                inner.next();
            } catch (StopIteration e) {
                return "inner was empty";
            }
            return "no";
        });
        assertThat(catchThrowable(outer::next)).isInstanceOf(StopIteration.class);
        assertThat(outer.result()).isEqualTo("inner was empty");
    }

    @Test
    void generatorCallingNextOnItselfIsAlreadyExecuting() {
        AtomicReference<Generator<Integer, Object, Void>> self = new AtomicReference<>();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                self.get().next();
            } catch (IllegalStateException e) {
                caught.set(e);
            }
            y.yield(1);
        });
        self.set(g);
        assertThat(g.next()).isEqualTo(1);
        assertThat(caught.get())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator already executing");
    }

    @Test
    void uncaughtSelfResumeClosesTheGeneratorWithThatError() {
        AtomicReference<Generator<Integer, Object, Void>> self = new AtomicReference<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            y.yield(self.get().next());
        });
        self.set(g);
        assertThatThrownBy(g::next)
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator already executing");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void everyResumingCallOnARunningGeneratorIsAlreadyExecuting() {
        AtomicReference<Generator<Integer, Integer, Void>> self = new AtomicReference<>();
        List<String> messages = new ArrayList<>();
        Generator<Integer, Integer, Void> g = Generator.of(y -> {
            Generator<Integer, Integer, Void> me = self.get();
            List<Runnable> calls = List.of(
                    me::next,
                    () -> me.send(null),
                    () -> me.send(3),
                    () -> me.throwInto(new IllegalArgumentException()),
                    me::close,
                    me::hasNext);
            for (Runnable call : calls) {
                try {
                    call.run();
                    messages.add("no error");
                } catch (IllegalStateException e) {
                    messages.add(e.getMessage());
                }
            }
            y.yield(1);
        });
        self.set(g);
        assertThat(g.next()).isEqualTo(1);
        assertThat(messages).hasSize(6).containsOnly("generator already executing");
    }

    @Test
    void subGeneratorResumingItsDriverIsAlreadyExecuting() {
        AtomicReference<Generator<Integer, Object, Void>> outerRef = new AtomicReference<>();
        Generator<Integer, Object, Void> inner = Generator.of(y -> {
            y.yield(outerRef.get().next());
        });
        Generator<Integer, Object, Void> outer = Generator.of(y -> {
            y.yield(inner.next());
        });
        outerRef.set(outer);
        assertThatThrownBy(outer::next)
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator already executing");
        assertThat(inner.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(outer.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void yieldThroughALeakedYielderOutsideAnyGeneratorIsRejected() {
        AtomicReference<Yielder<Integer, Object>> leaked = new AtomicReference<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            leaked.set(y);
            y.yield(1);
        });
        g.next(); // SUSPENDED
        assertThatThrownBy(() -> leaked.get().yield(2))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("yield called outside its generator's running body");
        assertThat(g.state()).isEqualTo(Generator.State.SUSPENDED);
        assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
    }

    @Test
    void yieldThroughTheYielderOfAFinishedGeneratorIsRejected() {
        AtomicReference<Yielder<Integer, Object>> leaked = new AtomicReference<>();
        Generator<Integer, Object, Void> g = Generator.of(leaked::set);
        assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
        assertThatThrownBy(() -> leaked.get().yield(2))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("yield called outside its generator's running body");
    }

    @Test
    void yieldThroughASuspendedGeneratorsYielderFromAnotherGeneratorIsRejected() {
        AtomicReference<Yielder<Integer, Object>> leaked = new AtomicReference<>();
        Generator<Integer, Object, Void> a = Generator.of(y -> {
            leaked.set(y);
            y.yield(1);
        });
        a.next();
        Generator<Integer, Object, Void> b = Generator.of(y -> leaked.get().yield(99));
        assertThatThrownBy(b::next)
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("yield called outside its generator's running body");
        assertThat(a.state()).isEqualTo(Generator.State.SUSPENDED);
        assertThat(b.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void yieldThroughTheRunningOuterGeneratorsYielderFromAnInnerBodyIsRejected() {
        // a's body drives b; b's body tries to yield a's value: a is RUNNING but b is the one mounted
        List<Throwable> caught = new ArrayList<>();
        Generator<Integer, Object, Void> a = Generator.of(ya -> {
            Generator<Integer, Object, Void> b = Generator.of(yb -> {
                try {
                    ya.yield(99);
                } catch (IllegalStateException e) {
                    caught.add(e);
                }
                yb.yield(2);
            });
            ya.yield(b.next());
        });
        assertThat(a.next()).isEqualTo(2);
        assertThat(caught).hasSize(1);
        assertThat(caught.get(0))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("yield called outside its generator's running body");
    }

    @Test
    void yieldFromAnotherThreadWhileTheGeneratorRunsIsRejected() throws Exception {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    y.yield(99);
                } catch (Throwable e) {
                    caught.set(e);
                }
            });
            t.join();
            y.yield(1);
        });
        assertThat(g.next()).isEqualTo(1);
        assertThat(caught.get())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("yield called outside its generator's running body");
    }
}
