package dev.weft.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The portable backend: each coroutine body runs in a virtual thread of its own, and control passes
 * strictly hand to hand, so at most one body of a chain runs at any moment. Needs no JVM flag; a
 * switch is a thread hand-off (task to task directly, or resumer to body and back), so it is slower
 * than the continuation backend.
 */
final class PortableKernel implements Kernel {
    /* Overview:
     * A PCo has two batons (spin-then-park hand-offs): `run` (its body may go on) and `back` (its resumer may go on).
     * resume(): the caller records itself as the parent, releases the target's `run` (the body's
     * thread, or the innermost coroutine suspended inside it), and acquires `back`. suspend(scope):
     * the body's thread finds the innermost coroutine S of that scope on its parent chain (itself, or
     * an enclosing one: a generator awaiting inside a task suspends the task), records itself as
     * S.suspendedAt, releases S.back and acquires its own `run`. Every release/acquire pair is a
     * happens-before edge, so the plain fields need no volatile: only the thread holding control
     * touches them.
     *
     * The threads of a chain other than the running one are blocked in resume() (waiting for their
     * child) or in suspend() (waiting to be resumed). kill() wakes a suspended body with CoroutineKilled, which
     * unwinds it (finally blocks run) and ends its thread.
     *
     * Who spins and who parks (Baton): a switch between tasks is two hand-offs, body -> loop -> body,
     * and the machine may have two cores only. A platform thread waiting for a body it resumed (the
     * loop's thread, or a plain thread driving a generator) spins up to RESUMER_SPIN_NANOS: the body
     * runs on another core meanwhile and most steps are short. A suspended task body parks at once: the
     * loop runs other work before it resumes it, and a spinning body would hold a carrier thread that
     * the next body needs. A generator driven by a platform thread spins briefly (the next send
     * usually follows at once); any virtual thread waiting for another parks at once, which hands its
     * carrier to the thread it waits for.
     *
     * Direct task switches (LoopDriver): when a task's body suspends and the loop resumed it directly,
     * and the loop's next item is another task's step with nothing before it, its thread takes that
     * step off the ready queue and hands control straight to that task: one hand-off per switch
     * instead of two (body -> loop -> body), none when the step is its own. Callbacks, I/O and waits
     * stay on the loop's thread. Meanwhile the loop's thread still waits in resume() for the task it
     * resumed; every coroutine of such a chain has that task as its `rootWaiter`, whose `back` the
     * chain releases when it hands control back or a body of it ends.
     *
     * Thread identity: code in a body sees its virtual thread as Thread.currentThread();
     * logicalThread() gives the thread that resumed the outermost coroutine (the loop's thread), which
     * is what the loop compares with when it checks who calls it.
     */

    private static final ThreadLocal<PCo> CURRENT = new ThreadLocal<>();
    /** How long a platform thread that resumed a body spins before it parks. */
    static final long RESUMER_SPIN_NANOS = 50_000;
    /** How long a generator body driven by a platform thread spins for the next send before it parks. */
    static final long GENERATOR_SPIN_NANOS = 5_000;
    /** How long a task that handed control straight to another spins, when its own step is next. */
    static final long DIRECT_SPIN_NANOS = 2_000;
    private final Scope tasks = scope("task");
    private final Scope generators = scope("generator");
    private volatile LoopDriver driver; // the loop's side of direct task switches, set by Task

    @Override
    public Scope scope(String name) {
        return new Scope(name, new Object());
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
        return new PCo(scope, owner, body);
    }

    @Override
    public void setLoopDriver(LoopDriver driver) {
        this.driver = driver;
    }

    @Override
    public void suspend(Scope scope) {
        PCo x = CURRENT.get();
        PCo s = x;
        while (s != null && s.scope != scope) {
            s = s.parent;
        }
        if (s == null) {
            throw new IllegalStateException("cannot suspend: no " + scope.name + " is running on this thread");
        }
        if (x.killed) {
            throw new CoroutineKilled(); // a finally block of a killed body tried to suspend again
        }
        s.suspendedAt = x;
        LoopDriver d = driver;
        if (d != null && x == s && s.parent == null && s.scope == tasks && switchDirectly(s, d)) {
            return;
        }
        long spin = s.scope != tasks && s.parent == null && !s.root.isVirtual() ? GENERATOR_SPIN_NANOS : 0;
        s.rootWaiter.back.release();
        x.run.acquire(spin);
        if (x.killed) {
            throw new CoroutineKilled();
        }
    }

    /**
     * Task {@code s}, resumed by the loop, suspends: if the loop's next item is a task step, goes on
     * with that task directly. False when the loop's thread must take over.
     */
    private boolean switchDirectly(PCo s, LoopDriver d) {
        PCo next = (PCo) d.next(s.owner);
        if (next == null) {
            return false;
        }
        if (next == s) {
            s.suspendedAt = null; // its own step came up: go on without any hand-off
            return true;
        }
        next.parent = null;
        next.root = s.root;
        next.rootWaiter = s.rootWaiter;
        // Spin only when this task runs again right after `next` (two tasks taking turns): a waiting
        // thread that spins holds a carrier thread the others may need.
        long spin = d.stepsNext(s.owner) ? DIRECT_SPIN_NANOS : 0;
        next.handOff();
        s.run.acquire(spin);
        if (s.killed) {
            throw new CoroutineKilled();
        }
        return true;
    }

    @Override
    public boolean isCurrent(Scope scope, Coroutine co) {
        PCo s = CURRENT.get();
        while (s != null && s.scope != scope) {
            s = s.parent;
        }
        return s == co;
    }

    @Override
    public List<Object> enclosingOwners(Scope inner, Scope outer) {
        PCo c = CURRENT.get();
        if (c == null || c.scope != inner && c.parent == null) {
            return List.of();
        }
        List<Object> owners = new ArrayList<>();
        while (c != null && c.scope != outer) {
            if (c.scope == inner) {
                owners.add(c.owner);
            }
            c = c.parent;
        }
        return owners;
    }

    @Override
    public Thread logicalThread() {
        PCo c = CURRENT.get();
        return c == null ? Thread.currentThread() : c.root;
    }

    @Override
    public boolean holdsThreads() {
        return true;
    }

    @Override
    public String name() {
        return "portable";
    }

    private static final class PCo implements Coroutine {
        final Scope scope;
        final Object owner;
        final Runnable body;
        final Baton run = new Baton();
        final Baton back = new Baton();
        volatile Thread thread; // volatile: kill() may come from a Cleaner's thread
        PCo parent; // the coroutine whose thread resumed this one last (null: a plain thread)
        Thread root; // the plain thread at the root of the chain: the loop's thread
        volatile PCo suspendedAt; // the innermost coroutine that suspended this one's scope
        PCo rootWaiter = this; // whose `back` its resumer waits on: itself, or the head of a direct-switch chain
        boolean done;
        volatile boolean killed;
        Throwable failure;

        PCo(Scope scope, Object owner, Runnable body) {
            this.scope = scope;
            this.owner = owner;
            this.body = body;
        }

        @Override
        public void run() {
            resume();
        }

        @Override
        public void resume() {
            PCo caller = CURRENT.get();
            parent = caller;
            root = caller == null ? Thread.currentThread() : caller.root;
            rootWaiter = this;
            handOff();
            back.acquire(Thread.currentThread().isVirtual() ? 0 : RESUMER_SPIN_NANOS);
            if (killed) {
                throw new CoroutineKilled(); // a coroutine inside this one's chain was killed: unwind this body too
            }
            if (done && failure != null) {
                Throwable f = failure;
                failure = null;
                throw PortableKernel.<RuntimeException>sneaky(f);
            }
        }

        /** Lets this coroutine's body go on: starts its thread, or wakes its innermost suspended coroutine. */
        void handOff() {
            if (done) {
                throw new IllegalStateException("cannot resume a finished coroutine");
            }
            if (thread == null) {
                thread = Thread.ofVirtual().name("weft-" + scope.name).unstarted(this::main);
                thread.start();
            } else {
                PCo target = suspendedAt;
                suspendedAt = null;
                for (PCo c = target; c != this && c != null; c = c.parent) {
                    c.root = root;
                }
                target.run.release();
            }
        }

        private void main() {
            CURRENT.set(this);
            try {
                body.run();
            } catch (CoroutineKilled k) {
                // abandoned: unwound
            } catch (Throwable t) {
                failure = t;
            } finally {
                done = true;
                rootWaiter.back.release(); // wakes the resumer; after a kill, the enclosing body or the killer
            }
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public StackTraceElement[] stackTrace() {
            PCo at = suspendedAt;
            Thread t = at != null ? at.thread : null;
            return t == null || done ? new StackTraceElement[0] : t.getStackTrace();
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
        public Thread runningThread() {
            return done || suspendedAt != null ? null : thread;
        }

        @Override
        public void kill(boolean await) {
            if (thread == null || done || killed) {
                done = true;
                return;
            }
            PCo target = suspendedAt;
            if (target == null) {
                return; // running: cannot kill from outside
            }
            for (PCo c = target; c != null; c = c == this ? null : c.parent) {
                c.killed = true;
            }
            rootWaiter = this; // the killer waits on this one's back
            suspendedAt = null;
            target.run.release();
            if (await) {
                back.acquire(0); // wait until the whole chain has unwound: its threads are ending
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
