package dev.weft;

import java.util.Objects;

/**
 * How {@link Weft#run(RunOptions, java.util.concurrent.Callable)} runs its loop: the clock, and what a
 * SIGINT (Ctrl-C) or SIGTERM does. Immutable: each method returns a changed copy. As the arguments of
 * {@code asyncio.run} and {@code asyncio.Runner}.
 *
 * {@snippet :
 * // A program embedded in a larger one: leave the signals to it.
 * Weft.run(RunOptions.defaults().handleSignals(false), () -> serve());
 *
 * // A tool that wants to clean up and exit its own way: the signal is thrown, not exited on.
 * try {
 *     Weft.run(RunOptions.defaults().exitOnSignal(false), () -> serve());
 * } catch (ShutdownSignalException e) {
 *     System.err.println("stopped by SIG" + e.signal());
 *     System.exit(e.exitStatus());                           // 130 after Ctrl-C
 * }
 * }
 *
 * <p>The defaults: the system clock; SIGINT and SIGTERM handled, unless the system property
 * {@code weft.signals} is {@code false}; the JVM exits after a signal (see {@link Weft#run(RunOptions,
 * java.util.concurrent.Callable)}, "Signals").
 */
public final class RunOptions {
    private final Clock clock;
    private final Boolean handleSignals; // null: the weft.signals property, read when run starts
    private final boolean exitOnSignal;

    private RunOptions(Clock clock, Boolean handleSignals, boolean exitOnSignal) {
        this.clock = clock;
        this.handleSignals = handleSignals;
        this.exitOnSignal = exitOnSignal;
    }

    /**
     * The defaults: the system clock, signals handled (unless {@code -Dweft.signals=false}), exit after a
     * signal.
     *
     * @return the default options
     */
    public static RunOptions defaults() {
        return new RunOptions(Clock.system(), null, true);
    }

    /**
     * The loop's clock (say, a {@link dev.weft.VirtualClock} in tests).
     *
     * @param clock the clock
     * @return changed options
     */
    public RunOptions clock(Clock clock) {
        return new RunOptions(Objects.requireNonNull(clock, "clock"), handleSignals, exitOnSignal);
    }

    /**
     * Whether SIGINT and SIGTERM cancel the main task ({@code true}), or are left to whatever handled
     * them before ({@code false}: for the JVM's own handler, an exit at once, without {@code finally}
     * blocks). Overrides the {@code weft.signals} system property.
     *
     * @param on true to handle them
     * @return changed options
     */
    public RunOptions handleSignals(boolean on) {
        return new RunOptions(clock, on, exitOnSignal);
    }

    /**
     * What {@code Weft.run} does once the main task has unwound after a signal: exit the JVM with
     * 128 + the signal's number ({@code true}, the default), or throw {@link ShutdownSignalException}
     * ({@code false}).
     *
     * @param on true to exit
     * @return changed options
     */
    public RunOptions exitOnSignal(boolean on) {
        return new RunOptions(clock, handleSignals, on);
    }

    /**
     * The clock.
     *
     * @return the loop's clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Whether signals are handled: the value given, else the {@code weft.signals} system property
     * (default {@code true}).
     *
     * @return true if SIGINT and SIGTERM cancel the main task
     * @throws IllegalArgumentException if {@code weft.signals} is neither {@code true} nor {@code false}
     */
    public boolean handlesSignals() {
        return handleSignals != null ? handleSignals : SignalShutdown.enabledByDefault();
    }

    /**
     * Whether the JVM exits after a signal.
     *
     * @return true to exit, false to throw {@link ShutdownSignalException}
     */
    public boolean exitsOnSignal() {
        return exitOnSignal;
    }

    @Override
    public String toString() {
        return "RunOptions[clock=" + clock + ", handleSignals=" + (handleSignals == null ? "default" : handleSignals)
                + ", exitOnSignal=" + exitOnSignal + "]";
    }
}
