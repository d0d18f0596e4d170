package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Eager task start (issue 16), ported from CPython's test_asyncio/test_eager_task_factory.py: each
 * case runs once with {@link Weft#spawnEager} and once with the loop-wide
 * {@link dev.weft.EventLoop#setEagerTaskStart}.
 */
class EagerTaskTest {

    /** Spawns eagerly, per spawn or through the loop-wide setting. */
    private static <T> Task<T> eager(boolean loopWide, java.util.concurrent.Callable<T> body) {
        if (loopWide) {
            Weft.loop().setEagerTaskStart(true);
            try {
                return Weft.spawn(body);
            } finally {
                Weft.loop().setEagerTaskStart(false);
            }
        }
        return Weft.spawnEager(body);
    }

    @Test
    void eagerCompletion() {
        for (boolean loopWide : new boolean[] {false, true}) {
            // test_eager_completion
            String r = runVirtual(() -> {
                Task<String> t = eager(loopWide, () -> "hello");
                assertThat(t.isDone()).as("the eager step completed the task").isTrue();
                return t.await();
            });
            assertThat(r).isEqualTo("hello");
        }
    }

    @Test
    void awaitFutureDuringEagerStep() {
        // test_await_future_during_eager_step
        for (boolean loopWide : new boolean[] {false, true}) {
            String r = runVirtual(() -> {
                Future<String> fut = Weft.loop().createFuture();
                Task<Void> t = eager(loopWide, () -> {
                    fut.setResult("my message");
                    return null;
                });
                assertThat(t.isDone()).isTrue();
                return fut.await();
            });
            assertThat(r).isEqualTo("my message");
        }
    }

    @Test
    void blockAfterEagerStep() {
        // test_block_after_eager_step
        for (boolean loopWide : new boolean[] {false, true}) {
            List<String> log = new ArrayList<>();
            String r = runVirtual(() -> {
                Task<String> t = eager(loopWide, () -> {
                    log.add("eager step");
                    sleep(0.1);
                    log.add("resumed");
                    return "finished after blocking";
                });
                log.add("creator goes on");
                assertThat(t.isDone()).isFalse();
                String res = t.await();
                assertThat(t.isDone()).isTrue();
                return res;
            });
            assertThat(r).isEqualTo("finished after blocking");
            assertThat(log).containsExactly("eager step", "creator goes on", "resumed");
        }
    }

    @Test
    void cancellationAfterEagerCompletion() {
        // test_cancellation_after_eager_completion
        runVirtual(() -> {
            Task<String> t = Weft.spawnEager(() -> "finished without blocking");
            assertThat(t.cancel()).isFalse();
            assertThat(t.await()).isEqualTo("finished without blocking");
            assertThat(t.isCancelled()).as("a finished task can't be cancelled").isFalse();
        });
    }

    @Test
    void cancellationAfterEagerStepBlocks() {
        // test_cancellation_after_eager_step_blocks
        assertThatThrownBy(() -> runVirtual(() -> {
            Task<String> t = Weft.spawnEager(() -> {
                sleep(0.1);
                return "finished after blocking";
            });
            t.cancel("cancellation message");
            assertThat(t.cancelling()).isPositive();
            t.await();
        })).isInstanceOf(CancelledError.class).hasMessage("cancellation message");
    }

    @Test
    void currentTaskIsTheNewTaskDuringTheEagerStepThenTheCreatorAgain() {
        // test_current_task
        for (boolean loopWide : new boolean[] {false, true}) {
            AtomicReference<Task<?>> captured = new AtomicReference<>();
            runVirtual(() -> {
                Task<?> creator = Weft.currentTask();
                Task<Void> t = eager(loopWide, () -> {
                    captured.set(Weft.currentTask());
                    sleep(0.1);
                    assertThat(Weft.currentTask()).isSameAs(captured.get());
                    return null;
                });
                assertThat(captured.get()).isSameAs(t);
                assertThat(Weft.currentTask()).isSameAs(creator);
                t.await();
            });
        }
    }

    @Test
    void allTasksWithEagerCompletion() {
        // test_all_tasks_with_eager_completion
        runVirtual(() -> {
            AtomicReference<List<Task<?>>> captured = new AtomicReference<>();
            Task<Void> t = Weft.spawnEager(() -> {
                captured.set(Weft.loop().allTasks());
                return null;
            });
            assertThat(captured.get()).contains(t);
            assertThat(Weft.loop().allTasks()).doesNotContain(t);
        });
    }

    @Test
    void allTasksWithBlocking() {
        // test_all_tasks_with_blocking
        runVirtual(() -> {
            Future<Void> fut1 = Weft.loop().createFuture();
            Future<Void> fut2 = Weft.loop().createFuture();
            AtomicReference<List<Task<?>>> captured = new AtomicReference<>();
            Task<Void> t = Weft.spawnEager(() -> {
                captured.set(Weft.loop().allTasks());
                fut1.await();
                fut2.setResult(null);
                return null;
            });
            assertThat(captured.get()).contains(t);
            assertThat(Weft.loop().allTasks()).contains(t);
            fut1.setResult(null);
            fut2.await();
            assertThat(Weft.loop().allTasks()).doesNotContain(t);
        });
    }

    @Test
    void taskLocalsAreInheritedAsAtASpawn() {
        // test_context_vars, in Weft's terms
        TaskLocal<String> who = TaskLocal.withDefault("who", "nobody");
        runVirtual(() -> {
            who.set("parent");
            AtomicReference<String> seen = new AtomicReference<>();
            Task<Void> t = Weft.spawnEager(() -> {
                seen.set(who.get());
                who.set("child");
                return null;
            });
            assertThat(seen.get()).isEqualTo("parent");
            assertThat(who.get()).as("the child's set stays in the child").isEqualTo("parent");
            t.await();
        });
    }

    @Test
    void aFailureInTheEagerStepIsTheTasksNotTheCreators() {
        runVirtual(() -> {
            Task<Void> t = Weft.spawnEager(() -> {
                throw new Boom("eager");
            });
            assertThat(t.isDone()).isTrue();
            assertThat(t.exception()).isInstanceOf(Boom.class).hasMessage("eager");
        });
    }

    @Test
    void recursiveGatherCreatesNoScheduledStepWhenNothingSuspends() {
        // test_recursive_gather: eager tasks that finish at once leave nothing to schedule
        runVirtual(() -> {
            Weft.loop().setEagerTaskStart(true);
            class Tree {
                int walk(int depth) {
                    if (depth == 0) {
                        return 1;
                    }
                    List<Task<Integer>> kids = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        kids.add(Weft.spawn(() -> walk(depth - 1)));
                    }
                    for (Task<Integer> k : kids) {
                        assertThat(k.isDone()).isTrue();
                    }
                    int n = 0;
                    for (Task<Integer> k : kids) {
                        n += k.await();
                    }
                    return n;
                }
            }
            assertThat(new Tree().walk(4)).isEqualTo(81);
        });
    }

    @Test
    void beforeTheLoopRunsAnEagerTaskIsScheduled() {
        dev.weft.EventLoop loop = new dev.weft.EventLoop(new dev.weft.VirtualClock());
        try {
            loop.setEagerTaskStart(true);
            List<String> log = new ArrayList<>();
            Task<String> t = loop.createTask(() -> {
                log.add("ran");
                return "x";
            });
            assertThat(log).as("not running: scheduled, as asyncio does").isEmpty();
            assertThat(loop.runUntilComplete(t)).isEqualTo("x");
        } finally {
            loop.close();
        }
    }
}
