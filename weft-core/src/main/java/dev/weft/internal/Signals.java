package dev.weft.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The JVM's signal handlers, shared by everything in Weft that handles a signal: the only class that
 * touches {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every JDK; a module-info
 * for Weft needs {@code requires jdk.unsupported}). Not public API.
 *
 * <p>The JVM has one handler per signal, so each signal has a stack of listeners here: the most recent
 * one hears it. Weft installs its own JVM handler when the first listener of a signal arrives and
 * puts back the one it replaced (the JVM's, or the application's own) when the last one leaves, so
 * nested or successive users in one JVM see what was there before them.
 *
 * <p>Listeners run on the JVM's signal-dispatch thread: they must be quick and thread-safe, and reach a
 * loop only through {@code callSoonThreadsafe}.
 */
public final class Signals {
    /* Overview:
     * slots maps a canonical name ("INT") to its Slot: the sun.misc.Signal, the handler Weft replaced
     * (`previous`), and the stack of registrations (most recent last). Invariant, under the class lock:
     * a Slot exists iff its stack is non-empty iff Weft's handler is the JVM's handler for the signal.
     * Dispatch reads the top under the lock and calls it outside (a listener may add or remove).
     * Discussion: a signal that arrives while the last registration is being removed finds no slot; it
     * is handed to the handler that was put back, so it is never lost (the JVM's default for INT/TERM
     * is to exit 128+n). */

    /** Hears a signal, on the JVM's signal-dispatch thread. */
    @FunctionalInterface
    public interface Listener {
        /**
         * The signal arrived.
         *
         * @param name its canonical name, without "SIG" ({@code "INT"})
         * @param number its number on this platform
         */
        void onSignal(String name, int number);
    }

    /** One listener on one signal; {@link #remove()} takes it off. */
    public static final class Registration {
        private final String name;
        private final Listener listener;
        private boolean removed; // guarded by Signals.class

        private Registration(String name, Listener listener) {
            this.name = name;
            this.listener = listener;
        }

        /** The signal's canonical name. @return e.g. "INT" */
        public String signal() {
            return name;
        }

        /** Takes the listener off; idempotent. When it was the last one, the previous JVM handler is back. */
        public void remove() {
            synchronized (Signals.class) {
                if (removed) {
                    return;
                }
                removed = true;
                Slot slot = SLOTS.get(name);
                if (slot == null) {
                    return;
                }
                slot.stack.remove(this);
                if (slot.stack.isEmpty()) {
                    SLOTS.remove(name);
                    RESTORED.put(name, slot.previous);
                    sun.misc.Signal.handle(slot.signal, slot.previous);
                }
            }
        }
    }

    private static final class Slot {
        final sun.misc.Signal signal;
        sun.misc.SignalHandler previous;
        final ArrayDeque<Registration> stack = new ArrayDeque<>();

        Slot(sun.misc.Signal signal) {
            this.signal = signal;
        }
    }

    private static final Map<String, Slot> SLOTS = new HashMap<>(); // guarded by Signals.class
    private static final Map<String, sun.misc.SignalHandler> RESTORED = new HashMap<>(); // guarded by Signals.class
    private static final sun.misc.SignalHandler DISPATCH = Signals::dispatch;

    private Signals() {}

    /**
     * The canonical name of {@code name}: "INT" for "INT", "SIGINT", "sigint".
     *
     * @param name a signal name, with or without "SIG"
     * @return the name in upper case without "SIG"
     * @throws IllegalArgumentException if this platform has no such signal
     */
    public static String canonical(String name) {
        Objects.requireNonNull(name, "signal");
        String n = name.strip().toUpperCase(Locale.ROOT);
        if (n.startsWith("SIG")) {
            n = n.substring(3);
        }
        try {
            new sun.misc.Signal(n);
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("unknown signal: '" + name + "' (expected a name such as INT, TERM, "
                    + "HUP, USR1, WINCH; with or without SIG)");
        }
        return n;
    }

    /**
     * The signal's number on this platform.
     *
     * @param name a signal name, with or without "SIG"
     * @return its number (INT is 2, TERM is 15)
     * @throws IllegalArgumentException if this platform has no such signal
     */
    public static int number(String name) {
        return new sun.misc.Signal(canonical(name)).getNumber();
    }

    /**
     * Puts {@code listener} on top of {@code name}'s stack: from now on it hears the signal, until it is
     * removed or another listener is added on top.
     *
     * @param name the signal, with or without "SIG"
     * @param listener runs on the signal-dispatch thread
     * @return the registration, to remove it
     * @throws IllegalArgumentException if the signal is unknown, or reserved by the JVM or the OS
     *     (QUIT, KILL, STOP, ...)
     */
    public static Registration add(String name, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        String n = canonical(name);
        synchronized (Signals.class) {
            Slot slot = SLOTS.get(n);
            if (slot == null) {
                slot = new Slot(new sun.misc.Signal(n));
                try {
                    slot.previous = sun.misc.Signal.handle(slot.signal, DISPATCH);
                } catch (IllegalArgumentException reserved) {
                    throw new IllegalArgumentException("signal SIG" + n + " cannot be handled: the JVM or the OS "
                            + "reserves it (" + reserved.getMessage() + ")");
                }
                SLOTS.put(n, slot);
            }
            Registration r = new Registration(n, listener);
            slot.stack.addLast(r);
            return r;
        }
    }

    private static void dispatch(sun.misc.Signal sig) {
        Listener top = null;
        sun.misc.SignalHandler fallback;
        synchronized (Signals.class) {
            Slot slot = SLOTS.get(sig.getName());
            if (slot != null && !slot.stack.isEmpty()) {
                top = slot.stack.peekLast().listener;
            }
            fallback = RESTORED.get(sig.getName());
        }
        if (top != null) {
            top.onSignal(sig.getName(), sig.getNumber());
        } else if (fallback != null && fallback != sun.misc.SignalHandler.SIG_DFL
                && fallback != sun.misc.SignalHandler.SIG_IGN) {
            fallback.handle(sig); // raced with the last remove(): what was put back hears it
        }
    }
}
