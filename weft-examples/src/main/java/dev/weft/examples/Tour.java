package dev.weft.examples;

import java.io.PrintStream;
import java.util.List;

/**
 * The demo tour: {@code ./weft demo} runs every section in order, {@code ./weft demo <section>} one,
 * {@code ./weft demo --help} lists them.
 */
public final class Tour {
    /** The sections, in tour order. Add a section here and nowhere else. */
    static final List<Section> SECTIONS = List.of(
            new GeneratorsSection(),
            new HelloSection(),
            new QueueSection(),
            new ScaleSection(),
            new TaxiSection(),
            new dev.weft.examples.net.EchoDemo(),
            new dev.weft.examples.net.DownloaderDemo(),
            new dev.weft.examples.process.ParallelCommands(),
            new GroupSection());

    private Tour() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            out.println("usage: ./weft demo [section]");
            out.println("sections:");
            for (Section s : SECTIONS) {
                out.printf("  %-12s %s%n", s.name(), s.summary());
            }
            return;
        }
        if (args.length > 0) {
            for (Section s : SECTIONS) {
                if (s.name().equals(args[0])) {
                    runOne(s, out, 1, 1);
                    return;
                }
            }
            System.err.println("weft demo: no section '" + args[0] + "' (./weft demo --help lists them)");
            System.exit(2);
        }
        long start = System.nanoTime();
        for (int i = 0; i < SECTIONS.size(); i++) {
            runOne(SECTIONS.get(i), out, i + 1, SECTIONS.size());
        }
        out.printf("%nTour finished in %.1f s.%n", (System.nanoTime() - start) / 1e9);
    }

    private static void runOne(Section s, PrintStream out, int index, int count) throws Exception {
        out.println();
        out.printf("== [%d/%d] %s: %s%n", index, count, s.name(), s.summary());
        out.println();
        s.run(out);
    }
}
