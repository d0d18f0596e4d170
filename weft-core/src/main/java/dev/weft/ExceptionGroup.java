package dev.weft;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

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
 *
 * <p>{@link #subgroup} and {@link #split} pick failures out by type or by a predicate, keeping the
 * nesting, as Python's {@code except*} does with them:
 * {@snippet :
 * } catch (ExceptionGroup eg) {
 *     ExceptionGroup.Split s = eg.split(java.io.IOException.class);
 *     s.match().ifPresent(io -> retryLater(io.exceptions()));   // the I/O failures, nested as they were
 *     s.rest().ifPresent(rest -> { throw rest; });              // anything else goes on up
 * }
 * }
 *
 * <h2>Differences from Python</h2>
 * {@link #getMessage()} is what Python's {@code str(eg)} shows, {@code "msg (3 sub-exceptions)"};
 * {@link #message()} is the bare message, as Python's {@code eg.message}. An empty result of
 * {@code subgroup}/{@code split} is {@link Optional#empty()} where Python returns {@code None}. There is
 * no {@code BaseExceptionGroup}: a group may hold any {@link Throwable}.
 */
public final class ExceptionGroup extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The message as given, without the count that getMessage() adds. */
    private final String message;
    private final transient List<Throwable> exceptions;

    /**
     * A group of failures.
     *
     * @param message what failed
     * @param exceptions the failures, at least one
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        this(message, exceptions, null);
    }

    private ExceptionGroup(String message, List<? extends Throwable> exceptions, Throwable cause) {
        super(message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")",
                cause);
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("second argument (exceptions) must be a non-empty sequence");
        }
        this.message = message;
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

    /**
     * The message given at construction, without the count that {@link #getMessage()} adds. As
     * Python's {@code eg.message}.
     *
     * @return the bare message
     */
    public String message() {
        return message;
    }

    /**
     * The failures of this group that are instances of {@code type}, in a group of the same shape: as
     * Python's {@code eg.subgroup(type)}. If this group itself is an instance of {@code type}, it is
     * returned as it is. Otherwise nested groups are kept (each one holding only what matched, with its
     * own message), groups left empty are dropped, and the copies keep this group's cause and stack
     * trace.
     *
     * @param type the type to keep
     * @return the matching part, or empty if nothing matched
     */
    public Optional<ExceptionGroup> subgroup(Class<? extends Throwable> type) {
        return subgroup(predicateOf(type));
    }

    /**
     * The failures of this group for which {@code condition} holds, in a group of the same shape: as
     * Python's {@code eg.subgroup(condition)}. The condition is asked of this group and of every nested
     * group too: where it holds for a group, that whole group is kept as it is.
     *
     * @param condition which failures to keep
     * @return the matching part, or empty if nothing matched
     */
    public Optional<ExceptionGroup> subgroup(Predicate<? super Throwable> condition) {
        Objects.requireNonNull(condition, "condition");
        return Optional.ofNullable((ExceptionGroup) splitOf(this, condition, false)[0]);
    }

    /**
     * Splits this group in two: the failures that are instances of {@code type}, and the rest, each in
     * a group of the same shape (as {@link #subgroup(Class)}). As Python's {@code eg.split(type)}, the
     * primitive {@code except*} is built on.
     *
     * @param type the type to match
     * @return the matching part and the rest, each empty if it has no failure
     */
    public Split split(Class<? extends Throwable> type) {
        return split(predicateOf(type));
    }

    /**
     * Splits this group in two by {@code condition}, which is asked of nested groups too (as
     * {@link #subgroup(Predicate)}). As Python's {@code eg.split(condition)}.
     *
     * @param condition which failures match
     * @return the matching part and the rest, each empty if it has no failure
     */
    public Split split(Predicate<? super Throwable> condition) {
        Objects.requireNonNull(condition, "condition");
        Throwable[] parts = splitOf(this, condition, true);
        return new Split(Optional.ofNullable((ExceptionGroup) parts[0]), Optional.ofNullable((ExceptionGroup) parts[1]));
    }

    /**
     * What {@link #split} returns: Python's {@code (match, rest)} pair.
     *
     * @param match the failures that matched, in a group of the original shape, or empty
     * @param rest the others, likewise, or empty
     */
    public record Split(Optional<ExceptionGroup> match, Optional<ExceptionGroup> rest) {}

    private static Predicate<Throwable> predicateOf(Class<? extends Throwable> type) {
        Objects.requireNonNull(type, "type");
        return type::isInstance;
    }

    /** {match, rest} of {@code t} (CPython's exceptiongroup_split_recursive); rest only if asked. */
    private static Throwable[] splitOf(Throwable t, Predicate<? super Throwable> condition, boolean withRest) {
        if (condition.test(t)) {
            return new Throwable[] {t, null};
        }
        if (!(t instanceof ExceptionGroup eg)) {
            return new Throwable[] {null, t};
        }
        List<Throwable> match = new ArrayList<>();
        List<Throwable> rest = new ArrayList<>();
        for (Throwable e : eg.exceptions) {
            Throwable[] parts = splitOf(e, condition, withRest);
            if (parts[0] != null) {
                match.add(parts[0]);
            }
            if (withRest && parts[1] != null) {
                rest.add(parts[1]);
            }
        }
        return new Throwable[] {match.isEmpty() ? null : eg.derive(match), rest.isEmpty() ? null : eg.derive(rest)};
    }

    /** A group like this one with other failures: same message, cause and stack trace (Python's derive + copy). */
    private ExceptionGroup derive(List<Throwable> excs) {
        ExceptionGroup g = new ExceptionGroup(message, excs, getCause());
        g.setStackTrace(getStackTrace());
        return g;
    }
}
