package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The behaviour of CPython's test_tasks.py (tasks proper, without the combinators) on Weft's {@link Task}. */
class TaskTest {

    @Test
    void taskReturnsItsBodysValue() {
        int r = runVirtual(() -> {
            Task<Integer> t = Weft.spawn(() -> {
                sleep(1);
                return 42;
            });
            assertThat(t.isDone()).isFalse();
            int v = t.await();
            assertThat(t.isDone()).isTrue();
            assertThat(t.result()).isEqualTo(42);
            assertThat(t.exception()).isNull();
            return v;
        });
        assertThat(r).isEqualTo(42);
    }

    @Test
    void aFailedTaskRethrowsItsExceptionAsTheSameObject() {
        Boom boom = new Boom("task failed");
        runVirtual(() -> {
            Task<Integer> t = Weft.spawn(() -> {
                sleep(1);
                throw boom;
            });
            assertThatThrownBy(t::await).isSameAs(boom);
            assertThat(t.exception()).isSameAs(boom);
            assertThat(t.isCancelled()).isFalse();
        });
    }

    @Test
    void aCheckedExceptionIsWrapped() {
        runVirtual(() -> {
            Task<Integer> t = Weft.spawn(() -> {
                throw new CheckedBoom("checked");
            });
            assertThatThrownBy(t::await).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(CheckedBoom.class).hasMessage("checked");
            assertThat(t.exception()).isInstanceOf(CheckedBoom.class);
        });
    }

    @Test
    void aTaskStartsAtTheNextIterationNotInline() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Void> t = Weft.spawn(() -> {
                log.add("child");
            });
            log.add("spawned");
            assertThat(t.toString()).contains("SCHEDULED");
            t.await();
            log.add("joined");
        });
        assertThat(log).containsExactly("spawned", "child", "joined");
    }

    @Test
    void tasksInterleaveOnlyAtAwaitsInFifoOrder() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            List<Task<Void>> ts = new ArrayList<>();
            for (String n : List.of("a", "b", "c")) {
                ts.add(Weft.spawn(() -> {
                    log.add(n + "1");
                    Weft.yieldNow();
                    log.add(n + "2");
                    Weft.yieldNow();
                    log.add(n + "3");
                }));
            }
            Weft.gather(ts).await();
        });
        assertThat(log).containsExactly("a1", "b1", "c1", "a2", "b2", "c2", "a3", "b3", "c3");
    }

    @Test
    void sleepsEndInDeadlineOrderOnVirtualTime() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Void> a = Weft.spawn(() -> { sleep(3); log.add("a@" + now()); });
            Task<Void> b = Weft.spawn(() -> { sleep(1); log.add("b@" + now()); });
            Task<Void> c = Weft.spawn(() -> { sleep(2); log.add("c@" + now()); });
            Weft.gather(a, b, c).await();
            assertThat(now()).isEqualTo(3.0);
        });
        assertThat(log).containsExactly("b@1.0", "c@2.0", "a@3.0");
    }

    @Test
    void awaitingWorksAtAnyDepthOfCalls() {
        double t = runVirtual(() -> {
            Task<Double> task = Weft.spawn(() -> deep(5));
            return task.await();
        });
        assertThat(t).isEqualTo(5.0);
    }

    private static double deep(int n) {
        if (n == 0) {
            return now();
        }
        sleep(1);
        return deep(n - 1);
    }

    @Test
    void yieldNowLetsEveryOtherReadyTaskRunOnce() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Weft.spawn(() -> { log.add("other"); });
            log.add("before");
            Weft.yieldNow();
            log.add("after");
            assertThat(now()).isZero();
        });
        assertThat(log).containsExactly("before", "other", "after");
    }

    @Test
    void zeroAndNegativeSleepsJustYield() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Weft.spawn(() -> { log.add("o1"); Weft.yieldNow(); log.add("o2"); });
            Weft.sleep(java.time.Duration.ZERO);
            log.add("main1");
            Weft.sleep(java.time.Duration.ofSeconds(-5));
            log.add("main2");
            assertThat(now()).isZero();
        });
        assertThat(log).containsExactly("o1", "main1", "o2", "main2");
        assertThatThrownBy(() -> runVirtual(() -> Weft.sleep(null))).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aSleepLongerThanLongNanosecondsMeansForever() {
        runVirtual(() -> {
            Task<String> sleeper = Weft.spawn(() -> {
                Weft.sleep(java.time.Duration.ofSeconds(Long.MAX_VALUE));
                return "woke";
            });
            Task<String> centuries = Weft.spawn(() -> {
                Weft.sleep(java.time.Duration.ofDays(365L * 1000));
                return "woke";
            });
            sleep(10);
            assertThat(sleeper.toString()).contains("WAITING SLEEP");
            assertThat(centuries.toString()).contains("WAITING SLEEP");
            sleeper.cancel();
            centuries.cancel();
            assertThatThrownBy(sleeper::await).isInstanceOf(CancelledError.class);
            assertThatThrownBy(centuries::await).isInstanceOf(CancelledError.class);
        });
    }

    @Test
    void namesAreGivenOrGenerated() {
        runVirtual(() -> {
            Task<Integer> named = Weft.spawn("worker", () -> 1);
            assertThat(named.name()).isEqualTo("worker");
            Task<Integer> anon = Weft.spawn(() -> 2);
            assertThat(anon.name()).matches("Task-\\d+");
            anon.setName("renamed");
            assertThat(anon.name()).isEqualTo("renamed");
            assertThat(anon.toString()).startsWith("Task[renamed ");
            assertThatThrownBy(() -> anon.setName(null)).isInstanceOf(NullPointerException.class);
            Task<Integer> a = Weft.spawn(() -> 3);
            Task<Integer> b = Weft.spawn(() -> 4);
            int na = Integer.parseInt(a.name().substring(5));
            int nb = Integer.parseInt(b.name().substring(5));
            assertThat(nb).isGreaterThan(na);
            Weft.gather(named, anon, a, b).await();
        });
    }

    @Test
    void toStringShowsLiveState() {
        runVirtual(() -> {
            Future<String> f = Weft.loop().createFuture();
            Task<String> sleeper = Weft.spawn("sleeper", () -> { sleep(10); return "s"; });
            Task<String> waiter = Weft.spawn("waiter", f::await);
            assertThat(sleeper.toString()).isEqualTo("Task[sleeper SCHEDULED]");
            Weft.yieldNow();
            assertThat(sleeper.toString()).isEqualTo("Task[sleeper WAITING SLEEP]");
            assertThat(waiter.toString()).isEqualTo("Task[waiter WAITING FUTURE_WAIT]");
            f.setResult("done");
            assertThat(waiter.toString()).isEqualTo("Task[waiter WAITING FUTURE_WAIT]");
            assertThat(waiter.await()).isEqualTo("done");
            assertThat(waiter.toString()).isEqualTo("Task[waiter finished result=done]");
            sleeper.cancel("stop");
            assertThat(sleeper.toString()).isEqualTo("Task[sleeper READY cancelling=1]");
            assertThatThrownBy(sleeper::await).isInstanceOf(CancelledError.class);
            assertThat(sleeper.toString()).isEqualTo("Task[sleeper cancelled message=stop]");
        });
    }

    @Test
    void currentTaskIsTheRunningOne() {
        runVirtual(() -> {
            Task<?> main = Weft.currentTask();
            assertThat(main.name()).isEqualTo("main");
            assertThat(Task.current()).isSameAs(main);
            assertThat(Weft.loop().currentTask()).isSameAs(main);
            java.util.concurrent.atomic.AtomicReference<Task<Object>> inner = new java.util.concurrent.atomic.AtomicReference<>();
            inner.set(Weft.spawn(() -> {
                assertThat(Weft.currentTask()).isSameAs(inner.get());
                Weft.yieldNow();
                assertThat(Weft.currentTask()).isSameAs(inner.get()); // interleaving keeps it right
                return null;
            }));
            Weft.yieldNow();
            assertThat(Weft.currentTask()).isSameAs(main);
            inner.get().await();
        });
    }

    @Test
    void thereIsNoCurrentTaskInAPlainCallback() {
        runVirtual(() -> {
            EventLoop loop = Weft.loop();
            Future<Object[]> seen = loop.createFuture();
            loop.callSoon(() -> {
                Throwable t = catchThrowable(Weft::currentTask);
                seen.setResult(new Object[] {loop.currentTask(), t});
            });
            Object[] r = seen.await();
            assertThat(r[0]).isNull();
            assertThat((Throwable) r[1]).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("await outside a task: this code runs in a plain callback");
        });
    }

    @Test
    void allTasksListsTheUnfinishedOnesOldestFirst() {
        runVirtual(() -> {
            Task<?> main = Weft.currentTask();
            Task<Integer> a = Weft.spawn(() -> { sleep(1); return 1; });
            Task<Integer> b = Weft.spawn(() -> { sleep(2); return 2; });
            assertThat(Weft.loop().allTasks()).containsExactly(main, a, b);
            a.await();
            assertThat(Weft.loop().allTasks()).containsExactly(main, b);
            b.await();
            assertThat(Weft.loop().allTasks()).containsExactly(main);
        });
    }

    @Test
    void aTaskCannotAwaitItself() {
        runVirtual(() -> {
            java.util.concurrent.atomic.AtomicReference<Task<Object>> self = new java.util.concurrent.atomic.AtomicReference<>();
            self.set(Weft.spawn(() -> self.get().await()));
            Throwable t = catchThrowable(self.get()::await);
            assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("a task cannot await itself");
        });
    }

    @Test
    void anUnreferencedTaskStillRunsToItsEnd() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Weft.spawn(() -> { sleep(1); log.add("orphan done"); });
            System.gc();
            sleep(2);
        });
        assertThat(log).containsExactly("orphan done");
    }

    @Test
    void doneCallbacksOfATaskRunAfterItEnds() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> t = Weft.spawn(() -> { sleep(1); return "r"; });
            Future<Void> called = Weft.loop().createFuture();
            t.addDoneCallback(f -> {
                log.add("cb " + f.result() + " @" + now());
                called.setResult(null);
            });
            called.await();
        });
        assertThat(log).containsExactly("cb r @1.0");
    }

    @Test
    void resultOfAPendingTaskIsAnError() {
        runVirtual(() -> {
            Task<String> t = Weft.spawn(() -> { sleep(1); return "r"; });
            assertThatThrownBy(t::result).isInstanceOf(IllegalStateException.class).hasMessage("Result is not set.");
            t.await();
        });
    }

    @Test
    void theResultOfATaskCannotBeSetFromOutside() {
        // test_task_set_methods: a task's outcome is what its body does.
        runVirtual(() -> {
            Task<String> t = Weft.spawn(() -> { sleep(1); return "body"; });
            assertThatThrownBy(() -> t.setResult("forged")).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("Task does not support setResult");
            assertThatThrownBy(() -> t.setException(new Boom("forged")))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("Task does not support setException");
            assertThat(t.isDone()).isFalse();
            assertThat(t.await()).isEqualTo("body");
        });
    }

    @Test
    void suspendedStackShowsWhereTheTaskWaits() {
        runVirtual(() -> {
            Task<Void> t = Weft.spawn("deep", () -> { waitHere(); return null; });
            Weft.yieldNow();
            StackTraceElement[] st = t.suspendedStack();
            assertThat(Arrays.stream(st).map(StackTraceElement::getMethodName)).contains("waitHere");
            assertThat(st[0].getClassName()).doesNotStartWith("jdk.internal.");
            assertThat(Weft.loop().dumpTasks()).contains("Task[deep WAITING SLEEP]").contains("waitHere");
            assertThat(Weft.currentTask().suspendedStack()).isEmpty(); // running: no separate stack
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(t.suspendedStack()).isEmpty();
        });
    }

    private static void waitHere() {
        sleep(100);
    }

    @Test
    void createTaskOnALoopThatIsNotRunningStartsWhenItRuns() {
        try (EventLoop loop = new EventLoop(new VirtualClock())) {
            List<String> log = new ArrayList<>();
            Task<String> t = loop.createTask(() -> {
                log.add("started");
                sleep(1);
                return "r@" + now();
            }, "prepared");
            assertThat(log).isEmpty();
            assertThat(t.name()).isEqualTo("prepared");
            assertThat(loop.runUntilComplete(t)).isEqualTo("r@1.0");
            assertThat(log).containsExactly("started");
        }
    }

    /** A body that is both kinds: which one runs is the one the caller chose, never the other. */
    static final class BothKinds implements Weft.Action, java.util.concurrent.Callable<String> {
        final List<String> log = new ArrayList<>();

        @Override
        public void run() {
            log.add("run");
        }

        @Override
        public String call() {
            log.add("call");
            return "called";
        }
    }

    @Test
    void anActionBodyRunsAsAnActionEvenWhenItIsAlsoACallable() {
        runVirtual(() -> {
            BothKinds asAction = new BothKinds();
            BothKinds asCallable = new BothKinds();
            BothKinds inGroup = new BothKinds();
            BothKinds eager = new BothKinds();
            Task<Void> a = Weft.spawn((Weft.Action) asAction);
            Task<String> c = Weft.spawn((java.util.concurrent.Callable<String>) asCallable);
            Task<Void> g;
            try (TaskGroup tg = TaskGroup.open()) {
                g = tg.spawn((Weft.Action) inGroup, "both");
                tg.join();
            }
            Task<Void> e = Weft.spawnEager((Weft.Action) eager);
            assertThat(a.await()).isNull();
            assertThat(c.await()).isEqualTo("called");
            assertThat(e.await()).isNull();
            assertThat(g.result()).isNull();
            assertThat(g.name()).isEqualTo("both");
            assertThat(asAction.log).containsExactly("run");
            assertThat(asCallable.log).containsExactly("call");
            assertThat(inGroup.log).containsExactly("run");
            assertThat(eager.log).containsExactly("run");
        });
    }

    @Test
    void anActionBodysExceptionIsTheTasksAsForACallable() {
        Boom boom = new Boom("action failed");
        runVirtual(() -> {
            Task<Void> t = Weft.spawn(() -> {
                sleep(1);
                throw boom;
            });
            Task<Void> checked = Weft.spawn("checked", () -> {
                throw new CheckedBoom("checked action");
            });
            assertThatThrownBy(t::await).isSameAs(boom);
            assertThatThrownBy(checked::await).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(CheckedBoom.class).hasMessage("checked action");
        });
    }
}
