package dev.weft.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import jdk.internal.vm.ScopedValueContainer;

/**
 * The fast backend: one {@code jdk.internal.vm.Continuation} per coroutine, the mechanism under
 * virtual threads. Needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (on the module
 * path: {@code =dev.weft}).
 */
final class ContinuationKernel implements Kernel {
    /* Overview:
     * A Coroutine is a Continuation subclass (one object, no wrapper). resume() is Continuation.run();
     * suspend(scope) is Continuation.yield(scope), which unmounts the innermost continuation of that
     * scope and every continuation nested inside it, so a generator (its own scope) that awaits
     * suspends the task (task scope) driving it, and run() on the task remounts the whole chain.
     * Pinning: JDK 25 lets a continuation yield while holding a monitor (JEP 491), so only a native
     * frame or a critical section pins; onPinned turns that into a clear exception.
     *
     * Scoped values (docs/design.md, section 3). JDK 25 keeps a thread's ScopedValue bindings in a
     * field of java.lang.Thread, set only by ScopedValue.Carrier.run/call (on entry, and back to the
     * previous snapshot on exit); a Continuation saves and restores only the scoped-value *cache*.
     * Nothing the flag exports can set that field (JavaLangAccess has a getter only, in a package the
     * flag does not export), so coroutines of one thread cannot have bindings of their own. What the
     * flag does give is ScopedValueContainer.captureBindings(): the thread's bindings object, compared
     * by identity. Hence two rules, kept here:
     * - No leak: Co.resume records the thread's bindings; checkSuspend refuses to suspend while they
     *   differ, that is while the coroutine is inside a binding it made since it was resumed (on exit
     *   the JDK puts the previous snapshot back, so after a binding made and closed between two
     *   suspensions the field is identical again). A refused suspension throws before anything changed.
     * - No stale cache: the cache a continuation brings back is valid only for the bindings it was
     *   filled under. When a coroutine is resumed under other bindings than the last time (a generator
     *   driven from inside and then outside a binding; a loop run again inside another binding),
     *   suspend() flushes the cache right after the yield returns, before the body reads it.
     *   The bindings are read inside the continuation (at its start and after each yield), not by the
     *   resumer: the thread's bindings are the same on both sides of the mount, and so the resume is
     *   Continuation.run() itself, which lets a task's coroutine be its own step on the loop's ready
     *   queue (no wrapper object, no extra frame).
     *
     * Bodies: a coroutine's continuation target is not a Runnable per coroutine but one per scope
     * (CScope.run), which finds the coroutine just mounted and runs its body; a task passes a
     * Consumer shared by all tasks, so a task costs no body object (issue 13's bytes per task).
     * Thread.scopedValueBindings is Thread.class on a thread that never bound anything, and null after
     * a StackOverflowError until the next lookup repairs it; both are normalised by running the flush,
     * so that "no bindings" has one identity (the JDK's empty snapshot).
     */

    private final Scope tasks = scope("task");
    private final Scope generators = scope("generator");

    static boolean accessible() {
        return Object.class.getModule().isExported("jdk.internal.vm", ContinuationKernel.class.getModule());
    }

    @Override
    public Scope scope(String name) {
        return new Scope(name, new CScope(name));
    }

    /**
     * A scope, and the continuation target its coroutines share: run() starts the body of the
     * coroutine of this scope just mounted. One frame between Continuation.enter and the body: frames
     * frozen before the JIT has compiled them are large, and each task's stack chunk carries them.
     */
    private static final class CScope extends ContinuationScope implements Runnable {
        CScope(String name) {
            super(name);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void run() {
            Co co = (Co) Continuation.getCurrentContinuation(this);
            co.bindings = Bindings.current();
            Object b = co.body;
            co.body = null;
            if (b instanceof Runnable r) {
                r.run();
            } else {
                ((Consumer<Object>) b).accept(co.owner);
            }
        }
    }

    @Override
    public Scope tasks() {
        return tasks;
    }

    @Override
    public Scope generators() {
        return generators;
    }

    @Override
    public Coroutine create(Scope scope, Object owner, Runnable body) {
        return new Co((CScope) scope.impl, owner, body);
    }

    @Override
    public Coroutine create(Scope scope, Object owner, Consumer<Object> body) {
        return new Co((CScope) scope.impl, owner, body);
    }

    @Override
    public void checkSuspend(Coroutine co) {
        Co c = (Co) co;
        if (Bindings.current() != c.bindings) {
            throw Bindings.leak(c.getScope() == generators.impl);
        }
    }

    @Override
    public void suspend(Scope scope) {
        ContinuationScope s = (ContinuationScope) scope.impl;
        Continuation c = Continuation.getCurrentContinuation(s);
        if (c == null) {
            throw new IllegalStateException("cannot suspend: no " + scope.name + " is running on this thread");
        }
        Co co = (Co) c;
        assert Bindings.current() == co.bindings : "suspend without checkSuspend inside a ScopedValue binding";
        Continuation.yield(s);
        Object b = Bindings.current(); // the resumer's: a mount leaves the thread's bindings as they were
        if (b != co.bindings) { // resumed under other bindings than last time: the cache brought back is stale
            co.bindings = b;
            Bindings.flushCache();
        }
    }

    @Override
    public boolean isCurrent(Scope scope, Coroutine co) {
        return Continuation.getCurrentContinuation((ContinuationScope) scope.impl) == co;
    }

    @Override
    public List<Object> enclosingOwners(Scope inner, Scope outer) {
        ContinuationScope in = (ContinuationScope) inner.impl;
        ContinuationScope out = (ContinuationScope) outer.impl;
        Continuation c = Continuation.getCurrentContinuation(in);
        if (c == null) {
            return List.of(); // the common case, on every task suspension: no allocation
        }
        List<Object> owners = new ArrayList<>();
        while (c != null && c.getScope() != out) {
            if (c.getScope() == in && c instanceof Co co) {
                owners.add(co.owner);
            }
            c = c.getParent();
        }
        return owners;
    }

    @Override
    public String name() {
        return "continuation";
    }

    private static final class Co extends Continuation implements Coroutine {
        final Object owner;
        Object body; // a Runnable, or a Consumer given the owner; dropped once started (CScope.run)
        Object bindings; // the thread's ScopedValue bindings when last (re)started; null before the start

        Co(CScope scope, Object owner, Object body) {
            super(scope, scope);
            this.owner = owner;
            this.body = body;
        }

        @Override
        public void resume() {
            run();
        }

        @Override
        public StackTraceElement[] stackTrace() {
            if (isDone()) {
                return new StackTraceElement[0];
            }
            try {
                return getStackTrace();
            } catch (RuntimeException e) { // mounted (running) continuations have no separate stack
                return new StackTraceElement[0];
            }
        }

        @Override
        public Object owner() {
            return owner;
        }

        @Override
        public String toString() {
            return "coroutine of " + owner;
        }

        @Override
        protected void onPinned(Continuation.Pinned reason) {
            throw new IllegalStateException("cannot suspend here: the coroutine is pinned to its thread ("
                    + reason + "); a native frame or a JDK critical section is on its stack");
        }
    }

    /** The thread's ScopedValue bindings, as far as the flag lets Weft see them (see the overview). */
    private static final class Bindings {
        private static final ScopedValue.Carrier FLUSH = flushCarrier();
        private static final Runnable NOTHING = () -> {};

        /** The current thread's bindings object, normalised: never null nor the new-thread marker. */
        static Object current() {
            Object b = ScopedValueContainer.captureBindings().scopedValueBindings();
            if (b == null || b == Thread.class) {
                FLUSH.run(NOTHING); // on exit the field holds a snapshot: the one found, or the empty one
                b = ScopedValueContainer.captureBindings().scopedValueBindings();
            }
            return b;
        }

        /**
         * Empties the current thread's scoped-value cache. The JDK offers no call for it; entering and
         * leaving a binding clears the cache slots of the values it binds (Cache.invalidate(bitmask)),
         * so FLUSH binds private scoped values whose slots cover the whole cache.
         */
        static void flushCache() {
            FLUSH.run(NOTHING);
        }

        /**
         * Private scoped values that together cover every cache slot. A value's slots are
         * {@code hash & 15} and {@code (hash >> 4) & 15} (ScopedValue.Cache, JDK 25; hashCode() returns
         * hash), and a binding clears both slots of each value it binds on entry and on exit.
         * ScopedValueTest pins it: a stale cache would show there as a value leaking past
         * its binding.
         */
        private static ScopedValue.Carrier flushCarrier() {
            ScopedValue.Carrier c = null;
            int covered = 0;
            for (int i = 0; i < 100_000 && covered != 0xFFFF; i++) {
                ScopedValue<Boolean> probe = ScopedValue.newInstance();
                int h = probe.hashCode();
                int slots = (1 << (h & 15)) | (1 << ((h >> 4) & 15));
                if ((covered | slots) != covered) {
                    c = c == null ? ScopedValue.where(probe, Boolean.TRUE) : c.where(probe, Boolean.TRUE);
                    covered |= slots;
                }
            }
            return c;
        }

        static IllegalStateException leak(boolean generator) {
            if (generator) {
                return new IllegalStateException("cannot yield inside a ScopedValue binding made in the generator's "
                        + "body (ScopedValue.where(...).run/call around the yield): on the continuation backend the "
                        + "binding lives on the thread that resumed the generator, so it would leak to that code. "
                        + "Close the binding before yielding, or pass the value in with send(); on the portable backend "
                        + "(-Dweft.backend=portable) a generator body has a thread of its own, and such bindings stay its own");
            }
            return new IllegalStateException("cannot await inside a ScopedValue binding made in this task "
                    + "(ScopedValue.where(...).run/call around the await, in the task or in a generator it drives): "
                    + "on the continuation backend the binding lives on the loop's thread, which every task of the "
                    + "loop shares, so it would leak to them. Keep awaits outside the binding, or keep the value in "
                    + "a TaskLocal, which is per task across awaits; on the portable backend (-Dweft.backend=portable) "
                    + "each task body has a thread of its own, and such bindings stay its own");
        }
    }
}
