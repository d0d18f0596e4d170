package dev.weft.examples.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Weft;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskExamplesTest {
    private static List<String> lines(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void helloRunsBothTasksOnOneThreadInOneSleep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        double took = Hello.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofSeconds(1),
                new dev.weft.VirtualClock());
        List<String> lines = lines(bytes);
        String thread = "(" + Thread.currentThread() + ")";
        assertThat(lines).containsExactly("Hello world! " + thread, "Hello world! " + thread,
                "Hello again! " + thread, "Hello again! " + thread);
        assertThat(took).as("the two one-second sleeps overlap: one second of loop time, not two").isEqualTo(1.0);
    }

    @Test
    void generatorCoroutinesInterleaveLikeTasks() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Weft.run(new dev.weft.VirtualClock(), () -> Weft.gather(
                GeneratorCoroutine.drive(GeneratorCoroutine.hello(out, Duration.ofSeconds(1))),
                GeneratorCoroutine.drive(GeneratorCoroutine.hello(out, Duration.ofSeconds(1)))).await());
        assertThat(lines(bytes)).extracting(s -> s.substring(0, s.indexOf('!')))
                .containsExactly("Hello world", "Hello world", "Hello again", "Hello again");
    }

    @Test
    void generatorCoroutineReturnsItsValueAndSeesExceptions() {
        String r = Weft.run(() -> GeneratorCoroutine.drive(dev.weft.gen.Generator.<dev.weft.Future<?>, Object, String>returning(y -> {
            Object v = y.yield(GeneratorCoroutine.sleepFuture(Duration.ZERO));
            dev.weft.Future<String> failing = Weft.loop().createFuture();
            Weft.loop().callSoon(() -> failing.setException(new IllegalStateException("boom")));
            try {
                y.yield(failing);
                return "not reached";
            } catch (IllegalStateException e) {
                return "caught " + e.getMessage() + " after " + v;
            }
        })).await());
        assertThat(r).isEqualTo("caught boom after null");
    }

    @Test
    void asyncGeneratorLetsTheHeartbeatRun() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AsyncGenerator.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofSeconds(1),
                new dev.weft.VirtualClock());
        List<String> lines = lines(bytes);
        assertThat(lines).filteredOn(s -> s.startsWith("got")).containsExactly("got 1", "got 2", "got 3");
        int firstGot = lines.indexOf("got 1");
        // Heartbeats at t=0,2,4,6,8; values at t=3,6,9. At t=6 both are due: the ticker's timer was
        // scheduled first (at t=3, the heartbeat's at t=4), and ties run in scheduling order.
        assertThat(lines).extracting(s -> s.contains("heartbeat") ? "beat" : s)
                .containsExactly("beat", "beat", "got 1", "beat", "got 2", "beat", "beat", "got 3");
    }
}
