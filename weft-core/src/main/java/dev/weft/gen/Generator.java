package dev.weft.gen;

import dev.weft.internal.Coroutine;
import dev.weft.internal.Kernel;
import dev.weft.internal.Scope;
import java.lang.ref.Reference;
import java.util.Iterator;
import java.util.Objects;
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
 * RUNNING   --yieldFrom(sub)-->   RUNNING      // the body waits in yieldFrom; sub runs and yields out
 * RUNNING   --return or throw-->  CLOSED
 * CREATED   --close/throwInto-->  CLOSED       // the body never runs
 * </pre>
 * A generator whose body awaits something (sleeps, awaits a future) while a task drives it stays
 * RUNNING while the task is suspended: that is Python's asynchronous generator, with no second type.
 *
 * <h2>Finalisation</h2>
 * A generator counts as asynchronous once a task drives it: its body first starts inside a task (as
 * Python's {@code firstiter} hook sees an async generator's first {@code __anext__}), or its body
 * awaits. When {@code Weft.run} ends, every such generator still suspended at a {@code yield} is
 * closed in a task of its own ({@code GeneratorExit} at the yield), so its {@code finally} blocks run
 * and may await, as asyncio's {@code shutdown_asyncgens}. One that is running (inside an await) ends
 * with its task's cancellation instead. A generator driven only outside any loop is never closed for
 * you: close it, or use try-with-resources.
 *
 * <h2>Exceptions</h2>
 * An unchecked exception or error thrown by the body comes out of the call that resumed it as the same
 * object, with its original stack trace; a checked one comes out wrapped in a
 * {@link CompletionException}, as {@code CompletableFuture.join} does. Either way the generator is
 * then CLOSED. A {@link StopIteration} escaping the body (say, from calling {@code next()} on an
 * exhausted inner generator) becomes an {@link IllegalStateException}, as PEP 479 prescribes.
 * Between a sub-generator and the body delegating to it with {@link Yielder#yieldFrom} nothing is
 * wrapped: the delegating body sees exactly what the sub-generator threw, checked or not.
 *
 * <h2>Delegation</h2>
 * {@link Yielder#yieldFrom} follows PEP 380 but does not nest continuations: the delegating body stays
 * suspended while the caller's {@code send} forwards to the sub-generator directly, so only the
 * innermost body of a chain is ever mounted. A chain of delegation n deep costs one continuation switch
 * and n plain calls per value, and a recursive generator (a tree walk with {@code yieldFrom}) may go
 * thousands of levels deep.
 *
 * <h2>Differences from Python</h2>
 * <ul>
 *   <li>An unreferenced suspended generator is garbage-collected, but its {@code finally} blocks do not
 *       run (Java has no finalizers worth the name); close it, or use try-with-resources.
 *   <li>{@link #hasNext()} has to run the body to the next yield to answer; the value waits for
 *       {@link #next()}. Sending a non-null value or throwing in while such a value waits is an error.
 *   <li>{@code close()} returns nothing (it is {@link AutoCloseable#close()}); {@link #result()} holds
 *       what the body returned, if it returned while closing.
 *   <li>Python's {@code ValueError("generator already executing")} and
 *       {@code RuntimeError("generator ignored GeneratorExit")} are {@link IllegalStateException}s with
 *       those messages; sending a non-null value to a just-started generator is an
 *       {@link IllegalArgumentException}.
 *   <li>For a generator a task drives (an asynchronous one, see "Finalisation"), the messages are
 *       those of Python's asynchronous generators, then the state and a hint:
 *       {@code "anext(): asynchronous generator is already running (...)"} (and {@code athrow()},
 *       {@code aclose()}), {@code "async generator ignored GeneratorExit"}.
 * </ul>
 *
 * <h2>Pitfalls</h2>
 * A generator belongs to the thread that drives it; it is not thread-safe. The {@code Yielder} is
 * valid only inside its own generator's body: passing it to another generator's body and yielding
 * there is an error.
 *
 * <p>On the continuation backend the body runs on the thread of whoever resumes it, so at each resume it
 * sees that code's thread-locals and {@code ScopedValue} bindings, and a {@code yield} (or an await)
 * inside a {@code ScopedValue} binding the body made throws {@link IllegalStateException}: the binding
 * would stay on the resumer's thread. Close the binding before yielding, or pass the value in with
 * {@link #send}. On the portable backend the body has a virtual thread of its own: it sees none of the
 * resumer's thread-locals or bindings, and its own bindings may span yields.
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
     * boundary.
     *
     * Delegation (yieldFrom) is flat. The body stores the sub-generator in `delegate` and suspends;
     * the resumer (resume(), in the caller's frame, outside this continuation) primes the sub, and
     * while `delegate` is set, advance() forwards every send/throw/close to it instead of resuming the
     * body. When the sub ends, the body is resumed once with its return value (or its exception) as
     * the outcome of yieldFrom. So a chain of n delegating generators has one continuation mounted,
     * not n nested ones; a nested design costs about 14 frames per level and overflowed a 1 MB stack
     * at about 500 levels (GeneratorMemoryTest pins 1000+). The forwarding is PEP 380's "formal
     * semantics" expansion, run by the resumer instead of inside the body. CPython's genobject.c does
     * the same for throw() and close() (it looks at the delegate, _PyGen_yf, before touching the
     * frame), though its send() resumes the delegating frame.
     *
     * Exceptions cross between generators raw (the *Raw methods throw checked ones sneakily), and
     * only the public methods wrap a checked exception in CompletionException: a delegating body
     * sees what the sub threw, as the inlined code would.
     *
     * Invariant: state == RUNNING exactly while the body is mounted, forwards to its delegate, or is
     * suspended inside an await of the task that drives it (then the whole task, generator included,
     * is unmounted). Invariant: delegate != null only while SUSPENDED or RUNNING, and then the body is
     * suspended inside yieldFrom.
     */

    /** The lifecycle states, as Python's {@code inspect.getgeneratorstate}. */
    public enum State {
        /** Made, the body not started. */
        CREATED,
        /**
         * The body runs, or forwards to the sub-generator it delegates to, or is suspended in an await
         * of the task driving it.
         */
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


    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    private final Core<Y, S, R> core;


    private Generator(Body<Y, S, R> body) {
        Kernel.get(); // fails with the clear message, before the holder is touched
        this.core = new Core<>(body);
        if (Holder.KERNEL.holdsThreads()) {
            // The portable backend parks a thread per suspended body, and that thread reaches the
            // core, never this facade: once the facade is unreachable, the body is unwound and its
            // thread ends.
            CLEANER.register(this, core::abandon);
        }
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


    /**
     * The current state.
     *
     * @return CREATED, RUNNING, SUSPENDED or CLOSED
     */
    public State state() {
        return core.state;
    }

    /**
     * The body's return value, once the generator is CLOSED by returning; null before, and when the
     * body ended by an exception or was closed.
     *
     * @return the return value
     */
    public R result() {
        return core.result;
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
        try {
            return core.sendRaw(value);
        } catch (Exception e) {
            throw unchecked(e);
        } finally {
            Reference.reachabilityFence(this); // the facade's Cleaner must not run while the body does
        }
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
     * <p>Do not read {@code false} as "the body returned": a body that ends by throwing makes this
     * method throw. When the body returns, {@link #result()} holds its value; the {@code next()} that
     * follows throws a {@link StopIteration} without it, since the end has already been reported.
     *
     * @return false once the generator is CLOSED
     * @throws IllegalStateException if the generator is running
     */
    @Override
    public boolean hasNext() {
        try {
            return core.hasNext();
        } finally {
            Reference.reachabilityFence(this);
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
     * <p>The body receives {@code error} as it is, checked or not (a body catches a checked one with
     * {@code catch (Exception e)}). If it comes back out of this call, a checked one is wrapped in a
     * {@link CompletionException}, as every checked exception out of a generator is.
     *
     * @param error the exception to raise at the yield
     * @return the next value yielded
     * @throws StopIteration if the body handled {@code error} and returned
     * @throws IllegalStateException if the generator is running, or a value fetched by
     *     {@link #hasNext()} is waiting
     */
    public Y throwInto(Throwable error) {
        Objects.requireNonNull(error, "error");
        try {
            return core.throwIntoRaw(error);
        } catch (Exception e) {
            throw unchecked(e);
        } finally {
            Reference.reachabilityFence(this);
        }
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
        try {
            core.closeRaw();
        } catch (Exception e) {
            throw unchecked(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** This generator itself: a generator iterates once, over itself, as in Python. */
    @Override
    public Iterator<Y> iterator() {
        return this;
    }

    /**
     * A lazy sequential stream of the values still to come; closing the stream closes the generator.
     * Works on infinite generators with {@code limit}: the body runs only as far as the stream pulls.
     *
     * @return a stream over this generator
     */
    public Stream<Y> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /**
     * The frames where the body is suspended, innermost first; empty unless SUSPENDED. A body
     * suspended in {@link Yielder#yieldFrom} shows the {@code yieldFrom} call; the sub-generator's own
     * frames are in its own {@code suspendedStack()}.
     *
     * @return the suspended body's stack
     */
    public StackTraceElement[] suspendedStack() {
        return core.state == State.SUSPENDED ? core.co.stackTrace() : new StackTraceElement[0];
    }

    @Override
    public String toString() {
        return "Generator[" + core.state + "]";
    }

    private static IllegalStateException alreadyRunning() {
        return new IllegalStateException("generator already executing");
    }

    /** What a public method throws for {@code e}: itself when unchecked, else a CompletionException. */
    private static RuntimeException unchecked(Exception e) {
        return e instanceof RuntimeException r ? r : new CompletionException(e);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** The yielder bound to this generator. */

    /**
     * Everything but the facade: the state, the coroutine and the body's yielder. The body's
     * coroutine reaches this core and never the {@link Generator} facade (see the constructor).
     */
    static final class Core<Y, S, R> implements dev.weft.internal.GeneratorHandle {
        final Coroutine co;
        private final Yielder<Y, S> yielder = new GenYielder();
        State state = State.CREATED;
        private Object transfer; // the value crossing: sent in, or yielded out
        private Throwable thrown; // to raise at the yield point when resumed
        R result; // the body's return value, once CLOSED
        private Throwable failure; // what the body threw, until reported
        private boolean buffered; // hasNext() has fetched a value that next() has not returned yet
        private Y bufferedValue;
        private Generator<Y, Object, Object> delegate; // the sub-generator of a pending yieldFrom, or null (the facade: it keeps the sub alive)
        private boolean asynchronous; // a task drove it (see GeneratorHooks): Python's async generator messages

        Core(Body<Y, S, R> body) {
            this.co = Holder.KERNEL.create(Holder.SCOPE, this, () -> runBody(body));
        }

        private void runBody(Body<Y, S, R> body) {
            try {
                result = body.run(yielder);
            } catch (StopIteration e) {
                failure = new IllegalStateException("generator raised StopIteration", e);
            } catch (dev.weft.internal.CoroutineKilled k) {
                throw k; // abandoned: unwind
            } catch (Throwable t) {
                failure = t;
            }
        }

        boolean hasNext() {
            if (buffered) {
                return true;
            }
            switch (state) {
                case CLOSED -> {
                    return false;
                }
                case RUNNING -> throw alreadyRunning("anext");
                default -> { }
            }
            try {
                bufferedValue = advance(null, null);
                buffered = true;
                return true;
            } catch (StopIteration e) {
                return false;
            } catch (Exception e) {
                throw unchecked(e);
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
         * <p>The body receives {@code error} as it is, checked or not (a body catches a checked one with
         * {@code catch (Exception e)}). If it comes back out of this call, a checked one is wrapped in a
         * {@link CompletionException}, as every checked exception out of a generator is.
         *
         * @param error the exception to raise at the yield
         * @return the next value yielded
         * @throws StopIteration if the body handled {@code error} and returned
         * @throws IllegalStateException if the generator is running, or a value fetched by
        }

        /** The facade was collected: unwind the suspended body so its thread (portable backend) ends. */
        void abandon() {
            co.kill(false);
        }

        @Override
        public void markAsynchronous() {
            asynchronous = true;
        }

        /**
         * "generator already executing"; for a generator a task drives, Python's asynchronous sentence
         * with the method's asyncio name ({@code op}), then the state and a hint.
         */
        private IllegalStateException alreadyRunning(String op) {
            if (!asynchronous) {
                return Generator.alreadyRunning();
            }
            return new IllegalStateException(op + "(): asynchronous generator is already running (generator "
                    + "already executing: a task drives it and it has not yielded yet; wait for its value, or "
                    + "give each task its own generator)");
        }

        @Override
        public boolean isSuspendedAtYield() {
            return state == State.SUSPENDED;
        }

        @Override
        public void closeGenerator() {
            try {
                closeRaw();
            } catch (Exception e) {
                throw unchecked(e);
            }
        }

        @Override
        public String toString() {
            return "Generator[" + state + "]";
        }

        // ---- the machinery ----
        // The *Raw methods are the public ones without the wrapping of checked exceptions: delegation
        // uses them so that a delegating body sees exactly what its sub-generator threw.

        private Y sendRaw(Object value) {
            switch (state) {
                case SUSPENDED -> {
                    if (buffered) {
                        if (value != null) {
                            throw new IllegalStateException(
                                    "a value fetched by hasNext() is waiting; call next() before send()");
                        }
                        return takeBuffered();
                    }
                }
                case CREATED -> {
                    if (value != null) {
                        throw new IllegalArgumentException("can't send non-null value to a just-started generator");
                    }
                }
                case RUNNING -> throw alreadyRunning("anext");
                case CLOSED -> throw new StopIteration(null);
            }
            return advance(value, null);
        }

        private Y throwIntoRaw(Throwable error) {
            switch (state) {
                case RUNNING -> throw alreadyRunning("athrow");
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
            return advance(null, error);
        }

        private void closeRaw() {
            switch (state) {
                case CLOSED -> {
                    return;
                }
                case CREATED -> {
                    state = State.CLOSED;
                    return;
                }
                case RUNNING -> throw alreadyRunning("aclose");
                case SUSPENDED -> {
                    buffered = false;
                    bufferedValue = null;
                }
            }
            try {
                advance(null, new GeneratorExit());
            } catch (GeneratorExit | StopIteration e) {
                return; // the body let the exit through, or returned: closed
            }
            throw new IllegalStateException(asynchronous ? "async generator ignored GeneratorExit" : "generator ignored GeneratorExit");
        }

        /**
         * Moves a CREATED or SUSPENDED generator on: the body (or the sub-generator it delegates to)
         * receives {@code value}, or {@code error} when that is non-null. Returns the next value yielded;
         * throws StopIteration at the end, and what the body threw, raw.
         */
        private Y advance(Object value, Throwable error) {
            if (state == State.CREATED) {
                dev.weft.internal.GeneratorHooks.firstIter(this); // driven from a task: Weft.run will close it
            }
            state = State.RUNNING;
            Core<Y, Object, Object> d = delegate == null ? null : delegate.core;
            if (d != null) { // the body is suspended in yieldFrom(d): PEP 380, forwarded from here
                if (error instanceof GeneratorExit) {
                    try {
                        d.closeRaw(); // then GeneratorExit is raised in the body, or what close() threw
                    } catch (Throwable t) {
                        error = t;
                    }
                } else {
                    try {
                        Y y = error == null ? d.sendRaw(value) : d.throwIntoRaw(error);
                        state = State.SUSPENDED;
                        return y;
                    } catch (StopIteration stop) { // d returned: its value is what yieldFrom returns
                        value = stop.value();
                        error = null;
                    } catch (Throwable t) { // d failed (or rethrew error): raised at the yieldFrom
                        value = null;
                        error = t;
                    }
                }
                delegate = null;
            }
            transfer = value;
            thrown = error;
            return resume();
        }

        /** Resumes the body (state is RUNNING, {@code transfer}/{@code thrown} set) to its next yield. */
        @SuppressWarnings("unchecked")
        private Y resume() {
            while (true) {
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
                        throw Generator.<RuntimeException>sneaky(f);
                    }
                    throw new StopIteration(result);
                }
                Core<Y, Object, Object> d = delegate == null ? null : delegate.core;
                if (d == null) { // an ordinary yield
                    state = State.SUSPENDED;
                    Object y = transfer;
                    transfer = null;
                    return (Y) y;
                }
                // The body called yieldFrom(d) and suspended: start the delegation here, outside the body's
                // continuation, so that chains of delegation do not nest continuations.
                try {
                    Y y = d.sendRaw(null);
                    state = State.SUSPENDED;
                    return y;
                } catch (StopIteration stop) { // d was empty or finished: yieldFrom returns at once
                    transfer = stop.value();
                } catch (Throwable t) {
                    thrown = t;
                }
                delegate = null;
            }
        }

        private Y takeBuffered() {
            Y y = bufferedValue;
            buffered = false;
            bufferedValue = null;
            return y;
        }

        private final class GenYielder implements Yielder<Y, S> {
            @Override
            @SuppressWarnings("unchecked")
            public S yield(Y value) {
                checkInsideBody();
                Holder.KERNEL.checkSuspend(co);
                transfer = value;
                Holder.KERNEL.suspend(Holder.SCOPE);
                return (S) received();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T yieldFrom(Generator<? extends Y, ? super S, T> sub) {
                Objects.requireNonNull(sub, "sub");
                checkInsideBody();
                Holder.KERNEL.checkSuspend(co);
                delegate = (Generator<Y, Object, Object>) sub; // the resumer drives it; see advance()
                try {
                    Holder.KERNEL.suspend(Holder.SCOPE);
                } catch (Throwable t) { // could not suspend (pinned): no delegation is pending
                    delegate = null;
                    throw t;
                }
                return (T) received(); // sub's return value, or what it threw
            }

            @Override
            public void yieldAll(Iterable<? extends Y> values) {
                for (Y v : values) {
                    if (this.yield(v) != null) {
                        throw new IllegalStateException("yieldAll delegates to a plain Iterable, which cannot receive sent values");
                    }
                }
            }

            private void checkInsideBody() {
                if (state != State.RUNNING || !Holder.KERNEL.isCurrent(Holder.SCOPE, co)) {
                    throw new IllegalStateException("yield called outside its generator's running body");
                }
            }

            /** What the resumer handed in: the value sent, or the exception to raise here. */
            private Object received() {
                Throwable t = thrown;
                if (t != null) {
                    thrown = null;
                    transfer = null;
                    throw Generator.<RuntimeException>sneaky(t);
                }
                Object s = transfer;
                transfer = null;
                return s;
            }
        }
    }
}
