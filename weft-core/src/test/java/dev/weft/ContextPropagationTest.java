package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * TaskLocals cross to other threads and loops as asyncio copies the context: into {@code toThread} and
 * {@code runInExecutor} work (to_thread's {@code ctx.run}), into tasks started by
 * {@code runCoroutineThreadsafe} and {@code LoopGroup.submit} (call_soon_threadsafe's copied context).
 * A copy, taken at the call: changes on either side stay on that side, and a worker thread keeps nothing.
 */
class ContextPropagationTest {
    static final TaskLocal<String> REQUEST = TaskLocal.named("request");

    @Test
    void toThreadSeesTheTasksValuesAndWhatItSetsStaysThere() {
        List<String> seen = runVirtual(() -> {
            REQUEST.set("r-1");
            List<String> s = new ArrayList<>();
            s.add(Weft.toThread(() -> {
                String mine = REQUEST.get();
                REQUEST.set("set by the worker");
                return mine + ", then " + REQUEST.get();
            }));
            s.add(REQUEST.get());
            return s;
        });
        assertThat(seen).containsExactly("r-1, then set by the worker", "r-1");
    }

    @Test
    void aPooledThreadDoesNotCarryOneCallsValuesIntoTheNext() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            List<String> seen = runVirtual(() -> {
                List<String> s = new ArrayList<>();
                Task<String> a = Weft.spawn(() -> {
                    REQUEST.set("a");
                    return Weft.runInExecutor(pool, () -> {
                        REQUEST.set(REQUEST.get() + " and the worker's own");
                        return REQUEST.get();
                    });
                });
                s.add(a.await());
                s.add(Weft.spawn(() -> Weft.runInExecutor(pool, () -> String.valueOf(REQUEST.get()))).await());
                return s;
            });
            assertThat(seen).containsExactly("a and the worker's own", "null");
            assertThat(pool.submit(REQUEST::get).get(10, TimeUnit.SECONDS)).isNull(); // outside any call
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWorkerThatRunsItsOwnLoopHandsTheValuesToItsMainTask() {
        String seen = runVirtual(() -> {
            REQUEST.set("outer task");
            return Weft.toThread(() -> Weft.run(() -> REQUEST.get()));
        });
        assertThat(seen).isEqualTo("outer task");
    }

    @Test
    void runCoroutineThreadsafeFromAPlainThreadStartsWithThatThreadsValues() throws Exception {
        EventLoop loop = new EventLoop();
        Thread runner = Thread.ofPlatform().start(() -> loop.runForever());
        try {
            REQUEST.set("plain thread");
            CompletableFuture<String> cf = Weft.runCoroutineThreadsafe(() -> {
                String first = REQUEST.get();
                Weft.yieldNow();
                return first + "/" + REQUEST.get();
            }, loop);
            REQUEST.set("changed after the call"); // the task has its own copy
            assertThat(cf.get(10, TimeUnit.SECONDS)).isEqualTo("plain thread/plain thread");
        } finally {
            REQUEST.remove();
            loop.callSoonThreadsafe(loop::stop);
            runner.join();
            loop.close();
        }
    }

    @Test
    void aTaskSubmittedToAnotherLoopOfAGroupStartsWithTheSubmittersValues() throws Exception {
        try (LoopGroup group = new LoopGroup(2)) {
            AtomicReference<String> seenOnTheOtherLoop = new AtomicReference<>();
            String r = group.submit(0, () -> {
                REQUEST.set("from loop 0");
                CompletableFuture<String> there = group.submit(1, () -> {
                    seenOnTheOtherLoop.set(Weft.loop() == group.loop(1) ? REQUEST.get() : "wrong loop");
                    return REQUEST.get();
                });
                REQUEST.set("loop 0 later");
                return Weft.await(there) + " / " + REQUEST.get();
            }).get(10, TimeUnit.SECONDS);
            assertThat(r).isEqualTo("from loop 0 / loop 0 later");
            assertThat(seenOnTheOtherLoop.get()).isEqualTo("from loop 0");
        }
    }

    @Test
    void theTaskOfAFailedSubmissionTakesNothingAnywhere() throws Exception {
        EventLoop closed = new EventLoop();
        closed.close();
        try (LoopGroup group = new LoopGroup(1)) {
            String r = runVirtual(() -> {
                REQUEST.set("mine");
                assertThatIllegalStateException().isThrownBy(() -> Weft.runCoroutineThreadsafe(() -> "never", closed));
                assertThatExceptionOfType(IndexOutOfBoundsException.class)
                        .isThrownBy(() -> group.submit(1, () -> "never"))
                        .withMessage("index: 1 (expected: 0 <= index < 1)");
                return REQUEST.get() + ", " + Weft.await(group.submit(0, REQUEST::get));
            });
            assertThat(r).isEqualTo("mine, mine");
        }
        assertThat(REQUEST.get()).isNull();
    }

    @Test
    void aServersConnectionTasksStartWithTheValuesOfTheTaskThatStartedIt() {
        List<String> seen = new ArrayList<>();
        Weft.run(() -> {
            REQUEST.set("server starter");
            Future<Void> served = Weft.loop().createFuture();
            dev.weft.net.Server server = dev.weft.net.Net.startServer((reader, writer) -> {
                seen.add(REQUEST.get());
                REQUEST.set("changed by the handler"); // its own copy
                served.setResult(null);
            }, "127.0.0.1", 0);
            REQUEST.set("changed after the start"); // the capture was taken at the start
            try (dev.weft.net.Connection c = dev.weft.net.Net.openConnection("127.0.0.1", server.port())) {
                served.await();
            } finally {
                server.close();
            }
            seen.add(REQUEST.get());
        });
        assertThat(seen).containsExactly("server starter", "changed after the start");
    }
}
