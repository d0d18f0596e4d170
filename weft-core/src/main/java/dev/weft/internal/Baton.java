package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A one-waiter, one-signaller hand-off for the portable backend: {@link #release()} lets the thread in
 * {@link #acquire} go on. Each release/acquire pair is a happens-before edge (volatile write and
 * read of {@code set}).
 *
 * <p>The waiter may spin for a while before it parks. Spinning pays only when the other side will
 * release soon and runs on another core meanwhile; parking a platform thread and waking it costs
 * microseconds (a futex round trip), parking a virtual thread much less. The caller picks the
 * budget: see {@link PortableKernel} for who spins and who parks at once.
 */
final class Baton {
    /** Spin iterations between two looks at the clock. */
    private static final int SPINS_PER_CLOCK_READ = 64;

    private static final VarHandle SET;

    static {
        try {
            SET = MethodHandles.lookup().findVarHandle(Baton.class, "set", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile boolean set;
    private volatile Thread waiter;

    void release() {
        set = true;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Waits until released: spins up to {@code spinNanos} (0: parks at once), then parks. */
    void acquire(long spinNanos) {
        if (spinNanos > 0 && spin(spinNanos)) {
            return;
        }
        waiter = Thread.currentThread();
        if (!set) {
            // A do-while, not a while: the loop's exit test runs only after a park. As a while, its test
            // ran before every task's first park with one outcome, C2 compiled the exit as an uncommon
            // trap, and each suspended body deoptimised on its first resume (docs/design.md, section 5;
            // FirstResumeTest).
            do {
                LockSupport.park(this);
            } while (!set);
        }
        waiter = null;
        consume();
    }

    /**
     * Resets the flag for the next round with no fence: the next release comes from the other side
     * only after this thread has released something else (a volatile write, which orders this one).
     */
    private void consume() {
        SET.setOpaque(this, false);
    }

    private boolean spin(long spinNanos) {
        long deadline = System.nanoTime() + spinNanos;
        while (true) {
            for (int i = 0; i < SPINS_PER_CLOCK_READ; i++) {
                if (set) {
                    consume();
                    return true;
                }
                Thread.onSpinWait();
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
        }
    }
}
