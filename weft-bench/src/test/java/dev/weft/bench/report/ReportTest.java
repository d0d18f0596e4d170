package dev.weft.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's tables and ratios, from made-up figures. */
class ReportTest {

    static Figure micro(String section, String subject, double ns) {
        return Figure.of(section, Report.TIME, subject, ns, ns / 100, "ns");
    }

    static Figure sleeper(String metric, String subject, int n, double v) {
        return new Figure(Report.SLEEPERS, metric, subject, String.valueOf(n), v, Double.NaN,
                metric.equals(Report.WALL) ? "s" : "B", "");
    }

    static List<Figure> fake() {
        List<Figure> f = new ArrayList<>(List.of(
                micro(Report.GENERATOR, "weft", 100),
                micro(Report.GENERATOR, "raw-continuation", 80),
                micro(Report.GENERATOR, "platform-thread", 20_000),
                micro(Report.GENERATOR, "weft-portable", 2_000),
                micro(Report.GENERATOR, "python", 50),
                micro(Report.SWITCH, "weft", 150),
                micro(Report.SWITCH, "weft-portable", 30_000),
                micro(Report.SWITCH, "platform-thread", 15_000),
                micro(Report.SWITCH, "python-asyncio", 4_500),
                Figure.missing(Report.SWITCH, Report.TIME, "python-uvloop", "", "ns", "uvloop is not importable")));
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            f.add(sleeper(Report.WALL, "weft", n, 0.3 + n / 1e5));
            f.add(sleeper(Report.WALL, "virtual-thread", n, 0.3 + n / 2e4));
            f.add(sleeper(Report.RSS, "weft", n, 1000));
            f.add(sleeper(Report.RSS, "virtual-thread", n, 2000));
            if (n <= 10_000) {
                f.add(sleeper(Report.WALL, "platform-thread", n, 2.0));
                f.add(sleeper(Report.RSS, "platform-thread", n, 30_000));
            } else {
                f.add(Figure.missing(Report.SLEEPERS, Report.WALL, "platform-thread", String.valueOf(n), "s",
                        "not run beyond 10,000"));
            }
        }
        return f;
    }

    @Test
    void millionSectionEndsWithTheFloorRowAndItsRatioToWeft() {
        List<Figure> f = new ArrayList<>();
        for (String subject : List.of("raw-continuation", "virtual-thread", "weft")) { // the floor made first
            double wall = switch (subject) {
                case "weft" -> 3.0;
                case "virtual-thread" -> 12.0;
                default -> 2.0;
            };
            f.add(new Figure(Report.MILLION, Report.WALL, subject, "1000000", wall, Double.NaN, "s", ""));
        }
        String s = Report.millionSection(f);
        List<String> rows = s.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| N =")).toList(); // wall only
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).startsWith("| Weft tasks");
        assertThat(rows.get(1)).startsWith("| virtual threads").contains("12.0 s (4.00×)");
        assertThat(rows.get(2)).startsWith("| bare `Continuation`s on one thread, no loop (the floor)")
                .contains("2.00 s (0.67×)");
    }

    @Test
    void advantageIsAboveOneWhenWeftIsBetter() {
        assertThat(Report.advantage(100, 250, true)).isCloseTo(2.5, within(1e-9));
        assertThat(Report.advantage(100, 50, true)).isCloseTo(0.5, within(1e-9));
        assertThat(Report.advantage(30_000, 10_000, false)).isCloseTo(3.0, within(1e-9)); // throughput
        assertThat(Report.advantage(Double.NaN, 1, true)).isNaN();
        assertThat(Report.advantage(0, 1, true)).isNaN();
    }

    @Test
    void ratiosAndValuesAreFormattedForReading() {
        assertThat(Report.ratio(2.5)).isEqualTo("2.50×");
        assertThat(Report.ratio(41.26)).isEqualTo("41.3×");
        assertThat(Report.ratio(1234)).isEqualTo("1,234×");
        assertThat(Report.ratio(Double.NaN)).isEqualTo("—");
        assertThat(Report.value(20_370.7, "ns")).isEqualTo("20,371 ns");
        assertThat(Report.value(123.4, "ns")).isEqualTo("123 ns");
        assertThat(Report.value(1.234, "s")).isEqualTo("1.23 s");
        assertThat(Report.value(512.6, "B")).isEqualTo("513 B");
        assertThat(Report.valueWithError(Figure.of("g", "time", "weft", 123.4, 2.1, "ns"))).isEqualTo("123 ± 2.10 ns");
    }

    @Test
    void microTableListsEachPeerWithItsRatioAndFootnotesWhatIsMissing() {
        String t = Report.microTable(Report.SWITCH, fake());
        assertThat(t).contains("| Weft tasks, `Weft.yieldNow()` ping-pong | 150 ± 1.50 ns | 1 (reference) |");
        assertThat(t).contains("| platform threads, `SynchronousQueue` ping-pong | 15,000 ± 150 ns | 100× |");
        assertThat(t).contains("| asyncio tasks, `await asyncio.sleep(0)` | 4,500 ± 45.0 ns | 30.0× |");
        assertThat(t).contains("not measured<sup>1</sup>").contains("<sup>1</sup> uvloop is not importable");
        // peers in the order PEERS gives, whatever the order of the figures
        assertThat(t.indexOf("portable backend")).isLessThan(t.indexOf("platform threads"));
    }

    @Test
    void microTableShowsWhenTheFloorIsFasterThanWeft() {
        String t = Report.microTable(Report.GENERATOR, fake());
        assertThat(t).contains("| bare `Continuation` run + yield (the floor) | 80.0 ± 0.80 ns | 0.80× |");
        assertThat(t).contains("| CPython generator `send` | 50.0 ± 0.50 ns | 0.50× |");
    }

    @Test
    void paramTableHasAColumnPerNAndSaysWherePlatformThreadsStopped() {
        String t = Report.paramTable(Report.SLEEPERS, Report.WALL, fake(), true);
        assertThat(t).startsWith("| N = | 1,000 | 10,000 | 100,000 |");
        assertThat(t).contains("| Weft tasks | 0.31 s | 0.40 s | 1.30 s |");
        // virtual threads at 100k: 5.3 s against Weft's 1.3 s
        assertThat(t).contains("| virtual threads | 0.35 s (1.13×) | 0.80 s (2.00×) | 5.30 s (4.08×) |");
        assertThat(t).contains("| platform threads | 2.00 s (6.45×) | 2.00 s (5.00×) | n/a<sup>1</sup> |");
        assertThat(t).contains("<sup>1</sup> not run beyond 10,000");
    }

    @Test
    void backendTableSaysPlainlyWhenPortableLosesToPlatformThreads() {
        String t = Report.backendTable(fake());
        assertThat(t).contains("| Generator round trip, ns per round trip | 100 | 2,000 | 20.0× | 20,000 | 10.0× |");
        assertThat(t).contains("| Task switch, ns per switch | 150 | 30,000 | 200× | 15,000 | 0.50× |");
        assertThat(t).contains("**The portable backend does not beat a platform-thread hand-off in: task switch**");

        List<Figure> better = new ArrayList<>(fake());
        better.removeIf(f -> f.section().equals(Report.SWITCH) && f.subject().equals("weft-portable"));
        assertThat(Report.backendTable(better)).contains("beats a platform-thread hand-off");
    }

    @Test
    void summaryComparesSleepersAtTheLargestNWhereBothRan() {
        String t = Report.summaryTable(fake());
        assertThat(t).contains("| 100,000 sleepers, wall time, s | 1.30 | virtual threads | 5.30 | 4.08× |");
        assertThat(t).contains("| 10,000 sleepers, wall time, s | 0.40 | platform threads | 2.00 | 5.00× |");
        assertThat(t).contains("| 10,000 sleepers, memory (RSS) per activity, B | 1,000 | platform threads | 30,000 | 30.0× |");
        assertThat(t).contains("| Generator round trip, ns per round trip | 100 | CPython generator `send` | 50.0 | 0.50× |");
        assertThat(t).doesNotContain("portable backend"); // the backends have their own table
        assertThat(t).contains("| TCP echo | — | — | — | not measured in this run |");
    }

    @Test
    void pageHoldsSummaryParagraphEnvironmentAndOnlyChartsThatExist() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", "2030-01-01 00:00 UTC");
        env.put("command", "./weft bench --quick");
        env.put("load_start", "0.10, 0.20, 0.30");
        env.put("cpu", "Test CPU");
        String md = Report.markdown(env, fake(), "Weft wins here.", Set.of("switch.png"));
        assertThat(md).startsWith("# Weft benchmarks");
        assertThat(md).contains("Weft wins here.");
        assertThat(md).contains("load average at start 0.10, 0.20, 0.30");
        assertThat(md).contains("![Task switch (two tasks taking turns)](benchmarks/switch.png)");
        assertThat(md).doesNotContain("benchmarks/generator.png");
        assertThat(md).contains("| CPU (/proc/cpuinfo) | Test CPU |");
        assertThat(md).contains("**placeholder**"); // echo and group not measured
    }

    @Test
    void echoSectionReadsEchoBenchsTableWithWeftAsReference() {
        String out = """
                echo throughput, 100-byte messages, ping-pong per connection, 1 s warm-up + 2 s measured;
                load from a separate JVM; round trips per second (higher is better)

                server                  1 conn       10 conn      100 conn
                weft-protocol           20,000        40,000        50,000
                weft-streams            15,000        30,000  40,000 (2 err)
                netty-nio               10,000        50,000        50,000
                python-asyncio             n/a           n/a           n/a
                """;
        List<Figure> figs = Suite.parseEcho(out);
        assertThat(figs).contains(new Figure(Report.ECHO, "throughput", "netty-nio", "10", 50_000, Double.NaN,
                "round trips/s", ""));
        assertThat(figs).filteredOn(f -> f.subject().equals("weft-streams") && f.param().equals("100"))
                .singleElement().satisfies(f -> assertThat(f.note()).isEqualTo("(2 err)"));
        assertThat(figs).filteredOn(f -> f.subject().equals("python-asyncio")).allMatch(f -> !f.present());
        String s = Report.genericSection(Report.ECHO, figs, "EchoBench");
        assertThat(s).contains("(higher is better)");
        assertThat(s).contains("| connections = | 1 | 10 | 100 |");
        assertThat(s).contains("| Weft protocol (echo in the read callback) | 20,000 | 40,000 | 50,000 |");
        assertThat(s).contains("| Netty NIO, one event loop | 10,000 (2.00×) | 50,000 (0.80×) | 50,000 (1.00×) |");
        assertThat(s).contains("| 30,000 (1.33×) | 40,000 (1.25×)<sup>1</sup> |").contains("<sup>1</sup> (2 err)");
        assertThat(Report.genericSection(Report.GROUP, List.of(), "CrossLoopBench")).contains("**placeholder**");
    }

    @Test
    void figuresSurviveTheCsvRoundTrip() {
        List<Figure> figs = new ArrayList<>(fake());
        figs.add(Figure.missing(Report.ECHO, "throughput", "weft", "", "round trips/s",
                "a note, with \"quotes\", commas\nand a line break"));
        List<Figure> back = Csv.parseFigures(Csv.figures(figs));
        assertThat(back).hasSameSizeAs(figs);
        for (int i = 0; i < figs.size(); i++) {
            Figure a = figs.get(i);
            Figure b = back.get(i);
            assertThat(b.section()).isEqualTo(a.section());
            assertThat(b.subject()).isEqualTo(a.subject());
            assertThat(b.param()).isEqualTo(a.param());
            assertThat(b.note()).isEqualTo(a.note());
            if (a.present()) {
                assertThat(b.value()).isCloseTo(a.value(), within(Math.abs(a.value()) * 1e-5));
            } else {
                assertThat(b.present()).isFalse();
            }
        }
        Map<String, String> env = new LinkedHashMap<>(Map.of("cpu", "AMD EPYC, 2 cores"));
        assertThat(Csv.parseEnvironment(Csv.environment(env))).isEqualTo(env);
    }

    @Test
    void chartsAreDrawnHeadlessForSectionsWithData(@TempDir Path dir) throws Exception {
        Set<String> written = Charts.writeAll(dir, fake());
        assertThat(written).containsExactly("generator.png", "switch.png", "sleepers.png");
        for (String f : written) {
            assertThat(Files.size(dir.resolve(f))).isGreaterThan(1000);
        }
    }

    @Test
    void groupSectionComparesTheCrossLoopRoundTripAndKeepsThePendingRow() {
        List<Figure> figs = List.of(
                Figure.of(Report.GROUP, "round trip", "weftCrossLoopAwait", 4_000, 100, "ns"),
                Figure.of(Report.GROUP, "round trip", "weftSameLoopAwait", 400, 10, "ns"),
                Figure.of(Report.GROUP, "round trip", "cfPingPongPlatformThreads", 12_000, 500, "ns"),
                Figure.missing(Report.GROUP, "echo throughput", "weft-group", "", "round trips/s", "pending: later"));
        String s = Report.genericSection(Report.GROUP, figs, "CrossLoopBench");
        assertThat(s).contains("**round trip**, ns (lower is better)");
        assertThat(s).contains("| two platform threads, CompletableFuture ping-pong | 12,000 ± 500 (3.00×) |");
        assertThat(s).contains("| Weft, the same ping-pong within one loop | 400 ± 10.0 (0.10×) |");
        assertThat(s).contains("**echo throughput**: pending: later.");
        String summary = Report.summaryTable(figs);
        assertThat(summary).contains("| One loop vs a group of loops, round trip, ns; Weft: Weft, two loops of a group: "
                + "each awaits the other's future | 4,000 | two platform threads, CompletableFuture ping-pong | 12,000 | 3.00× |");
    }

    @Test
    void echoTablesOfLatencyAreTheirOwnMetric() {
        String out = """
                echo throughput, 100-byte messages; round trips per second (higher is better)

                server                  1 conn       10 conn
                weft-protocol           20,000        40,000
                netty-nio               10,000        50,000

                p99 latency, us (lower is better)

                server                  1 conn       10 conn
                weft-protocol               80           300
                netty-nio                  120           250
                """;
        List<Figure> figs = Suite.parseEcho(out);
        assertThat(figs).hasSize(8);
        assertThat(figs).filteredOn(f -> f.metric().equals("p99 latency")).extracting(Figure::unit).containsOnly("µs");
        String s = Report.genericSection(Report.ECHO, figs, "EchoBench");
        assertThat(s).contains("**p99 latency**, µs (lower is better)");
        assertThat(s).contains("| Netty NIO, one event loop | 120 (1.50×) | 250 (0.83×) |");
    }

    /** EchoBench's output as it prints it now: the 100-byte and 16 KiB throughput tables, then the latencies. */
    static final String ECHO_OUT = """
            echo, ping-pong per connection, 1 s warm-up + 2 s measured per cell, a fresh server and a fresh load JVM per cell;
            load from a separate JVM (EchoLoad), the same client for every server
            WARNING: A restricted method in java.lang.System has been called

            echo throughput, 100-byte messages; round trips per second (higher is better)

            server                  1 conn       10 conn      100 conn
            weft-protocol           20,000        40,000        50,000
            netty-nio               10,000        50,000        50,000
            netty-epoll       n/a: Netty's native epoll transport is unavailable here: java.lang.UnsatisfiedLinkError
            vthreads                12,000        45,000  40,000 (2 err)

            echo throughput, 16384-byte messages; MB/s, 10^6 message bytes echoed back per second (higher is better)

            server                  1 conn      100 conn
            weft-protocol            120.5           400
            netty-nio                 80.0           500
            netty-epoll       n/a: Netty's native epoll transport is unavailable here: java.lang.UnsatisfiedLinkError
            vthreads                   100         timeout

            p50 latency, 100-byte messages; µs per round trip, as the client timed it (lower is better)

            server                  1 conn       10 conn      100 conn
            weft-protocol             45.0           230         1,900
            netty-nio                 90.0           190         2,000
            netty-epoll       n/a: Netty's native epoll transport is unavailable here: java.lang.UnsatisfiedLinkError
            vthreads                  80.0           210       timeout

            p99 latency, 100-byte messages; µs per round trip, as the client timed it (lower is better)

            server                  1 conn       10 conn      100 conn
            weft-protocol             60.0           400         4,000
            netty-nio                  120           380         3,000
            netty-epoll       n/a: Netty's native epoll transport is unavailable here: java.lang.UnsatisfiedLinkError
            vthreads                   100           500       timeout

            p99.9 latency, 100-byte messages; µs per round trip, as the client timed it (lower is better)

            server                  1 conn       10 conn      100 conn
            weft-protocol             90.0           800         8,000
            netty-nio                  200           700        16,000
            netty-epoll       n/a: Netty's native epoll transport is unavailable here: java.lang.UnsatisfiedLinkError
            vthreads                   300           900       timeout

            max latency, 100-byte messages; µs per round trip, as the client timed it (lower is better)

            server                  1 conn       10 conn      100 conn
            weft-protocol              900         5,000        20,000
            netty-nio                1,000         4,000        10,000
            netty-epoll       n/a: Netty's native epoll transport is unavailable here: java.lang.UnsatisfiedLinkError
            vthreads                 2,000         6,000       timeout
            """;

    @Test
    void echoOutputWithSizesAndLatenciesIsReadTableByTable() {
        List<Figure> figs = Suite.parseEcho(ECHO_OUT);
        assertThat(figs).extracting(Figure::metric).containsOnly("throughput", "throughput, 16 KiB messages",
                "p50 latency", "p99 latency", "p99.9 latency", "max latency");
        assertThat(figs).contains(new Figure(Report.ECHO, "throughput, 16 KiB messages", "netty-nio", "100", 500,
                Double.NaN, "MB/s", ""));
        assertThat(figs).contains(new Figure(Report.ECHO, "p99.9 latency", "netty-nio", "100", 16_000, Double.NaN,
                "µs", ""));
        assertThat(figs).contains(new Figure(Report.ECHO, "throughput", "weft-protocol", "1", 20_000, Double.NaN,
                "round trips/s", ""));
        // the row of a server that cannot run here says why once, and is missing in every column
        assertThat(figs).filteredOn(f -> f.subject().equals("netty-epoll") && f.metric().equals("throughput"))
                .hasSize(3).allSatisfy(f -> {
                    assertThat(f.present()).isFalse();
                    assertThat(f.note()).startsWith("netty-epoll: n/a: Netty's native epoll transport is unavailable");
                });
        assertThat(figs).filteredOn(f -> f.subject().equals("netty-epoll") && f.metric().startsWith("throughput, "))
                .extracting(Figure::param).containsExactly("1", "100");
        assertThat(figs).noneMatch(f -> f.subject().startsWith("WARNING"));
        assertThat(figs).filteredOn(f -> f.subject().equals("vthreads") && f.param().equals("100")
                && f.metric().equals("throughput, 16 KiB messages")).singleElement()
                .satisfies(f -> assertThat(f.note()).isEqualTo("vthreads: timeout"));
    }

    @Test
    void echoSectionHasThroughputPerSizeAndALatencyTableAtTheLargestConnectionCount() {
        List<Figure> figs = Suite.parseEcho(ECHO_OUT);
        String s = Report.echoSection(figs, "EchoBench");
        assertThat(s).contains("and 16 KiB, in MB/s").contains("HdrHistogram");
        assertThat(s).contains("**throughput**, round trips/s (higher is better)");
        assertThat(s).contains("| Netty NIO, one event loop | 10,000 (2.00×) | 50,000 (0.80×) | 50,000 (1.00×) |");
        assertThat(s).contains("| Netty native epoll, one event loop | n/a<sup>1</sup> | n/a<sup>1</sup> | n/a<sup>1</sup> |");
        assertThat(s).contains("**throughput, 16 KiB messages**, MB/s (higher is better)");
        assertThat(s).contains("| connections = | 1 | 100 |");
        assertThat(s).contains("| Weft protocol (echo in the read callback) | 121 | 400 |");
        assertThat(s).contains("| Netty NIO, one event loop | 80.0 (1.51×) | 500 (0.80×) |");
        // the latency table: a column per percentile at 100 connections, Weft protocol the reference
        assertThat(s).contains("**latency at 100 connections**, µs per round trip (lower is better):\n\n"
                + "| | p50 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|\n"
                + "| Weft protocol (echo in the read callback) | 1,900 | 4,000 | 8,000 | 20,000 |\n"
                + "| Netty NIO, one event loop | 2,000 (1.05×) | 3,000 (0.75×) | 16,000 (2.00×) | 10,000 (0.50×) |\n");
        assertThat(s).contains("| a virtual thread per connection, blocking sockets | n/a<sup>2</sup> | n/a<sup>2</sup> |")
                .contains("<sup>2</sup> vthreads: timeout");
        assertThat(s).contains("**p99 latency**, µs (lower is better)");
        assertThat(s).contains("| Netty NIO, one event loop | 120 (2.00×) | 380 (0.95×) | 3,000 (0.75×) |");
        // p50, p99.9 and max over connections stay in echo.txt and the data
        assertThat(s).doesNotContain("**p50 latency**").doesNotContain("**max latency**");
        // tables in order: throughput, 16 KiB, latency at 100, p99 over connections
        assertThat(s.indexOf("**throughput**")).isLessThan(s.indexOf("**throughput, 16 KiB"));
        assertThat(s.indexOf("**throughput, 16 KiB")).isLessThan(s.indexOf("**latency at 100"));
        assertThat(s.indexOf("**latency at 100")).isLessThan(s.indexOf("**p99 latency**"));

        String summary = Report.summaryTable(figs);
        assertThat(summary).contains("| TCP echo, p99 latency at 100 connections, µs; Weft: Weft protocol (echo in "
                + "the read callback) | 4,000 | Netty NIO, one event loop | 3,000 | 0.75× |");
        assertThat(summary).contains("| TCP echo, throughput at 100 connections, round trips/s;");
        assertThat(summary).doesNotContain("p50 latency").doesNotContain("max latency").doesNotContain("16 KiB");

        String md = Report.markdown(Map.of(), figs, "", Set.of());
        assertThat(md).contains("**latency at 100 connections**");
    }

    @Test
    void echoSectionOfAnOlderRunWithoutLatenciesReadsAsBefore() {
        List<Figure> figs = Suite.parseEcho("""
                echo throughput, 100-byte messages, ping-pong per connection, 2 s warm-up + 4 s measured;
                load from a separate JVM; round trips per second (higher is better)

                server                  1 conn       10 conn      100 conn
                weft-protocol           19,957        50,108        61,554
                netty-nio               11,339        54,401        58,166
                """);
        String s = Report.echoSection(figs, "EchoBench");
        assertThat(s).startsWith("From `./weft bench echo` (EchoBench): each server echoes 100-byte messages, "
                + "ping-pong per connection; the load comes");
        assertThat(s).doesNotContain("latency").doesNotContain("MB/s");
        assertThat(s).contains("| Netty NIO, one event loop | 11,339 (1.76×) | 54,401 (0.92×) | 58,166 (1.06×) |");
    }

    @Test
    void aBusyMachineIsSaidAtTheTop() {
        Map<String, String> env = new LinkedHashMap<>(Map.of("cores", "2", "load_max", "2.90",
                "load_end", "1.68, 2.23, 3.40")); // the suite's own load on 2 cores: not busy
        assertThat(Report.busyWarning(env)).isEmpty();
        env.put("load_end", "4.00, 8.16, 6.86");
        assertThat(Report.busyWarning(env)).get().asString().contains("busy during this run")
                .contains("4.00, 8.16, 6.86");
        env.put("load_end", "1.0, 1.0, 1.0");
        env.put("load_max", "3.50");
        assertThat(Report.markdown(env, List.of(), "", Set.of())).contains("**The machine was busy during this run**");
    }

    // ---- issue 17: noise, server CPU against the C floor, idle CPU ----

    @Test
    void aFigureWhoseErrorExceedsAQuarterOfItsValueIsNoiseAndBacksNoClaim() {
        Figure wide = Figure.of(Report.SWITCH, Report.TIME, "platform-thread", 1_762, 4_434, "ns");
        Figure tight = Figure.of(Report.SWITCH, Report.TIME, "weft", 166, 34.9, "ns");
        assertThat(wide.noisy()).isTrue();
        assertThat(tight.noisy()).isFalse();
        assertThat(Figure.of(Report.SWITCH, Report.TIME, "x", 100, 25, "ns").noisy()).isFalse(); // exactly a quarter
        assertThat(Report.valueWithError(wide)).isEqualTo("1,762 ± 4,434 ns *(noise)*");
        List<Figure> figs = List.of(tight, wide);
        assertThat(Report.microTable(Report.SWITCH, figs))
                .contains("| platform threads, `SynchronousQueue` ping-pong | 1,762 ± 4,434 ns *(noise)* | *(noise)* |");
        assertThat(Report.summaryTable(figs)).contains("| 1,762 | *(noise)* |").doesNotContain("10.6×");
    }

    static final String CPU_OUTPUT = """
            echo server CPU per message, 10 connections, 1 s warm-up + 3 s measured per run, median of 3 runs after one \
            not counted, ± half the range; µs of server CPU per message echoed (lower is better)
            native load client (echo_load, C, one thread) pinned to core 1, the server to core 0 (taskset)

            server                   100 B       16384 B
            c-epoll            10.00 ±0.20   20.00 ±0.40
            weft-protocol      10.50 ±0.30   21.00 ±0.50
            weft-streams       12.00 ±0.40   30.00 ±9.00
            netty-epoll        13.00 ±0.30   26.20 ±0.60
            python-asyncio  n/a: no python3 on the PATH

            """;

    @Test
    void theCpuTableIsReadWithItsErrorsAndShownAsMultiplesOfTheCFloor() {
        List<Figure> figs = Suite.parseEcho(CPU_OUTPUT);
        Figure f = figs.stream().filter(x -> x.subject().equals("weft-protocol") && x.param().equals("16384"))
                .findFirst().orElseThrow();
        assertThat(f.metric()).isEqualTo(Report.ECHO_CPU);
        assertThat(f.unit()).isEqualTo("µs");
        assertThat(f.value()).isEqualTo(21.0);
        assertThat(f.error()).isEqualTo(0.5);
        assertThat(figs).anyMatch(x -> x.subject().equals("python-asyncio") && !x.present());
        String s = Report.echoSection(figs, "EchoBench");
        assertThat(s).contains("**server CPU per message**, µs");
        assertThat(s).contains("| message size = | 100 B | 16 KiB |");
        assertThat(s).contains("| C epoll server, one thread (the floor) | 10.0 ± 0.20 µs | 20.0 ± 0.40 µs |");
        assertThat(s).contains("| Weft protocol (echo in the read callback) | 10.5 ± 0.30 µs (1.05×) | 21.0 ± 0.50 µs (1.05×) |");
        assertThat(s).contains("| Netty native epoll, one event loop | 13.0 ± 0.30 µs (1.30×) | 26.2 ± 0.60 µs (1.31×) |");
        assertThat(s).contains("30.0 ± 9.00 µs *(noise)* |"); // 30 % of its value: no ratio
        String summary = Report.summaryTable(figs);
        assertThat(summary).contains("TCP echo, server CPU per message, 16 KiB messages, 10 connections, µs; Weft: "
                + "Weft protocol (echo in the read callback) | 21.0 | Netty native epoll, one event loop | 26.2 | 1.25× |");
        assertThat(summary).contains("| C epoll server, one thread (the floor) | 20.0 | 0.95× |");
    }

    @Test
    void theEchoChartDrawsCpuRatiosWhenThereIsACFloor(@TempDir Path dir) throws Exception {
        assertThat(Charts.echo(dir.resolve("echo.png"), Suite.parseEcho(CPU_OUTPUT))).isTrue();
        assertThat(Files.size(dir.resolve("echo.png"))).isGreaterThan(1000);
    }

    @Test
    void idleCpuIsReadFromItsLastLineOrSaidMissing() {
        List<Figure> figs = Suite.parseIdle("JVM with no loop ...\nidle-cpu: group=30.0 ms baseline=20.0 ms seconds=10\n", 0);
        assertThat(figs).extracting(Figure::subject).containsExactly("idle-group", "idle-jvm");
        assertThat(figs.getFirst().value()).isEqualTo(30.0);
        assertThat(figs.getFirst().unit()).isEqualTo("ms of CPU in 10 s");
        List<Figure> none = Suite.parseIdle("Exception in thread main", 1);
        assertThat(none).singleElement().satisfies(x -> {
            assertThat(x.present()).isFalse();
            assertThat(x.note()).contains("exit 1");
        });
    }
}
