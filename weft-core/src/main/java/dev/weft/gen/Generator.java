package dev.weft.gen;

import dev.weft.internal.Coroutine;
import dev.weft.internal.Kernel;
import dev.weft.internal.Scope;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A generator as Python has them (PEP 255, 342, 380): a body that can be suspended at a
 * {@code yield} and resumed later, exchanging values with its caller both ways.
 *
 * <p>The body is a lambda that receives a {@link Yielder}. Nothing runs until the first
 * {@link #next()} (or {@code send(null)}); each {@link Yielder#yield} hands a value out and suspends,
 * and the next {@link #send} resumes it with a value in. When the body returns, its return value is
 * the generator's {@link #result()}, and the call that resumed it throws {@link StopIteration}
 * carrying that value.
 *
 * {@snippet :
 * Generator<String, Integer, Void> consumer = Generator.of(y -> {
 *     String reply = "";
 *     while (true) {
 *         Integer n = y.yield(reply);          // hands reply out, waits for the next send
 *         System.out.println("[CONSUMER] Consuming " + n + "...");
 *         reply = "200 OK";
 *     }
 * });
 * consumer.send(null);                          // start it: runs to the first yield
 * String r = consumer.send(1);                  // "200 OK"
 * consumer.close();                             // raises GeneratorExit at the yield; finally blocks run
 * }
 *
 * <p>It is also an ordinary {@link Iterator} and {@link Iterable} (it iterates over itself, once, as a
 * Python generator does) and can become a lazy {@link Stream}.
 *
 * <h2>States</h2>
 * <pre>
 * CREATED   --next/send(null)-->  RUNNING      // the body runs until its next yield
 * RUNNING   --yield-->            SUSPENDED
 * SUSPENDED --next/send/throwInto/close--> RUNNING
 * RUNNING   --return or throw-->  CLOSED
 * CREATED   --close/throwInto-->  CLOSED       // the body never runs
 * </pre>
 * A generator whose body awaits something (sleeps, awaits a future) while a task drives it stays
 * RUNNING while the task is suspended: that is Python's asynchronous generator, with no second type.
 *
 * <h2>Exceptions</h2>
 * An unchecked exception or error thrown by the body comes out of the call that resumed it as the same
 * object, with its original stack trace; a checked one comes out wrapped in a
 * {@link CompletionException}, as {@code CompletableFuture.join} does. Either way the generator is
 * then CLOSED. A {@link StopIteration} escaping the body (say, from calling {@code next()} on an
 * exhausted inner generator) becomes an {@link IllegalStateException}, as PEP 479 prescribes.
 *
 * <h2>Differences from Python</h2>
 * <ul>
 *   <li>An unreferenced suspended generator is garbage-collected, but its {@code finally} blocks do not
 *       run (Java has no finalizers worth the name); close it, or use try-with-resources.
 *   <li>{@link #hasNext()} has to run the body to the next yield to answer; the value waits for
 *       {@link #next()}. Sending a non-null value or throwing in while such a value waits is an error.
 *   <li>{@code close()} returns nothing (it is {@link AutoCloseable#close()}); {@link #result()} holds
 *       what the body returned, if it returned while closing.
 * </ul>
 *
 * <h2>Pitfalls</h2>
 * A generator belongs to the thread that drives it; it is not thread-safe. The {@code Yielder} is
 * valid only inside its own generator's body: passing it to another generator's body and yielding
 * there is an error.
 *
 * @param <Y> the type of values yielded out
 * @param <S> the type of values sent in
 * @param <R> the type of the body's return value
 */
public final class Generator<Y, S, R> implements Iterator<Y>, Iterable<Y>, AutoCloseable {
    /* Overview:
     * One Coroutine (a continuation of the generator scope) runs the body. Values cross in one slot:
     * send() puts the sent value in `transfer` and resumes; yield() puts the yielded value in
     * `transfer` and suspends. `thrown` carries an exception to raise at the yield point (throwInto,
     * and GeneratorExit for close). The body's end is recorded in `result`/`failure` by the wrapper
     * and reported by the resumer, so nothing but the kernel's suspend crosses the continuation
     * boundary. Invariant: state == RUNNING exactly while the body is mounted or suspended inside an
     * await of the task that drives it (then the whole task, generator included, is unmounted).
     */

    /** The lifecycle states, as Python's {@code inspect.getgeneratorstate}. */
    public enum State {
        /** Made, the body not started. */
        CREATED,
        /** The body runs (or is suspended in an await of the task driving it). */
        RUNNING,
        /** Suspended at a {@code yield}. */
        SUSPENDED,
        /** Finished: returned, threw, or was closed. */
        CLOSED
    }

    /**
     * A generator body that returns a value.
     *
     * @param <Y> yielded values
     * @param <S> sent values
     * @param <R> the return value
     */
    @FunctionalInterface
    public interface Body<Y, S, R> {
        /**
         * Runs the generator's body.
         *
         * @param yielder the way to yield out of this generator
         * @return the generator's return value
         * @throws Exception anything; it comes out of the call that resumed the generator
         */
        R run(Yielder<Y, S> yielder) throws Exception;
    }

    /**
     * A generator body with no return value.
     *
     * @param <Y> yielded values
     * @param <S> sent values
     */
    @FunctionalInterface
    public interface VoidBody<Y, S> {
        /**
         * Runs the generator's body.
         *
         * @param yielder the way to yield out of this generator
         * @throws Exception anything; it comes out of the call that resumed the generator
         */
        void run(Yielder<Y, S> yielder) throws Exception;
    }

    private static final class Holder { // initialised only once Kernel.get() has succeeded
        static final Kernel KERNEL = Kernel.get();
        static final Scope SCOPE = KERNEL.generators();
    }

    private final Coroutine co;
    private final Yielder<Y, S> yielder = new GenYielder();
    private State state = State.CREATED;
    private Object transfer; // the value crossing: sent in, or yielded out
    private Throwable thrown; // to raise at the yield point when resumed
    private R result; // the body's return value, once CLOSED
    private Throwable failure; // what the body threw, until reported
    private boolean buffered; // hasNext() has fetched a value that next() has not returned yet
    private Y bufferedValue;

    private Generator(Body<Y, S, R> body) {
        Kernel.get(); // fails with the clear message, before the holder is touched
        this.co = Holder.KERNEL.create(Holder.SCOPE, this, () -> runBody(body));
    }

    /**
     * A generator whose body returns nothing ({@link #result()} is null).
     *
     * @param body the body, run from the first {@code next()}
     * @param <Y> yielded values
     * @param <S> sent values
     * @return a new generator in state CREATED
     */
    public static <Y, S> Generator<Y, S, Void> of(VoidBody<Y, S> body) {
        return new Generator<>(y -> {
            body.run(y);
            return null;
        });
    }

    /**
     * A generator whose body returns a value: the generator's {@link #result()}, what
     * {@link Yielder#yieldFrom} returns, and the {@link StopIteration#value()} of its end.
     *
     * @param body the body, run from the first {@code next()}
     * @param <Y> yielded values
     * @param <S> sent values
     * @param <R> the return value
     * @return a new generator in state CREATED
     */
    public static <Y, S, R> Generator<Y, S, R> returning(Body<Y, S, R> body) {
        return new Generator<>(body);
    }

    private void runBody(Body<Y, S, R> body) {
        try {
            result = body.run(yielder);
        } catch (StopIteration e) {
            failure = new IllegalStateException("generator raised StopIteration", e);
        } catch (Throwable t) {
            failure = t;
        }
    }

    /**
     * The current state.
     *
     * @return CREATED, RUNNING, SUSPENDED or CLOSED
     */
    public State state() {
        return state;
    }

    /**
     * The body's return value, once the generator is CLOSED by returning; null before, and when the
     * body ended by an exception or was closed.
     *
     * @return the return value
     */
    public R result() {
        return result;
    }

    /**
     * Resumes the body with {@code value} as the result of the {@code yield} it is suspended at, and
     * returns the next value it yields. As Python's {@code generator.send}.
     *
     * @param value the value sent in; must be null to start the generator
     * @return the next value yielded
     * @throws StopIteration if the body returned (carrying its return value), or had finished before
     * @throws IllegalArgumentException if {@code value} is non-null and the generator has not started
     * @throws IllegalStateException if the generator is running (it resumed itself, or it is suspended
     *     in an await), or a value fetched by {@link #hasNext()} is waiting and {@code value} is non-null
     */
    public Y send(S value) {
        switch (state) {
            case RUNNING -> throw alreadyRunning();
            case CLOSED -> throw new StopIteration(null);
            case CREATED -> {
                if (value != null) {
                    throw new IllegalArgumentException("can't send non-null value to a just-started generator");
                }
            }
            case SUSPENDED -> {
                if (buffered) {
                    if (value != null) {
                        throw new IllegalStateException(
                                "a value fetched by hasNext() is waiting; call next() before send()");
                    }
                    return takeBuffered();
                }
            }
        }
        transfer = value;
        return resume();
    }

    /**
     * The next value: {@code send(null)}, or the value {@link #hasNext()} already fetched.
     *
     * @return the next value yielded
     * @throws StopIteration (a {@link java.util.NoSuchElementException}) at the end
     * @throws IllegalStateException if the generator is running
     */
    @Override
    public Y next() {
        return send(null);
    }

    /**
     * Whether there is a next value. Runs the body to its next yield (if not done already) and keeps
     * that value for {@link #next()}.
     *
     * @return false once the generator is CLOSED
     * @throws IllegalStateException if the generator is running
     */
    @Override
    public boolean hasNext() {
        if (buffered) {
            return true;
        }
        if (state == State.CLOSED) {
            return false;
        }
        if (state == State.RUNNING) {
            throw alreadyRunning();
        }
        try {
            transfer = null;
            bufferedValue = resume();
            buffered = true;
            return true;
        } catch (StopIteration e) {
            return false;
        }
    }

    /**
     * Raises {@code error} inside the body at the suspended {@code yield}. If the body handles it and
     * yields again, returns that value; if not, {@code error} (or whatever the body threw instead)
     * comes out of this call and the generator is CLOSED. As Python's {@code generator.throw}.
     *
     * <p>On a generator that has not started, the body never runs: the generator is CLOSED and
     * {@code error} is thrown here. On a CLOSED generator, {@code error} is thrown here.
     *
     * @param error the exception to raise at the yield (a checked one is thrown as it is)
     * @return the next value yielded
     * @throws StopIteration if the body handled {@code error} and returned
     * @throws IllegalStateException if the generator is running, or a value fetched by
     *     {@link #hasNext()} is waiting
     */
    public Y throwInto(Throwable error) {
        java.util.Objects.requireNonNull(error, "error");
        switch (state) {
            case RUNNING -> throw alreadyRunning();
            case CREATED, CLOSED -> {
                state = State.CLOSED;
                throw Generator.<RuntimeException>sneaky(error);
            }
            case SUSPENDED -> {
                if (buffered) {
                    throw new IllegalStateException(
                            "a value fetched by hasNext() is waiting; call next() before throwInto()");
                }
            }
        }
        thrown = error;
        return resume();
    }

    /**
     * Raises {@link GeneratorExit} at the suspended {@code yield} so the body's {@code finally} blocks
     * run, and waits for the body to end. Does nothing on a CREATED (it becomes CLOSED without running)
     * or CLOSED generator. As Python's {@code generator.close}.
     *
     * @throws IllegalStateException "generator ignored GeneratorExit" if the body yields again (the
     *     generator stays SUSPENDED), or if the generator is running
     * @throws RuntimeException whatever else the body throws while closing (wrapped if checked)
     */
    @Override
    public void close() {
        switch (state) {
            case CLOSED -> {
                return;
            }
            case CREATED -> {
                state = State.CLOSED;
                return;
            }
            case RUNNING -> throw alreadyRunning();
            case SUSPENDED -> {
                buffered = false;
                bufferedValue = null;
            }
        }
        thrown = new GeneratorExit();
        try {
            resume();
        } catch (GeneratorExit | StopIteration e) {
            return; // the body let the exit through, or returned: closed
        }
        throw new IllegalStateException("generator ignored GeneratorExit");
    }

    /** This generator itself: a generator iterates once, over itself, as in Python. */
    @Override
    public Iterator<Y> iterator() {
        return this;
    }

    /**
     * A lazy sequential stream of the values still to come; closing the stream closes the generator.
     * Works on infinite generators with {@code limit}.
     *
     * @return a stream over this generator
     */
    public Stream<Y> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /**
     * The frames where the body is suspended, innermost first; empty unless SUSPENDED.
     *
     * @return the suspended body's stack
     */
    public StackTraceElement[] suspendedStack() {
        return state == State.SUSPENDED ? co.stackTrace() : new StackTraceElement[0];
    }

    @Override
    public String toString() {
        return "Generator[" + state + "]";
    }

    // ---- the machinery ----

    @SuppressWarnings("unchecked")
    private Y resume() {
        state = State.RUNNING;
        try {
            co.resume();
        } catch (Throwable t) { // the body's own exceptions are caught in runBody; this is the kernel's
            state = co.isDone() ? State.CLOSED : State.SUSPENDED;
            throw t;
        }
        if (co.isDone()) {
            state = State.CLOSED;
            transfer = null;
            Throwable f = failure;
            if (f != null) {
                failure = null;
                throw rethrowable(f);
            }
            throw new StopIteration(result);
        }
        state = State.SUSPENDED;
        Object y = transfer;
        transfer = null;
        return (Y) y;
    }

    private Y takeBuffered() {
        Y y = bufferedValue;
        buffered = false;
        bufferedValue = null;
        return y;
    }

    private static IllegalStateException alreadyRunning() {
        return new IllegalStateException("generator already executing");
    }

    private static RuntimeException rethrowable(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new CompletionException(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** The yielder bound to this generator. */
    private final class GenYielder implements Yielder<Y, S> {
        @Override
        @SuppressWarnings("unchecked")
        public S yield(Y value) {
            if (state != State.RUNNING || !Holder.KERNEL.isCurrent(Holder.SCOPE, co)) {
                throw new IllegalStateException("yield called outside its generator's running body");
            }
            transfer = value;
            Holder.KERNEL.suspend(Holder.SCOPE);
            Throwable t = thrown;
            if (t != null) {
                thrown = null;
                transfer = null;
                throw Generator.<RuntimeException>sneaky(t);
            }
            S s = (S) transfer;
            transfer = null;
            return s;
        }

        @Override
        public <T> T yieldFrom(Generator<? extends Y, ? super S, T> sub) {
            // PEP 380, "Formal Semantics", in Java.
            Y y;
            try {
                y = sub.next();
            } catch (StopIteration e) {
                return e.value();
            }
            while (true) {
                S s;
                try {
                    s = this.yield(y);
                } catch (GeneratorExit e) {
                    sub.close();
                    throw e;
                } catch (Throwable e) {
                    try {
                        y = sub.throwInto(e);
                    } catch (StopIteration stop) {
                        return stop.value();
                    }
                    continue;
                }
                try {
                    y = s == null ? sub.next() : sub.send(s);
                } catch (StopIteration stop) {
                    return stop.value();
                }
            }
        }

        @Override
        public void yieldAll(Iterable<? extends Y> values) {
            for (Y v : values) {
                if (this.yield(v) != null) {
                    throw new IllegalStateException("yieldAll delegates to a plain Iterable, which cannot receive sent values");
                }
            }
        }
    }
}
