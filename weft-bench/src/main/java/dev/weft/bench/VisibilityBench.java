package dev.weft.bench;

import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What seeing inside costs (issue 14): TaskBench's switch and spawn benchmarks with no JFR recording,
 * and with one recording Weft's task events ({@code dev.weft.TaskSpawn}, {@code TaskFinish},
 * {@code TaskCancel}, {@code BlockedLoop}) into memory, side by side in one run; and with the
 * blocked-loop watchdog on (its default, 2 s) and off. The watchdog's per-step store cannot be
 * switched off: compare TaskBench against a build without it for that.
 *
 * <p>Run: {@code ./weft bench VisibilityBench -f 1 -wi 2 -i 3 -w 1 -r 1}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Xmx2g"})
@State(Scope.Thread)
public class VisibilityBench {
    /** none: no recording; taskEvents: a recording with Weft's events on (no stack traces, as they are made). */
    @Param({"none", "taskEvents"})
    public String jfr;

    /** The blocked-loop threshold: 2s (the default) or off. */
    @Param({"2s", "off"})
    public String watchdog;

    private Recording recording;
    private final TaskBench task = new TaskBench();

    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty("weft.blockedLoopWarning", watchdog); // read by each new loop (Weft.run makes one)
        if (jfr.equals("taskEvents")) {
            recording = new Recording();
            for (String e : new String[] {"dev.weft.TaskSpawn", "dev.weft.TaskFinish", "dev.weft.TaskCancel",
                    "dev.weft.BlockedLoop"}) {
                recording.enable(e).withoutStackTrace();
            }
            recording.setToDisk(false);
            recording.start();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (recording != null) {
            recording.stop();
            recording.close();
        }
    }

    /** As TaskBench.weftZeroSleepPingPong: ns per switch. */
    @Benchmark
    @OperationsPerInvocation(TaskBench.SWITCHES)
    public int zeroSleepPingPong() {
        return task.weftZeroSleepPingPong();
    }

    /** As TaskBench.weftSpawnAndAwait: ns per spawn + await (one TaskSpawn and one TaskFinish event each). */
    @Benchmark
    @OperationsPerInvocation(TaskBench.SPAWNS)
    public void spawnAndAwait(Blackhole bh) {
        task.weftSpawnAndAwait(bh);
    }
}
