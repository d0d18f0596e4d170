package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15 item 9: blocking on a CompletableFuture of a loop, on that loop's own thread, fails at once
 * with an error that says why (it used to hang forever); elsewhere it still blocks and returns.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OwnLoopJoinTest {

    @Test
    void runCoroutineThreadsafeOnTheOwnLoopThenGetFailsAtOnce() {
        String r = Weft.run(() -> {
            EventLoop own = Weft.loop();
            CompletableFuture<String> cf = Weft.runCoroutineThreadsafe(() -> "x", own);
            assertThatThrownBy(cf::get)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("CompletableFuture.get() would deadlock")
                    .hasMessageContaining(own.toString())
                    .hasMessageContaining("Weft.await(cf)");
            assertThatThrownBy(() -> cf.get(1, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(cf::join)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("CompletableFuture.join() would deadlock");
            return Weft.await(cf); // the right way still works, and nothing was lost
        });
        assertThat(r).isEqualTo("x");
    }

    @Test
    void toCompletableFutureOfAPendingFutureOfTheOwnLoopFailsToJoin() {
        Weft.run(() -> {
            Task<String> t = Weft.spawn(() -> {
                Weft.sleep(Duration.ofMillis(1));
                return "t";
            });
            CompletableFuture<String> cf = t.toCompletableFuture();
            assertThatThrownBy(cf::join).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("would deadlock");
            // A dependent stage carries the guard too: it can only complete after cf.
            CompletableFuture<Integer> len = cf.thenApply(String::length);
            assertThatThrownBy(len::join).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("would deadlock");
            assertThat(Weft.await(len)).isEqualTo(1);
            // Once done, get() and join() just return: nothing blocks.
            assertThat(cf.join()).isEqualTo("t");
            assertThat(len.get()).isEqualTo(1);
        });
    }

    @Test
    void aPlainCallbackOfTheLoopIsGuardedToo() {
        Weft.run(() -> {
            EventLoop loop = Weft.loop();
            Future<Throwable> seen = loop.createFuture();
            Future<String> pending = loop.createFuture();
            loop.callSoon(() -> {
                try {
                    pending.toCompletableFuture().get();
                    seen.setResult(null);
                } catch (Throwable e) {
                    seen.setResult(e);
                }
            });
            assertThat(seen.await()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("would deadlock");
            pending.cancel();
        });
    }

    @Test
    void anotherThreadStillBlocksAndGetsTheResult() throws Exception {
        try (LoopGroup group = new LoopGroup(2, "own-loop")) {
            CompletableFuture<String> cf = group.submit(0, () -> {
                Weft.sleep(Duration.ofMillis(5));
                return "done";
            });
            assertThat(cf.get(20, TimeUnit.SECONDS)).isEqualTo("done"); // a plain thread may block
            // A task of the other loop may block on loop 0's future: a stall, not a deadlock, and allowed.
            String r = group.submit(1, () -> group.submit(0, () -> "zero").get(20, TimeUnit.SECONDS))
                    .get(20, TimeUnit.SECONDS);
            assertThat(r).isEqualTo("zero");
            // The group's submit to its own loop is guarded.
            CompletableFuture<Throwable> err = group.submit(1, () -> {
                try {
                    group.submit(1, () -> "same").join();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            assertThat(err.get(20, TimeUnit.SECONDS)).hasMessageContaining("would deadlock");
        }
    }
}
