package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14: a task that fails and is never awaited is reported when Weft.run (or LoopGroup.close)
 * ends, once, not only if the GC happens to collect it (CPython reports at GC, which in CPython's
 * refcounting is at once; a JVM may never collect it in a short program).
 */
@Timeout(60)
class UnretrievedAtCloseTest {

    @Test
    void aFailedTaskNobodyAwaitedIsReportedWhenRunEndsEvenWhileStillReferenced() {
        List<ErrorContext> reported = new CopyOnWriteArrayList<>();
        Task<?>[] kept = new Task<?>[3];
        Weft.run(() -> {
            Weft.loop().setExceptionHandler((l, ctx) -> reported.add(ctx));
            kept[0] = Weft.spawn("fails-alone", () -> {
                throw new ArithmeticException("nobody awaits me");
            });
            kept[1] = Weft.spawn("fails-awaited", () -> {
                throw new IllegalStateException("awaited");
            });
            kept[2] = Weft.spawn("fine", () -> "ok");
            Weft.yieldNow(); // all three run and end
            assertThatThrownBy(kept[1]::await).hasMessage("awaited");
            assertThat(reported).as("nothing before the end").isEmpty();
            return null;
        });
        assertThat(reported).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).isEqualTo("Task exception was never retrieved: Task[fails-alone finished "
                    + "exception=java.lang.ArithmeticException: nobody awaits me]");
            assertThat(ctx.exception()).isInstanceOf(ArithmeticException.class);
        });
    }

    @Test
    void eachIsReportedOnceAndARetrievedOneNotAtAll() {
        List<String> reported = new CopyOnWriteArrayList<>();
        EventLoop loop = new EventLoop();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx.exception().getMessage()));
        Future<String> checked = loop.createFuture();
        loop.runUntilComplete(() -> {
            Weft.spawn(() -> {
                throw new IllegalStateException("first");
            });
            Weft.spawn(() -> {
                throw new IllegalStateException("second");
            });
            checked.setException(new IllegalStateException("read later"));
            Weft.yieldNow();
            return null;
        });
        assertThat(checked.exception()).hasMessage("read later"); // retrieved between runs: not reported
        loop.close();
        loop.close(); // idempotent: nothing reported twice
        assertThat(reported).containsExactly("first", "second");
    }

    @Test
    void loopGroupCloseReportsThemToo() throws Exception {
        List<String> reported = new CopyOnWriteArrayList<>();
        try (LoopGroup group = new LoopGroup(2, "unretrieved")) {
            group.submit(0, () -> {
                Weft.loop().setExceptionHandler((l, ctx) -> reported.add(ctx.message()));
                Weft.spawn("group-orphan", () -> {
                    throw new UnsupportedOperationException("in a group");
                });
                Weft.yieldNow();
                return null;
            }).get();
            assertThat(reported).isEmpty();
        }
        assertThat(reported).singleElement().asString()
                .startsWith("Task exception was never retrieved: Task[group-orphan finished");
    }
}
