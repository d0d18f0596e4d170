package dev.weft;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A scope with a deadline that can be moved, as asyncio's {@code asyncio.timeout()}: if the deadline
 * passes while the body runs, the task is cancelled, and once the body has finished cancelling,
 * {@link #run} throws {@link TimedOutException} instead of {@link CancelledError}. The error comes out
 * of this scope only: an enclosing scope, or the task, sees a timeout, not a cancellation.
 *
 * {@snippet :
 * Timeout t = Timeout.after(Duration.ofSeconds(5));
 * String reply = t.run(() -> {
 *     String first = read();                       // may suspend
 *     t.reschedule(Duration.ofSeconds(5));         // more time: moves the deadline
 *     return first + read();
 * });                                              // TimedOutException if a deadline passed
 * }
 *
 * <h2>States</h2>
 * <pre>
 * CREATED  --run-->        ENTERED    // the deadline is armed
 * ENTERED  --deadline-->   EXPIRING   // the task was cancelled
 * EXPIRING --body ends-->  EXPIRED    // TimedOutException thrown (unless the body swallowed it)
 * ENTERED  --body ends-->  EXITED
 * </pre>
 * {@code toString()} shows it, as {@code Timeout[ENTERED when=12.500]}.
 *
 * <h2>Time</h2>
 * A {@link Duration} is relative to now ({@link #after}, {@link #reschedule(Duration)}); a
 * {@link LoopTime} is absolute, on the loop's clock ({@link #at}, {@link #reschedule(LoopTime)},
 * {@link #deadline()}); {@link #never()} and {@link #rescheduleNever()} say "no deadline" explicitly.
 * asyncio has one form for each: float loop seconds, and {@code None}.
 *
 * <h2>Cancellation</h2>
 * Nested timeouts work: each converts only the cancellation it caused, counted with
 * {@link Task#cancelling()}/{@link Task#uncancel()}. If the task is also cancelled from outside, the
 * {@link CancelledError} propagates.
 *
 * <h2>Exceptions</h2>
 * The {@link TimedOutException} says how long the scope had, from {@link #run} to the deadline that
 * passed: {@code timed out after 5 s (Timeout[EXPIRED])}.
 *
 * <h2>Differences from asyncio</h2>
 * A lambda scope ({@link #run}) instead of {@code async with}: Java's try-with-resources cannot turn
 * the body's exception into another one, which a timeout must do. asyncio's {@code TimeoutError} has
 * no message.
 */
public final class Timeout {
    /** The lifecycle of a timeout scope. */
    public enum State {
        /** Made, not yet run. */
        CREATED,
        /** Running its body; the deadline is armed. */
        ENTERED,
        /** The deadline passed and the task was cancelled; the body is finishing. */
        EXPIRING,
        /** Ended after the deadline passed. */
        EXPIRED,
        /** Ended before the deadline. */
        EXITED
    }

    private static final long NEVER = Long.MAX_VALUE;

    private State state = State.CREATED;
    private long deadline; // loop nanoseconds, or NEVER
    private final Duration relative; // when made with after(): resolved against the loop clock at run
    private Task<?> task;
    private EventLoop loop;
    private Handle handle;
    private int cancellingAtEntry;
    private long enteredAt; // loop nanoseconds when run() began

    private Timeout(long deadline, Duration relative) {
        this.deadline = deadline;
        this.relative = relative;
    }

    /**
     * A timeout that expires {@code delay} after its body starts.
     *
     * @param delay the time allowed; zero or negative expires at the loop's next iteration
     * @return a new timeout in state CREATED
     */
    public static Timeout after(Duration delay) {
        return new Timeout(NEVER, Objects.requireNonNull(delay, "delay"));
    }

    /**
     * A timeout that expires at {@code deadline} on the loop's clock. As {@code asyncio.timeout_at}.
     *
     * @param deadline the deadline, say {@code Weft.loop().now().plus(delay)}; a time already past
     *     expires at the loop's next iteration
     * @return a new timeout in state CREATED
     */
    public static Timeout at(LoopTime deadline) {
        return new Timeout(Objects.requireNonNull(deadline, "deadline").nanos(), null);
    }

    /**
     * A timeout that expires at {@code deadlineNanos} on the loop's clock ({@link EventLoop#nanoTime()});
     * {@link Long#MAX_VALUE} means never.
     *
     * @param deadlineNanos the deadline
     * @return a new timeout in state CREATED
     * @deprecated a raw number with a magic value for "never": use {@link #at(LoopTime)} or
     *     {@link #never()}
     */
    @Deprecated
    public static Timeout atNanos(long deadlineNanos) {
        return new Timeout(deadlineNanos, null);
    }

    /**
     * A timeout that never expires unless {@linkplain #reschedule(Duration) rescheduled}. As
     * {@code asyncio.timeout(None)}.
     *
     * @return a new timeout in state CREATED
     */
    public static Timeout never() {
        return new Timeout(NEVER, null);
    }

    /**
     * Runs {@code body} in the running task under this deadline. As asyncio's
     * {@code async with timeout(...)}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param body the work
     * @param <T> its result type
     * @return what the body returned
     * @throws TimedOutException if the deadline passed and the body ended by the resulting cancellation
     * @throws IllegalStateException "Timeout has already been entered" if run twice, or outside a task
     * @throws RuntimeException what the body threw (a checked exception wrapped in
     *     {@link java.util.concurrent.CompletionException})
     */
    public <T> T run(Callable<T> body) {
        if (state != State.CREATED) {
            throw new IllegalStateException("Timeout has already been entered");
        }
        task = Task.current();
        loop = task.loop();
        state = State.ENTERED;
        cancellingAtEntry = task.cancelling();
        enteredAt = loop.nanoTime();
        if (relative != null) {
            deadline = saturatedAdd(loop.nanoTime(), saturatedNanos(relative));
        }
        arm(deadline);
        T result = null;
        Throwable error = null;
        try {
            result = body.call();
        } catch (Throwable e) {
            error = e;
        }
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancellingAtEntry && error instanceof CancelledError c) {
                throw new TimedOutException("timed out after " + describe(Duration.ofNanos(Math.max(0, deadline - enteredAt)))
                        + " (" + this + ")", c);
            }
        } else {
            state = State.EXITED;
        }
        if (error != null) {
            throw Future.rethrow(error);
        }
        return result;
    }

    /**
     * As {@link #run(Callable)}, for a body that returns nothing.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param body the work
     * @throws TimedOutException if the deadline passed and the body ended by the resulting cancellation
     * @throws IllegalStateException "Timeout has already been entered" if run twice, or outside a task
     */
    public void run(Weft.Action body) {
        Objects.requireNonNull(body, "body");
        run(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Moves the deadline to {@code delay} from now (relative, as every {@link Duration} in Weft; for
     * asyncio's absolute {@code reschedule(when)}, see {@link #reschedule(LoopTime)}).
     *
     * @param delay the time allowed from now
     * @throws IllegalStateException "Timeout has not been entered" before {@link #run}, or
     *     "Cannot change state of EXPIRING Timeout" (or another state) once the deadline passed or the
     *     body ended
     */
    public void reschedule(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        checkEntered();
        moveTo(saturatedAdd(loop.nanoTime(), saturatedNanos(delay)));
    }

    /**
     * Moves the deadline to {@code deadline} on the loop's clock. As asyncio's {@code reschedule(when)}.
     *
     * @param deadline the new deadline; a time already past expires at the loop's next iteration
     * @throws IllegalStateException as {@link #reschedule(Duration)}
     */
    public void reschedule(LoopTime deadline) {
        Objects.requireNonNull(deadline, "deadline");
        checkEntered();
        moveTo(deadline.nanos());
    }

    /**
     * Removes the deadline: the scope no longer expires unless rescheduled again. As asyncio's
     * {@code reschedule(None)}.
     *
     * @throws IllegalStateException as {@link #reschedule(Duration)}
     */
    public void rescheduleNever() {
        checkEntered();
        moveTo(NEVER);
    }

    /**
     * Moves the deadline to {@code deadlineNanos} on the loop's clock; {@link Long#MAX_VALUE} means never.
     *
     * @param deadlineNanos the new deadline
     * @throws IllegalStateException as {@link #reschedule(Duration)}
     * @deprecated a raw number with a magic value for "never": use {@link #reschedule(LoopTime)} or
     *     {@link #rescheduleNever()}
     */
    @Deprecated
    public void rescheduleNanos(long deadlineNanos) {
        checkEntered();
        moveTo(deadlineNanos);
    }

    private void moveTo(long deadlineNanos) {
        deadline = deadlineNanos;
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        arm(deadlineNanos);
    }

    /**
     * The deadline on the loop's clock, or empty if there is none. As asyncio's {@code when()}. For a
     * timeout made by {@link #after} that has not run yet, empty: its deadline is fixed when it starts.
     *
     * @return the deadline, or empty
     */
    public Optional<LoopTime> deadline() {
        return deadline == NEVER ? Optional.empty() : Optional.of(new LoopTime(deadline));
    }

    /**
     * The deadline in loop seconds, or null if there is none. As asyncio's {@code when()}.
     *
     * @return the deadline or null
     * @deprecated a boxed number of seconds where Weft's other times are {@link LoopTime}s: use
     *     {@link #deadline()}
     */
    @Deprecated
    public Double when() {
        if (deadline == NEVER) {
            return null;
        }
        return deadline / 1e9;
    }

    /**
     * Whether the deadline passed while the body ran. As asyncio's {@code expired()}.
     *
     * @return true in EXPIRING or EXPIRED
     */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * The state.
     *
     * @return the current state
     */
    public State state() {
        return state;
    }

    @Override
    public String toString() {
        if (state == State.ENTERED) {
            return "Timeout[ENTERED when=" + (deadline == NEVER ? "never" : String.format("%.3f", deadline / 1e9)) + "]";
        }
        return "Timeout[" + state + "]";
    }

    private void checkEntered() {
        if (state != State.ENTERED) {
            if (state == State.CREATED) {
                throw new IllegalStateException("Timeout has not been entered");
            }
            throw new IllegalStateException("Cannot change state of " + state + " Timeout");
        }
    }

    private void arm(long when) {
        if (when == NEVER) {
            return;
        }
        if (when <= loop.nanoTime()) {
            handle = loop.callSoon(this::onTimeout);
        } else {
            handle = loop.callAtNanos(when, this::onTimeout);
        }
    }

    private void onTimeout() {
        handle = null;
        task.cancel();
        state = State.EXPIRING;
    }

    /** {@code d} for people: {@code 5 s}, {@code 1.5 s}, {@code 250 ms}, {@code 0 s}. */
    static String describe(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) >= 0 || d.isZero()) {
            return new BigDecimal(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9))
                    .stripTrailingZeros().toPlainString() + " s";
        }
        return BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros().toPlainString() + " ms";
    }

    /** {@code d} in nanoseconds, clamped instead of overflowing: a very long delay means never. */
    private static long saturatedNanos(Duration d) {
        long s = d.getSeconds();
        if (s >= 9_000_000_000L) {
            return NEVER;
        }
        if (s <= -9_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return d.toNanos();
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? NEVER : Long.MIN_VALUE;
        }
        return r;
    }
}
