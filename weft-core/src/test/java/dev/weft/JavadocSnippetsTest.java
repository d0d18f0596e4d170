package dev.weft;

import static dev.weft.TestSupport.runVirtual;
import static dev.weft.TestSupport.secs;
import static dev.weft.TestSupport.yields;
import static org.assertj.core.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code {@snippet}} examples of this package's class javadoc, run as written: each test copies
 * one snippet's code and gives its placeholders ({@code fetch}, {@code work}, ...) small bodies.
 * Change the snippet and the test together.
 */
class JavadocSnippetsTest {
    /** The name {@link #fetch} fails for, after 0.1 s. */
    private String failing = "";

    /** Answers {@code what} after a delay: 1 s for "a", 2 s for "b", 10 s for unknown names. */
    private String fetch(String what) throws IOException {
        if (what.equals(failing)) {
            Weft.sleep(secs(0.1));
            throw new IOException("no " + what);
        }
        Weft.sleep(secs(switch (what) {
            case "a", "mirror-b" -> 1;
            case "b", "mirror-a" -> 2;
            default -> 10;
        }));
        return what;
    }

    @Test
    void exceptionGroup() {
        failing = "b";
        List<Throwable> printed = new ArrayList<>();
        runVirtual(() -> {
            // = the snippet of ExceptionGroup (System.err.println records into `printed`)
            try {
                TaskGroup.run(tg -> {
                    tg.spawn(() -> fetch("a"));
                    tg.spawn(() -> fetch("b"));
                    return null;
                });
            } catch (ExceptionGroup eg) {
                for (Throwable t : eg.exceptions()) {
                    printed.add(t);
                }
            }
            assertThat(TestSupport.now()).as("a was cancelled when b failed").isEqualTo(0.1);
        });
        assertThat(printed).singleElement().isInstanceOf(IOException.class)
                .extracting(Throwable::getMessage).isEqualTo("no b");
    }

    /** The worker {@link #work} fails for, after 0.5 s; the others answer n after 5 s. */
    private int failingWorker;

    private int work(int n) {
        if (n == failingWorker) {
            Weft.sleep(secs(0.5));
            throw new IllegalStateException("work " + n + " failed");
        }
        Weft.sleep(secs(5));
        return n;
    }

    /** The snippet of WaitMode, returning the sum, with its checks. */
    private int waitModeSnippet() {
        // = the snippet of WaitMode
        List<Task<Integer>> workers = List.of(Weft.spawn(() -> work(1)), Weft.spawn(() -> work(2)));
        WaitResult<Integer> r = Weft.wait(workers, WaitMode.FIRST_EXCEPTION, null);
        r.pending().forEach(Future::cancel);
        int sum = 0;
        for (Future<Integer> f : r.done()) {
            sum += f.result();
        }
        return sum;
    }

    @Test
    void waitModeWhenAWorkerFails() {
        failingWorker = 2;
        runVirtual(() -> {
            assertThatThrownBy(this::waitModeSnippet).isInstanceOf(IllegalStateException.class)
                    .hasMessage("work 2 failed");
            assertThat(TestSupport.now()).as("returned at the failure").isEqualTo(0.5);
            yields(2);
            assertThat(Weft.loop().allTasks()).as("worker 1 was cancelled").allMatch(t -> t == Task.current());
        });
    }

    @Test
    void waitModeWhenAllSucceed() {
        assertThat(runVirtual(this::waitModeSnippet)).isEqualTo(3);
    }

    @Test
    void waitResult() {
        runVirtual(() -> {
            Task<String> a = Weft.spawn(() -> fetch("mirror-a"));
            Task<String> b = Weft.spawn(() -> fetch("mirror-b"));
            String page = waitResultSnippet(a, b);
            // what it says
            assertThat(page).isEqualTo("mirror-b");
            yields(2);
            assertThat(a.isCancelled()).isTrue();
        });
    }

    /** = the snippet of WaitResult, from its wait on. */
    private static String waitResultSnippet(Task<String> a, Task<String> b) {
        WaitResult<String> r = Weft.wait(List.of(a, b), WaitMode.FIRST_COMPLETED, Duration.ofSeconds(5));
        for (Future<String> f : r.pending()) {
            f.cancel();
        }
        return r.done().isEmpty()
                ? null
                : r.done().iterator().next().result();
    }

    @Test
    void waitResultOnTimeout() {
        runVirtual(() -> {
            Task<String> a = Weft.spawn(() -> fetch("slow"));
            Task<String> b = Weft.spawn(() -> fetch("slow"));
            String page = waitResultSnippet(a, b);
            assertThat(page).isNull();
            assertThat(TestSupport.now()).isEqualTo(5.0);
            yields(2);
            assertThat(a.isCancelled()).isTrue();
            assertThat(b.isCancelled()).isTrue();
        });
    }

    // CancelledError's snippet: its placeholders
    private boolean stopped;
    private int polls;
    private final List<Exception> logged = new ArrayList<>();
    private boolean closed;

    private void poll() {
        polls++;
    }

    private void log(Exception e) {
        logged.add(e);
    }

    private void closeResources() {
        closed = true;
    }

    @Test
    void cancelledError() {
        runVirtual(() -> {
            // = the snippet of CancelledError
            Task<Void> poller = Weft.spawn(() -> {
                try {
                    while (!stopped) {
                        Weft.sleep(Duration.ofSeconds(1));
                        poll();
                    }
                } catch (Exception e) {
                    log(e);
                } finally {
                    closeResources();
                }
            });
            TestSupport.sleep(3.5);
            poller.cancel("shutting down");
            // what it says
            yields(2);
            assertThat(poller.isCancelled()).isTrue();
            assertThatThrownBy(poller::result).isInstanceOf(CancelledError.class).hasMessage("shutting down");
        });
        assertThat(polls).isEqualTo(3);
        assertThat(logged).as("catch (Exception e) let the CancelledError through").isEmpty();
        assertThat(closed).isTrue();
    }

    @Test
    void timedOutException() {
        List<Throwable> causes = new ArrayList<>();
        runVirtual(() -> {
            // = the snippet of TimedOutException
            try {
                String reply = Weft.timeout(Duration.ofSeconds(2), () -> fetch("slow-host"));
                fail("no timeout: " + reply);
            } catch (TimedOutException e) {
                causes.add(e.getCause());
            }
            assertThat(TestSupport.now()).isEqualTo(2.0);
        });
        assertThat(causes).singleElement().isInstanceOf(CancelledError.class);
    }

    @Test
    void asyncFiles(@TempDir Path dir) {
        Weft.run(() -> {
            // = the snippet of AsyncFiles
            Path log = dir.resolve("notes.txt");
            AsyncFiles.writeString(log, "first\n");
            AsyncFiles.writeString(log, "second\n", StandardOpenOption.APPEND);
            List<String> lines = AsyncFiles.readAllLines(log);
            byte[] raw = AsyncFiles.readAllBytes(log);
            // what it says
            assertThat(lines).containsExactly("first", "second");
            assertThat(raw).hasSize(13);
            assertThat(AsyncFiles.readString(log)).isEqualTo("first\nsecond\n");
        });
    }

    @Test
    void task() {
        runVirtual(() -> {
            // = the snippet of Task
            Task<String> page = Weft.spawn("fetch-a", () -> fetch("a"));
            Task<String> other = Weft.spawn(() -> fetch("b"));
            String a = page.await();
            if (!other.isDone()) {
                other.cancel("not needed");
            }
            // what it says
            assertThat(a).isEqualTo("a");
            assertThat(page.name()).isEqualTo("fetch-a");
            assertThat(TestSupport.now()).isEqualTo(1.0);
            yields(2);
            assertThatThrownBy(other::result).isInstanceOf(CancelledError.class).hasMessage("not needed");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void threadContextElement() {
        // ThreadContextTest's MDC stand-in; a logger that prints the request id as %X{requestId} would
        List<String> lines = new ArrayList<>();
        Future<Void>[] fourLines = new Future[1];
        var log = new Object() {
            void info(String format, Object arg) {
                lines.add("[requestId=" + ThreadContextTest.MDC.get("requestId") + "] " + format.replace("{}", String.valueOf(arg)));
                if (lines.size() == 4) {
                    fourLines[0].setResult(null);
                }
            }
        };
        int[] ids = {0};
        java.util.function.Supplier<String> nextRequestId = () -> "r-" + ++ids[0];
        Weft.run(() -> {
            fourLines[0] = Weft.loop().createFuture();
            // = the snippet of ThreadContextElement, with ThreadContextTest.MDC for SLF4J's MDC
            Weft.carry(ThreadContextElement.of(ThreadContextTest.MDC::getCopyOfContextMap,
                    map -> { if (map == null) ThreadContextTest.MDC.clear(); else ThreadContextTest.MDC.setContextMap(map); }));
            dev.weft.net.Server server = dev.weft.net.Net.startServer((reader, writer) -> {
                ThreadContextTest.MDC.put("requestId", nextRequestId.get());
                for (String line : reader.lines()) {
                    log.info("got {}", line);
                }
            }, "127.0.0.1", 0);
            // two connections, their lines interleaved
            try (dev.weft.net.Connection a = dev.weft.net.Net.openConnection("127.0.0.1", server.port());
                    dev.weft.net.Connection b = dev.weft.net.Net.openConnection("127.0.0.1", server.port())) {
                for (String l : List.of("a1", "b1", "a2", "b2")) {
                    var w = (l.startsWith("a") ? a : b).writer();
                    w.write(l + "\n");
                    w.drain();
                    Weft.sleep(Duration.ofMillis(20));
                }
                a.writer().writeEof();
                b.writer().writeEof();
                fourLines[0].await();
            } finally {
                server.close();
            }
        });
        assertThat(lines).hasSize(4);
        String idOfA = lines.stream().filter(l -> l.endsWith("a1")).findFirst().orElseThrow().substring(0, 15);
        String idOfB = lines.stream().filter(l -> l.endsWith("b1")).findFirst().orElseThrow().substring(0, 15);
        assertThat(idOfA).isNotEqualTo(idOfB).startsWith("[requestId=r-");
        assertThat(lines).containsExactlyInAnyOrder(idOfA + " got a1", idOfB + " got b1", idOfA + " got a2", idOfB + " got b2");
        assertThat(ThreadContextTest.MDC.get("requestId")).isNull();
    }
}
