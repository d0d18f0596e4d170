package dev.weft.gen;

import java.io.Serial;
import java.util.NoSuchElementException;

/**
 * Thrown by {@link Generator#send}, {@link Generator#next()} and {@link Generator#throwInto} when the
 * generator has finished; carries the body's return value, as Python's {@code StopIteration.value}.
 *
 * <p>It is a {@link NoSuchElementException}, so the {@link java.util.Iterator} contract holds. The
 * call that finishes the generator carries its return value; later calls carry {@code null}, as in
 * Python. {@link Generator#result()} keeps the value either way.
 *
 * {@snippet :
 * Generator<Integer, Integer, Integer> summer = Generator.returning(y -> {
 *     int sum = 0;
 *     Integer n;
 *     while ((n = y.yield(sum)) != null) {      // send(null), or next(), ends the input
 *         sum += n;
 *     }
 *     return sum;
 * });
 * summer.next();                                // 0: runs the body to its first yield
 * summer.send(3);                               // 3
 * summer.send(4);                               // 7
 * try {
 *     summer.send(null);
 * } catch (StopIteration e) {
 *     int total = e.value();                    // 7: what the body returned
 * }
 * }
 */
public final class StopIteration extends NoSuchElementException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Object value;

    /**
     * A stop carrying the generator's return value.
     *
     * @param value the return value, may be null
     */
    public StopIteration(Object value) {
        super(value == null ? "generator finished" : "generator finished with " + value);
        this.value = value;
    }

    /**
     * The generator's return value, or null after the first report of the end.
     *
     * @param <R> the generator's return type
     * @return the value the body returned
     */
    @SuppressWarnings("unchecked")
    public <R> R value() {
        return (R) value;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a control-flow signal, thrown once per generator: no stack needed
    }
}
