package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * EventLoop.addSignalHandler / removeSignalHandler in this JVM: signals are raised in-process
 * (sun.misc.Signal.raise). Only WINCH, whose default action is to ignore it: INT or TERM raised here
 * would reach any LoopGroup another test left running, which would exit this JVM. Weft.run's own
 * handling of INT and TERM is tested in child JVMs ({@link SignalShutdownTest}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignalHandlerTest {

    private static void raise(String name) {
        sun.misc.Signal.raise(new sun.misc.Signal(name));
    }

    @Test
    void theCallbackRunsOnTheLoopEachTimeTheSignalArrives() {
        List<String> seen = Weft.run(() -> {
            EventLoop loop = Weft.loop();
            List<String> threads = new ArrayList<>();
            Future<Void> twice = loop.createFuture();
            loop.addSignalHandler("SIGWINCH", () -> {
                threads.add(loop.inLoopThread() ? "loop" : Thread.currentThread().getName());
                if (threads.size() == 2) {
                    twice.setResult(null);
                }
            });
            raise("WINCH");
            Weft.sleep(Duration.ofMillis(1)); // the dispatch thread posts; let a few iterations pass
            raise("WINCH");
            twice.await();
            assertThat(loop.removeSignalHandler("winch")).isTrue();
            assertThat(loop.removeSignalHandler("WINCH")).as("already removed").isFalse();
            return threads;
        });
        assertThat(seen).containsExactly("loop", "loop");
    }

    @Test
    void aSecondRegistrationReplacesTheFirstAndTheMostRecentLoopHearsIt() throws Exception {
        LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (LoopGroup group = new LoopGroup(2, "signals", false)) {
            group.submit(0, () -> {
                Weft.loop().addSignalHandler("WINCH", () -> heard.add("a-old"));
                Weft.loop().addSignalHandler("WINCH", () -> heard.add("a")); // replaces a-old
                return null;
            }).get(20, TimeUnit.SECONDS);
            raise("WINCH");
            assertThat(heard.poll(20, TimeUnit.SECONDS)).isEqualTo("a");
            group.submit(1, () -> {
                Weft.loop().addSignalHandler("WINCH", () -> heard.add("b"));
                return null;
            }).get(20, TimeUnit.SECONDS);
            raise("WINCH");
            assertThat(heard.poll(20, TimeUnit.SECONDS)).isEqualTo("b");
            assertThat(group.submit(1, () -> Weft.loop().removeSignalHandler("WINCH")).get(20, TimeUnit.SECONDS))
                    .isTrue();
            raise("WINCH");
            assertThat(heard.poll(20, TimeUnit.SECONDS)).as("back to loop 0").isEqualTo("a");
        } // closing the loops removes loop 0's handler
        assertThat(heard).isEmpty();
    }

    @Test
    void badSignalsAreClearErrors() {
        Weft.run(() -> {
            EventLoop loop = Weft.loop();
            assertThatThrownBy(() -> loop.addSignalHandler("FOO", () -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown signal: 'FOO'")
                    .hasMessageContaining("INT, TERM");
            assertThatThrownBy(() -> loop.addSignalHandler("KILL", () -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SIGKILL cannot be handled: the JVM or the OS reserves it");
            assertThatThrownBy(() -> loop.addSignalHandler("QUIT", () -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SIGQUIT cannot be handled");
            assertThatThrownBy(() -> loop.removeSignalHandler("NOPE"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown signal");
            assertThatThrownBy(() -> loop.addSignalHandler(null, () -> {})).isInstanceOf(NullPointerException.class);
            assertThat(loop.removeSignalHandler("USR1")).as("none registered").isFalse();
        });
    }

    @Test
    void aClosedLoopOrAnotherThreadCannotRegister() throws Exception {
        EventLoop loop = new EventLoop();
        loop.close();
        assertThatThrownBy(() -> loop.addSignalHandler("WINCH", () -> {}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(loop.removeSignalHandler("WINCH")).isFalse();
        try (LoopGroup group = new LoopGroup(1, "signals-thread", false)) {
            assertThatThrownBy(() -> group.loop(0).addSignalHandler("WINCH", () -> {}))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("callSoonThreadsafe");
        }
    }

    @Test
    void aBadWeftSignalsPropertyIsAClearError() {
        String old = System.getProperty("weft.signals");
        System.setProperty("weft.signals", "maybe");
        try {
            assertThatThrownBy(() -> Weft.run(() -> null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("-Dweft.signals=maybe (expected: true or false)");
            assertThat(Weft.run(RunOptions.defaults().handleSignals(true), () -> "explicit wins")).isEqualTo("explicit wins");
        } finally {
            if (old == null) {
                System.clearProperty("weft.signals");
            } else {
                System.setProperty("weft.signals", old);
            }
        }
    }
}
