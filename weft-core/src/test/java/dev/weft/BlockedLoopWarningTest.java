package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocked-loop warning (issue 14): on by default, one WARNING per stall with the task's name and
 * the stuck thread's stack, configurable and switchable off. A step blocks on a latch the test
 * releases once the warning was seen (no sleeping: the watchdog is what is under test).
 */
@Timeout(60)
class BlockedLoopWarningTest {
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch warned = new CountDownLatch(1);
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel() == Level.WARNING && r.getMessage().contains("has been blocked")) {
                warnings.add(r);
                warned.countDown();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void attach() {
        Logger.getLogger("dev.weft").addHandler(capture);
    }

    @AfterEach
    void detach() {
        Logger.getLogger("dev.weft").removeHandler(capture);
    }

    /** Blocks the calling step until the warning was logged, then for four more thresholds. */
    private void blockTheLoopUntilWarned(Duration threshold) throws InterruptedException {
        assertThat(warned.await(20, TimeUnit.SECONDS)).as("a warning within 20 s").isTrue();
        new CountDownLatch(1).await(threshold.toMillis() * 4, TimeUnit.MILLISECONDS); // stays stuck: no second warning
    }

    private void blockWithoutWarning(Duration d) throws InterruptedException {
        assertThat(warned.await(d.toMillis(), TimeUnit.MILLISECONDS)).as("no warning").isFalse();
    }

    private static boolean hasFrame(LogRecord r, String method) {
        return Arrays.stream(r.getThrown().getStackTrace()).anyMatch(e -> e.getMethodName().equals(method));
    }

    @Test
    void aTaskStuckInOneStepIsReportedOnceWithItsNameAndTheStackItIsStuckAt() {
        Duration threshold = Duration.ofMillis(100);
        String[] loopName = new String[1];
        Weft.run(() -> {
            EventLoop loop = Weft.loop();
            loopName[0] = loop.name();
            loop.setBlockedLoopThreshold(threshold);
            Task<Void> stuck = Weft.spawn("stuck-worker", () -> blockTheLoopUntilWarned(threshold));
            stuck.await();
            return null;
        });
        assertThat(warnings).singleElement().satisfies(r -> {
            assertThat(r.getMessage()).startsWith(loopName[0] + " has been blocked for ")
                    .contains("a step of task 'stuck-worker'").contains("threshold 100 ms")
                    .contains("weft.blockedLoopWarning");
            assertThat(hasFrame(r, "blockTheLoopUntilWarned")).as("the stuck thread's stack: %s",
                    Arrays.toString(r.getThrown().getStackTrace())).isTrue();
        });
    }

    @Test
    void eachStallIsReportedAndAPlainCallbackToo() throws Exception {
        Duration threshold = Duration.ofMillis(100);
        try (EventLoop loop = new EventLoop()) {
            loop.setBlockedLoopThreshold(threshold);
            loop.callSoon(() -> {
                try {
                    blockTheLoopUntilWarned(threshold);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                warned = new CountDownLatch(1);
            });
            loop.runUntilComplete(() -> { // a second stall, in a task, after the loop moved on
                blockTheLoopUntilWarned(threshold);
                return null;
            });
        }
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0).getMessage()).contains("by a callback");
        assertThat(warnings.get(1).getMessage()).contains("a step of task 'Task-");
    }

    @Test
    void aLoopWaitingForEventsOrSwitchedOffIsNeverReported() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            loop.setBlockedLoopThreshold(Duration.ofMillis(50));
            loop.runUntilComplete(() -> {
                Weft.sleep(Duration.ofMillis(300)); // waits for a timer: idle, not blocked
                return null;
            });
            loop.setBlockedLoopThreshold(Duration.ZERO);
            assertThat(loop.blockedLoopThreshold()).isEqualTo(Duration.ZERO);
            loop.runUntilComplete(() -> {
                blockWithoutWarning(Duration.ofMillis(300));
                return null;
            });
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void theThresholdIsTwoSecondsByDefaultAndBadValuesAreRefusedClearly() {
        String before = System.getProperty("weft.blockedLoopWarning");
        try {
            System.clearProperty("weft.blockedLoopWarning");
            try (EventLoop loop = new EventLoop()) {
                assertThat(loop.blockedLoopThreshold()).isEqualTo(Duration.ofSeconds(2));
                assertThatThrownBy(() -> loop.setBlockedLoopThreshold(Duration.ofMillis(-1)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("blockedLoopThreshold: PT-0.001S (expected: >= 0, 0 for off)");
                assertThatThrownBy(() -> loop.setBlockedLoopThreshold(null)).isInstanceOf(NullPointerException.class);
            }
            System.setProperty("weft.blockedLoopWarning", "750ms");
            try (EventLoop loop = new EventLoop()) {
                assertThat(loop.blockedLoopThreshold()).isEqualTo(Duration.ofMillis(750));
            }
            System.setProperty("weft.blockedLoopWarning", "off");
            try (EventLoop loop = new EventLoop()) {
                assertThat(loop.blockedLoopThreshold()).isEqualTo(Duration.ZERO);
            }
            System.setProperty("weft.blockedLoopWarning", "two seconds");
            assertThatThrownBy(EventLoop::new).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("weft.blockedLoopWarning: 'two seconds' (expected: a duration such as 2s, 500ms "
                            + "or PT2S, or off)");
        } finally {
            if (before == null) {
                System.clearProperty("weft.blockedLoopWarning");
            } else {
                System.setProperty("weft.blockedLoopWarning", before);
            }
        }
        assertThat(Watchdog.parse("3s")).isEqualTo(3_000_000_000L);
        assertThat(Watchdog.parse(" 1.5S ")).isEqualTo(1_500_000_000L);
        assertThat(Watchdog.parse("PT0.25S")).isEqualTo(250_000_000L);
        assertThat(Watchdog.parse("0")).isZero();
        assertThatThrownBy(() -> Watchdog.parse("-2s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Watchdog.parse("2")).isInstanceOf(IllegalArgumentException.class);
    }
}
