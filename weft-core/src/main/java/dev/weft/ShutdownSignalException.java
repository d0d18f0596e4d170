package dev.weft;

/**
 * Thrown by {@link Weft#run(RunOptions, java.util.concurrent.Callable)} with
 * {@link RunOptions#exitOnSignal(boolean) exitOnSignal(false)} when SIGINT or SIGTERM stopped the main
 * task. As the {@code KeyboardInterrupt} that {@code asyncio.run} raises after a Ctrl-C. By the time it
 * is thrown, the main task and every other task have unwound and the loop is closed.
 *
 * <p>Its cause is what the main task ended with (usually the {@link CancelledError} of the
 * cancellation), or null if it returned normally.
 */
public final class ShutdownSignalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The signal's name without "SIG". */
    private final String signal;
    /** 128 + the signal's number. */
    private final int exitStatus;

    /**
     * A shutdown by {@code signal}.
     *
     * @param signal the signal's name without "SIG" ({@code "INT"})
     * @param exitStatus 128 + its number
     * @param cause what the main task ended with, or null
     */
    public ShutdownSignalException(String signal, int exitStatus, Throwable cause) {
        super("stopped by SIG" + signal + " (exit status " + exitStatus + ")", cause);
        this.signal = signal;
        this.exitStatus = exitStatus;
    }

    /**
     * The signal.
     *
     * @return its name without "SIG": {@code "INT"} or {@code "TERM"}
     */
    public String signal() {
        return signal;
    }

    /**
     * The conventional exit status for it: 128 + the signal's number (130 for INT, 143 for TERM).
     *
     * @return the status
     */
    public int exitStatus() {
        return exitStatus;
    }
}
