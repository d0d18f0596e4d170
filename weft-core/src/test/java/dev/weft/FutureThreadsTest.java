package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Future's and Task's thread rules exactly as documented (issue 16): while the loop runs, reads from
 * another thread throw as cancel() does; loop(), toCompletableFuture(), toString() and Task.name() work
 * from any thread; once the loop stopped, any thread may read.
 */
class FutureThreadsTest {

    /** Runs {@code check} on a plain thread while {@code f}'s loop waits inside a task. */
    private static void fromAnotherThreadWhileRunning(java.util.function.Consumer<Task<String>> check) {
        Weft.run(() -> {
            Future<Void> gate = Weft.loop().createFuture();
            Task<String> t = Weft.spawn(() -> {
                gate.await();
                return "done";
            });
            Weft.yieldNow();
            EventLoop loop = Weft.loop();
            CompletableFuture<Void> checked = CompletableFuture.runAsync(() -> check.accept(t));
            Weft.await(checked);
            gate.setResult(null);
            return t.await();
        });
    }

    @Test
    void readsFromAnotherThreadWhileTheLoopRunsThrowAsCancelDoes() {
        AtomicReference<Throwable> isDone = new AtomicReference<>();
        fromAnotherThreadWhileRunning(t -> {
            assertThatIllegalStateException().isThrownBy(t::isDone)
                    .withMessageStartingWith("Task of EventLoop").withMessageContaining("use toCompletableFuture()");
            assertThatIllegalStateException().isThrownBy(t::isCancelled);
            assertThatIllegalStateException().isThrownBy(t::result);
            assertThatIllegalStateException().isThrownBy(t::exception);
            assertThatIllegalStateException().isThrownBy(t::cancelling);
            assertThatIllegalStateException().isThrownBy(t::uncancel);
            assertThatIllegalStateException().isThrownBy(() -> t.setName("x"));
            assertThatIllegalStateException().isThrownBy(t::cancel);
        });
    }

    @Test
    void theDocumentedAnyThreadMethodsWork() {
        fromAnotherThreadWhileRunning(t -> {
            assertThat(t.loop()).isNotNull();
            assertThat(t.name()).startsWith("Task-");
            assertThat(t.toString()).startsWith("Task[");
            CompletableFuture<String> cf = t.toCompletableFuture();
            assertThat(cf.isDone()).as("the thread-safe isDone()").isFalse();
        });
    }

    @Test
    void afterTheLoopStoppedAnyThreadMayRead() throws Exception {
        AtomicReference<Task<String>> task = new AtomicReference<>();
        Weft.run(() -> {
            task.set(Weft.spawn(() -> "r"));
            return task.get().await();
        });
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            Task<String> t = task.get();
            return t.isDone() + " " + t.result() + " " + t.isCancelled();
        });
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("true r false");
    }
}
