package dev.weft.examples;

import dev.weft.examples.scale.ScaleTable;
import java.io.PrintStream;
import java.util.Locale;

/** {@code ./weft demo scale}: coroutines against threads, as the number of sleepers grows. */
final class ScaleSection implements Section {
    @Override
    public String name() {
        return "scale";
    }

    @Override
    public String summary() {
        return "coroutines vs threads as N grows: N sleepers as Weft tasks, virtual and platform threads";
    }

    @Override
    public void run(PrintStream out) throws InterruptedException {
        out.printf("N activities each sleep %d ms once: as Weft tasks (one loop, one thread), as virtual%n",
                ScaleTable.SLEEP.toMillis());
        out.println("threads and as platform threads. Wall time is from the first start to the last finish;");
        out.println("heap is what each one holds while it waits (a platform thread's stack is native memory,");
        out.printf(Locale.ROOT, "not counted here). Platform threads stop at %,d, or sooner if the crowd before was slow.%n",
                ScaleTable.PLATFORM_LIMIT);
        out.println("A demonstration on a shared machine, not a benchmark: ./weft bench sleepers is the careful one.");
        out.println();
        ScaleTable.run(out, ScaleTable.SIZES, ScaleTable.PLATFORM_LIMIT, ScaleTable.SLEEP);
    }
}
