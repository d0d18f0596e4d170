package dev.weft.examples.generators;

import dev.weft.gen.Generator;
import java.io.PrintStream;

/**
 * What it teaches: {@code throwInto} raises an exception inside a suspended generator, at the
 * {@code yield} where it waits, as Python's {@code generator.throw}.
 *
 * <ul>
 *   <li>If the body catches it, the generator goes on: {@code throwInto} returns the next value the
 *       body yields, and the generator is still SUSPENDED, ready for more.
 *   <li>If the body does not catch it, it comes back out of {@code throwInto} (the same exception
 *       object) and the generator is CLOSED; later calls just report the end.
 * </ul>
 */
public final class ThrowInto {

    private ThrowInto() {}

    /** A glitch the logger knows how to handle. */
    public static final class SensorGlitch extends RuntimeException {
        /**
         * A glitch.
         *
         * @param message what happened
         */
        public SensorGlitch(String message) {
            super(message);
        }
    }

    /**
     * A logger coroutine: prints every reading sent to it, yields how many it logged; survives a
     * {@link SensorGlitch}, not anything else.
     *
     * @param out where it prints
     * @return a new logger
     */
    public static Generator<Integer, Double, Void> logger(PrintStream out) {
        return Generator.of(y -> {
            int logged = 0;
            out.println("  logger: started");
            while (true) {
                try {
                    Double reading = y.yield(logged);
                    out.println("  logger: reading " + reading);
                    logged++;
                } catch (SensorGlitch e) { // thrown in by throwInto, raised at the yield above
                    out.println("  logger: glitch handled (" + e.getMessage() + "), carrying on");
                }
            }
        });
    }

    /**
     * Sends readings, throws in one handled and one unhandled exception.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        Generator<Integer, Double, Void> log = logger(out);
        log.next();
        log.send(20.5);
        log.send(21.0);

        int logged = log.throwInto(new SensorGlitch("spike")); // handled: the body yields again
        out.println("after a handled throwInto: state " + log.state() + ", logged " + logged);
        log.send(21.5);

        IllegalStateException unplugged = new IllegalStateException("sensor unplugged");
        try {
            log.throwInto(unplugged); // not handled: it comes back out
        } catch (IllegalStateException e) {
            out.println("after an unhandled throwInto: state " + log.state() + ", caught \"" + e.getMessage()
                    + "\" (same object: " + (e == unplugged) + ")");
        }
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }
}
