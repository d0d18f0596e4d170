package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JFR events of issue 14: task spawn, cancel and finish, and the blocked loop, on both backends. */
@Timeout(60)
class TaskEventsTest {

    private static List<RecordedEvent> record(Runnable work) throws Exception {
        Path file = Files.createTempFile("weft-events", ".jfr");
        try (Recording r = new Recording()) {
            for (String e : List.of("dev.weft.TaskSpawn", "dev.weft.TaskCancel", "dev.weft.TaskFinish",
                    "dev.weft.BlockedLoop")) {
                r.enable(e);
            }
            r.start();
            work.run();
            r.stop();
            r.dump(file);
            return RecordingFile.readAllEvents(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Map<String, List<RecordedEvent>> byName(List<RecordedEvent> events) {
        return events.stream().collect(Collectors.groupingBy(e -> e.getEventType().getName()));
    }

    @Test
    void aTasksLifeIsRecorded() throws Exception {
        String[] loopName = new String[1];
        Map<String, List<RecordedEvent>> events = byName(record(() -> Weft.run(() -> {
            loopName[0] = Weft.loop().name();
            Task<String> ok = Weft.spawn("jfr-ok", () -> "fine");
            Task<Void> fails = Weft.spawn("jfr-fails", () -> {
                throw new IllegalStateException("jfr boom");
            });
            Task<Void> sleeps = Weft.spawn("jfr-cancelled", () -> Weft.sleep(Duration.ofHours(1)));
            Weft.yieldNow();
            sleeps.cancel("enough");
            assertThat(ok.await()).isEqualTo("fine");
            assertThatThrownBy(fails::await).hasMessage("jfr boom");
            assertThatThrownBy(sleeps::await).isInstanceOf(CancelledError.class);
            return null;
        })));
        Map<String, RecordedEvent> spawned = events.get("dev.weft.TaskSpawn").stream()
                .collect(Collectors.toMap(e -> e.getString("task"), e -> e));
        assertThat(spawned).containsKeys("main", "jfr-ok", "jfr-fails", "jfr-cancelled");
        assertThat(spawned.get("jfr-ok").getString("parent")).isEqualTo("main");
        assertThat(spawned.get("jfr-ok").getString("loop")).isEqualTo(loopName[0]);
        assertThat(spawned.get("main").getString("parent")).isNull();
        assertThat(spawned.get("jfr-ok").getStackTrace()).as("no stack: cheap").isNull();

        assertThat(events.get("dev.weft.TaskCancel")).singleElement().satisfies(e -> {
            assertThat(e.getString("task")).isEqualTo("jfr-cancelled");
            assertThat(e.getString("message")).isEqualTo("enough");
            assertThat(e.getLong("taskId")).isEqualTo(spawned.get("jfr-cancelled").getLong("taskId"));
        });
        Map<String, String> outcomes = events.get("dev.weft.TaskFinish").stream()
                .collect(Collectors.toMap(e -> e.getString("task"), e -> e.getString("outcome")));
        assertThat(outcomes).containsEntry("jfr-ok", "result").containsEntry("main", "result")
                .containsEntry("jfr-cancelled", "cancelled")
                .containsEntry("jfr-fails", "exception: java.lang.IllegalStateException: jfr boom");
    }

    static void stuckInAStep(CountDownLatch latch) throws InterruptedException {
        latch.await(30, TimeUnit.SECONDS);
    }

    @Test
    void aBlockedLoopIsRecordedWithTheStuckStack() throws Exception {
        List<RecordedEvent> events = record(() -> {
            try (EventLoop loop = new EventLoop()) {
                loop.setBlockedLoopThreshold(Duration.ofMillis(100));
                CountDownLatch seen = new CountDownLatch(1);
                java.util.logging.Handler h = new java.util.logging.Handler() { // released once warned
                    @Override
                    public void publish(java.util.logging.LogRecord r) {
                        if (r.getMessage().contains("has been blocked")) {
                            seen.countDown();
                        }
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
                java.util.logging.Logger.getLogger("dev.weft").addHandler(h);
                try {
                    loop.runUntilComplete(loop.createTask(() -> {
                        stuckInAStep(seen);
                        return null;
                    }, "jfr-stuck"));
                } finally {
                    java.util.logging.Logger.getLogger("dev.weft").removeHandler(h);
                }
            }
        });
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("dev.weft.BlockedLoop"))
                .singleElement().satisfies(e -> {
                    assertThat(e.getString("task")).isEqualTo("jfr-stuck");
                    assertThat(e.getDuration("threshold")).isEqualTo(Duration.ofMillis(100));
                    assertThat(e.getDuration("blocked")).isGreaterThanOrEqualTo(Duration.ofMillis(100));
                    assertThat(e.getString("stack")).contains("TaskEventsTest.stuckInAStep(");
                });
    }
}
