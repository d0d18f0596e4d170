package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JMX beans (issue 14): one per loop with its counts, and the JVM-wide one whose report is what
 * {@code ./weft ps} prints: names, states with wait reasons, what each task awaits, suspended stacks
 * and the awaited-by tree; a loop stuck in one step is read from outside and says where it is stuck.
 */
@Timeout(60)
class LoopMBeansTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /** The beans appear from the watchdog thread, shortly after the loop's first run. */
    private void awaitRegistered(ObjectName name, boolean registered) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.isRegistered(name) != registered) {
            assertThat(System.nanoTime()).as(name + " registered=" + registered + " within 20 s").isLessThan(end);
            LockSupport.parkNanos(5_000_000);
        }
    }

    static void sleeperBody() {
        Weft.sleep(Duration.ofHours(1));
    }

    @Test
    void aRunningLoopIsSeenWithItsTasksWhatTheyAwaitAndWhere() throws Exception {
        EventLoop loop = new EventLoop();
        CountDownLatch ready = new CountDownLatch(1);
        AtomicReference<Future<String>> release = new AtomicReference<>();
        Thread runner = Thread.ofPlatform().name("mbean-loop").start(() -> loop.runUntilComplete(loop.createTask(() -> {
            Task<Void> sleeper = Weft.spawn("sleeper", LoopMBeansTest::sleeperBody);
            Task<Void> waiter = Weft.spawn("waiter", () -> {
                sleeper.await();
            });
            Future<String> r = Weft.loop().createFuture();
            release.set(r);
            Weft.yieldNow(); // both start and suspend
            ready.countDown();
            r.await();
            waiter.cancel(); // and so the sleeper it awaits
            assertThatThrownBy(waiter::await).isInstanceOf(dev.weft.CancelledError.class);
            assertThat(sleeper.isCancelled()).isTrue();
            return null;
        }, "main")));
        assertThat(ready.await(20, TimeUnit.SECONDS)).isTrue();
        ObjectName perLoop = new ObjectName("dev.weft:type=EventLoop,name=" + loop.name());
        awaitRegistered(perLoop, true);
        awaitRegistered(new ObjectName(LoopsMXBean.OBJECT_NAME), true);

        EventLoopMXBean bean = JMX.newMXBeanProxy(server, perLoop, EventLoopMXBean.class);
        assertThat(bean.getName()).isEqualTo(loop.name());
        assertThat(bean.getState()).isEqualTo("running");
        assertThat(bean.getThread()).isEqualTo("mbean-loop");
        assertThat(bean.getTaskCount()).isEqualTo(3);
        assertThat(bean.getTimerCount()).isEqualTo(1); // the sleeper's
        assertThat(bean.getIterations()).isPositive();
        assertThat(bean.getBlockedLoopWarnings()).isZero();
        assertThat(bean.getBlockedLoopThresholdMillis()).isEqualTo(2000);
        bean.setBlockedLoopThresholdMillis(1500);
        assertThat(loop.blockedLoopThreshold()).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> bean.setBlockedLoopThresholdMillis(-5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: >= 0");

        LoopsMXBean all = JMX.newMXBeanProxy(server, new ObjectName(LoopsMXBean.OBJECT_NAME), LoopsMXBean.class);
        assertThat(all.getLoopNames()).contains(loop.name());
        String report = all.dumpLoop(loop.name());
        assertThat(report).startsWith(loop.name() + " [running on thread 'mbean-loop'; tasks=3, ready=0, timers=1")
                .contains("  Task[main WAITING FUTURE_WAIT]  awaits Future[pending cb=1]\n")
                .containsPattern("  Task\\[sleeper WAITING SLEEP]\n      at dev.weft.Weft.sleep\\(.*\n      at dev.weft"
                        + ".LoopMBeansTest.sleeperBody\\(")
                .contains("  Task[waiter WAITING FUTURE_WAIT]  awaits task 'sleeper'\n")
                .contains("  awaited-by tree (an awaiter above what it awaits):\n"
                        + "  ├── (T) main  WAITING FUTURE_WAIT  at dev.weft.LoopMBeansTest.lambda$")
                .contains("\n  │   └── (F) Future[pending cb=1]\n"
                        + "  └── (T) waiter  WAITING FUTURE_WAIT  at dev.weft.LoopMBeansTest.lambda$")
                .contains("\n      └── (T) sleeper  WAITING SLEEP  at dev.weft.LoopMBeansTest.sleeperBody(");
        System.out.println(report); // the test's output file shows what ./weft ps prints
        assertThat(bean.dumpTasks()).startsWith(loop.name() + " [running");
        assertThat(all.dumpTasks()).contains(report.substring(0, report.indexOf(", iterations="))); // each report is an iteration
        assertThatThrownBy(() -> all.dumpLoop("EventLoop-0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no live event loop named 'EventLoop-0'; the live ones: ")
                .hasMessageContaining(loop.name());

        // Stuck in one step: the report is read from outside, and shows where.
        CountDownLatch unblock = new CountDownLatch(1);
        loop.callSoonThreadsafe(() -> stuckCallback(unblock));
        String busy;
        try {
            busy = all.dumpLoop(loop.name());
        } finally {
            unblock.countDown();
        }
        assertThat(busy).contains("  BUSY: the loop has not come back from one step for 500 ms (a callback)")
                .contains("  thread 'mbean-loop' is at:\n").contains("LoopMBeansTest.stuckCallback(")
                .contains("Task[waiter WAITING FUTURE_WAIT]  awaits task 'sleeper'");

        loop.callSoonThreadsafe(() -> release.get().setResult("go"));
        runner.join();
        assertThat(bean.getState()).isEqualTo("idle");
        loop.close();
        awaitRegistered(perLoop, false);
        assertThat(all.getLoopNames()).doesNotContain(loop.name());
    }

    static void stuckCallback(CountDownLatch unblock) {
        try {
            unblock.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anIdleLoopIsReportedDirectly() {
        try (EventLoop loop = new EventLoop()) {
            loop.runUntilComplete(() -> "ran once");
            assertThat(TaskReport.of(loop)).isEqualTo(loop.name() + " [idle; tasks=0, ready=0, timers=0, iterations="
                    + loop.iterations() + ", slow steps=0, blocked-loop warnings=0]\n  (no unfinished task)\n");
        }
    }
}
