package dev.weft.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * A one-waiter, one-signaller hand-off for the portable backend: {@link #release()} lets the thread in
 * {@link #acquire()} go on. The waiter spins briefly before it parks, since the hand-offs of a strict
 * coroutine hand-off come in quick succession; parking and unparking a thread costs microseconds.
 * Each release/acquire pair is a happens-before edge (volatile write and read of {@code set}).
 */
final class Baton {
    private static final int SPINS = 200;
    private volatile boolean set;
    private volatile Thread waiter;

    void release() {
        set = true;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    void acquire() {
        for (int i = 0; i < SPINS; i++) {
            if (set) {
                set = false;
                return;
            }
            Thread.onSpinWait();
        }
        waiter = Thread.currentThread();
        while (!set) {
            LockSupport.park(this);
        }
        waiter = null;
        set = false;
    }
}
