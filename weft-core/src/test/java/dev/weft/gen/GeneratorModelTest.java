package dev.weft.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Model-based test: random sequences of operations on a small generator, checked step by step against a
 * hand-written model of the state machine (the rules of PEP 255/342 plus Weft's hasNext buffering).
 */
class GeneratorModelTest {

    enum Op { NEXT, SEND, THROW_HANDLED, THROW_UNCHECKED, THROW_CHECKED, CLOSE, HAS_NEXT }

    /** Thrown in and caught by the body. */
    static final class Handled extends RuntimeException {
        Handled(String message) {
            super(message);
        }
    }

    /** Thrown in, not caught by the body. */
    static final class Unhandled extends RuntimeException {
        Unhandled(String message) {
            super(message);
        }
    }

    /**
     * The system under test: yields 0 .. limit-1, logs what each yield receives, catches {@link Handled}
     * (and moves on to the next value), returns "ret", and logs "finally" however it ends.
     */
    private static Generator<Integer, String, String> subject(int limit, List<String> log) {
        return Generator.returning(y -> {
            try {
                for (int i = 0; i < limit; i++) {
                    try {
                        String s = y.yield(i);
                        log.add("got " + s);
                    } catch (Handled e) {
                        log.add("caught " + e.getMessage());
                    }
                }
                return "ret";
            } finally {
                log.add("finally");
            }
        });
    }

    /** The reference model: what the subject should do, written as a plain state machine. */
    private static final class Model {
        final int limit;
        final List<String> log = new ArrayList<>();
        Generator.State state = Generator.State.CREATED;
        int at; // the index of the yield the body is suspended at
        boolean buffered; // hasNext() fetched a value not yet returned
        String result;

        Model(int limit) {
            this.limit = limit;
        }

        /** The body reaches yield `index`, or returns when there is none. */
        String reach(int index) {
            if (index < limit) {
                at = index;
                state = Generator.State.SUSPENDED;
                return "value " + index;
            }
            log.add("finally");
            state = Generator.State.CLOSED;
            result = "ret";
            return "stop ret";
        }

        String next() {
            return switch (state) {
                case CREATED -> reach(0);
                case SUSPENDED -> {
                    if (buffered) {
                        buffered = false;
                        yield "value " + at;
                    }
                    log.add("got null");
                    yield reach(at + 1);
                }
                default -> "stop null";
            };
        }

        String send(String s) {
            return switch (state) {
                case CREATED -> "IllegalArgumentException: can't send non-null value to a just-started generator";
                case SUSPENDED -> {
                    if (buffered) {
                        yield "IllegalStateException: a value fetched by hasNext() is waiting; call next() before send()";
                    }
                    log.add("got " + s);
                    yield reach(at + 1);
                }
                default -> "stop null";
            };
        }

        String throwInto(Op op, String message) {
            String escapes = op == Op.THROW_CHECKED ? "wrapped the error" : "the error";
            switch (state) {
                case CREATED, CLOSED -> {
                    state = Generator.State.CLOSED;
                    return escapes;
                }
                default -> {
                    if (buffered) {
                        return "IllegalStateException: a value fetched by hasNext() is waiting; call next() before throwInto()";
                    }
                    if (op == Op.THROW_HANDLED) {
                        log.add("caught " + message);
                        return reach(at + 1);
                    }
                    log.add("finally");
                    state = Generator.State.CLOSED;
                    return escapes;
                }
            }
        }

        String close() {
            if (state == Generator.State.SUSPENDED) {
                buffered = false;
                log.add("finally");
            }
            state = Generator.State.CLOSED;
            return "ok";
        }

        String hasNext() {
            if (buffered) {
                return "true";
            }
            String r = switch (state) {
                case CREATED -> reach(0);
                case SUSPENDED -> {
                    log.add("got null");
                    yield reach(at + 1);
                }
                default -> "stop null";
            };
            if (r.startsWith("value")) {
                buffered = true;
                return "true";
            }
            return "false";
        }
    }

    @Property(tries = 2000)
    void generatorBehavesLikeTheModel(
            @ForAll @IntRange(min = 0, max = 4) int limit, @ForAll @Size(max = 14) List<Op> ops) {
        List<String> log = new ArrayList<>();
        Generator<Integer, String, String> g = subject(limit, log);
        Model model = new Model(limit);
        for (int step = 0; step < ops.size(); step++) {
            Op op = ops.get(step);
            String expected = switch (op) {
                case NEXT -> model.next();
                case SEND -> model.send("s" + step);
                case THROW_HANDLED, THROW_UNCHECKED, THROW_CHECKED -> model.throwInto(op, "e" + step);
                case CLOSE -> model.close();
                case HAS_NEXT -> model.hasNext();
            };
            String actual = apply(g, op, step);
            String where = "step " + step + " (" + op + ") of " + ops + ", limit " + limit;
            assertThat(actual).as("outcome at " + where).isEqualTo(expected);
            assertThat(g.state()).as("state after " + where).isEqualTo(model.state);
            assertThat(log).as("body's log after " + where).isEqualTo(model.log);
            assertThat(g.result()).as("result after " + where).isEqualTo(model.result);
        }
    }

    /** Performs {@code op} on {@code g} and describes what happened, in the model's words. */
    private static String apply(Generator<Integer, String, String> g, Op op, int step) {
        Throwable error = switch (op) {
            case THROW_HANDLED -> new Handled("e" + step);
            case THROW_UNCHECKED -> new Unhandled("e" + step);
            case THROW_CHECKED -> new IOException("e" + step);
            default -> null;
        };
        try {
            return switch (op) {
                case NEXT -> "value " + g.next();
                case SEND -> "value " + g.send("s" + step);
                case THROW_HANDLED, THROW_UNCHECKED, THROW_CHECKED -> "value " + g.throwInto(error);
                case CLOSE -> {
                    g.close();
                    yield "ok";
                }
                case HAS_NEXT -> String.valueOf(g.hasNext());
            };
        } catch (StopIteration e) {
            return "stop " + e.value();
        } catch (Throwable t) {
            if (t == error) {
                return "the error";
            }
            if (t instanceof CompletionException && t.getCause() == error) {
                return "wrapped the error";
            }
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
    }
}
