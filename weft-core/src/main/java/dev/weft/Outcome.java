package dev.weft;

import java.util.Objects;

/**
 * How a done future ended, as a value: a result, an exception, or a cancellation. What
 * {@link Weft#gatherOutcomes} returns, one per future, so that reading the children of a
 * {@code gather(..., return_exceptions=True)} needs no try/catch, not even for a cancelled one.
 *
 * {@snippet :
 * List<Outcome<String>> all = Weft.gatherOutcomes(a, b, c).await();   // never throws a child's failure
 * for (Outcome<String> o : all) {
 *     switch (o) {
 *         case Outcome.Success<String> s -> System.out.println("got " + s.value());
 *         case Outcome.Failure<String> f -> System.out.println("failed: " + f.exception());
 *         case Outcome.Cancelled<String> k -> System.out.println("cancelled: " + k.message());
 *     }
 * }
 * }
 *
 * <h2>Differences from asyncio</h2>
 * {@code gather(..., return_exceptions=True)} puts the result or the exception itself in its list, so
 * a result that happens to be an exception object cannot be told from a failure, and a cancelled child
 * appears as a {@code CancelledError} instance. Here the three cases are three types.
 *
 * @param <T> the result type
 */
public sealed interface Outcome<T> {
    /**
     * The outcome of {@code future}, which must be done. Reading it marks a failure as retrieved (no
     * "exception was never retrieved" report), as {@link Future#exception()} does.
     *
     * @param future a done future of the running loop (or of a loop that is not running)
     * @param <T> its result type
     * @return its outcome
     * @throws IllegalStateException "Result is not set." if the future is pending
     */
    @SuppressWarnings("unchecked")
    static <T> Outcome<T> of(Future<? extends T> future) {
        Objects.requireNonNull(future, "future");
        if (future.isCancelled()) {
            return new Cancelled<>(future.cancelMessage());
        }
        if (!future.isDone()) {
            throw new IllegalStateException("Result is not set.");
        }
        Throwable e = future.exception();
        return e != null ? new Failure<>(e) : new Success<>((T) future.result());
    }

    /**
     * The result, or throws as {@link Future#result()} would: the exception (a checked one wrapped in
     * {@link java.util.concurrent.CompletionException}), or a new {@link CancelledError} with the
     * cancel message.
     *
     * @return the result of a success
     */
    T result();

    /**
     * Whether the future finished with a result.
     *
     * @return true for a {@link Success}
     */
    default boolean isSuccess() {
        return this instanceof Success;
    }

    /**
     * Whether the future was cancelled.
     *
     * @return true for a {@link Cancelled}
     */
    default boolean isCancelled() {
        return this instanceof Cancelled;
    }

    /**
     * The future finished with a result.
     *
     * @param value the result, possibly null
     * @param <T> the result type
     */
    record Success<T>(T value) implements Outcome<T> {
        @Override
        public T result() {
            return value;
        }
    }

    /**
     * The future finished with an exception.
     *
     * @param exception what it threw; never a {@link CancelledError}
     * @param <T> the result type
     */
    record Failure<T>(Throwable exception) implements Outcome<T> {
        /**
         * A failure.
         *
         * @param exception what it threw
         */
        public Failure {
            Objects.requireNonNull(exception, "exception");
        }

        @Override
        public T result() {
            throw Future.rethrow(exception);
        }
    }

    /**
     * The future was cancelled.
     *
     * @param message the cancel message, or null
     * @param <T> the result type
     */
    record Cancelled<T>(String message) implements Outcome<T> {
        @Override
        public T result() {
            throw new CancelledError(message);
        }
    }
}
