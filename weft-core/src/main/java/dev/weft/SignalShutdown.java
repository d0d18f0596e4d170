package dev.weft;

import dev.weft.internal.Signals;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Graceful shutdown on SIGINT and SIGTERM for {@link Weft#run} and {@link LoopGroup}: the first
 * signal cancels what each of them runs, so finally blocks run and servers close; once all of them
 * have unwound, the JVM exits with 128 + the signal's number (130, 143). A second signal exits at once
 * ({@link Runtime#halt}), whatever is still running. Not public: users see it through
 * {@link RunOptions} and the {@code weft.signals} system property.
 */
final class SignalShutdown {
    /* Overview:
     * One listener (`registrations`, for INT and TERM) is on the Signals stacks while at least one
     * Participant is active (a Weft.run that handles signals, or a LoopGroup); it is added by the first
     * join() and removed by the last leave(), which puts back whatever handled the signals before.
     *
     * onSignal runs on the JVM's signal-dispatch thread, never on a loop: it only counts, records, and
     * calls each participant's `cancel` (which posts to its loop with callSoonThreadsafe or starts a
     * thread). So the first signal is seen even while a loop is blocked, and the second one always
     * halts, because it never waits for a loop.
     *
     * Exit: participants that exit on a signal (`exit`) count as `unwinding` once signalled; each calls
     * exitWhenLast() when it has unwound; the last one calls System.exit(status), the others wait for it.
     * So a Weft.run whose main task spawned a LoopGroup exits only when both have unwound. */

    static final String PROPERTY = "weft.signals";
    private static final Logger LOG = System.getLogger("dev.weft");
    private static final String[] SIGNALS = {"INT", "TERM"};

    private static final List<Participant> ACTIVE = new ArrayList<>(); // guarded by SignalShutdown.class
    private static List<Signals.Registration> registrations; // guarded; non-null iff ACTIVE is non-empty
    private static int received; // guarded: signals heard since the first participant joined
    private static int status; // guarded: 128 + the first signal's number
    private static int unwinding; // guarded: signalled participants that exit and have not unwound yet

    private SignalShutdown() {}

    /** One Weft.run or LoopGroup that shuts down gracefully on a signal. */
    static final class Participant {
        private final String what;
        private final boolean exit;
        private final Runnable cancel;
        private String signal; // guarded by SignalShutdown.class: the signal that cancelled it, or null
        private boolean left; // guarded

        Participant(String what, boolean exit, Runnable cancel) {
            this.what = what;
            this.exit = exit;
            this.cancel = cancel;
        }

        /** The signal that cancelled this participant ("INT"), or null. */
        String signal() {
            synchronized (SignalShutdown.class) {
                return signal;
            }
        }

        /**
         * At the end of a run: stops listening unless a signal came first. Atomic, so a signal is either
         * seen here or arrives after this participant has left (and is not cancelled by it).
         *
         * @return the signal that cancelled it ("INT"), or null if there was none (it has left)
         */
        String leaveUnlessSignalled() {
            synchronized (SignalShutdown.class) {
                if (signal == null) {
                    leave();
                }
                return signal;
            }
        }

        /** 128 + the signal's number, once signalled. */
        int exitStatus() {
            synchronized (SignalShutdown.class) {
                return status;
            }
        }

        /** Stops listening; when it is the last participant, the previous JVM handlers are back. */
        void leave() {
            synchronized (SignalShutdown.class) {
                if (left) {
                    return;
                }
                left = true;
                ACTIVE.remove(this);
                if (signal != null && !exit && unwinding == 0) {
                    received = 0; // it threw and nothing else unwinds: the next signal is a first one again
                }
                if (ACTIVE.isEmpty() && registrations != null) {
                    for (Signals.Registration r : registrations) {
                        r.remove();
                    }
                    registrations = null;
                    received = 0;
                }
            }
        }

        /**
         * After a signal, once this participant has unwound: leaves, and exits the JVM if it is the last
         * participant still unwinding; otherwise waits for the one that will. Never returns.
         */
        void exitWhenLast() {
            int code;
            boolean last;
            synchronized (SignalShutdown.class) {
                code = status;
                unwinding--;
                last = unwinding <= 0;
            }
            leave();
            if (last) {
                System.exit(code);
            }
            while (true) { // another participant is still unwinding; it will exit the JVM
                java.util.concurrent.locks.LockSupport.park(this);
            }
        }

        @Override
        public String toString() {
            return "SignalShutdown.Participant[" + what + "]";
        }
    }

    /**
     * Whether signals are handled unless a caller says otherwise: the {@code weft.signals} property
     * ({@code true}, the default, or {@code false}).
     *
     * @throws IllegalArgumentException if the property has another value
     */
    static boolean enabledByDefault() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank() || v.strip().equalsIgnoreCase("true")) {
            return true;
        }
        if (v.strip().equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + " (expected: true or false)");
    }

    /**
     * Starts listening for INT and TERM.
     *
     * @param what who listens, for messages
     * @param exit whether the JVM exits once it has unwound after a signal
     * @param cancel runs on the signal-dispatch thread at the first signal: it must only post or start
     */
    static Participant join(String what, boolean exit, Runnable cancel) {
        Participant p = new Participant(what, exit, cancel);
        synchronized (SignalShutdown.class) {
            if (registrations == null && !available()) {
                return p; // never cancelled by a signal; leave() is a no-op
            }
            if (registrations == null) {
                List<Signals.Registration> regs = new ArrayList<>(SIGNALS.length);
                try {
                    for (String s : SIGNALS) {
                        regs.add(Signals.add(s, SignalShutdown::onSignal));
                    }
                } catch (IllegalArgumentException reserved) {
                    // -Xrs or an embedding that owns the signals: shut down the JVM's way, and say so once.
                    for (Signals.Registration r : regs) {
                        r.remove();
                    }
                    LOG.log(Level.DEBUG, "signals not handled: " + reserved.getMessage());
                    return p;
                }
                registrations = regs;
            }
            ACTIVE.add(p);
        }
        return p;
    }

    private static Boolean available; // guarded: whether sun.misc.Signal exists (jdk.unsupported)

    /** A runtime without jdk.unsupported (a jlink image, a module path without it): signals stay the JVM's. */
    private static boolean available() {
        if (available == null) {
            try {
                Class.forName("sun.misc.Signal");
                available = true;
            } catch (ClassNotFoundException | LinkageError missing) {
                available = false;
                LOG.log(Level.WARNING, "SIGINT and SIGTERM are left to the JVM (no graceful shutdown): this runtime "
                        + "lacks the module jdk.unsupported (add it, or 'requires jdk.unsupported' in a module-info)");
            }
        }
        return available;
    }

    /** On the JVM's signal-dispatch thread. */
    private static void onSignal(String name, int number) {
        List<Participant> toCancel;
        synchronized (SignalShutdown.class) {
            received++;
            if (received > 1) {
                toCancel = null;
            } else {
                status = 128 + number;
                toCancel = new ArrayList<>(ACTIVE);
                for (Participant p : toCancel) {
                    p.signal = name;
                    if (p.exit) {
                        unwinding++;
                    }
                }
            }
        }
        if (toCancel == null) {
            System.err.println("weft: second signal (SIG" + name + "): exiting now with status " + (128 + number)
                    + ", without waiting for tasks to finish");
            System.err.flush();
            Runtime.getRuntime().halt(128 + number);
            return;
        }
        LOG.log(Level.INFO, "SIG" + name + " received: cancelling " + toCancel.size() + " main task(s) or group(s); "
                + "send it again to exit at once");
        for (Participant p : toCancel) {
            try {
                p.cancel.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "cancelling " + p.what + " on SIG" + name + " failed", e);
            }
        }
    }
}
