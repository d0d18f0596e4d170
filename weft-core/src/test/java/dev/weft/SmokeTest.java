package dev.weft;

import static org.assertj.core.api.Assertions.*;

import dev.weft.gen.Generator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void helloTwoTasks() {
        List<String> log = new ArrayList<>();
        long t0 = System.nanoTime();
        Weft.run(() -> {
            Task<Void> a = Weft.spawn(() -> { log.add("a1"); Weft.sleep(Duration.ofMillis(100)); log.add("a2"); });
            Task<Void> b = Weft.spawn(() -> { log.add("b1"); Weft.sleep(Duration.ofMillis(100)); log.add("b2"); });
            Weft.gather(a, b).await();
        });
        assertThat(log).containsExactly("a1", "b1", "a2", "b2");
        assertThat((System.nanoTime() - t0) / 1e6).isLessThan(1000);
    }

    @Test
    void virtualClockHour() {
        VirtualClock c = new VirtualClock();
        double took = Weft.run(c, () -> {
            double s = Weft.loop().time();
            Weft.sleep(Duration.ofHours(1));
            return Weft.loop().time() - s;
        });
        assertThat(took).isEqualTo(3600.0);
    }

    @Test
    void cancelSleeping() {
        String r = Weft.run(() -> {
            Task<String> t = Weft.spawn(() -> {
                try { Weft.sleep(Duration.ofHours(1)); return "slept"; }
                catch (CancelledError e) { return "cancelled:" + e.getMessage(); }
            });
            Weft.yieldNow();
            t.cancel("bye");
            return t.await();
        });
        assertThat(r).isEqualTo("cancelled:bye");
    }

    @Test
    void timeoutAndTaskGroup() {
        Weft.run(new VirtualClock(), () -> {
            assertThatThrownBy(() -> Weft.timeout(Duration.ofSeconds(1), () -> { Weft.sleep(Duration.ofSeconds(5)); return 1; }))
                .isInstanceOf(TimedOutException.class);
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                tg.spawn(() -> { Weft.sleep(Duration.ofSeconds(1)); throw new IllegalStateException("x"); });
                tg.spawn(() -> { Weft.sleep(Duration.ofSeconds(10)); return 2; });
                return null;
            })).isInstanceOf(ExceptionGroup.class);
            return null;
        });
    }

    @Test
    void asyncGenerator() {
        List<Integer> got = Weft.run(new VirtualClock(), () -> {
            Generator<Integer, Object, Void> g = Generator.of(y -> {
                for (int i = 0; i < 3; i++) { Weft.sleep(Duration.ofSeconds(1)); y.yield(i); }
            });
            List<Integer> out = new ArrayList<>();
            for (int v : g) out.add(v);
            return out;
        });
        assertThat(got).containsExactly(0, 1, 2);
    }

    @Test
    void awaitOutsideTask() {
        assertThatThrownBy(() -> Weft.sleep(Duration.ZERO)).hasMessageContaining("await outside a task");
    }
}
