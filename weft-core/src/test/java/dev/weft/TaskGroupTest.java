package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The behaviour of CPython's test_taskgroups.py on {@link TaskGroup}. */
class TaskGroupTest {

    private static Set<Class<?>> errorTypes(ExceptionGroup eg) {
        return eg.exceptions().stream().map(Object::getClass).collect(Collectors.toSet());
    }

    private static Task<Integer> after(TaskGroup g, double s, int value) {
        return g.spawn(() -> {
            sleep(s);
            return value;
        });
    }

    private static void crashAfter(double s) {
        sleep(s);
        throw new ArithmeticException("/ by zero");
    }

    @Test
    void childrenAreAwaitedAtTheEnd() {
        // test_taskgroup_01
        runVirtual(() -> {
            List<Task<Integer>> ts = new ArrayList<>();
            TaskGroup.run(g -> {
                ts.add(after(g, 0.1, 42));
                ts.add(after(g, 0.2, 11));
                return null;
            });
            assertThat(ts.get(0).result()).isEqualTo(42);
            assertThat(ts.get(1).result()).isEqualTo(11);
            assertThat(now()).isEqualTo(0.2);
        });
    }

    @Test
    void childrenSpawnedWhileTheBodyRuns() {
        // test_taskgroup_02
        runVirtual(() -> {
            List<Task<Integer>> ts = new ArrayList<>();
            String r = TaskGroup.run(g -> {
                ts.add(after(g, 0.1, 42));
                sleep(0.15);
                ts.add(after(g, 0.2, 11));
                return "body value";
            });
            assertThat(r).isEqualTo("body value");
            assertThat(ts.get(0).result()).isEqualTo(42);
            assertThat(ts.get(1).result()).isEqualTo(11);
            assertThat(now()).isEqualTo(0.35);
        });
    }

    @Test
    void aChildCancelledExplicitlyIsNotAFailure() {
        // test_taskgroup_03
        runVirtual(() -> {
            List<Task<Integer>> ts = new ArrayList<>();
            TaskGroup.run(g -> {
                ts.add(after(g, 1, 42));
                sleep(0.15);
                ts.get(0).cancel();
                ts.add(after(g, 0.2, 11));
                return null;
            });
            assertThat(ts.get(0).isCancelled()).isTrue();
            assertThat(ts.get(1).result()).isEqualTo(11);
        });
    }

    @Test
    void aFailingChildCancelsItsSiblingsAndTheCodeAfterTheGroupDoesNotRun() {
        // test_taskgroup_04
        int[] num = {0};
        boolean[] t2Cancel = {false};
        AtomicReference<Task<Void>> t2 = new AtomicReference<>();
        runVirtual(() -> {
            Task<Void> runner = Weft.spawn(() -> {
                TaskGroup.run(g -> {
                    g.spawn(() -> { crashAfter(0.1); return null; });
                    t2.set(g.spawn(() -> {
                        try {
                            sleep(1);
                        } catch (CancelledError e) {
                            t2Cancel[0] = true;
                            throw e;
                        }
                        num[0] += 1;
                        return null;
                    }));
                    return null;
                });
                num[0] += 10;
            });
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, runner::await);
            assertThat(errorTypes(eg)).containsExactly(ArithmeticException.class);
            assertThat(runner.isCancelled()).isFalse();
            assertThat(now()).isEqualTo(0.1);
        });
        assertThat(num[0]).isZero();
        assertThat(t2Cancel[0]).isTrue();
        assertThat(t2.get().isCancelled()).isTrue();
    }

    @Test
    void aFailingChildCancelsTheBodyToo() {
        // test_cancel_children_on_child_error
        int[] num = {0};
        boolean[] t2Cancel = {false};
        boolean[] runnerCancel = {false};
        runVirtual(() -> {
            Task<Void> runner = Weft.spawn(() -> {
                TaskGroup.run(g -> {
                    g.spawn(() -> { crashAfter(0.1); return null; });
                    g.spawn(() -> { crashAfter(0.1); return null; });
                    g.spawn(() -> { crashAfter(0.1); return null; });
                    g.spawn(() -> {
                        try {
                            sleep(5);
                        } catch (CancelledError e) {
                            t2Cancel[0] = true;
                            throw e;
                        }
                        num[0] += 1;
                        return null;
                    });
                    try {
                        sleep(10);
                    } catch (CancelledError e) {
                        runnerCancel[0] = true;
                        throw e;
                    }
                    return null;
                });
                num[0] += 10;
            });
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, runner::await);
            assertThat(errorTypes(eg)).containsExactly(ArithmeticException.class);
            // The three children fail in the same loop iteration, before the others were cancelled.
            assertThat(eg.exceptions()).hasSize(3);
            assertThat(eg.getSuppressed()).hasSize(3);
            assertThat(eg).hasMessage("unhandled errors in a TaskGroup (3 sub-exceptions)");
        });
        assertThat(num[0]).isZero();
        assertThat(t2Cancel[0]).isTrue();
        assertThat(runnerCancel[0]).isTrue();
    }

    @Test
    void cancellingTheOwnerCancelsEveryChild() {
        // test_cancellation
        int[] num = {0};
        runVirtual(() -> {
            Task<Void> r = Weft.spawn(() -> {
                TaskGroup.run(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.spawn(() -> {
                            try {
                                sleep(5);
                            } catch (CancelledError e) {
                                num[0] += 1;
                                throw e;
                            }
                            return null;
                        });
                    }
                    return null;
                });
            });
            sleep(0.1);
            assertThat(r.isDone()).isFalse();
            r.cancel();
            assertThatThrownBy(r::await).isInstanceOf(CancelledError.class);
            assertThat(r.isCancelled()).isTrue();
        });
        assertThat(num[0]).isEqualTo(5);
    }

    @Test
    void cancellingTheOwnerWhileItsBodyAwaits() {
        // test_taskgroup_07
        int[] num = {0};
        runVirtual(() -> {
            Task<Void> r = Weft.spawn(() -> {
                TaskGroup.run(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.spawn(() -> {
                            try {
                                sleep(5);
                            } catch (CancelledError e) {
                                num[0] += 1;
                                throw e;
                            }
                            return null;
                        });
                    }
                    try {
                        sleep(10);
                    } catch (CancelledError e) {
                        num[0] += 10;
                        throw e;
                    }
                    return null;
                });
            });
            sleep(0.1);
            r.cancel();
            assertThatThrownBy(r::await).isInstanceOf(CancelledError.class);
        });
        assertThat(num[0]).isEqualTo(15);
    }

    @Test
    void childrenFailingWhileBeingCancelledBecomeAnExceptionGroup() {
        // test_taskgroup_08
        runVirtual(() -> {
            Task<Void> r = Weft.spawn(() -> {
                TaskGroup.run(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.spawn(() -> {
                            try {
                                sleep(10);
                            } finally {
                                raise(new ArithmeticException("in finally"));
                            }
                            return null;
                        });
                    }
                    sleep(10);
                    return null;
                });
            });
            sleep(0.1);
            r.cancel();
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, r::await);
            assertThat(errorTypes(eg)).containsExactly(ArithmeticException.class);
            assertThat(eg.exceptions()).hasSize(5);
        });
    }

    @Test
    void theBodyFailingAfterAnAwaitCancelsTheChildren() {
        // test_taskgroup_09
        runVirtual(() -> {
            List<Task<Integer>> ts = new ArrayList<>();
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, () -> TaskGroup.run(g -> {
                ts.add(after(g, 1, 42));
                ts.add(after(g, 2, 11));
                sleep(0.1);
                throw new ArithmeticException("body");
            }));
            assertThat(errorTypes(eg)).containsExactly(ArithmeticException.class);
            assertThat(ts).allMatch(Future::isCancelled);
            assertThat(Weft.currentTask().cancelling()).isZero();
        });
    }

    @Test
    void theBodyFailingAtOnceCancelsTheChildren() {
        // test_taskgroup_10
        runVirtual(() -> {
            List<Task<Integer>> ts = new ArrayList<>();
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, () -> TaskGroup.run(g -> {
                ts.add(after(g, 1, 42));
                ts.add(after(g, 2, 11));
                throw new ArithmeticException("body");
            }));
            assertThat(errorTypes(eg)).containsExactly(ArithmeticException.class);
            assertThat(ts).allMatch(Future::isCancelled);
        });
    }

    @Test
    void nestedGroupsNestTheirExceptionGroups() {
        // test_taskgroup_11
        runVirtual(() -> {
            Task<Void> r = Weft.spawn(() -> {
                TaskGroup.run(g1 -> TaskGroup.run(g2 -> {
                    for (int i = 0; i < 5; i++) {
                        g2.spawn(() -> {
                            try {
                                sleep(10);
                            } finally {
                                raise(new ArithmeticException("x"));
                            }
                            return null;
                        });
                    }
                    sleep(10);
                    return null;
                }));
            });
            sleep(0.1);
            r.cancel();
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, r::await);
            assertThat(errorTypes(eg)).containsExactly(ExceptionGroup.class);
            assertThat(errorTypes((ExceptionGroup) eg.exceptions().get(0))).containsExactly(ArithmeticException.class);
        });
    }

    @Test
    void nestedGroupsWithASiblingInTheOuterGroup() {
        // test_taskgroup_12
        runVirtual(() -> {
            Task<Void> r = Weft.spawn(() -> {
                TaskGroup.run(g1 -> {
                    g1.spawn(() -> { sleep(10); return null; });
                    return TaskGroup.run(g2 -> {
                        for (int i = 0; i < 5; i++) {
                            g2.spawn(() -> {
                                try {
                                    sleep(10);
                                } finally {
                                    raise(new ArithmeticException("x"));
                                }
                                return null;
                            });
                        }
                        sleep(10);
                        return null;
                    });
                });
            });
            sleep(0.1);
            r.cancel();
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, r::await);
            assertThat(errorTypes(eg)).containsExactly(ExceptionGroup.class);
            assertThat(errorTypes((ExceptionGroup) eg.exceptions().get(0))).containsExactly(ArithmeticException.class);
        });
    }

    @Test
    void anOuterChildFailingFirstCancelsTheInnerGroup() {
        // test_taskgroup_13
        runVirtual(() -> {
            Task<Void> r = Weft.spawn(() -> {
                TaskGroup.run(g1 -> {
                    g1.spawn(() -> { crashAfter(0.1); return null; });
                    return TaskGroup.run(g2 -> {
                        g2.spawn(() -> { crashAfter(10); return null; });
                        return null;
                    });
                });
            });
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, r::await);
            assertThat(errorTypes(eg)).containsExactly(ArithmeticException.class);
            assertThat(now()).isEqualTo(0.1);
        });
    }

    @Test
    void anInnerChildFailingFirstNestsTheGroups() {
        // test_taskgroup_14
        runVirtual(() -> {
            Task<Void> r = Weft.spawn(() -> {
                TaskGroup.run(g1 -> {
                    g1.spawn(() -> { crashAfter(10); return null; });
                    return TaskGroup.run(g2 -> {
                        g2.spawn(() -> { crashAfter(0.1); return null; });
                        return null;
                    });
                });
            });
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, r::await);
            assertThat(errorTypes(eg)).containsExactly(ExceptionGroup.class);
            assertThat(errorTypes((ExceptionGroup) eg.exceptions().get(0))).containsExactly(ArithmeticException.class);
        });
    }

    @Test
    void aChildFailingWhileTheCancelledOwnerCleansUpWins() {
        // test_taskgroup_15
        runVirtual(() -> {
            Task<Void> r = Weft.spawn(() -> {
                TaskGroup.run(g1 -> {
                    g1.spawn(() -> { crashAfter(0.3); return null; });
                    try {
                        sleep(10);
                    } catch (CancelledError e) {
                        sleep(0.5);
                        throw e;
                    }
                    return null;
                });
            });
            sleep(0.1);
            assertThat(r.isDone()).isFalse();
            r.cancel();
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, r::await);
            assertThat(errorTypes(eg)).containsExactly(ArithmeticException.class);
        });
    }

    @Test
    void aChildFailingWhileTheCancelledOwnerCleansUpWinsThroughAnAwait() {
        // test_taskgroup_16
        runVirtual(() -> {
            Task<Void> r = Weft.spawn(() -> {
                Task<Void> nested = Weft.spawn(() -> {
                    TaskGroup.run(g1 -> {
                        g1.spawn(() -> { crashAfter(0.3); return null; });
                        try {
                            sleep(10);
                        } catch (CancelledError e) {
                            sleep(0.5);
                            throw e;
                        }
                        return null;
                    });
                });
                nested.await();
            });
            sleep(0.1);
            r.cancel();
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, r::await);
            assertThat(errorTypes(eg)).containsExactly(ArithmeticException.class);
        });
    }

    @Test
    void anEmptyGroupPropagatesTheOwnersCancellation() {
        // test_taskgroup_17
        int[] num = {0};
        runVirtual(() -> {
            Task<Void> r = Weft.spawn(() -> {
                TaskGroup.run(g -> {
                    try {
                        sleep(10);
                    } catch (CancelledError e) {
                        num[0] += 10;
                        throw e;
                    }
                    return null;
                });
            });
            sleep(0.1);
            r.cancel();
            assertThatThrownBy(r::await).isInstanceOf(CancelledError.class);
        });
        assertThat(num[0]).isEqualTo(10);
    }

    @Test
    void aBodyTurningItsCancellationIntoAnErrorGivesAnExceptionGroup() {
        // test_taskgroup_18
        int[] num = {0};
        runVirtual(() -> {
            Task<Void> r = Weft.spawn(() -> {
                TaskGroup.run(g -> {
                    try {
                        sleep(10);
                    } catch (CancelledError e) {
                        num[0] += 10;
                        throw new Boom("MyExc");
                    }
                    return null;
                });
            });
            sleep(0.1);
            r.cancel();
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, r::await);
            assertThat(errorTypes(eg)).containsExactly(Boom.class);
        });
        assertThat(num[0]).isEqualTo(10);
    }

    @Test
    void theBodysErrorAndAChildsErrorAreGroupedTogether() {
        // test_taskgroup_19
        runVirtual(() -> {
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, () -> TaskGroup.run(g -> {
                g.spawn(() -> { crashAfter(0.1); return null; });
                try {
                    sleep(10);
                } finally {
                    raise(new Boom("MyExc"));
                }
                return null;
            }));
            assertThat(errorTypes(eg)).containsExactlyInAnyOrder(Boom.class, ArithmeticException.class);
            // In the order they happened: the child first, then the body.
            assertThat(eg.exceptions().get(0)).isInstanceOf(ArithmeticException.class);
            assertThat(eg.exceptions().get(1)).isInstanceOf(Boom.class);
        });
    }

    @Test
    void childrenSpawnedInALoopAreAllAwaited() {
        // test_taskgroup_23
        runVirtual(() -> {
            TaskGroup.run(g -> {
                for (int count = 0; count < 10; count++) {
                    sleep(0.1);
                    g.spawn(() -> { sleep(0.3); return null; });
                    if (count == 5) {
                        assertThat(g.children().size()).isLessThan(5);
                    }
                }
                sleep(1.35);
                assertThat(g.children()).isEmpty();
                return null;
            });
        });
    }

    @Test
    void childrenMaySpawnMoreChildren() {
        // test_taskgroup_24
        runVirtual(() -> {
            List<String> log = new ArrayList<>();
            TaskGroup.run(g -> {
                g.spawn(() -> {
                    sleep(0.1);
                    g.spawn(() -> { sleep(0.1); log.add("c1"); return null; });
                    g.spawn(() -> { sleep(0.2); log.add("c2"); return null; });
                    return null;
                });
                return null;
            });
            assertThat(log).containsExactly("c1", "c2");
            assertThat(now()).isEqualTo(0.3);
        });
    }

    @Test
    void hydraAndHercules() {
        // test_taskgroup_25
        int[] nhydras = {0};
        runVirtual(() -> {
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, () -> TaskGroup.run(g -> {
                g.spawn(hydra(g, nhydras));
                g.spawn(() -> {
                    while (nhydras[0] < 10) {
                        sleep(0.015);
                    }
                    throw new ArithmeticException("hercules");
                });
                return null;
            }));
            assertThat(errorTypes(eg)).containsExactly(ArithmeticException.class);
        });
        assertThat(nhydras[0]).isGreaterThanOrEqualTo(10);
    }

    private static java.util.concurrent.Callable<Void> hydra(TaskGroup g, int[] n) {
        return () -> {
            n[0]++;
            sleep(0.01);
            g.spawn(hydra(g, n));
            g.spawn(hydra(g, n));
            return null;
        };
    }

    @Test
    void childrenCanBeNamed() {
        // test_taskgroup_task_name
        runVirtual(() -> {
            TaskGroup.run(g -> {
                Task<Object> t = g.spawn(() -> null, "yolo");
                assertThat(t.name()).isEqualTo("yolo");
                return null;
            });
        });
    }

    @Test
    void noSpawningWhileShuttingDown() {
        // test_taskgroup_no_create_task_after_failure
        runVirtual(() -> {
            List<Throwable> seen = new ArrayList<>();
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, () -> TaskGroup.run(g -> {
                g.spawn(() -> { crashAfter(0.001); return null; });
                g.spawn(() -> {
                    try {
                        sleep(1);
                    } catch (CancelledError e) {
                        seen.add(catchThrowable(() -> g.spawn(() -> null)));
                    }
                    return null;
                });
                return null;
            }));
            assertThat(errorTypes(eg)).containsExactly(ArithmeticException.class);
            assertThat(seen).singleElement().isInstanceOf(IllegalStateException.class)
                    .extracting(Throwable::getMessage).asString().endsWith("is shutting down");
        });
    }

    @Test
    void noSpawningOnceFinished() {
        // test_taskgroup_finished
        runVirtual(() -> {
            AtomicReference<TaskGroup> tg = new AtomicReference<>();
            TaskGroup.run(g -> {
                tg.set(g);
                return null;
            });
            assertThatThrownBy(() -> tg.get().spawn(() -> null)).isInstanceOf(IllegalStateException.class)
                    .hasMessageEndingWith("is finished");
            assertThat(tg.get().toString()).startsWith("TaskGroup[closed, children=0, parent=main");
        });
    }

    @Test
    void aGroupNeedsATask() {
        // test_taskgroup_without_parent_task
        assertThatThrownBy(TaskGroup::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("await outside a task");
    }

    @Test
    void twoChildErrorsAndTheCancelCountStaysZero() {
        // test_taskgroup_context_manager_exit_raises
        runVirtual(() -> {
            Task<Void> main = Weft.spawn(() -> {
                ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, () -> TaskGroup.run(tg -> {
                    try {
                        tg.spawn(() -> { throw new Boom("child"); });
                        sleep(1);
                    } finally {
                        raise(new Boom("database"));
                    }
                    return null;
                }));
                assertThat(eg.exceptions()).hasSize(2);
                assertThat(Weft.currentTask().cancelling()).isZero();
            });
            main.await();
        });
    }

    @Test
    void theCancellingLevelIsPreserved() {
        // test_cancelling_level_preserved
        runVirtual(() -> {
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                tg.spawn(() -> { sleep(0); throw new IllegalStateException("runtime"); });
                return null;
            })).isInstanceOf(ExceptionGroup.class);
            assertThat(Weft.currentTask().cancelling()).isZero();
        });
    }

    @Test
    void nestedGroupsBothCancelled() {
        // test_nested_groups_both_cancelled
        runVirtual(() -> {
            ExceptionGroup outerEg = catchThrowableOfType(ExceptionGroup.class, () -> TaskGroup.run(outer -> {
                ExceptionGroup innerEg = catchThrowableOfType(ExceptionGroup.class, () -> TaskGroup.run(inner -> {
                    inner.spawn(() -> { sleep(0); throw new IllegalStateException("runtime"); });
                    outer.spawn(() -> { sleep(0); throw new IllegalArgumentException("value"); });
                    return null;
                }));
                assertThat(errorTypes(innerEg)).containsExactly(IllegalStateException.class);
                assertThat(Weft.currentTask().cancelling()).isEqualTo(1);
                return null;
            }));
            assertThat(errorTypes(outerEg)).containsExactly(IllegalArgumentException.class);
            assertThat(Weft.currentTask().cancelling()).isZero();
        });
    }

    @Test
    void anErrorAndAnOutsideCancellation() {
        // test_error_and_cancel
        runVirtual(() -> {
            Future<Void> event = Weft.loop().createFuture();
            List<String> log = new ArrayList<>();
            Task<Void> t = Weft.spawn(() -> {
                ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, () -> TaskGroup.run(tg -> {
                    tg.spawn(() -> {
                        event.setResult(null);
                        sleep(0);
                        throw new IllegalStateException("runtime");
                    });
                    sleep(1);
                    log.add("sleep in group should have been cancelled");
                    return null;
                }));
                assertThat(eg).isNotNull();
                assertThat(Weft.currentTask().cancelling()).isEqualTo(1);
                sleep(1);
                log.add("sleep after group should have been cancelled");
            });
            event.await();
            assertThat(t.cancelling()).isZero();
            t.cancel();
            assertThat(t.cancelling()).isEqualTo(1);
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(t.isCancelled()).isTrue();
            assertThat(log).isEmpty();
        });
    }

    @Test
    void tryWithResourcesAndJoin() {
        runVirtual(() -> {
            Task<Integer> a;
            Task<Integer> b;
            try (TaskGroup tg = TaskGroup.open()) {
                a = after(tg, 1, 1);
                b = after(tg, 2, 2);
                assertThat(tg.children()).containsExactly(a, b);
                assertThat(tg.toString()).isEqualTo("TaskGroup[open, children=2, parent=main]");
                tg.join();
            }
            assertThat(a.result() + b.result()).isEqualTo(3);
            assertThat(now()).isEqualTo(2.0);
        });
    }

    @Test
    void tryWithResourcesJoinThrowsTheGroup() {
        runVirtual(() -> {
            Throwable t = catchThrowable(() -> {
                try (TaskGroup tg = TaskGroup.open()) {
                    tg.spawn(() -> { crashAfter(1); return null; });
                    after(tg, 5, 5);
                    tg.join();
                }
            });
            assertThat(t).isInstanceOf(ExceptionGroup.class);
            assertThat(errorTypes((ExceptionGroup) t)).containsExactly(ArithmeticException.class);
            assertThat(now()).isEqualTo(1.0);
        });
    }

    @Test
    void closingWithoutJoinCancelsTheChildrenAndSaysSo() {
        runVirtual(() -> {
            List<Task<Integer>> ts = new ArrayList<>();
            Throwable t = catchThrowable(() -> {
                try (TaskGroup tg = TaskGroup.open()) {
                    ts.add(after(tg, 5, 5));
                }
            });
            assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed without join()")
                    .hasMessageContaining("call join() as the last statement of the try block");
            assertThat(ts.get(0).isCancelled()).isTrue();
            assertThat(now()).isZero();
        });
    }

    @Test
    void anExceptionInTheTryBlockKeepsItsIdentityAndCancelsTheChildren() {
        runVirtual(() -> {
            List<Task<Integer>> ts = new ArrayList<>();
            Boom boom = new Boom("in block");
            Throwable t = catchThrowable(() -> {
                try (TaskGroup tg = TaskGroup.open()) {
                    ts.add(after(tg, 5, 5));
                    sleep(1);
                    throw boom;
                }
            });
            assertThat(t).isSameAs(boom);
            assertThat(t.getSuppressed()).singleElement().isInstanceOf(IllegalStateException.class);
            assertThat(ts.get(0).isCancelled()).isTrue();
            assertThat(now()).isEqualTo(1.0);
        });
    }

    @Test
    void aChildFailingWhileTheTryBlockAwaitsIsNotLost() {
        // Java cannot let close() replace the block's CancelledError: the failure rides on the suppressed error.
        runVirtual(() -> {
            Boom boom = new Boom("child");
            Task<String> t = Weft.spawn(() -> {
                try (TaskGroup tg = TaskGroup.open()) {
                    tg.spawn(() -> { sleep(1); throw boom; });
                    sleep(10);
                    tg.join();
                    return "not reached";
                } catch (CancelledError e) {
                    Throwable closeError = e.getSuppressed()[0];
                    assertThat(closeError).isInstanceOf(IllegalStateException.class);
                    assertThat(((ExceptionGroup) closeError.getCause()).exceptions()).containsExactly(boom);
                    assertThat(Weft.currentTask().cancelling()).isZero();
                    return "saw it";
                }
            });
            assertThat(t.await()).isEqualTo("saw it");
            assertThat(now()).isEqualTo(1.0);
        });
    }

    @Test
    void joinTwiceIsAnError() {
        runVirtual(() -> {
            try (TaskGroup tg = TaskGroup.open()) {
                tg.join();
                assertThatThrownBy(tg::join).isInstanceOf(IllegalStateException.class)
                        .hasMessageEndingWith("was already joined");
            }
        });
    }

    @Test
    void aFailedChildsErrorIsRetrievedByTheGroup() {
        runVirtual(() -> {
            Boom boom = new Boom("child");
            List<Task<Void>> ts = new ArrayList<>();
            ExceptionGroup eg = catchThrowableOfType(ExceptionGroup.class, () -> TaskGroup.run(g -> {
                ts.add(g.spawn(() -> { throw boom; }));
                return null;
            }));
            assertThat(eg.exceptions()).containsExactly(boom);
            assertThat(ts.get(0).exception()).isSameAs(boom);
        });
    }

    @Test
    void theBodysValueIsReturnedOnlyOnceTheChildrenEnd() {
        runVirtual(() -> {
            int v = TaskGroup.run(g -> {
                after(g, 3, 0);
                return 7;
            });
            assertThat(v).isEqualTo(7);
            assertThat(now()).isEqualTo(3.0);
        });
    }
}
