package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Task-locals behave as contextvars do under asyncio (test_tasks.py test_context_*): a task gets a copy
 * of its spawner's values at spawn time; what it sets is seen by itself and the tasks it spawns later,
 * never by its parent or siblings.
 */
class TaskLocalTest {

    @Test
    void unsetReadsAsTheDefault() {
        TaskLocal<String> plain = TaskLocal.named("plain");
        TaskLocal<Integer> withDefault = TaskLocal.withDefault("counter", 7);
        runVirtual(() -> {
            assertThat(plain.get()).isNull();
            assertThat(withDefault.get()).isEqualTo(7);
            withDefault.set(8);
            assertThat(withDefault.get()).isEqualTo(8);
            withDefault.remove();
            assertThat(withDefault.get()).isEqualTo(7);
            withDefault.remove(); // removing again is harmless
            assertThat(withDefault.get()).isEqualTo(7);
            assertThat(plain.toString()).isEqualTo("TaskLocal[plain]");
        });
    }

    @Test
    void aChildSeesTheValueItsParentHadAtSpawn() {
        TaskLocal<String> v = TaskLocal.named("v");
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            v.set("before spawn");
            Task<Void> child = Weft.spawn(() -> {
                log.add("child starts with " + v.get());
                sleep(2);
                log.add("child still has " + v.get());
            });
            v.set("after spawn"); // a copy was taken at spawn
            sleep(1);
            child.await();
            log.add("parent has " + v.get());
        });
        assertThat(log).containsExactly(
                "child starts with before spawn", "child still has before spawn", "parent has after spawn");
    }

    @Test
    void whatAChildSetsIsNotSeenByItsParentOrSiblings() {
        TaskLocal<String> v = TaskLocal.named("v");
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            v.set("parent");
            Task<Void> a = Weft.spawn(() -> {
                v.set("a");
                sleep(1);
                log.add("a sees " + v.get());
            });
            Task<Void> b = Weft.spawn(() -> {
                sleep(0.5);
                log.add("b sees " + v.get());
                v.set("b");
                sleep(1);
                log.add("b sees " + v.get());
            });
            Weft.gather(a, b).await();
            log.add("parent sees " + v.get());
        });
        assertThat(log).containsExactly("b sees parent", "a sees a", "b sees b", "parent sees parent");
    }

    @Test
    void grandchildrenInheritWhatTheChildSetBeforeSpawningThem() {
        TaskLocal<String> v = TaskLocal.named("v");
        String r = runVirtual(() -> {
            v.set("root");
            return Weft.spawn(() -> {
                v.set("child");
                Task<String> grandchild = Weft.spawn(v::get);
                v.set("child, later");
                return grandchild.await();
            }).await();
        });
        assertThat(r).isEqualTo("child");
    }

    @Test
    void removeInAChildDoesNotAffectTheParent() {
        TaskLocal<String> v = TaskLocal.withDefault("v", "default");
        runVirtual(() -> {
            v.set("parent");
            String inChild = Weft.spawn(() -> {
                v.remove();
                return v.get();
            }).await();
            assertThat(inChild).isEqualTo("default");
            assertThat(v.get()).isEqualTo("parent");
        });
    }

    @Test
    void valuesSurviveInterleavedAwaits() {
        TaskLocal<Integer> id = TaskLocal.named("id");
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                ts.add(Weft.spawn(() -> {
                    id.set(n);
                    for (int k = 0; k < 3; k++) {
                        Weft.yieldNow();
                        log.add(n + "=" + id.get());
                    }
                }));
            }
            Weft.gather(ts).await();
        });
        assertThat(log).hasSize(9).allSatisfy(s -> assertThat(s.charAt(0)).isEqualTo(s.charAt(2)));
    }

    @Test
    void taskGroupChildrenInheritTooButCannotWriteBack() {
        TaskLocal<String> v = TaskLocal.named("v");
        runVirtual(() -> {
            v.set("owner");
            List<String> seen = new ArrayList<>();
            TaskGroup.run(g -> {
                g.spawn(() -> {
                    seen.add(v.get());
                    v.set("child");
                    return null;
                });
                return null;
            });
            assertThat(seen).containsExactly("owner");
            assertThat(v.get()).isEqualTo("owner");
        });
    }

    @Test
    void theMainTaskStartsWithTheCallingThreadsValues() {
        TaskLocal<String> v = TaskLocal.named("v");
        v.set("set outside any loop");
        try {
            String inside = runVirtual(() -> {
                String seen = v.get();
                v.set("changed by main");
                return seen;
            });
            assertThat(inside).isEqualTo("set outside any loop");
            assertThat(v.get()).isEqualTo("set outside any loop"); // the task had its own copy
        } finally {
            v.remove();
        }
        assertThat(v.get()).isNull();
    }

    @Test
    void aValueSetInsideACallbackOutsideTasksLivesWithTheThread() {
        // Outside tasks, values live with the thread: the loop thread here.
        TaskLocal<String> v = TaskLocal.named("v");
        try {
            String seen = runVirtual(() -> {
                Future<String> f = Weft.loop().createFuture();
                Weft.loop().callSoon(() -> {
                    v.set("callback");
                    f.setResult(v.get());
                });
                String r = f.await();
                assertThat(v.get()).isNull(); // the main task's own copy is untouched
                return r;
            });
            assertThat(seen).isEqualTo("callback");
        } finally {
            v.remove();
        }
    }
}
