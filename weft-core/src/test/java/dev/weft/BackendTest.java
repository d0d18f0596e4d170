package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backend in use is the one asked for; the same programs behave the same on either. */
class BackendTest {
    @Test
    void theBackendIsTheOneAskedFor() {
        String asked = System.getProperty("weft.backend", "auto");
        String expected = asked.equals("auto") ? "continuation" : asked; // the test JVM has the flag
        assertThat(Weft.backend()).isEqualTo(expected);
    }

    @Test
    void tasksShareTheLoopThreadLogically() {
        List<Boolean> inLoop = new ArrayList<>();
        Weft.run(() -> {
            Task<Boolean> t = Weft.spawn(() -> inLoop.add(Weft.loop().inLoopThread()));
            t.await();
            inLoop.add(Weft.loop().inLoopThread());
            return null;
        });
        assertThat(inLoop).containsExactly(true, true);
    }

    @Test
    void aGeneratorInsideATaskAwaits() {
        List<Integer> got = Weft.run(new dev.weft.VirtualClock(), () -> {
            var g = dev.weft.gen.Generator.<Integer, Object>of(y -> {
                for (int i = 0; i < 3; i++) {
                    Weft.sleep(Duration.ofSeconds(1));
                    y.yield(i);
                }
            });
            List<Integer> out = new ArrayList<>();
            for (int v : g) {
                out.add(v);
            }
            return out;
        });
        assertThat(got).containsExactly(0, 1, 2);
    }
}
