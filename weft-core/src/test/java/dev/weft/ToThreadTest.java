package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToThreadTest {
    @Test
    void runsOffTheLoopAndReturnsTheResult() {
        String[] where = new String[2];
        int r = Weft.run(() -> {
            where[0] = Thread.currentThread().getName();
            return Weft.toThread(() -> {
                where[1] = Thread.currentThread().isVirtual() ? "virtual" : "platform";
                return 42;
            });
        });
        assertThat(r).isEqualTo(42);
        assertThat(where[1]).isEqualTo("virtual");
    }

    @Test
    void otherTasksRunWhileTheWorkBlocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> log = new java.util.ArrayList<>();
        Weft.run(() -> {
            Task<String> blocked = Weft.spawn(() -> Weft.toThread(() -> {
                release.await(); // blocks its own thread, not the loop
                return "unblocked";
            }));
            Weft.spawn(() -> {
                log.add("other task ran");
                release.countDown();
            }).await();
            log.add(blocked.await());
        });
        assertThat(log).containsExactly("other task ran", "unblocked");
    }

    @Test
    void exceptionsComeBackToTheTask() {
        assertThatThrownBy(() -> Weft.run(() -> Weft.toThread(() -> {
            throw new IllegalArgumentException("bad input");
        }))).isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
        assertThatThrownBy(() -> Weft.run(() -> Weft.toThread(() -> {
            throw new IOException("disk");
        }))).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void cancellingTheAwaitingTaskInterruptsTheWorkAndDoesNotWaitForIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        String r = Weft.run(() -> {
            Task<Object> t = Weft.spawn(() -> Weft.toThread(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await(); // blocks until interrupted
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return "finished";
            }));
            Weft.toThread(() -> {
                started.await();
                return null;
            });
            t.cancel("stop");
            try {
                t.await();
                return "not cancelled";
            } catch (CancelledError e) {
                return "cancelled: " + e.getMessage();
            }
        });
        assertThat(r).isEqualTo("cancelled: stop");
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("the worker was interrupted").isTrue();
    }

    @Test
    void runsOnAGivenExecutor() {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-pool"));
        try {
            String name = Weft.run(() -> Weft.runInExecutor(pool, () -> Thread.currentThread().getName()));
            assertThat(name).isEqualTo("my-pool");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void outsideATaskIsAClearError() {
        assertThatThrownBy(() -> Weft.toThread(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("await outside a task");
    }

    @Test
    void filesAreReadAndWrittenOffTheLoop(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.txt");
        String back = Weft.run(() -> {
            AsyncFiles.writeString(f, "line one\nline two\n");
            return AsyncFiles.readString(f);
        });
        assertThat(back).isEqualTo("line one\nline two\n");
        assertThat(Files.readAllLines(f)).containsExactly("line one", "line two");
        List<String> lines = Weft.run(() -> AsyncFiles.readAllLines(f));
        assertThat(lines).containsExactly("line one", "line two");
        assertThatThrownBy(() -> Weft.run(() -> AsyncFiles.readAllBytes(dir.resolve("missing"))))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing");
    }

    @Test
    void aTimeoutAroundBlockingWorkFires() {
        CountDownLatch never = new CountDownLatch(1);
        assertThatThrownBy(() -> Weft.run(() -> Weft.timeout(Duration.ofMillis(50), () -> Weft.toThread(() -> {
            never.await();
            return null;
        })))).isInstanceOf(TimedOutException.class);
    }
}
