package dev.weft.gen;

import java.io.Serial;

/**
 * Raised inside a generator's body, at the suspended {@code yield}, by {@link Generator#close()}.
 *
 * <p>Let it propagate (a {@code finally} block runs; that is the point). A body that catches it and
 * yields again makes {@code close()} fail with "generator ignored GeneratorExit".
 *
 * {@snippet :
 * Generator<Integer, Void, Void> counter = Generator.of(y -> {
 *     try {
 *         for (int i = 0; ; i++) {
 *             y.yield(i);                       // close() raises GeneratorExit here
 *         }
 *     } finally {
 *         System.out.println("cleaned up");     // so this runs
 *     }
 * });
 * counter.next();                               // 0
 * counter.close();                              // prints "cleaned up"; close() throws nothing
 * }
 *
 * <h2>Differences from Python</h2>
 * Python's {@code GeneratorExit} derives from {@code BaseException} so that {@code except Exception}
 * does not swallow it; Java's equivalent is {@link Error} (the precedent is {@code ThreadDeath}), so a
 * {@code catch (Exception e)} in a body lets it through.
 */
public final class GeneratorExit extends Error {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A new exit signal. */
    public GeneratorExit() {
        super("generator closed");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a control-flow signal: the generator's own stack is what matters
    }
}
