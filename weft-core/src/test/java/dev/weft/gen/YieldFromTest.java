package dev.weft.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Yielder#yieldFrom}: PEP 380 delegation. Behaviour ported from CPython's test_yield_from.py; the
 * test names say which of its tests each one follows.
 */
class YieldFromTest {

    static final class LunchError extends RuntimeException {
        LunchError(String message) {
            super(message);
        }
    }

    private final List<String> trace = new ArrayList<>();

    /** Drains {@code g}, tracing every value. */
    private void drain(Generator<?, ?, ?> g) {
        for (Object x : g) {
            trace.add("Yielded " + x);
        }
    }

    @Test
    void delegationOfInitialNextToSubgenerator() {
        Generator<Integer, Object, Void> g1 = Generator.of(y -> {
            trace.add("Starting g1");
            y.yieldFrom(Generator.<Integer, Object>of(y2 -> {
                trace.add("Starting g2");
                y2.yield(42);
                trace.add("Finishing g2");
            }));
            trace.add("Finishing g1");
        });
        drain(g1);
        assertThat(trace).containsExactly("Starting g1", "Starting g2", "Yielded 42", "Finishing g2", "Finishing g1");
    }

    @Test
    void raisingExceptionInInitialNextCall() {
        Generator<Integer, Object, Void> g2 = Generator.of(y -> {
            try {
                trace.add("Starting g2");
                throw new IllegalStateException("spanish inquisition occurred");
            } finally {
                trace.add("Finishing g2");
            }
        });
        Generator<Integer, Object, Void> g1 = Generator.of(y -> {
            try {
                trace.add("Starting g1");
                y.yieldFrom(g2);
            } finally {
                trace.add("Finishing g1");
            }
        });
        assertThatThrownBy(() -> drain(g1))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("spanish inquisition occurred");
        assertThat(trace).containsExactly("Starting g1", "Starting g2", "Finishing g2", "Finishing g1");
    }

    @Test
    void delegationOfNextCallToSubgenerator() {
        Generator<String, Object, Void> g1 = Generator.of(y -> {
            trace.add("Starting g1");
            y.yield("g1 ham");
            y.yieldFrom(Generator.<String, Object>of(y2 -> {
                trace.add("Starting g2");
                y2.yield("g2 spam");
                y2.yield("g2 more spam");
                trace.add("Finishing g2");
            }));
            y.yield("g1 eggs");
            trace.add("Finishing g1");
        });
        drain(g1);
        assertThat(trace).containsExactly(
                "Starting g1", "Yielded g1 ham", "Starting g2", "Yielded g2 spam", "Yielded g2 more spam",
                "Finishing g2", "Yielded g1 eggs", "Finishing g1");
    }

    @Test
    void raisingExceptionInDelegatedNextCall() {
        Generator<String, Object, Void> g1 = Generator.of(y -> {
            try {
                trace.add("Starting g1");
                y.yield("g1 ham");
                y.yieldFrom(Generator.<String, Object>of(y2 -> {
                    try {
                        trace.add("Starting g2");
                        y2.yield("g2 spam");
                        throw new IllegalStateException("hovercraft is full of eels");
                    } finally {
                        trace.add("Finishing g2");
                    }
                }));
                y.yield("g1 eggs");
            } finally {
                trace.add("Finishing g1");
            }
        });
        assertThatThrownBy(() -> drain(g1)).hasMessage("hovercraft is full of eels");
        assertThat(trace).containsExactly(
                "Starting g1", "Yielded g1 ham", "Starting g2", "Yielded g2 spam", "Finishing g2", "Finishing g1");
    }

    @Test
    void delegationOfSend() {
        Generator<String, String, Void> g1 = Generator.of(y -> {
            trace.add("Starting g1");
            String x = y.yield("g1 ham");
            trace.add("g1 received " + x);
            y.yieldFrom(Generator.<String, String>of(y2 -> {
                trace.add("Starting g2");
                String x2 = y2.yield("g2 spam");
                trace.add("g2 received " + x2);
                x2 = y2.yield("g2 more spam");
                trace.add("g2 received " + x2);
                trace.add("Finishing g2");
            }));
            x = y.yield("g1 eggs");
            trace.add("g1 received " + x);
            trace.add("Finishing g1");
        });
        String reply = g1.next();
        int i = 1;
        try {
            while (true) {
                trace.add("Yielded " + reply);
                reply = g1.send(Integer.toString(i++));
            }
        } catch (StopIteration e) {
            // done
        }
        assertThat(trace).containsExactly(
                "Starting g1", "Yielded g1 ham", "g1 received 1", "Starting g2", "Yielded g2 spam",
                "g2 received 2", "Yielded g2 more spam", "g2 received 3", "Finishing g2", "Yielded g1 eggs",
                "g1 received 4", "Finishing g1");
    }

    @Test
    void handlingExceptionWhileDelegatingSend() {
        Generator<String, String, Void> g1 = Generator.of(y -> {
            trace.add("Starting g1");
            String x = y.yield("g1 ham");
            trace.add("g1 received " + x);
            y.yieldFrom(Generator.<String, String>of(y2 -> {
                trace.add("Starting g2");
                String x2 = y2.yield("g2 spam");
                trace.add("g2 received " + x2);
                throw new IllegalStateException("hovercraft is full of eels");
            }));
            trace.add("unreachable");
        });
        assertThatThrownBy(() -> {
            String reply = g1.next();
            int i = 1;
            while (true) {
                trace.add("Yielded " + reply);
                reply = g1.send(Integer.toString(i++));
            }
        }).hasMessage("hovercraft is full of eels");
        assertThat(trace).containsExactly(
                "Starting g1", "Yielded g1 ham", "g1 received 1", "Starting g2", "Yielded g2 spam", "g2 received 2");
    }

    @Test
    void sendNullIsForwardedAsNext() {
        // test_conversion_of_sendNone_to_next
        List<Object> received = new ArrayList<>();
        Generator<Integer, String, Void> sub = Generator.of(y -> {
            received.add(y.yield(1));
            received.add(y.yield(2));
        });
        Generator<Integer, String, Void> g = Generator.of(y -> y.yieldFrom(sub));
        assertThat(g.send(null)).isEqualTo(1);
        assertThat(g.send(null)).isEqualTo(2);
        assertThatThrownBy(() -> g.send("last")).isInstanceOf(StopIteration.class);
        assertThat(received).containsExactly(null, "last");
    }

    @Test
    void delegatingClose() {
        Generator<String, Object, Void> g1 = Generator.of(y -> {
            try {
                trace.add("Starting g1");
                y.yield("g1 ham");
                y.yieldFrom(Generator.<String, Object>of(y2 -> {
                    try {
                        trace.add("Starting g2");
                        y2.yield("g2 spam");
                        y2.yield("g2 more spam");
                    } finally {
                        trace.add("Finishing g2");
                    }
                }));
                y.yield("g1 eggs");
            } finally {
                trace.add("Finishing g1");
            }
        });
        for (int i = 0; i < 2; i++) {
            trace.add("Yielded " + g1.next());
        }
        g1.close();
        assertThat(trace).containsExactly(
                "Starting g1", "Yielded g1 ham", "Starting g2", "Yielded g2 spam", "Finishing g2", "Finishing g1");
    }

    @Test
    void closeLeavesTheSubgeneratorClosedToo() {
        Generator<Integer, Object, Void> sub = Generator.of(y -> {
            while (true) {
                y.yield(1);
            }
        });
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yieldFrom(sub));
        g.next();
        assertThat(sub.state()).isEqualTo(Generator.State.SUSPENDED);
        g.close();
        assertThat(sub.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void handlingExceptionWhileDelegatingClose() {
        // test_handing_exception_while_delegating_close
        Generator<String, Object, Void> g1 = Generator.of(y -> {
            try {
                trace.add("Starting g1");
                y.yield("g1 ham");
                y.yieldFrom(Generator.<String, Object>of(y2 -> {
                    try {
                        trace.add("Starting g2");
                        y2.yield("g2 spam");
                        y2.yield("g2 more spam");
                    } finally {
                        trace.add("Finishing g2");
                        raise(new IllegalStateException("nybbles have exploded with delight"));
                    }
                }));
                y.yield("g1 eggs");
            } finally {
                trace.add("Finishing g1");
            }
        });
        for (int i = 0; i < 2; i++) {
            trace.add("Yielded " + g1.next());
        }
        assertThatThrownBy(g1::close)
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("nybbles have exploded with delight");
        assertThat(trace).containsExactly(
                "Starting g1", "Yielded g1 ham", "Starting g2", "Yielded g2 spam", "Finishing g2", "Finishing g1");
        assertThat(g1.state()).isEqualTo(Generator.State.CLOSED);
    }

    private static void raise(RuntimeException e) {
        throw e;
    }

    @Test
    void delegatingThrowUnhandledByBoth() {
        // test_delegating_throw
        Generator<String, Object, Void> g1 = Generator.of(y -> {
            try {
                trace.add("Starting g1");
                y.yield("g1 ham");
                y.yieldFrom(Generator.<String, Object>of(y2 -> {
                    try {
                        trace.add("Starting g2");
                        y2.yield("g2 spam");
                        y2.yield("g2 more spam");
                    } finally {
                        trace.add("Finishing g2");
                    }
                }));
                y.yield("g1 eggs");
            } finally {
                trace.add("Finishing g1");
            }
        });
        for (int i = 0; i < 2; i++) {
            trace.add("Yielded " + g1.next());
        }
        LunchError e = new LunchError("tomato ejected");
        assertThatThrownBy(() -> g1.throwInto(e)).isSameAs(e);
        assertThat(trace).containsExactly(
                "Starting g1", "Yielded g1 ham", "Starting g2", "Yielded g2 spam", "Finishing g2", "Finishing g1");
    }

    @Test
    void delegatedThrowHandledBySubgeneratorReturnsItsNextValue() {
        // test_returning_value_from_delegated_throw
        Generator<String, Object, Void> g1 = Generator.of(y -> {
            try {
                trace.add("Starting g1");
                y.yield("g1 ham");
                y.yieldFrom(Generator.<String, Object>of(y2 -> {
                    try {
                        trace.add("Starting g2");
                        y2.yield("g2 spam");
                        y2.yield("g2 more spam");
                    } catch (LunchError e) {
                        trace.add("Caught LunchError in g2");
                        y2.yield("g2 lunch saved");
                        y2.yield("g2 yet more spam");
                    }
                }));
                y.yield("g1 eggs");
            } finally {
                trace.add("Finishing g1");
            }
        });
        for (int i = 0; i < 2; i++) {
            trace.add("Yielded " + g1.next());
        }
        assertThat(g1.throwInto(new LunchError("tomato ejected"))).isEqualTo("g2 lunch saved");
        drain(g1);
        assertThat(trace).containsExactly(
                "Starting g1", "Yielded g1 ham", "Starting g2", "Yielded g2 spam", "Caught LunchError in g2",
                "Yielded g2 yet more spam", "Yielded g1 eggs", "Finishing g1");
    }

    @Test
    void delegatedThrowUnhandledBySubgeneratorIsCaughtByTheDelegator() {
        Generator<String, Object, Void> sub = Generator.of(y -> {
            try {
                y.yield("sub 1");
                y.yield("sub 2");
            } finally {
                trace.add("sub finally");
            }
        });
        Generator<String, Object, Void> g = Generator.of(y -> {
            try {
                y.yieldFrom(sub);
            } catch (LunchError e) {
                trace.add("delegator caught " + e.getMessage());
                y.yield("delegator recovered");
            }
        });
        assertThat(g.next()).isEqualTo("sub 1");
        assertThat(g.throwInto(new LunchError("x"))).isEqualTo("delegator recovered");
        assertThat(trace).containsExactly("sub finally", "delegator caught x");
        assertThat(sub.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(g.state()).isEqualTo(Generator.State.SUSPENDED);
    }

    @Test
    void catchingExceptionFromSubgenAndReturning() {
        // test_catching_exception_from_subgen_and_returning
        Generator<Integer, Object, Integer> inner = Generator.returning(y -> {
            try {
                y.yield(1);
            } catch (LunchError e) {
                trace.add("inner caught LunchError");
            }
            return 2;
        });
        Generator<Integer, Object, Void> outer = Generator.of(y -> {
            int v = y.yieldFrom(inner);
            trace.add("inner returned " + v + " to outer");
            y.yield(v);
        });
        trace.add(String.valueOf(outer.next()));
        trace.add(String.valueOf(outer.throwInto(new LunchError("x"))));
        assertThat(trace).containsExactly("1", "inner caught LunchError", "inner returned 2 to outer", "2");
    }

    @Test
    void returnValueOfTheSubgeneratorIsTheValueOfYieldFrom() {
        // test_generator_return_value
        Generator<String, Object, Void> g1 = Generator.of(y -> {
            trace.add("Starting g1");
            y.yield("g1 ham");
            Object ret = y.yieldFrom(g2(null));
            trace.add("g2 returned " + ret);
            ret = y.yieldFrom(g2(42));
            trace.add("g2 returned " + ret);
            y.yield("g1 eggs");
            trace.add("Finishing g1");
        });
        drain(g1);
        assertThat(trace).containsExactly(
                "Starting g1", "Yielded g1 ham", "Starting g2", "Yielded g2 spam", "Yielded g2 more spam",
                "Finishing g2", "g2 returned null", "Starting g2", "Yielded g2 spam", "Yielded g2 more spam",
                "Finishing g2", "g2 returned 42", "Yielded g1 eggs", "Finishing g1");
    }

    private Generator<String, Object, Integer> g2(Integer v) {
        return Generator.returning(y -> {
            trace.add("Starting g2");
            y.yield("g2 spam");
            y.yield("g2 more spam");
            trace.add("Finishing g2");
            return v;
        });
    }

    @Test
    void sendAndReturnWithValue() {
        // test_send_and_return_with_value
        Generator<String, String, Integer> g1 = Generator.returning(y -> {
            trace.add("g starting");
            String x = y.yield("x");
            trace.add("g received " + x);
            trace.add("g returning 42");
            return 42;
        });
        Generator<String, String, Void> f = Generator.of(y -> {
            trace.add("starting");
            int r = y.yieldFrom(g1);
            trace.add("f resuming g returned " + r);
            trace.add("f yielding y");
            y.yield("y");
        });
        assertThat(f.next()).isEqualTo("x");
        assertThat(f.send("hello")).isEqualTo("y");
        assertThat(trace).containsExactly(
                "starting", "g starting", "g received hello", "g returning 42", "f resuming g returned 42",
                "f yielding y");
    }

    @Test
    void yieldFromAnEmptyGeneratorReturnsItsValueWithoutYielding() {
        // test_yield_from_empty
        Generator<Integer, Object, String> empty = Generator.returning(y -> "nothing");
        Generator<Integer, Object, String> g = Generator.returning(y -> y.yieldFrom(empty));
        StopIteration stop = catchThrowableOfType(StopIteration.class, g::next);
        assertThat(stop.<String>value()).isEqualTo("nothing");
    }

    @Test
    void yieldFromAnAlreadyFinishedGeneratorReturnsNullAtOnce() {
        Generator<Integer, Object, String> done = Generator.returning(y -> {
            y.yield(1);
            return "was done";
        });
        drain(done);
        assertThat(done.result()).isEqualTo("was done");
        Generator<Integer, Object, String> g = Generator.returning(y -> {
            String r = y.yieldFrom(done);
            trace.add("yieldFrom returned " + r);
            return r;
        });
        StopIteration stop = catchThrowableOfType(StopIteration.class, g::next);
        assertThat(stop.<String>value()).isNull(); // as Python: the first stop carried the value, later ones None
        assertThat(trace).containsExactly("Yielded 1", "yieldFrom returned null");
    }

    @Test
    void yieldFromAClosedUnstartedGeneratorReturnsNullWithoutRunningIt() {
        Generator<Integer, Object, String> sub = Generator.returning(y -> {
            trace.add("sub ran");
            return "x";
        });
        sub.close();
        Generator<Integer, Object, String> g = Generator.returning(y -> y.yieldFrom(sub));
        assertThat(catchThrowableOfType(StopIteration.class, g::next).<String>value()).isNull();
        assertThat(trace).isEmpty();
    }

    @Test
    void yieldFromAPartlyConsumedGeneratorContinuesWhereItWas() {
        Generator<Integer, Object, Void> sub = Generator.of(y -> {
            y.yield(1);
            y.yield(2);
            y.yield(3);
        });
        sub.next();
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yieldFrom(sub));
        assertThat(g.next()).isEqualTo(2);
        assertThat(g.next()).isEqualTo(3);
        assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
    }

    @Test
    void yieldFromAGeneratorWithAValueFetchedByHasNextStartsWithThatValue() {
        Generator<Integer, Object, Void> sub = Generator.of(y -> {
            y.yield(1);
            y.yield(2);
        });
        assertThat(sub.hasNext()).isTrue();
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yieldFrom(sub));
        assertThat(g.next()).isEqualTo(1);
        assertThat(g.next()).isEqualTo(2);
    }

    @Test
    void attemptedYieldFromLoopIsAlreadyExecuting() {
        // test_attempted_yield_from_loop
        AtomicReference<Generator<String, Object, Void>> gi = new AtomicReference<>();
        Generator<String, Object, Void> g2 = Generator.of(y -> {
            trace.add("g2: starting");
            y.yield("y2");
            trace.add("g2: about to yield from g1");
            y.yieldFrom(gi.get());
            trace.add("g2 should not be here");
        });
        Generator<String, Object, Void> g1 = Generator.of(y -> {
            trace.add("g1: starting");
            y.yield("y1");
            trace.add("g1: about to yield from g2");
            y.yieldFrom(g2);
            trace.add("g1 should not be here");
        });
        gi.set(g1);
        assertThatThrownBy(() -> drain(g1))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator already executing");
        assertThat(trace).containsExactly(
                "g1: starting", "Yielded y1", "g1: about to yield from g2", "g2: starting", "Yielded y2",
                "g2: about to yield from g1");
    }

    @Test
    void delegatingGeneratorsClaimToBeRunning() {
        // test_delegating_generators_claim_to_be_running, the basic-iteration and send parts
        AtomicReference<Generator<Integer, Integer, Void>> g1 = new AtomicReference<>();
        List<Generator.State> seen = new ArrayList<>();
        Generator.VoidBody<Integer, Integer> one = y -> {
            y.yield(0);
            y.yieldFrom(Generator.<Integer, Integer>of(y2 -> {
                y2.yield(1);
                seen.add(g1.get().state());
                try {
                    y2.yieldFrom(g1.get());
                } catch (IllegalStateException e) {
                    trace.add(e.getMessage());
                }
                y2.yield(2);
            }));
            y.yield(3);
        };
        g1.set(Generator.of(one));
        List<Integer> values = new ArrayList<>();
        g1.get().forEachRemaining(values::add);
        assertThat(values).containsExactly(0, 1, 2, 3);
        assertThat(seen).containsExactly(Generator.State.RUNNING);
        assertThat(trace).containsExactly("generator already executing");

        g1.set(Generator.of(one));
        values.clear();
        values.add(g1.get().next());
        try {
            while (true) {
                values.add(g1.get().send(42));
            }
        } catch (StopIteration e) {
            // done
        }
        assertThat(values).containsExactly(0, 1, 2, 3);
    }

    @Test
    void throwingGeneratorExitIntoSubgenThatReturns() {
        // test_throwing_GeneratorExit_into_subgen_that_returns
        Generator<Object, Object, Void> gi = Generator.of(y -> {
            trace.add("Enter g");
            y.yieldFrom(Generator.<Object, Object, Void>returning(y2 -> {
                try {
                    trace.add("Enter f");
                    y2.yield(null);
                    trace.add("Exit f");
                } catch (GeneratorExit e) {
                    return null;
                }
                return null;
            }));
            trace.add("Exit g");
        });
        gi.next();
        GeneratorExit exit = new GeneratorExit();
        assertThatThrownBy(() -> gi.throwInto(exit)).isSameAs(exit);
        assertThat(trace).containsExactly("Enter g", "Enter f");
    }

    @Test
    void throwingGeneratorExitIntoSubgenThatYields() {
        // test_throwing_GeneratorExit_into_subgenerator_that_yields
        Generator<Object, Object, Void> gi = Generator.of(y -> {
            trace.add("Enter g");
            y.yieldFrom(Generator.<Object, Object>of(y2 -> {
                try {
                    trace.add("Enter f");
                    y2.yield(null);
                    trace.add("Exit f");
                } catch (GeneratorExit e) {
                    y2.yield(null);
                }
            }));
            trace.add("Exit g");
        });
        gi.next();
        assertThatThrownBy(() -> gi.throwInto(new GeneratorExit()))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator ignored GeneratorExit");
        assertThat(trace).containsExactly("Enter g", "Enter f");
    }

    @Test
    void throwingGeneratorExitIntoSubgenThatRaises() {
        // test_throwing_GeneratorExit_into_subgen_that_raises
        Generator<Object, Object, Void> gi = Generator.of(y -> {
            trace.add("Enter g");
            y.yieldFrom(Generator.<Object, Object>of(y2 -> {
                try {
                    trace.add("Enter f");
                    y2.yield(null);
                    trace.add("Exit f");
                } catch (GeneratorExit e) {
                    throw new IllegalArgumentException("Vorpal bunny encountered", e);
                }
            }));
            trace.add("Exit g");
        });
        gi.next();
        assertThatThrownBy(() -> gi.throwInto(new GeneratorExit()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Vorpal bunny encountered")
                .cause().isInstanceOf(GeneratorExit.class);
        assertThat(trace).containsExactly("Enter g", "Enter f");
    }

    @Test
    @SuppressWarnings("finally") // the point of the test: a return in finally swallows the exit
    void closeWhenTheSubgeneratorReturnsInFinally() {
        // test_close_and_throw_return, "close" and "throw Exception"
        Object returned = new Object();
        Generator.Body<String, Object, Object> inner = y -> {
            try {
                y.yield("first");
                y.yield("second");
            } finally {
                return returned; // swallows what was raised
            }
        };
        Generator<String, Object, Object> g = Generator.returning(y -> y.yieldFrom(Generator.returning(inner)));
        g.next();
        g.close();
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(g.result()).isNull(); // the delegator re-raised GeneratorExit, so it has no value

        Generator<String, Object, Object> g2 = Generator.returning(y -> y.yieldFrom(Generator.returning(inner)));
        g2.next();
        StopIteration stop = catchThrowableOfType(StopIteration.class, () -> g2.throwInto(new LunchError("x")));
        assertThat(stop.<Object>value()).isSameAs(returned);
    }

    @Test
    void closeWhenTheSubgeneratorYieldsInFinally() {
        // test_close_and_throw_yield, "close"
        Generator<String, Object, Void> inner = Generator.of(y -> {
            try {
                y.yield("first");
            } finally {
                y.yield("second");
            }
        });
        Generator<String, Object, Void> outer = Generator.of(y -> y.yieldFrom(inner));
        outer.next();
        assertThatThrownBy(outer::close)
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator ignored GeneratorExit");
        assertThat(outer.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(inner.state()).isEqualTo(Generator.State.SUSPENDED);
    }

    @Test
    void throwStopIterationIntoADelegatorWhoseSubDoesNotHandleIt() {
        // test_close_and_throw_work, "throw StopIteration": PEP 479 fires in the sub
        Generator<String, Object, Void> inner = Generator.of(y -> {
            y.yield("first");
            y.yield("second");
        });
        Generator<String, Object, Void> outer = Generator.of(y -> y.yieldFrom(inner));
        outer.next();
        StopIteration thrown = new StopIteration(null);
        assertThatThrownBy(() -> outer.throwInto(thrown))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator raised StopIteration")
                .hasCause(thrown);
        assertThat(outer.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(inner.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void nestedChainsForwardValuesSendThrowAndClose() {
        int depth = 6;
        List<Object> received = new ArrayList<>();
        Generator<String, String, Void> innermost = Generator.of(y -> {
            try {
                String s = y.yield("ready");
                while (true) {
                    try {
                        s = y.yield("echo " + s);
                        received.add(s);
                    } catch (LunchError e) {
                        s = "caught " + e.getMessage();
                    }
                }
            } finally {
                trace.add("finally level 0");
            }
        });
        Generator<String, String, Void> g = innermost;
        for (int level = 1; level < depth; level++) {
            Generator<String, String, Void> sub = g;
            int l = level;
            g = Generator.of(y -> {
                try {
                    y.yieldFrom(sub);
                } finally {
                    trace.add("finally level " + l);
                }
            });
        }
        Generator<String, String, Void> top = g;
        assertThat(top.next()).isEqualTo("ready");
        assertThat(top.send("a")).isEqualTo("echo a");
        assertThat(top.next()).isEqualTo("echo null");
        assertThat(top.throwInto(new LunchError("deep"))).isEqualTo("echo caught deep");
        assertThat(top.send("b")).isEqualTo("echo b");
        assertThat(received).containsExactly(null, "b");
        top.close();
        assertThat(trace).containsExactly(
                "finally level 0", "finally level 1", "finally level 2", "finally level 3", "finally level 4",
                "finally level 5");
        assertThat(innermost.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void nestedChainsCarryReturnValuesUp() {
        Generator<Integer, Object, Integer> g = sumChain(5);
        List<Integer> values = new ArrayList<>();
        g.forEachRemaining(values::add);
        assertThat(values).containsExactly(5, 4, 3, 2, 1);
        assertThat(g.result()).isEqualTo(15);
    }

    private static Generator<Integer, Object, Integer> sumChain(int n) {
        return Generator.returning(y -> {
            if (n == 0) {
                return 0;
            }
            y.yield(n);
            int rest = y.yieldFrom(sumChain(n - 1));
            return n + rest;
        });
    }

    @Test
    void checkedExceptionFromTheSubgeneratorReachesTheDelegatingBodyUnwrapped() {
        // PEP 380 transparency: the delegating body sees what the inlined code would have thrown
        java.io.IOException io = new java.io.IOException("disk");
        List<Throwable> seen = new ArrayList<>();
        Generator<Integer, Object, Void> sub = Generator.of(y -> {
            y.yield(1);
            throw io;
        });
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yieldFrom(sub);
            } catch (Exception e) {
                seen.add(e);
                y.yield(2);
            }
        });
        assertThat(g.next()).isEqualTo(1);
        assertThat(g.next()).isEqualTo(2);
        assertThat(seen).singleElement().isSameAs(io);
    }

    @Test
    void checkedExceptionThrownIntoADelegatorReachesTheSubgeneratorUnwrapped() {
        java.io.IOException io = new java.io.IOException("disk");
        List<Throwable> seen = new ArrayList<>();
        Generator<Integer, Object, Void> sub = Generator.of(y -> {
            try {
                y.yield(1);
            } catch (Exception e) {
                seen.add(e);
                throw e;
            }
        });
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yieldFrom(sub);
            } catch (Exception e) {
                seen.add(e);
                throw e;
            }
        });
        g.next();
        assertThatThrownBy(() -> g.throwInto(io))
                .isExactlyInstanceOf(java.util.concurrent.CompletionException.class)
                .hasCause(io);
        assertThat(seen).containsExactly(io, io);
    }

    @Test
    void yieldFromNullIsRejected() {
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yieldFrom(null));
        assertThatThrownBy(g::next)
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("sub");
    }

    @Test
    void yieldFromItselfIsAlreadyExecuting() {
        AtomicReference<Generator<Integer, Object, Void>> self = new AtomicReference<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yieldFrom(self.get()));
        self.set(g);
        assertThatThrownBy(g::next)
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("generator already executing");
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
    }

    @Test
    void yieldFromThroughALeakedYielderIsRejectedWithoutStartingTheSub() {
        AtomicReference<Yielder<Integer, Object>> leaked = new AtomicReference<>();
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            leaked.set(y);
            y.yield(1);
        });
        g.next();
        Generator<Integer, Object, Void> sub = Generator.of(y -> {
            trace.add("sub ran");
            y.yield(2);
        });
        assertThatThrownBy(() -> leaked.get().yieldFrom(sub))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("yield called outside its generator's running body");
        assertThat(sub.state()).isEqualTo(Generator.State.CREATED);
        assertThat(trace).isEmpty();
    }

    @Test
    void subgeneratorCanBeDrivenDirectlyWhileTheDelegatorWaitsOnIt() {
        // as in Python: the sub is an ordinary suspended generator; the delegator picks up where it is
        Generator<Integer, Object, Void> sub = Generator.of(y -> {
            y.yield(1);
            y.yield(2);
            y.yield(3);
        });
        Generator<Integer, Object, String> g = Generator.returning(y -> {
            y.yieldFrom(sub);
            return "after";
        });
        assertThat(g.next()).isEqualTo(1);
        assertThat(sub.next()).isEqualTo(2);
        assertThat(g.next()).isEqualTo(3);
        assertThat(catchThrowableOfType(StopIteration.class, g::next).<String>value()).isEqualTo("after");
    }

    @Test
    void hasNextOnADelegatorFetchesFromTheSubgenerator() {
        Generator<Integer, Object, Void> sub = Generator.of(y -> y.yield(1));
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            y.yieldFrom(sub);
            y.yield(2);
        });
        assertThat(g.hasNext()).isTrue();
        assertThat(g.next()).isEqualTo(1);
        assertThat(g.hasNext()).isTrue();
        assertThat(sub.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(g.next()).isEqualTo(2);
        assertThat(g.hasNext()).isFalse();
    }

    @Test
    void delegatorIsRunningAndNotMountedWhileItsSubRuns() {
        // the delegating body is not resumed for values passing through: only the sub's body runs
        AtomicReference<Generator<Integer, Object, Void>> outer = new AtomicReference<>();
        List<Integer> stackLengths = new ArrayList<>();
        Generator<Integer, Object, Void> sub = Generator.of(y -> {
            for (int i = 0; i < 3; i++) {
                stackLengths.add(outer.get().suspendedStack().length);
                y.yield(i);
            }
        });
        outer.set(Generator.of(y -> {
            trace.add("outer resumed");
            y.yieldFrom(sub);
            trace.add("outer resumed");
        }));
        drain(outer.get());
        assertThat(trace).containsExactly("outer resumed", "Yielded 0", "Yielded 1", "Yielded 2", "outer resumed");
        assertThat(stackLengths).containsOnly(0); // RUNNING: no suspended stack to show
    }
}
