package dev.weft.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * {@code throwInto}: Python's {@code generator.throw}. Behaviour ported from CPython's
 * test_generators.py (ExceptionTest, GeneratorThrowTest and the PEP 342 doctests).
 */
class GeneratorThrowTest {

    static final class LunchError extends RuntimeException {
        LunchError(String message) {
            super(message);
        }
    }

    @Test
    void handledExceptionReturnsTheNextYieldedValue() {
        List<String> trace = new ArrayList<>();
        Generator<String, Object, Void> g = Generator.of(y -> {
            try {
                y.yield("first");
            } catch (LunchError e) {
                trace.add("caught " + e.getMessage());
            }
            y.yield("second");
        });
        g.next();
        assertThat(g.throwInto(new LunchError("spam"))).isEqualTo("second");
        assertThat(trace).containsExactly("caught spam");
        assertThat(g.state()).isEqualTo(Generator.State.SUSPENDED);
    }

    @Test
    void theBodySeesTheSameExceptionObject() {
        LunchError thrown = new LunchError("spam");
        List<Throwable> seen = new ArrayList<>();
        Generator<String, Object, Void> g = Generator.of(y -> {
            try {
                y.yield("first");
            } catch (LunchError e) {
                seen.add(e);
                y.yield("second");
            }
        });
        g.next();
        g.throwInto(thrown);
        assertThat(seen).singleElement().isSameAs(thrown);
    }

    @Test
    void unhandledExceptionPropagatesAsTheSameObjectAndClosesTheGenerator() {
        List<String> trace = new ArrayList<>();
        LunchError thrown = new LunchError("tomato");
        Generator<String, Object, Void> g = Generator.of(y -> {
            try {
                y.yield("first");
                y.yield("second");
            } finally {
                trace.add("finally");
            }
        });
        g.next();
        assertThatThrownBy(() -> g.throwInto(thrown)).isSameAs(thrown);
        assertThat(trace).containsExactly("finally");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(catchThrowableOfType(StopIteration.class, g::next).<Object>value()).isNull();
    }

    @Test
    void handledExceptionAfterWhichTheBodyReturnsThrowsStopIterationWithTheValue() {
        Generator<String, Object, String> g = Generator.returning(y -> {
            try {
                y.yield("first");
            } catch (LunchError e) {
                return "recovered from " + e.getMessage();
            }
            return "normal";
        });
        g.next();
        StopIteration stop = catchThrowableOfType(StopIteration.class, () -> g.throwInto(new LunchError("x")));
        assertThat(stop.<String>value()).isEqualTo("recovered from x");
        assertThat(g.result()).isEqualTo("recovered from x");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void bodyCanReplaceTheExceptionWithAnother() {
        Generator<String, Object, Void> g = Generator.of(y -> {
            try {
                y.yield("first");
            } catch (LunchError e) {
                throw new IllegalStateException("translated", e);
            }
        });
        g.next();
        LunchError thrown = new LunchError("x");
        assertThatThrownBy(() -> g.throwInto(thrown))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("translated")
                .hasCause(thrown);
    }

    @Test
    void throwIntoAnUnstartedGeneratorThrowsWithoutRunningTheBodyAndClosesIt() {
        List<String> trace = new ArrayList<>();
        Generator<String, Object, Void> g = Generator.of(y -> {
            try {
                trace.add("ran");
                y.yield("first");
            } catch (LunchError e) {
                trace.add("caught");
            } finally {
                trace.add("finally");
            }
        });
        LunchError thrown = new LunchError("early");
        assertThatThrownBy(() -> g.throwInto(thrown)).isSameAs(thrown);
        assertThat(trace).isEmpty();
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
        assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
        assertThat(trace).isEmpty();
    }

    @Test
    void throwIntoAClosedGeneratorThrowsTheException() {
        Generator<String, Object, Void> g = Generator.of(y -> {});
        assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
        LunchError thrown = new LunchError("late");
        assertThatThrownBy(() -> g.throwInto(thrown)).isSameAs(thrown);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void throwIntoNullIsRejected() {
        Generator<String, Object, Void> g = Generator.of(y -> y.yield("x"));
        g.next();
        assertThatThrownBy(() -> g.throwInto(null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("error");
        assertThat(g.state()).isEqualTo(Generator.State.SUSPENDED);
    }

    @Test
    void checkedExceptionThrownInIsSeenAsItIsByTheBody() {
        IOException io = new IOException("disk");
        List<Throwable> seen = new ArrayList<>();
        Generator<String, Object, Void> g = Generator.of(y -> {
            try {
                y.yield("first");
            } catch (Exception e) { // a checked exception arrives at the yield as it is
                seen.add(e);
            }
            y.yield("second");
        });
        g.next();
        assertThat(g.throwInto(io)).isEqualTo("second");
        assertThat(seen).singleElement().isSameAs(io);
    }

    @Test
    void unhandledCheckedExceptionThrownInComesOutWrappedInCompletionException() {
        IOException io = new IOException("disk");
        Generator<String, Object, Void> g = Generator.of(y -> y.yield("first"));
        g.next();
        assertThatThrownBy(() -> g.throwInto(io))
                .isExactlyInstanceOf(CompletionException.class)
                .hasCause(io);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void checkedExceptionThrownIntoAnUnstartedGeneratorComesOutWrapped() {
        IOException io = new IOException("disk");
        Generator<String, Object, Void> g = Generator.of(y -> y.yield("first"));
        assertThatThrownBy(() -> g.throwInto(io))
                .isExactlyInstanceOf(CompletionException.class)
                .hasCause(io);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void checkedExceptionThrownIntoAClosedGeneratorComesOutWrapped() {
        IOException io = new IOException("disk");
        Generator<String, Object, Void> g = Generator.of(y -> {});
        g.close();
        assertThatThrownBy(() -> g.throwInto(io))
                .isExactlyInstanceOf(CompletionException.class)
                .hasCause(io);
    }

    @Test
    void errorThrownInComesOutAsTheSameObject() {
        AssertionError err = new AssertionError("bad");
        Generator<String, Object, Void> g = Generator.of(y -> y.yield("first"));
        g.next();
        assertThatThrownBy(() -> g.throwInto(err)).isSameAs(err);
    }

    @Test
    void generatorExitThrownInAndCaughtWithAYieldReturnsThatValue() {
        // Only close() checks for an ignored GeneratorExit; throw() just returns the next value, as in Python.
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
            } catch (GeneratorExit e) {
                y.yield(2);
            }
        });
        g.next();
        assertThat(g.throwInto(new GeneratorExit())).isEqualTo(2);
        assertThat(g.state()).isEqualTo(Generator.State.SUSPENDED);
        g.close(); // the exit now propagates from the second yield
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void generatorExitThrownInAndNotCaughtComesOut() {
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yield(1));
        g.next();
        GeneratorExit exit = new GeneratorExit();
        assertThatThrownBy(() -> g.throwInto(exit)).isSameAs(exit);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void stopIterationThrownInAndNotCaughtBecomesIllegalStateException() {
        // PEP 479, as test_close_and_throw_work's "throw StopIteration"
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yield(1));
        g.next();
        StopIteration stop = new StopIteration(null);
        assertThatThrownBy(() -> g.throwInto(stop))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator raised StopIteration")
                .hasCause(stop);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void exceptionCanBeThrownInRepeatedly() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            int caught = 0;
            while (true) {
                try {
                    y.yield(caught);
                } catch (LunchError e) {
                    caught++;
                }
            }
        });
        g.next();
        assertThat(g.throwInto(new LunchError("1"))).isEqualTo(1);
        assertThat(g.throwInto(new LunchError("2"))).isEqualTo(2);
        assertThat(g.next()).isEqualTo(2);
        assertThat(g.throwInto(new LunchError("3"))).isEqualTo(3);
        g.close();
    }

    @Test
    void exceptionFromHandlingCodeIsWhatComesOut() {
        // test_except_throw: re-raising the thrown exception later from the handler
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(0);
            } catch (LunchError e) {
                y.yield(1);
                y.yield(2);
                throw e;
            }
        });
        g.next();
        LunchError thrown = new LunchError("kept");
        assertThat(g.throwInto(thrown)).isEqualTo(1);
        assertThat(g.next()).isEqualTo(2);
        assertThatThrownBy(g::next).isSameAs(thrown);
    }

    @Test
    void sendAfterAHandledThrowReachesTheNextYield() {
        List<Object> received = new ArrayList<>();
        Generator<Integer, String, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
            } catch (LunchError e) {
                received.add(y.yield(2));
            }
        });
        g.next();
        g.throwInto(new LunchError("x"));
        assertThatThrownBy(() -> g.send("hello")).isInstanceOf(StopIteration.class);
        assertThat(received).containsExactly("hello");
    }
}
