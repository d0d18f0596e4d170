package dev.weft.examples.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.generators.Output;
import dev.weft.examples.scale.Crowd.Kind;
import dev.weft.examples.scale.Crowd.Measurement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tiny crowds: the table's shape and that every activity ran to the end; never the timings. */
class ScaleTableTest {
    private static final Duration SLEEP = Duration.ofMillis(20);

    @Test
    void everyKindFinishesEveryActivity() throws InterruptedException {
        for (Kind kind : Kind.values()) {
            Measurement m = Crowd.measure(kind, 100, SLEEP);
            assertThat(m.kind()).isEqualTo(kind);
            assertThat(m.n()).isEqualTo(100);
            assertThat(m.finished()).as(kind + ": all slept and finished").isEqualTo(100);
            assertThat(m.wallSeconds()).isPositive();
            assertThat(m.heapBytesEach()).isFinite();
            assertThat(m.note()).isEmpty();
        }
    }

    @Test
    void printsARowPerKindAndSizeAndTheConclusion() {
        List<Measurement> measured = new ArrayList<>();
        List<String> lines = Output.of(out -> {
            try {
                measured.addAll(ScaleTable.run(out, new int[] {50, 100}, 50, SLEEP, 0));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });

        assertThat(measured).extracting(Measurement::kind, Measurement::n).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.WEFT_TASKS, 50),
                org.assertj.core.groups.Tuple.tuple(Kind.VIRTUAL_THREADS, 50),
                org.assertj.core.groups.Tuple.tuple(Kind.PLATFORM_THREADS, 50),
                org.assertj.core.groups.Tuple.tuple(Kind.WEFT_TASKS, 100),
                org.assertj.core.groups.Tuple.tuple(Kind.VIRTUAL_THREADS, 100),
                org.assertj.core.groups.Tuple.tuple(Kind.PLATFORM_THREADS, 100));
        assertThat(measured.subList(0, 5)).allSatisfy(m -> assertThat(m.finished()).isEqualTo(m.n()));
        Measurement skipped = measured.get(5);
        assertThat(skipped.finished()).isZero();
        assertThat(skipped.note()).isEqualTo("not started: this demo starts at most 50");

        assertThat(lines).hasSizeGreaterThan(1 + 3 + 1 + 3 + 1);
        assertThat(lines.get(0)).startsWith("each sleeps 20 ms").contains("N", "wall s", "heap B/each", "finished");
        String number = "\\s+[0-9][0-9,.]*";
        assertThat(lines.get(1)).matches("Weft tasks\\s+50" + number + number + "\\s+50\\s*");
        assertThat(lines.get(2)).matches("virtual threads\\s+50" + number + number + "\\s+50\\s*");
        assertThat(lines.get(3)).matches("platform threads\\s+50" + number + number + "\\s+50\\s+\\+ a native stack each");
        assertThat(lines.get(4)).isEmpty();
        assertThat(lines.get(5)).matches("Weft tasks\\s+100" + number + number + "\\s+100\\s*");
        assertThat(lines.get(6)).matches("virtual threads\\s+100" + number + number + "\\s+100\\s*");
        assertThat(lines.get(7)).matches("platform threads\\s+100\\s+-\\s+-\\s+-\\s+not started: this demo starts at most 50");
        assertThat(lines.get(8)).isEmpty();
        String conclusion = String.join(" ", lines.subList(9, lines.size()));
        assertThat(conclusion).startsWith("What it proves: a waiting coroutine is only a small heap object. On one "
                        + "thread, 100 Weft tasks slept their 20 ms together in ")
                .contains("(100 virtual threads: ", "while 50 platform threads, each an OS thread")
                .endsWith(".");
        assertThat(lines.subList(9, lines.size())).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
    }

    @Test
    void wrapsAtSpaces() {
        assertThat(ScaleTable.wrap("aa bb cc dd", 5)).isEqualTo("aa bb" + System.lineSeparator() + "cc dd");
        assertThat(ScaleTable.wrap("aaaaaaa b", 5)).isEqualTo("aaaaaaa" + System.lineSeparator() + "b");
    }

    @Test
    void platformThreadsStopAtTheLimitOrWhenTheNextCrowdWouldBeTooSlow() {
        List<Measurement> fast = List.of(new Measurement(Kind.PLATFORM_THREADS, 1_000, 1_000, 0.25, 264, ""));
        List<Measurement> slow = List.of(new Measurement(Kind.PLATFORM_THREADS, 1_000, 1_000, 0.80, 264, ""));
        assertThat(ScaleTable.platformSkip(List.of(), 1_000, 10_000)).isNull();
        assertThat(ScaleTable.platformSkip(fast, 10_000, 10_000)).isNull(); // about 2.5 s: in budget
        assertThat(ScaleTable.platformSkip(slow, 10_000, 10_000))
                .isEqualTo("not started: 1,000 took 0.80 s here, so 10,000 would take 8 s or more");
        assertThat(ScaleTable.platformSkip(fast, 100_000, 10_000))
                .isEqualTo("not started: this demo starts at most 10,000");
    }
}
