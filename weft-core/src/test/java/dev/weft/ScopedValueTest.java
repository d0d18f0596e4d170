package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import dev.weft.gen.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ScopedValue bindings never leak from one task to another, nor from a generator body to the code that
 * resumes it (issue 14). On the continuation backend the bindings live on the loop's thread, which all
 * its tasks share, so a task may not suspend inside a binding it made: the await throws, before anything
 * changed. On the portable backend each body has a thread of its own, and such bindings stay its own.
 * Both backends: what differs is asserted per backend, and nothing ever sees another task's value.
 */
class ScopedValueTest {
    static final ScopedValue<String> USER = ScopedValue.newInstance();
    static final ScopedValue<String> TENANT = ScopedValue.newInstance();

    static boolean continuation() {
        return Weft.backend().equals("continuation");
    }

    static String user() {
        return USER.isBound() ? USER.get() : "unbound";
    }

    /** The reproduction: three tasks each await three times inside their own binding. */
    @Test
    void aTaskNeverSeesAnotherTasksBinding() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("alice", "bob", "carol")) {
                tasks.add(Weft.spawn(() -> {
                    try {
                        ScopedValue.where(USER, name).call(() -> {
                            for (int i = 0; i < 3; i++) {
                                sleep(0.005);
                                log.add(name + " sees " + USER.get());
                            }
                            return null;
                        });
                    } catch (IllegalStateException e) {
                        log.add(name + " refused: " + e.getMessage());
                    }
                    log.add(name + " after its binding: " + user()); // unwound, on either backend
                }));
            }
            Weft.gather(tasks).await();
        });
        for (String line : log) {
            String name = line.substring(0, line.indexOf(' '));
            assertThat(line).satisfiesAnyOf(
                    l -> assertThat(l).isEqualTo(name + " sees " + name),
                    l -> assertThat(l).isEqualTo(name + " after its binding: unbound"),
                    l -> assertThat(l).startsWith(name + " refused: cannot await inside a ScopedValue binding"));
        }
        if (continuation()) {
            assertThat(log).filteredOn(l -> l.contains(" refused: ")).hasSize(3)
                    .allSatisfy(l -> assertThat(l).contains("TaskLocal").contains("-Dweft.backend=portable"));
            assertThat(log).filteredOn(l -> l.contains(" sees ")).isEmpty();
        } else {
            assertThat(log).filteredOn(l -> l.contains(" sees ")).hasSize(9);
            assertThat(log).filteredOn(l -> l.contains(" refused: ")).isEmpty();
        }
        assertThat(log).filteredOn(l -> l.contains(" after its binding: unbound")).hasSize(3);
    }

    @Test
    void bindingsMadeAndClosedBetweenAwaitsWorkOnBothBackends() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("alice", "bob")) {
                tasks.add(Weft.spawn(() -> {
                    for (int i = 0; i < 3; i++) {
                        Weft.yieldNow();
                        String seen = ScopedValue.where(USER, name + i)
                                .call(() -> ScopedValue.where(TENANT, "t-" + name).call(() -> USER.get() + "/" + TENANT.get()));
                        log.add(name + ": " + seen + ", then " + user());
                    }
                }));
            }
            Weft.gather(tasks).await();
        });
        assertThat(log).containsExactly(
                "alice: alice0/t-alice, then unbound", "bob: bob0/t-bob, then unbound",
                "alice: alice1/t-alice, then unbound", "bob: bob1/t-bob, then unbound",
                "alice: alice2/t-alice, then unbound", "bob: bob2/t-bob, then unbound");
    }

    @Test
    void nestedBindingsAcrossAnAwait() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Void> other = Weft.spawn(() -> {
                for (int i = 0; i < 4; i++) {
                    log.add("other sees " + user());
                    Weft.yieldNow();
                }
            });
            ScopedValue.where(USER, "outer").run(() -> {
                try {
                    ScopedValue.where(USER, "inner").run(() -> {
                        Weft.yieldNow(); // refused on the continuation backend, fine on the portable one
                        log.add("inner sees " + user());
                    });
                } catch (IllegalStateException refused) {
                    log.add("refused");
                }
                log.add("outer sees " + user());
            });
            other.await();
            log.add("main sees " + user());
        });
        assertThat(log).filteredOn(l -> l.startsWith("other")).containsOnly("other sees unbound");
        if (continuation()) {
            assertThat(log).filteredOn(l -> !l.startsWith("other"))
                    .containsExactly("refused", "outer sees outer", "main sees unbound");
        } else {
            assertThat(log).filteredOn(l -> !l.startsWith("other"))
                    .containsExactly("inner sees inner", "outer sees outer", "main sees unbound");
        }
    }

    /** A refused await, sleep or yield registers nothing: the task goes on, and later awaits work as usual. */
    @Test
    void aRefusedSuspensionLeavesNothingBehind() {
        runVirtual(() -> {
            Future<String> f = Weft.loop().createFuture();
            List<String> log = new ArrayList<>();
            Task<String> t = Weft.spawn(() -> {
                ScopedValue.where(USER, "u").run(() -> {
                    for (Runnable suspension : List.<Runnable>of(Weft::yieldNow, () -> sleep(1), () -> f.await())) {
                        try {
                            suspension.run();
                            log.add("suspended");
                        } catch (IllegalStateException refused) {
                            log.add("refused while " + Weft.currentTask());
                        }
                    }
                });
                double before = now();
                Weft.yieldNow();
                log.add("yielded");
                return f.await() + " at " + (now() - before);
            });
            sleep(2);
            assertThat(f.isCancelled()).isFalse();
            assertThat(t.isDone()).isFalse();
            f.setResult("f");
            if (continuation()) { // refused at once: the task then waits for f, which comes at 2 s
                assertThat(t.await()).isEqualTo("f at 2.0");
                assertThat(log).hasSize(4).startsWith("refused while Task[" + t.name() + " RUNNING]")
                        .filteredOn(l -> l.equals("refused while Task[" + t.name() + " RUNNING]")).hasSize(3);
            } else { // it waited for f inside the binding
                assertThat(t.await()).isEqualTo("f at 0.0");
                assertThat(log).containsExactly("suspended", "suspended", "suspended", "yielded");
            }
        });
    }

    @Test
    void aSpawnedTaskDoesNotInheritItsSpawnersBinding() {
        String seen = runVirtual(() -> ScopedValue.where(USER, "spawner")
                .call(() -> Weft.spawn(ScopedValueTest::user)) // no await inside the binding
                .await());
        assertThat(seen).isEqualTo("unbound");
    }

    @Test
    void aBindingAroundWeftRunIsTheLoopThreadsOnTheContinuationBackendOnly() {
        List<String> seen = ScopedValue.where(USER, "around run").call(() -> runVirtual(() -> {
            List<String> s = new ArrayList<>();
            s.add("main " + user());
            sleep(1);
            s.add("main after an await " + user());
            s.add("child " + Weft.spawn(ScopedValueTest::user).await());
            return s;
        }));
        String v = continuation() ? "around run" : "unbound";
        assertThat(seen).containsExactly("main " + v, "main after an await " + v, "child " + v);
        assertThat(user()).isEqualTo("unbound"); // and the caller's binding was unwound as usual
    }

    @Test
    void aGeneratorBodyMayNotYieldInsideItsOwnBindingOnTheContinuationBackend() {
        Generator<String, Object, Void> g = Generator.of(y -> {
            y.yield("before " + user());
            ScopedValue.where(USER, "in the body").run(() -> y.yield("inside " + user()));
            y.yield("after " + user());
        });
        assertThat(g.next()).isEqualTo("before unbound");
        if (continuation()) {
            assertThatIllegalStateException().isThrownBy(g::next)
                    .withMessageStartingWith("cannot yield inside a ScopedValue binding made in the generator's body")
                    .withMessageContaining("send()");
            assertThat(user()).isEqualTo("unbound"); // the body's binding did not reach the caller
        } else {
            assertThat(g.next()).isEqualTo("inside in the body");
            assertThat(user()).isEqualTo("unbound"); // the body's own thread holds it
            assertThat(g.next()).isEqualTo("after unbound");
        }
    }

    @Test
    void aGeneratorBodyAwaitingInsideItsOwnBindingIsRefusedLikeTheTask() {
        List<String> log = runVirtual(() -> {
            List<String> l = new ArrayList<>();
            Generator<String, Object, Void> g = Generator.of(y -> {
                try {
                    ScopedValue.where(USER, "gen").run(() -> sleep(1));
                    l.add("slept inside");
                } catch (IllegalStateException refused) {
                    l.add("refused: " + refused.getMessage().substring(0, 33));
                }
                y.yield(user());
            });
            l.add("yielded " + g.next());
            return l;
        });
        assertThat(log).containsExactly(continuation() ? "refused: cannot await inside a ScopedValue" : "slept inside",
                "yielded unbound");
    }

    /**
     * A generator body sees the bindings of the code that resumes it on the continuation backend, anew
     * at each resume (the cache its continuation brings back is flushed when they changed); none on the
     * portable backend. Never a binding that has been closed.
     */
    @Test
    void aGeneratorNeverSeesABindingAfterItWasClosed() throws Exception {
        Generator<String, Object, Void> g = Generator.of(y -> {
            while (true) {
                String first = user();
                y.yield(first + "/" + user()); // read twice: the second read comes from the cache
            }
        });
        List<String> seen = new ArrayList<>();
        seen.add(ScopedValue.where(USER, "x").call(g::next));
        seen.add(g.next());
        seen.add(ScopedValue.where(USER, "y").call(g::next));
        seen.add(ScopedValue.where(USER, "y").call(g::next)); // another binding, same value
        seen.add(g.next());
        if (continuation()) {
            assertThat(seen).containsExactly("x/x", "unbound/unbound", "y/y", "y/y", "unbound/unbound");
        } else {
            assertThat(seen).containsOnly("unbound/unbound");
        }
    }

    /** A loop run again under another binding: its suspended task does not keep the old value cached. */
    @Test
    void aLoopRunAgainUnderAnotherBindingIsSeenAfresh() {
        dev.weft.EventLoop loop = new dev.weft.EventLoop(new dev.weft.VirtualClock());
        try {
            Future<Void> go = loop.createFuture();
            List<String> seen = new ArrayList<>();
            Task<Void> t = loop.createTask(() -> {
                seen.add(user());
                go.await();
                seen.add(user());
                return null;
            });
            ScopedValue.where(USER, "first run").run(() -> loop.runUntilComplete(() -> {
                Weft.yieldNow();
                return null;
            }));
            ScopedValue.where(USER, "second run").run(() -> {
                go.setResult(null);
                loop.runUntilComplete(t);
            });
            String first = continuation() ? "first run" : "unbound";
            String second = continuation() ? "second run" : "unbound";
            assertThat(seen).containsExactly(first, second);
        } finally {
            loop.close();
        }
    }
}
