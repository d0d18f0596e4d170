package dev.weft.bench;

import java.util.Arrays;

/**
 * {@code ./weft bench}: JMH benchmarks by default (any JMH arguments pass through, e.g.
 * {@code ./weft bench TaskBench -f 1}); {@code ./weft bench sleepers [N...]} for the scale run;
 * {@code ./weft bench echo [--quick] [--repeat N]} for the network echo comparison.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("echo")) {
            EchoBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("sleepers")) {
            Sleepers.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        org.openjdk.jmh.Main.main(args);
    }
}
