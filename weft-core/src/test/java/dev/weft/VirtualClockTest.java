package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test clock: time jumps to the next timer whenever nothing is ready. */
class VirtualClockTest {

    @Test
    void anHourOfSleepsRunsInstantly() {
        long t0 = System.nanoTime();
        double virtual = Weft.run(new VirtualClock(), () -> {
            for (int i = 0; i < 3600; i++) {
                Weft.sleep(Duration.ofSeconds(1));
            }
            return Weft.loop().time();
        });
        long real = System.nanoTime() - t0;
        assertThat(virtual).isEqualTo(3600.0);
        assertThat(real).as("real nanoseconds for an hour of virtual sleeps").isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void concurrentSleepsOverlap() {
        double end = Weft.run(new VirtualClock(), () -> {
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ts.add(Weft.spawn(() -> Weft.sleep(Duration.ofHours(1))));
            }
            Weft.gather(ts).await();
            return Weft.loop().time();
        });
        assertThat(end).isEqualTo(3600.0);
    }

    @Test
    void timersStillFireInDeadlineOrderAtTheirDeadline() {
        List<String> log = new ArrayList<>();
        Weft.run(new VirtualClock(), () -> {
            EventLoop loop = Weft.loop();
            loop.callLater(Duration.ofDays(2), () -> log.add("2d@" + loop.time()));
            loop.callLater(Duration.ofHours(1), () -> log.add("1h@" + loop.time()));
            loop.callLater(Duration.ofMillis(1), () -> log.add("1ms@" + loop.time()));
            loop.callLater(Duration.ofHours(1), () -> log.add("1h-second@" + loop.time()));
            Weft.sleep(Duration.ofDays(3));
            return null;
        });
        assertThat(log).containsExactly("1ms@0.001", "1h@3600.0", "1h-second@3600.0", "2d@172800.0");
    }

    @Test
    void timeDoesNotJumpWhileWorkIsReady() {
        List<Double> seen = new ArrayList<>();
        Weft.run(new VirtualClock(), () -> {
            Weft.loop().callLater(Duration.ofHours(1), () -> seen.add(-1.0));
            for (int i = 0; i < 100; i++) {
                Weft.yieldNow();
                seen.add(Weft.loop().time());
            }
            Weft.sleep(Duration.ofHours(2));
            seen.add(Weft.loop().time());
            return null;
        });
        assertThat(seen).hasSize(102);
        assertThat(seen.subList(0, 100)).containsOnly(0.0);
        assertThat(seen.subList(100, 102)).containsExactly(-1.0, 7200.0);
    }

    @Test
    void advanceMovesTimeByHand() {
        VirtualClock c = new VirtualClock();
        assertThat(c.nanoTime()).isZero();
        c.advance(Duration.ofMillis(250));
        assertThat(c.nanoTime()).isEqualTo(250_000_000L);
        c.advance(Duration.ZERO);
        assertThat(c.nanoTime()).isEqualTo(250_000_000L);
        assertThat(c.toString()).isEqualTo("VirtualClock[now=250000000ns]");
        assertThatThrownBy(() -> c.advance(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration: PT-0.000000001S (expected: not negative)");
    }

    @Test
    void advancingMakesTimersDueAtTheNextIteration() {
        VirtualClock c = new VirtualClock();
        try (EventLoop loop = new EventLoop(c)) {
            List<String> log = new ArrayList<>();
            loop.callLater(Duration.ofSeconds(5), () -> log.add("due@" + loop.time()));
            loop.callSoon(() -> {
                c.advance(Duration.ofSeconds(10));
                loop.callSoon(loop::stop);
            });
            loop.runForever();
            assertThat(log).containsExactly("due@10.0");
        }
    }

    @Test
    void twoLoopsHaveIndependentClocks() {
        double a = Weft.run(new VirtualClock(), () -> {
            Weft.sleep(Duration.ofMinutes(5));
            return Weft.loop().time();
        });
        double b = Weft.run(new VirtualClock(), () -> Weft.loop().time());
        assertThat(a).isEqualTo(300.0);
        assertThat(b).isZero();
    }
}
