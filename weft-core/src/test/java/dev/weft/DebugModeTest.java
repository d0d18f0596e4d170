package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DebugModeTest {
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage());
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

    private static void spin(Duration d) { // keeps the loop thread busy: what a blocking call does
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    static void blockingHelper() {
        spin(Duration.ofMillis(20));
        Weft.sleep(Duration.ofMillis(1));
    }

    @Test
    void slowTaskStepIsReportedWithTheTaskNameAndWhereItWaitsNext() {
        try (EventLoop loop = new EventLoop()) {
            loop.setDebug(true);
            loop.setSlowCallbackDuration(Duration.ofMillis(5));
            loop.runUntilComplete(loop.createTask(() -> {
                blockingHelper();
                return null;
            }, "blocker"));
        }
        assertThat(logged).anySatisfy(m -> assertThat(m)
                .startsWith("Executing step of Task[blocker")
                .contains("DebugModeTest.blockingHelper")
                .contains(" took "));
    }

    @Test
    void fastStepsAreNotReported() {
        try (EventLoop loop = new EventLoop()) {
            loop.setDebug(true);
            loop.setSlowCallbackDuration(Duration.ofSeconds(10));
            loop.runUntilComplete(loop.createTask(() -> {
                Weft.sleep(Duration.ofMillis(1));
                return null;
            }, "quick"));
        }
        assertThat(logged).noneMatch(m -> m.contains("Executing"));
    }

    @Test
    void withoutDebugNothingIsTimed() {
        try (EventLoop loop = new EventLoop()) {
            loop.setSlowCallbackDuration(Duration.ofMillis(1));
            loop.runUntilComplete(loop.createTask(() -> {
                spin(Duration.ofMillis(10));
                return null;
            }));
        }
        assertThat(logged).noneMatch(m -> m.contains("Executing"));
    }

    static void waitsHere(Future<?> f) {
        f.await();
    }

    @Test
    void dumpTasksShowsEachTaskWithTheLineItWaitsAt() {
        String dump = Weft.run(new VirtualClock(), () -> {
            Future<Object> never = Weft.loop().createFuture();
            Task<Void> t = Weft.spawn("sleeper", () -> {
                waitsHere(never);
                return null;
            });
            Weft.yieldNow();
            String d = Weft.loop().dumpTasks();
            t.cancel();
            return d;
        });
        assertThat(dump).contains("Task[sleeper WAITING FUTURE_WAIT]")
                .contains("at dev.weft.DebugModeTest.waitsHere(DebugModeTest.java")
                .contains("Task[main RUNNING]");
        assertThat(dump.lines().filter(l -> l.contains("sleeper")).count()).isEqualTo(1);
    }

    @Test
    void closingALoopWithAPendingTaskReportsIt() {
        List<String> reports = new CopyOnWriteArrayList<>();
        EventLoop loop = new EventLoop();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx.message() + " " + ctx.future()));
        Task<Object> stuck = loop.createTask(() -> loop.createFuture().await(), "stuck");
        loop.runUntilComplete(loop.createTask(() -> {
            Weft.yieldNow();
            return null;
        }));
        loop.close();
        assertThat(stuck.isDone()).isFalse();
        assertThat(reports).containsExactly("Task was destroyed but it is pending! Task[stuck WAITING FUTURE_WAIT]");
    }

    @Test
    void slowStepsAreJfrEvents() throws Exception {
        List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable("dev.weft.SlowCallback");
            rs.onEvent("dev.weft.SlowCallback", events::add);
            rs.startAsync();
            try (EventLoop loop = new EventLoop()) {
                loop.setDebug(true);
                loop.setSlowCallbackDuration(Duration.ofMillis(5));
                loop.runUntilComplete(loop.createTask(() -> {
                    spin(Duration.ofMillis(20));
                    return null;
                }, "jfr-blocker"));
            }
            // Events reach the stream when the recording is flushed; stop() flushes and waits.
            rs.stop();
        }
        assertThat(events).anySatisfy(e -> assertThat(e.getString("what")).contains("jfr-blocker"));
    }
}
