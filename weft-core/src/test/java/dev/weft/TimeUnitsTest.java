package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Time in Timeout and EventLoop (issue 16): a Duration is relative, a LoopTime absolute, "no deadline"
 * explicit. Ports CPython test_timeouts.py test_reschedule, test_timeout_at_basic and
 * test_timeout_disabled to that API; and the TimedOutException says how long.
 */
class TimeUnitsTest {

    @Test
    void rescheduleToALoopTimeIsAbsoluteAsAsyncios() {
        // test_reschedule
        runVirtual(() -> {
            Future<Timeout> fut = Weft.loop().createFuture();
            LoopTime deadline1 = Weft.loop().now().plus(secs(10));
            LoopTime deadline2 = deadline1.plus(secs(20));
            Task<Void> task = Weft.spawn(() -> {
                Timeout cm = Timeout.at(deadline1);
                cm.run(() -> {
                    fut.setResult(cm);
                    sleep(50);
                });
            });
            Timeout cm = fut.await();
            assertThat(cm.deadline()).contains(deadline1);
            cm.reschedule(deadline2);
            assertThat(cm.deadline()).contains(deadline2);
            cm.rescheduleNever();
            assertThat(cm.deadline()).isEmpty();
            task.cancel();
            assertThatThrownBy(task::await).isInstanceOf(CancelledError.class);
            assertThat(cm.expired()).isFalse();
        });
    }

    @Test
    void rescheduleByADurationIsFromNow() {
        runVirtual(() -> {
            Timeout cm = Timeout.after(secs(1));
            cm.run(() -> {
                sleep(0.5);
                cm.reschedule(secs(2));                      // 0.5 + 2
                assertThat(cm.deadline()).contains(LoopTime.ofSeconds(2.5));
                sleep(1.9);
            });
            assertThat(now()).isEqualTo(2.4);
            assertThat(cm.expired()).isFalse();
        });
    }

    @Test
    void atALoopTimeExpiresThere() {
        // test_timeout_at_basic
        runVirtual(() -> {
            LoopTime deadline = Weft.loop().now().plus(secs(0.01));
            Timeout cm = Timeout.at(deadline);
            assertThatThrownBy(() -> cm.run(() -> sleep(10))).isInstanceOf(TimedOutException.class);
            assertThat(cm.expired()).isTrue();
            assertThat(cm.deadline()).contains(deadline);
            assertThat(Weft.loop().now()).isEqualTo(deadline);
        });
    }

    @Test
    void neverHasNoDeadline() {
        // test_timeout_disabled
        runVirtual(() -> {
            Timeout cm = Timeout.never();
            cm.run(() -> sleep(0.01));
            assertThat(cm.expired()).isFalse();
            assertThat(cm.deadline()).isEmpty();
        });
    }

    @Test
    void timedOutSaysHowLong() {
        runVirtual(() -> {
            assertThatThrownBy(() -> Weft.timeout(secs(5), () -> sleep(10)))
                    .isInstanceOf(TimedOutException.class).hasMessage("timed out after 5 s (Timeout[EXPIRED])");
            assertThatThrownBy(() -> Weft.timeout(secs(0.25), () -> sleep(10)))
                    .hasMessage("timed out after 250 ms (Timeout[EXPIRED])");
            // Rescheduled: the time from entering the scope to the deadline that passed.
            Timeout t = Timeout.after(secs(1));
            assertThatThrownBy(() -> t.run(() -> {
                t.reschedule(secs(1.5));
                sleep(10);
            })).hasMessage("timed out after 1.5 s (Timeout[EXPIRED])");
            assertThatThrownBy(() -> Weft.waitFor(() -> { sleep(10); return 1; }, secs(3)))
                    .hasMessage("timed out after 3 s (Timeout[EXPIRED])");
            assertThatThrownBy(() -> Weft.waitFor(() -> { sleep(10); return 1; }, Duration.ZERO))
                    .hasMessage("timed out after 0 s (waitFor with a timeout of 0 s)");
            List<String> got = new ArrayList<>();
            assertThatThrownBy(() -> {
                for (Future<String> f : Weft.asCompleted(secs(2), () -> { sleep(1); return "a"; }, () -> { sleep(9); return "b"; })) {
                    got.add(f.await());
                }
            }).isInstanceOf(TimedOutException.class).hasMessage("timed out after 2 s: asCompleted has 1 pending");
            assertThat(got).containsExactly("a");
        });
    }

    @Test
    void loopTimeArithmetic() {
        LoopTime t = LoopTime.ofSeconds(12.5);
        assertThat(t.nanos()).isEqualTo(12_500_000_000L);
        assertThat(t.plus(Duration.ofMillis(500))).isEqualTo(LoopTime.ofNanos(13_000_000_000L));
        assertThat(t.until(LoopTime.ofSeconds(13))).isEqualTo(Duration.ofMillis(500));
        assertThat(t.isBefore(t.plus(Duration.ofNanos(1)))).isTrue();
        assertThat(t.plus(Duration.ofDays(365L * 1_000_000_000L)).nanos()).as("saturates").isEqualTo(Long.MAX_VALUE);
        assertThat(t.toString()).isEqualTo("12.500s");
    }

    @Test
    void callAtALoopTime() {
        runVirtual(() -> {
            List<String> log = new ArrayList<>();
            Future<Void> done = Weft.loop().createFuture();
            Weft.loop().callAt(Weft.loop().now().plus(secs(2)), () -> {
                log.add("at " + now());
                done.setResult(null);
            });
            done.await();
            assertThat(log).containsExactly("at 2.0");
        });
    }

    @Test
    void theSnippetOfLoopTime() {
        List<String> printed = new ArrayList<>();
        runVirtual(() -> {
            sleep(1);
            // = the snippet of LoopTime (System.out.println records into `printed`)
            dev.weft.EventLoop loop = Weft.loop();
            LoopTime deadline = loop.now().plus(Duration.ofSeconds(5));
            loop.callAt(deadline, () -> printed.add("late @" + now()));
            Duration left = loop.now().until(deadline);
            assertThat(left).isEqualTo(Duration.ofSeconds(5));
            sleep(6);
        });
        assertThat(printed).containsExactly("late @6.0");
    }
}
