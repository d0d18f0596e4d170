package dev.weft;

import java.io.Serial;
import java.util.List;

/**
 * Several failures at once: what a {@link TaskGroup} throws when its children (or its body) failed. As
 * Python's {@code ExceptionGroup}. The failures are {@link #exceptions()}, in the order they happened,
 * and also attached as {@linkplain Throwable#getSuppressed() suppressed} exceptions so every stack
 * trace prints.
 *
 * {@snippet :
 * try {
 *     TaskGroup.run(tg -> {
 *         tg.spawn(() -> fetch("a"));
 *         tg.spawn(() -> fetch("b"));
 *         return null;
 *     });
 * } catch (ExceptionGroup eg) {                  // one child or more failed; the others were cancelled
 *     for (Throwable t : eg.exceptions()) {      // each failure as it was thrown, in order
 *         System.err.println("failed: " + t);
 *     }
 * }
 * }
 */
public final class ExceptionGroup extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<Throwable> exceptions;

    /**
     * A group of failures.
     *
     * @param message what failed
     * @param exceptions the failures, at least one
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")",
                null);
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("exceptions: empty (expected: at least one)");
        }
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    /**
     * The failures, in the order they happened.
     *
     * @return an unmodifiable list
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
