package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JFR task dump that {@code ./weft ps} reads (issue 14): a recording that enables
 * {@code dev.weft.TaskDump} gets every live loop's report, split in parts when long; one that does not
 * gets nothing.
 */
@Timeout(60)
class TaskDumpEventTest {

    private static List<RecordedEvent> record(boolean enableDump) throws Exception {
        Path file = Files.createTempFile("weft-dump", ".jfr");
        try (Recording r = new Recording()) {
            if (enableDump) {
                r.enable(TaskDumpEvent.NAME).with("period", "endChunk");
            } else {
                r.enable("dev.weft.TaskSpawn"); // some recording, but not of the dump
            }
            r.start();
            r.stop();
            r.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals(TaskDumpEvent.NAME)).toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The hook is added by the watchdog thread, shortly after the first loop's first run. */
    private static void awaitHook() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (FlightRecorder.getFlightRecorder().getEventTypes().stream()
                .noneMatch(t -> t.getName().equals(TaskDumpEvent.NAME))) {
            assertThat(System.nanoTime()).as("the TaskDump hook within 20 s").isLessThan(end);
            LockSupport.parkNanos(5_000_000);
        }
    }

    static void napBody() {
        Weft.sleep(Duration.ofHours(1));
    }

    private static String withoutIterations(String report) {
        return report.replaceAll("iterations=\\d+", "iterations=N"); // each report from the loop is an iteration
    }

    @Test
    void aRecordingThatEnablesItGetsEveryLoopsReportInOrderedParts() throws Exception {
        EventLoop loop = new EventLoop();
        CountDownLatch ready = new CountDownLatch(1);
        AtomicReference<Future<String>> release = new AtomicReference<>();
        int tasks = 300; // with their stacks, well over one part (32 K characters)
        Thread runner = Thread.ofPlatform().name("dump-loop").start(() -> loop.runUntilComplete(loop.createTask(() -> {
            List<Task<Void>> nappers = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                nappers.add(Weft.spawn("napper-" + i, TaskDumpEventTest::napBody));
            }
            Future<String> r = Weft.loop().createFuture();
            release.set(r);
            Weft.yieldNow(); // they all start and suspend
            ready.countDown();
            r.await();
            nappers.forEach(Task::cancel);
            return null;
        }, "main")));
        try {
            assertThat(ready.await(20, TimeUnit.SECONDS)).isTrue();
            awaitHook();

            List<RecordedEvent> events = record(true);
            List<RecordedEvent> mine = events.stream().filter(e -> loop.name().equals(e.getString("loop")))
                    .sorted(Comparator.comparingInt(e -> e.getInt("part"))).toList();
            int parts = mine.getFirst().getInt("parts");
            assertThat(parts).as("a long report comes in parts").isGreaterThan(1);
            assertThat(mine).hasSize(parts);
            assertThat(mine).extracting(e -> e.getInt("part")).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, parts).boxed().toList());
            assertThat(mine).allSatisfy(e -> assertThat(e.getString("text").length()).isLessThanOrEqualTo(TaskDumpEvent.PART));
            StringBuilder joined = new StringBuilder();
            mine.forEach(e -> joined.append(e.getString("text")));
            assertThat(joined.toString()).startsWith(loop.name() + " [running on thread 'dump-loop'; tasks=" + (tasks + 1))
                    .contains("  Task[napper-299 WAITING SLEEP]\n      at dev.weft.Weft.sleep(")
                    .contains("TaskDumpEventTest.napBody(");
            assertThat(withoutIterations(joined.toString())).isEqualTo(withoutIterations(TaskReport.of(loop)));

            assertThat(record(false)).as("not enabled: the hook does not run").isEmpty();
        } finally {
            Future<String> r = release.get();
            if (r != null) {
                loop.callSoonThreadsafe(() -> r.setResult("go"));
            }
            runner.join();
            loop.close();
        }
    }
}
