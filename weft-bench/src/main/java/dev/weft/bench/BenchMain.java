package dev.weft.bench;

import dev.weft.bench.report.Suite;
import java.util.Arrays;
import java.util.Set;

/**
 * {@code ./weft bench}: with no arguments, or with {@code --quick}, {@code --full}, {@code --render},
 * {@code --out DIR} or {@code --only ...}, the comparison suite that writes {@code docs/benchmarks.md}
 * ({@link Suite}); {@code ./weft bench sleepers [N...]} for the scale run alone;
 * {@code ./weft bench million [N...]} for the canonical cold run alone ({@link Million});
 * {@code ./weft bench switch-cpu} for the task switch against a raw continuation in CPU time ({@link SwitchCpu});
 * {@code ./weft bench echo [--quick] [--repeat N] [--servers a,b] [--sizes 100,16384]} for the network echo
 * comparison alone ({@link EchoBench}: throughput and latency percentiles); {@code ./weft bench idle [seconds]}
 * for the CPU an idle group of 4 loops uses ({@link IdleCpu}); anything else
 * goes to JMH as it is (e.g. {@code ./weft bench TaskBench -f 1 -wi 2 -i 3}).
 */
public final class BenchMain {
    private BenchMain() {}

    static final Set<String> SUITE_OPTIONS = Set.of("--quick", "--full", "--render", "--out", "--only");

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || SUITE_OPTIONS.contains(args[0])) {
            Suite.main(args);
            return;
        }
        if (args[0].equals("echo")) {
            EchoBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args[0].equals("switch-cpu")) {
            SwitchCpu.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args[0].equals("million")) {
            Million.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args[0].equals("idle")) {
            IdleCpu.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args[0].equals("sleepers")) {
            Sleepers.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        org.openjdk.jmh.Main.main(args);
    }
}
