package dev.weft.gen;

/**
 * The handle a generator body receives: the only way to yield. Valid only inside that generator's
 * own body, while it runs.
 *
 * {@snippet :
 * Generator<String, Void, Integer> inner = Generator.returning(y -> {
 *     y.yieldAll(List.of("a", "b"));            // each element in turn
 *     return 2;
 * });
 * Generator<String, Void, Void> outer = Generator.of(y -> {
 *     y.yield("start");                         // hands "start" out; suspends until the next next()
 *     int n = y.yieldFrom(inner);               // "a" and "b" pass straight through; n = 2
 *     y.yield("inner gave " + n);
 * });
 * for (String s : outer) {                      // start, a, b, inner gave 2
 *     System.out.println(s);
 * }
 * }
 *
 * @param <Y> the type of values yielded out
 * @param <S> the type of values sent in
 */
public interface Yielder<Y, S> {

    /**
     * Suspends the generator, handing {@code value} to the caller of {@code next}/{@code send}/
     * {@code throwInto}; returns the value of the {@code send} that resumes it ({@code null} for
     * {@code next()}). As Python's {@code x = yield value}.
     *
     * <p>It may instead throw: the exception given to {@link Generator#throwInto} (whatever its type,
     * checked ones included), or {@link GeneratorExit} when the generator is closed.
     *
     * @param value the value handed out
     * @return the value sent in
     * @throws IllegalStateException if called outside this generator's running body
     */
    S yield(Y value);

    /**
     * Delegates to {@code sub} until it finishes and returns its return value, with PEP 380's
     * {@code yield from} semantics: every value {@code sub} yields is yielded out of this generator;
     * every {@code send} to this generator goes to {@code sub} ({@code null} as {@code next()});
     * {@code throwInto} is forwarded to {@code sub} and {@code close()} closes {@code sub} and then
     * this generator. Whatever {@code sub} throws comes out of this call as it is (a checked exception
     * is not wrapped), as if {@code sub}'s code were written here.
     *
     * <p>While {@code sub} runs, this generator is RUNNING but its body stays suspended here: the
     * caller's {@code send} forwards to {@code sub} directly, so delegation does not nest and a chain
     * of it may go thousands of levels deep. If {@code sub} has finished already, this returns null
     * at once (its value was reported when it finished; {@link Generator#result()} still holds it).
     *
     * @param sub the sub-generator, not started or suspended
     * @param <R> its return type
     * @return the value {@code sub} returned
     * @throws IllegalStateException if called outside this generator's running body, or if {@code sub}
     *     is running (say, it is this generator, or one delegating to it): "generator already executing"
     */
    <R> R yieldFrom(Generator<? extends Y, ? super S, R> sub);

    /**
     * Yields every element of {@code values} in order; the sent values must be {@code null}, as a
     * Python iterator without {@code send}.
     *
     * @param values the values to yield
     * @throws IllegalStateException if a non-null value is sent while delegating
     */
    void yieldAll(Iterable<? extends Y> values);
}
