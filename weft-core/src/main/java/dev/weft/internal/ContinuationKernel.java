package dev.weft.internal;

import java.util.ArrayList;
import java.util.List;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

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
     */

    private final Scope tasks = scope("task");
    private final Scope generators = scope("generator");

    static boolean accessible() {
        return Object.class.getModule().isExported("jdk.internal.vm", ContinuationKernel.class.getModule());
    }

    @Override
    public Scope scope(String name) {
        return new Scope(name, new ContinuationScope(name));
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
        return new Co((ContinuationScope) scope.impl, owner, body);
    }

    @Override
    public void suspend(Scope scope) {
        ContinuationScope s = (ContinuationScope) scope.impl;
        if (Continuation.getCurrentContinuation(s) == null) {
            throw new IllegalStateException("cannot suspend: no " + scope.name + " is running on this thread");
        }
        Continuation.yield(s);
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

        Co(ContinuationScope scope, Object owner, Runnable body) {
            super(scope, body);
            this.owner = owner;
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
        protected void onPinned(Continuation.Pinned reason) {
            throw new IllegalStateException("cannot suspend here: the coroutine is pinned to its thread ("
                    + reason + "); a native frame or a JDK critical section is on its stack");
        }
    }
}
