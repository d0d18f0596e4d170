package dev.weft.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * {@code close()}: PEP 342's rules. Behaviour ported from CPython's test_generators.py
 * (GeneratorCloseTest) and the PEP 342 doctests.
 */
class GeneratorCloseTest {

    @Test
    void closeRaisesGeneratorExitAtTheYieldAndFinallyRuns() {
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
                trace.add("after yield");
            } catch (GeneratorExit e) {
                trace.add("GeneratorExit: " + e.getMessage());
                throw e;
            } finally {
                trace.add("finally");
            }
        });
        g.next();
        g.close();
        assertThat(trace).containsExactly("GeneratorExit: generator closed", "finally");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void closeWithNoReturnValueLeavesResultNull() {
        // test_close_no_return_value
        Generator<Integer, Object, String> g = Generator.returning(y -> {
            y.yield(1);
            return "never";
        });
        g.send(null);
        g.close();
        assertThat(g.result()).isNull();
    }

    @Test
    void closeOfABodyThatReturnsOnGeneratorExitKeepsTheValueInResult() {
        // test_close_return_value: Python 3.13's close() returns it; Weft keeps it in result()
        Generator<Integer, Object, Integer> g = Generator.returning(y -> {
            try {
                y.yield(1);
            } catch (GeneratorExit e) {
                return 0;
            }
            return 1;
        });
        g.send(null);
        assertThatCode(g::close).doesNotThrowAnyException();
        assertThat(g.result()).isEqualTo(0);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void closeNotCaughtByTheBodySkipsTheRestOfIt() {
        // test_close_not_catching_exit
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Integer> g = Generator.returning(y -> {
            y.yield(1);
            trace.add("unreachable");
            return 0;
        });
        g.send(null);
        g.close();
        assertThat(trace).isEmpty();
        assertThat(g.result()).isNull();
    }

    @Test
    void closeOfAnUnstartedGeneratorNeverRunsTheBody() {
        // test_close_not_started
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Integer> g = Generator.returning(y -> {
            try {
                trace.add("ran");
                y.yield(1);
            } catch (GeneratorExit e) {
                return 0;
            } finally {
                trace.add("finally");
            }
            return 1;
        });
        g.close();
        assertThat(trace).isEmpty();
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(g.result()).isNull();
        StopIteration stop = catchThrowableOfType(StopIteration.class, g::next);
        assertThat(stop.<Integer>value()).isNull();
        assertThat(trace).isEmpty();
    }

    @Test
    void closeOfAnExhaustedGeneratorIsANoOp() {
        // test_close_exhausted
        Generator<Integer, Object, Integer> g = Generator.returning(y -> {
            try {
                y.yield(1);
            } catch (GeneratorExit e) {
                return 0;
            }
            return 5;
        });
        g.next();
        assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
        g.close();
        assertThat(g.result()).isEqualTo(5);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void closeOfAClosedGeneratorIsANoOp() {
        // test_close_closed
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
            } finally {
                trace.add("finally");
            }
        });
        g.next();
        g.close();
        g.close();
        assertThat(trace).containsExactly("finally");
    }

    @Test
    void closeOfAGeneratorThatFailedIsANoOp() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(g::next).hasMessage("boom");
        assertThatCode(g::close).doesNotThrowAnyException();
    }

    @Test
    void bodyThatYieldsAfterGeneratorExitMakesCloseFail() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
            } catch (GeneratorExit e) {
                y.yield(2);
            }
        });
        g.next();
        assertThatThrownBy(g::close)
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator ignored GeneratorExit");
    }

    @Test
    void generatorThatIgnoredGeneratorExitStaysSuspendedAndCanBeClosedAgain() {
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
            } catch (GeneratorExit e) {
                trace.add("ignored");
            }
            try {
                y.yield(2);
            } finally {
                trace.add("finally");
            }
        });
        g.next();
        assertThatThrownBy(g::close).hasMessage("generator ignored GeneratorExit");
        assertThat(g.state()).isEqualTo(Generator.State.SUSPENDED);
        g.close(); // this time the exit reaches the second yield and propagates
        assertThat(trace).containsExactly("ignored", "finally");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void catchingExceptionDoesNotSwallowGeneratorExit() {
        // GeneratorExit is an Error, so a catch (Exception) in the body lets it through
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            while (true) {
                try {
                    y.yield(1);
                } catch (Exception e) {
                    trace.add("caught " + e);
                }
            }
        });
        g.next();
        g.close();
        assertThat(trace).isEmpty();
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void uncheckedExceptionFromTheBodyWhileClosingComesOutOfClose() {
        // test_close_raises
        IllegalStateException boom = new IllegalStateException("boom");
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
            } catch (GeneratorExit e) {
                // swallowed, then fail
            }
            throw boom;
        });
        g.send(null);
        assertThatThrownBy(g::close).isSameAs(boom);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    @SuppressWarnings("finally") // on purpose: the finally block fails while closing
    void exceptionFromAFinallyBlockWhileClosingComesOutOfClose() {
        IllegalArgumentException boom = new IllegalArgumentException("k");
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
            } finally {
                throw boom;
            }
        });
        g.next();
        assertThatThrownBy(g::close).isSameAs(boom);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    @SuppressWarnings("finally") // on purpose: the finally block fails while closing
    void checkedExceptionFromTheBodyWhileClosingComesOutWrapped() {
        IOException io = new IOException("disk");
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
            } finally {
                throw io;
            }
        });
        g.next();
        assertThatThrownBy(g::close)
                .isExactlyInstanceOf(CompletionException.class)
                .hasCause(io);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void bodyRaisingItsOwnGeneratorExitWhileClosingIsAClose() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
            } catch (GeneratorExit e) {
                throw new GeneratorExit();
            }
        });
        g.next();
        assertThatCode(g::close).doesNotThrowAnyException();
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void closeDiscardsAValueFetchedByHasNext() {
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
                y.yield(2);
            } finally {
                trace.add("finally");
            }
        });
        assertThat(g.hasNext()).isTrue();
        g.close();
        assertThat(trace).containsExactly("finally");
        assertThat(g.hasNext()).isFalse();
        assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
    }

    @Test
    void tryWithResourcesClosesTheGenerator() {
        List<String> trace = new ArrayList<>();
        try (Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                while (true) {
                    y.yield(1);
                }
            } finally {
                trace.add("finally");
            }
        })) {
            g.next();
        }
        assertThat(trace).containsExactly("finally");
    }

    @Test
    void closeRunsNestedFinallyBlocksInnermostFirst() {
        List<String> trace = new ArrayList<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                try {
                    y.yield(1);
                } finally {
                    trace.add("inner");
                }
            } finally {
                trace.add("outer");
            }
        });
        g.next();
        g.close();
        assertThat(trace).containsExactly("inner", "outer");
    }
}
