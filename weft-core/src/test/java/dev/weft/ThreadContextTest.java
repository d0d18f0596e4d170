package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Thread-locals switched per task ({@link ThreadContextElement}, {@link Weft#carry}), shown with an
 * SLF4J-style MDC: a task's request id is in every line it logs, whatever ran in between; the loop's
 * own thread and worker threads keep their own state. Both backends.
 */
class ThreadContextTest {

    /** A stand-in for SLF4J's MDC: its adapters keep a map in a ThreadLocal, reached by static calls. */
    static final class MDC {
        private static final ThreadLocal<Map<String, String>> MAP = new ThreadLocal<>();

        static void put(String key, String value) {
            Map<String, String> m = MAP.get();
            if (m == null) {
                MAP.set(m = new HashMap<>());
            }
            m.put(key, value);
        }

        static String get(String key) {
            Map<String, String> m = MAP.get();
            return m == null ? null : m.get(key);
        }

        static Map<String, String> getCopyOfContextMap() {
            Map<String, String> m = MAP.get();
            return m == null ? null : new HashMap<>(m);
        }

        static void setContextMap(Map<String, String> m) {
            MAP.set(new HashMap<>(m));
        }

        static void clear() {
            MAP.remove();
        }
    }

    /** A logger whose layout prints the MDC's request id, as {@code %X{requestId}}. */
    static final class Log {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        void info(String message) {
            lines.add("[requestId=" + MDC.get("requestId") + "] " + message);
        }
    }

    /** The element the class javadoc shows for SLF4J. */
    static ThreadContextElement<Map<String, String>> mdc() {
        return ThreadContextElement.of(MDC::getCopyOfContextMap, map -> {
            if (map == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(map);
            }
        });
    }

    /** Runs {@code r} on a thread of its own, so that what it carries outside tasks dies with it. */
    static void onFreshThread(ThrowingRunnable r) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aThousandInterleavedTasksEachLogTheirOwnRequestId() {
        Log log = new Log();
        int n = 1000;
        runVirtual(() -> {
            Weft.carry(mdc());
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                tasks.add(Weft.spawn(() -> {
                    MDC.put("requestId", "r-" + id);
                    for (int step = 0; step < 3; step++) {
                        log.info("task " + id + " step " + step);
                        Weft.yieldNow(); // the other 999 tasks log once before this one goes on
                    }
                }));
            }
            Weft.gather(tasks).await();
            log.info("main");
        });
        assertThat(log.lines).hasSize(3 * n + 1);
        for (int step = 0; step < 3; step++) {
            for (int id = 0; id < n; id++) {
                assertThat(log.lines.get(step * n + id)).isEqualTo("[requestId=r-" + id + "] task " + id + " step " + step);
            }
        }
        assertThat(log.lines.get(3 * n)).isEqualTo("[requestId=null] main"); // no child's id reached the parent
        assertThat(MDC.get("requestId")).isNull(); // nor the thread that ran the loop
    }

    @Test
    void childrenStartWithACopyAndChangesStayInTheTaskThatMadeThem() {
        Log log = new Log();
        runVirtual(() -> {
            Weft.carry(mdc());
            MDC.put("requestId", "parent");
            Task<Void> child = Weft.spawn(() -> {
                log.info("child starts");
                MDC.put("requestId", "child");
                sleep(2);
                log.info("child after an await");
            });
            sleep(1);
            log.info("parent, child mid-way");
            child.await();
            log.info("parent at the end");
        });
        assertThat(log.lines).containsExactly("[requestId=parent] child starts", "[requestId=parent] parent, child mid-way",
                "[requestId=child] child after an await", "[requestId=parent] parent at the end");
    }

    @Test
    void callbacksOfTheLoopSeeTheThreadsOwnStateNotTheLastTasks() throws Exception {
        onFreshThread(() -> {
            Log log = new Log();
            MDC.put("requestId", "the loop thread's own");
            Weft.carry(mdc()); // outside any task: the main task starts with a copy of this thread's state
            runVirtual(() -> {
                log.info("main starts");
                MDC.put("requestId", "main");
                Future<Void> done = Weft.loop().createFuture();
                Weft.loop().callLater(secs(1), () -> {
                    log.info("callback");
                    done.setResult(null);
                });
                done.await();
                log.info("main after the callback");
            });
            log.info("after Weft.run");
            assertThat(log.lines).containsExactly("[requestId=the loop thread's own] main starts",
                    "[requestId=the loop thread's own] callback", "[requestId=main] main after the callback",
                    "[requestId=the loop thread's own] after Weft.run");
        });
    }

    @Test
    void eachUpdateIsRestoredOnTheSameThreadOnEveryStep() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        ThreadContextElement<Thread> probe = new ThreadContextElement<>() {
            @Override
            public Thread updateThreadContext() {
                calls.add("update");
                return Thread.currentThread();
            }

            @Override
            public void restoreThreadContext(Thread updatedOn) {
                calls.add(updatedOn == Thread.currentThread() ? "restore" : "restore on another thread");
            }
        };
        runVirtual(() -> {
            Weft.carry(probe); // updates at once: the task runs
            Weft.spawn(() -> {
                sleep(1);
                Weft.yieldNow();
            }).await();
        });
        // main: carry, suspend at await, resume, end; child: start, suspend twice, resume twice, end
        assertThat(calls).containsExactly("update", "restore", "update", "restore", "update", "restore",
                "update", "restore", "update", "restore");
    }

    @Test
    void aTaskThatCarriesNothingSeesTheThreadAsItIs() {
        ThreadLocal<String> plain = new ThreadLocal<>();
        String seen = runVirtual(() -> {
            plain.set("set by main, not carried");
            return Weft.spawn(plain::get).await();
        });
        // Shared thread: the child reads what main left there; on the portable backend, its own thread's.
        assertThat(seen).isEqualTo(Weft.backend().equals("continuation") ? "set by main, not carried" : null);
    }

    @Test
    void ofThreadLocalCopiesForChildrenAndLeavesNoEntryBehind() {
        ThreadLocal<List<String>> trail = new ThreadLocal<>();
        List<String> results = runVirtual(() -> {
            Weft.carry(ThreadContextElement.of(trail, ArrayList::new));
            trail.set(new ArrayList<>(List.of("main")));
            Task<String> child = Weft.spawn(() -> {
                trail.get().add("child");
                Weft.yieldNow();
                return String.join(",", trail.get());
            });
            Weft.yieldNow();
            trail.get().add("main again");
            return List.of(child.await(), String.join(",", trail.get()));
        });
        assertThat(results).containsExactly("main,child", "main,main again");
        assertThat(trail.get()).isNull();
    }

    @Test
    void toThreadAndRunInExecutorApplyTheTasksContextAndAPooledThreadKeepsNone() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            List<String> seen = runVirtual(() -> {
                Weft.carry(mdc());
                List<String> s = new ArrayList<>();
                MDC.put("requestId", "r-1");
                s.add(Weft.toThread(() -> MDC.get("requestId")));
                s.add(Weft.runInExecutor(pool, () -> {
                    String mine = MDC.get("requestId");
                    MDC.put("requestId", "changed by the worker"); // stays in the worker's call
                    return mine;
                }));
                s.add(MDC.get("requestId"));
                s.add(Weft.spawn(() -> {
                    MDC.clear();
                    return Weft.runInExecutor(pool, () -> String.valueOf(MDC.get("requestId")));
                }).await());
                return s;
            });
            assertThat(seen).containsExactly("r-1", "r-1", "r-1", "null");
            assertThat(pool.submit(() -> MDC.getCopyOfContextMap()).get()).isNull(); // the pool thread is clean
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anElementThatFailsToRestoreFailsTheAwaitButTheTaskGoesOnSuspendedCorrectly() {
        List<String> log = new ArrayList<>();
        boolean[] fail = {true};
        String r = runVirtual(() -> {
            Weft.carry(new ThreadContextElement<String>() {
                @Override
                public String updateThreadContext() {
                    return "";
                }

                @Override
                public void restoreThreadContext(String oldState) {
                    if (fail[0]) {
                        fail[0] = false;
                        throw new IllegalStateException("restore failed");
                    }
                }
            });
            Weft.spawn(() -> log.add("other task ran")); // runs while main is suspended
            try {
                Weft.yieldNow();
            } catch (IllegalStateException e) {
                log.add("await threw " + e.getMessage() + " after the wait");
            }
            sleep(1);
            return "done";
        });
        assertThat(r).isEqualTo("done");
        assertThat(log).containsExactly("other task ran", "await threw restore failed after the wait");
    }

    @Test
    void badInput() {
        assertThatNullPointerException().isThrownBy(() -> Weft.carry(null)).withMessage("element");
        assertThatNullPointerException().isThrownBy(() -> ThreadContextElement.of((ThreadLocal<String>) null))
                .withMessage("local");
        assertThatNullPointerException().isThrownBy(() -> ThreadContextElement.of(new ThreadLocal<String>(), null))
                .withMessage("copyForChild");
        assertThatNullPointerException().isThrownBy(() -> ThreadContextElement.of(() -> "x", null))
                .withMessage("write");
        ThreadContextElement<String> noCopy = new ThreadContextElement<>() {
            @Override
            public String updateThreadContext() {
                return null;
            }

            @Override
            public void restoreThreadContext(String oldState) {}

            @Override
            public ThreadContextElement<String> copyForChild() {
                return null;
            }
        };
        runVirtual(() -> assertThatNullPointerException().isThrownBy(() -> Weft.carry(noCopy))
                .withMessage("copyForChild() returned null"));
    }
}
