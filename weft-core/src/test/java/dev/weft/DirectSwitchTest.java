package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.gen.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Task switches as the loop orders them. On the portable backend a suspending task's thread runs the
 * loop's ready work itself and hands control straight to the next task (PortableKernel, LoopDriver);
 * these tests pin that nothing of the loop's semantics changes with it: FIFO order, one iteration at
 * a time, callbacks run outside any task and on the loop, stop() after the iteration. They run on
 * both backends, like the whole suite.
 */
class DirectSwitchTest {

    @Test
    void callbacksAndStepsInterleaveAsInAsyncio() {
        // The same program in CPython 3.13 asyncio (two tasks, each scheduling a callback and then
        // awaiting sleep(0), three times) prints exactly this trace.
        List<String> trace = new ArrayList<>();
        Weft.run(() -> {
            EventLoop loop = Weft.loop();
            Task<Void> a = Weft.spawn(() -> worker("A", loop, trace));
            Task<Void> b = Weft.spawn(() -> worker("B", loop, trace));
            a.await();
            b.await();
            trace.add("main");
        });
        assertThat(trace).containsExactly("A0", "B0", "cb A0 true", "A1", "cb B0 true", "B1", "cb A1 true",
                "A2", "cb B1 true", "B2", "cb A2 true", "cb B2 true", "main");
    }

    private static Void worker(String name, EventLoop loop, List<String> trace) {
        for (int i = 0; i < 3; i++) {
            trace.add(name + i);
            String tag = name + i;
            loop.callSoon(() -> trace.add("cb " + tag + " " + (loop.currentTask() == null)));
            Weft.yieldNow();
        }
        return null;
    }

    @Test
    void aCallbackBetweenTwoStepsRunsOnTheLoopOutsideAnyTask() {
        List<Object> seen = new ArrayList<>();
        Weft.run(() -> {
            EventLoop loop = Weft.loop();
            Task<Void> a = Weft.spawn(() -> {
                loop.callSoon(() -> {
                    seen.add(loop.inLoopThread());
                    seen.add(EventLoop.running() == loop);
                    seen.add(loop.currentTask());
                    loop.callSoon(() -> seen.add("scheduled from a callback"));
                    // a generator driven from the callback runs, and may not await: no task runs here
                    Generator<Integer, Object, Void> g = Generator.of(y -> {
                        y.yield(1);
                        y.yield(2);
                    });
                    seen.add(g.next() + g.next());
                    Generator<Integer, Object, Void> awaiting = Generator.of(y -> Weft.yieldNow());
                    try {
                        awaiting.next();
                    } catch (IllegalStateException e) {
                        seen.add(e.getMessage());
                    }
                });
                Weft.yieldNow(); // the callback runs between this step and the next
                Weft.yieldNow();
                return null;
            });
            Task<Void> b = Weft.spawn(() -> {
                Weft.yieldNow();
                Weft.yieldNow();
                return null;
            });
            a.await();
            b.await();
        });
        assertThat(seen).hasSize(6);
        assertThat(seen.subList(0, 4)).containsExactly(true, true, null, 3);
        assertThat((String) seen.get(4)).startsWith("await outside a task: this code runs in a plain callback");
        assertThat(seen.get(5)).isEqualTo("scheduled from a callback");
    }

    @Test
    void stopInATaskEndsTheLoopAfterTheIteration() {
        // asyncio: loop.stop() in task a's first step; b's first step is in the same iteration and still
        // runs, then run_forever returns; the next run_forever goes on with both.
        List<String> trace = new ArrayList<>();
        try (EventLoop loop = new EventLoop()) {
            Task<Void> a = loop.createTask(() -> {
                trace.add("a1");
                Weft.loop().stop();
                Weft.yieldNow();
                trace.add("a2");
                return null;
            });
            Task<Void> b = loop.createTask(() -> {
                trace.add("b1");
                Weft.yieldNow();
                trace.add("b2");
                return null;
            });
            loop.runForever();
            assertThat(trace).containsExactly("a1", "b1");
            loop.runUntilComplete(b);
            assertThat(trace).containsExactly("a1", "b1", "a2", "b2");
            assertThat(a.isDone()).isTrue();
        }
    }

    @Test
    void manyTasksTakeTurnsInRoundRobinOrder() {
        int tasks = 200;
        int rounds = 50;
        List<Integer> order = new ArrayList<>();
        Weft.run(() -> {
            List<Task<Integer>> all = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                int id = t;
                all.add(Weft.spawn(() -> {
                    for (int r = 0; r < rounds + id % 3; r++) { // some finish a round or two earlier
                        order.add(id);
                        Weft.yieldNow();
                    }
                    return id;
                }));
            }
            int sum = 0;
            for (Task<Integer> t : all) {
                sum += t.await();
            }
            assertThat(sum).isEqualTo(tasks * (tasks - 1) / 2);
        });
        List<Integer> expected = new ArrayList<>();
        for (int r = 0; r < rounds + 2; r++) {
            for (int t = 0; t < tasks; t++) {
                if (r < rounds + t % 3) {
                    expected.add(t);
                }
            }
        }
        assertThat(order).isEqualTo(expected);
    }

    @Test
    void awaitingOutsideATaskFromACallbackIsAClearError() {
        List<Throwable> errors = new ArrayList<>();
        Weft.run(() -> {
            EventLoop loop = Weft.loop();
            Task<Void> a = Weft.spawn(() -> {
                loop.callSoon(() -> {
                    try {
                        Weft.sleep(java.time.Duration.ZERO);
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                });
                Weft.yieldNow();
                return null;
            });
            Task<Void> b = Weft.spawn(() -> {
                Weft.yieldNow();
                return null;
            });
            a.await();
            b.await();
        });
        assertThat(errors).hasSize(1);
        assertThatThrownBy(() -> {
            throw errors.get(0);
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("task");
    }
}
