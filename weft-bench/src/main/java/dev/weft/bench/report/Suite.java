package dev.weft.bench.report;

import dev.weft.bench.GeneratorBench;
import dev.weft.bench.QueueBench;
import dev.weft.bench.Million;
import dev.weft.bench.Sleepers;
import dev.weft.bench.TaskBench;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code ./weft bench} (full) and {@code ./weft bench --quick}: runs the comparison suite, Weft side by
 * side with its peers, and writes {@code docs/benchmarks.md}, its plots and its data
 * ({@code docs/benchmarks/}). {@code ./weft bench --render} rebuilds the page from the data without
 * measuring. Options: {@code --out DIR} (default {@code docs}), {@code --only s1,s2} (sections:
 * generator, switch, queue, million, sleepers, echo, group; for trying things out, the page then holds only
 * those).
 */
public final class Suite {
    /**
     * How much measuring: quick is about two minutes, full under fifteen on an idle 2-core machine.
     *
     * @param sleeperRuns runs per N and kind up to 100,000 activities
     * @param sleeperRunsLarge runs per kind at 1,000,000 (a run takes 10-70 s there)
     * @param platformMax the largest N run as platform threads
     * @param tracedMax the largest N at which Python's live bytes are traced (tracemalloc slows creation)
     */
    record Plan(String mode, int forks, int warmups, int warmupMillis, int iterations, int iterationMillis,
            int pythonRuns, int[] sleeperNs, int sleeperRuns, int sleeperRunsLarge, int platformMax, int tracedMax,
            boolean echoQuick) {
        String jmh() {
            return String.format(Locale.ROOT, "%d fork%s, %d × %s warm-up, %d × %s measured iterations", forks,
                    forks == 1 ? "" : "s", warmups, secs(warmupMillis), iterations, secs(iterationMillis));
        }

        int runs(int n) {
            return n >= 1_000_000 ? sleeperRunsLarge : sleeperRuns;
        }

        static String secs(int ms) {
            return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
        }
    }

    static final Plan QUICK = new Plan("quick", 1, 1, 500, 5, 300, 3, new int[] {1_000, 10_000, 100_000}, 1, 1,
            1_000, 10_000, true);
    static final Plan FULL = new Plan("full", 2, 2, 1000, 4, 1000, 5, new int[] {1_000, 10_000, 100_000, 1_000_000},
            3, 1, Sleepers.PLATFORM_LIMIT, 100_000, false);

    static final List<String> SECTIONS = List.of(Report.GENERATOR, Report.SWITCH, Report.QUEUE, Report.MILLION,
            Report.SLEEPERS,
            Report.ECHO, Report.GROUP);
    static final int SLEEPS = 3;
    static final int SLEEP_MS = 100;

    private final Plan plan;
    private final Path out;
    private final Set<String> only;
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final long start = System.nanoTime();
    private Optional<Python> python = Optional.empty();
    private final Path logs = Path.of("target", "bench-logs");

    Suite(Plan plan, Path out, Set<String> only) {
        this.plan = plan;
        this.out = out;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        Plan plan = FULL;
        Path out = Path.of("docs");
        boolean render = false;
        Set<String> only = new LinkedHashSet<>(SECTIONS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> plan = QUICK;
                case "--full" -> plan = FULL;
                case "--render" -> render = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> {
                    only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                    only.removeIf(s -> {
                        if (!SECTIONS.contains(s)) {
                            throw new IllegalArgumentException("--only: no section " + s + " (" + SECTIONS + ")");
                        }
                        return false;
                    });
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (./weft bench [--quick|--full|--render] [--out DIR] [--only generator,switch,...])");
            }
        }
        if (render) {
            render(out);
            return;
        }
        new Suite(plan, out, only).run(args);
    }

    /** Rebuilds the page and the plots from the saved data. */
    static void render(Path out) throws IOException {
        Path data = out.resolve("benchmarks");
        List<Figure> figs = Csv.readFigures(data.resolve("results.csv"));
        Map<String, String> env = Csv.readEnvironment(data.resolve("environment.csv"));
        write(out, env, figs);
        System.out.println("weft bench: rendered " + out.resolve("benchmarks.md") + " from " + data);
    }

    static void write(Path out, Map<String, String> env, List<Figure> figs) throws IOException {
        Path data = out.resolve("benchmarks");
        Files.createDirectories(data);
        Files.writeString(data.resolve("results.csv"), Csv.figures(figs));
        Files.writeString(data.resolve("environment.csv"), Csv.environment(env));
        Set<String> charts = Charts.writeAll(data, figs);
        Path summary = data.resolve("summary.md");
        String text = Files.exists(summary) ? Files.readString(summary) : "";
        Files.writeString(out.resolve("benchmarks.md"), Report.markdown(env, figs, text, charts));
    }

    void run(String[] args) throws Exception {
        Files.createDirectories(logs);
        String command = ("./weft bench " + String.join(" ", args)).strip();
        environment(command);
        say("weft bench: " + plan.mode() + " comparison suite; load average " + env.get("load_start") + " on "
                + env.get("cores") + " cores; writing " + out.resolve("benchmarks.md"));
        say("JDK " + env.get("jdk") + "; Python: " + env.get("python") + "; uvloop: " + env.get("uvloop"));
        if (only.contains(Report.GENERATOR)) {
            generator();
        }
        if (only.contains(Report.SWITCH)) {
            taskSwitch();
        }
        if (only.contains(Report.QUEUE)) {
            queue();
        }
        if (only.contains(Report.MILLION)) {
            million();
        }
        if (only.contains(Report.SLEEPERS)) {
            sleepers();
        }
        if (only.contains(Report.ECHO)) {
            echo();
        }
        if (only.contains(Report.GROUP)) {
            group();
        }
        env.put("load_end", loadAverage());
        sampleLoad();
        env.put("load_max", String.format(Locale.ROOT, "%.2f", loadMax));
        env.put("duration", minutes(System.nanoTime() - start));
        write(out, env, figures);
        say("wrote " + out.resolve("benchmarks.md") + ", its plots and data in " + out.resolve("benchmarks")
                + " (" + env.get("duration") + ")");
    }

    // ---- sections ----

    void generator() throws Exception {
        String s = Report.GENERATOR;
        section("1. generator round trip");
        add(jmh(s, "weft", GeneratorBench.class, "weftSend", false));
        add(jmh(s, "raw-continuation", GeneratorBench.class, "rawContinuation", false));
        add(jmh(s, "platform-thread", GeneratorBench.class, "threadHandOff", false));
        add(jmh(s, "weft-portable", GeneratorBench.class, "weftSend", true));
        add(python(s, "python", "generator_bench.py", List.of(), false));
    }

    void taskSwitch() throws Exception {
        String s = Report.SWITCH;
        section("2. task switch");
        add(jmh(s, "weft", TaskBench.class, "weftZeroSleepPingPong", false));
        add(jmh(s, "raw-continuation", TaskBench.class, "rawContinuationYieldRun", false));
        add(jmh(s, "virtual-thread", TaskBench.class, "virtualThreadPingPong", false));
        add(jmh(s, "platform-thread", TaskBench.class, "platformThreadPingPong", false));
        add(jmh(s, "weft-portable", TaskBench.class, "weftZeroSleepPingPong", true));
        add(python(s, "python-asyncio", "switch_bench.py", List.of(), false));
        add(python(s, "python-uvloop", "switch_bench.py", List.of(), true));
    }

    void queue() throws Exception {
        String s = Report.QUEUE;
        section("3. producer/consumer through a bounded queue");
        add(jmh(s, "weft", QueueBench.class, "weftQueue", false));
        add(jmh(s, "platform-thread", QueueBench.class, "abqPlatformThreads", false));
        add(jmh(s, "virtual-thread", QueueBench.class, "abqVirtualThreads", false));
        add(jmh(s, "weft-portable", QueueBench.class, "weftQueue", true));
        List<String> items = List.of("--items", plan.mode().equals("quick") ? "200000" : "1000000");
        add(python(s, "python-asyncio", "queue_bench.py", items, false));
        add(python(s, "python-uvloop", "queue_bench.py", items, true));
    }

    /** The canonical shape, cold: N × 1 s once, each row two fresh processes (timed, memory), one run each. */
    void million() throws Exception {
        String s = Report.MILLION;
        int[] ns = plan.mode().equals("quick") ? new int[] {10_000, 100_000}
                : new int[] {10_000, 100_000, 1_000_000, TEN_MILLION};
        section("4. N activities each sleeping 1 s once, cold (a fresh process per run)");
        for (int n : ns) {
            String param = String.valueOf(n);
            if (n == TEN_MILLION) {
                long available = availableMemoryBytes();
                if (available < TEN_MILLION_NEEDS) {
                    String why = String.format(Locale.ROOT, "not run at 10,000,000: %.1f GiB of memory available, "
                            + "%d GiB needed", available / (double) (1L << 30), TEN_MILLION_NEEDS >> 30);
                    for (Sleepers.Kind k : Sleepers.Kind.values()) {
                        figures.add(Figure.missing(s, Report.WALL, k.id, param, "s", why));
                    }
                    say("  " + why);
                    continue;
                }
            }
            for (Sleepers.Kind k : Sleepers.Kind.values()) {
                if (k == Sleepers.Kind.PLATFORM && n > plan.platformMax()) {
                    String why = "platform threads: " + (n > Sleepers.PLATFORM_LIMIT ? Sleepers.platformLimitNote()
                            : "quick mode stops them at " + String.format(Locale.ROOT, "%,d", plan.platformMax()));
                    figures.add(Figure.missing(s, Report.WALL, k.id, param, "s", why)); // once: the wall table says why
                    continue;
                }
                long t0 = System.nanoTime();
                millionRow(s, k.id, k.label, n, Million.row(k, n, line -> say("    " + line)), t0);
            }
            long t0 = System.nanoTime(); // the floor under Weft's row: bare continuations, nothing of Weft's
            millionRow(s, Million.FLOOR, "the floor", n, Million.floorRow(n, line -> say("    " + line)), t0);
            if (python.isPresent() && n == TEN_MILLION) {
                figures.add(Figure.missing(s, Report.WALL, "python-asyncio", param, "s", "asyncio: not run at "
                        + "10,000,000, which would take about 10 minutes (two processes of 4-5 minutes each, at the "
                        + "million's rate) and 14 GiB"));
            } else if (python.isPresent()) {
                try {
                    Map<String, String> t = python.get().run("million_bench.py", List.of(param, "--mode", "time"),
                            Duration.ofMinutes(10), line -> say("  " + line));
                    Map<String, String> m = python.get().run("million_bench.py", List.of(param, "--mode", "memory"),
                            Duration.ofMinutes(10), line -> say("  " + line));
                    addMillion(s, "python-asyncio", n, Double.parseDouble(t.get("wall")),
                            Double.parseDouble(t.get("create")), Double.parseDouble(t.get("first")),
                            Double.parseDouble(t.get("wake")), Double.NaN, Double.parseDouble(m.get("rss")),
                            "Python's live bytes are not traced here (tracing a million tasks takes minutes): see "
                                    + "the next section's tracemalloc figure");
                } catch (IOException e) {
                    say("  " + e.getMessage());
                }
            }
        }
    }

    /** Says one row's figures (started at {@code t0}) and adds them. */
    private void millionRow(String s, String subject, String label, int n, Million.Result r, long t0) {
        say(String.format(Locale.ROOT, "  %-16s N=%,9d: wall %.3f s (create %.3f, first step %.3f, wake-up "
                + "%.3f), heap %,.0f B, RSS %,.0f B per activity%s (%s)", label, n, r.wallSeconds(),
                r.createSeconds(), r.firstStepSeconds(), r.wakeSeconds(), r.heapBytesEach(), r.rssBytesEach(),
                r.note().isEmpty() ? "" : "; " + r.note(), minutes(System.nanoTime() - t0)));
        addMillion(s, subject, n, r.wallSeconds(), r.createSeconds(), r.firstStepSeconds(), r.wakeSeconds(),
                r.heapBytesEach(), r.rssBytesEach(), r.note());
    }

    private void addMillion(String s, String subject, int n, double wall, double create, double first, double wake,
            double heap, double rss, String note) {
        String param = String.valueOf(n);
        figures.add(new Figure(s, Report.WALL, subject, param, wall, Double.NaN, "s", ""));
        figures.add(new Figure(s, Report.CREATE, subject, param, create * 1e9 / n, Double.NaN, "ns", ""));
        figures.add(new Figure(s, Report.FIRST_STEP, subject, param, first * 1e9 / n, Double.NaN, "ns", ""));
        figures.add(new Figure(s, Report.WAKE, subject, param, wake * 1e9 / n, Double.NaN, "ns", ""));
        figures.add(new Figure(s, Report.HEAP, subject, param, heap, Double.NaN, "B", Double.isNaN(heap) ? note : ""));
        figures.add(new Figure(s, Report.RSS, subject, param, rss, Double.NaN, "B", ""));
    }

    void sleepers() throws Exception {
        section("4. many concurrent activities: N × " + SLEEPS + " sleeps of " + SLEEP_MS + " ms, "
                + plan.sleeperRuns() + " run(s) each (" + plan.sleeperRunsLarge() + " at 1M), a fresh process per run");
        String s = Report.SLEEPERS;
        for (int n : plan.sleeperNs()) {
            String param = String.valueOf(n);
            Map<String, List<double[]>> runs = new LinkedHashMap<>(); // subject -> [wall, rss, heap] per run
            int runCount = plan.runs(n);
            for (int r = 1; r <= runCount; r++) {
                for (Sleepers.Kind k : Sleepers.Kind.values()) {
                    if (k == Sleepers.Kind.PLATFORM && n > plan.platformMax()) {
                        continue;
                    }
                    long t0 = System.nanoTime();
                    Sleepers.Result res = Sleepers.inChildJvm(k, n, SLEEPS, SLEEP_MS, line -> say("    " + line));
                    if (!res.note().isEmpty()) {
                        say("  " + k.label + " N=" + n + ": " + res.note());
                    }
                    if (Double.isNaN(res.wallSeconds())) {
                        runs.computeIfAbsent(k.id, x -> new ArrayList<>());
                        continue;
                    }
                    runs.computeIfAbsent(k.id, x -> new ArrayList<>()).add(
                            new double[] {res.wallSeconds(), res.rssBytesEach(), res.heapBytesEach()});
                    say(String.format(Locale.ROOT, "  %-16s N=%,9d run %d/%d: wall %.3f s, RSS %,.0f B, heap %,.0f B "
                            + "per activity (%s)", k.label, n, r, runCount, res.wallSeconds(),
                            res.rssBytesEach(), res.heapBytesEach(), minutes(System.nanoTime() - t0)));
                }
                for (String loop : pythonLoops()) {
                    String subject = loop.equals("uvloop") ? "python-uvloop" : "python-asyncio";
                    List<String> a = new ArrayList<>(List.of(param, "--sleeps", String.valueOf(SLEEPS), "--sleep-ms",
                            String.valueOf(SLEEP_MS), "--mode", "time"));
                    if (loop.equals("uvloop")) {
                        a.add("--uvloop");
                    }
                    try {
                        Map<String, String> res = python.orElseThrow().run("sleepers_bench.py", a,
                                Duration.ofMinutes(10), line -> say("  " + line));
                        runs.computeIfAbsent(subject, x -> new ArrayList<>()).add(new double[] {
                            Double.parseDouble(res.get("wall")), Double.parseDouble(res.get("bytes")), Double.NaN});
                    } catch (IOException e) {
                        say("  " + e.getMessage());
                        runs.computeIfAbsent(subject, x -> new ArrayList<>());
                    }
                }
            }
            // Python's live bytes: tracemalloc, once per N (tracing slows creation; not timed)
            for (String loop : n <= plan.tracedMax() ? pythonLoops() : List.<String>of()) {
                String subject = loop.equals("uvloop") ? "python-uvloop" : "python-asyncio";
                List<String> a = new ArrayList<>(List.of(param, "--sleeps", String.valueOf(SLEEPS), "--sleep-ms",
                        String.valueOf(SLEEP_MS), "--mode", "traced"));
                if (loop.equals("uvloop")) {
                    a.add("--uvloop");
                }
                try {
                    Map<String, String> res = python.orElseThrow().run("sleepers_bench.py", a, Duration.ofMinutes(10),
                            line -> say("  " + line));
                    for (double[] run : runs.getOrDefault(subject, List.of())) {
                        run[2] = Double.parseDouble(res.get("bytes"));
                    }
                } catch (IOException e) {
                    say("  " + e.getMessage());
                }
            }
            for (var e : runs.entrySet()) {
                List<double[]> rs = e.getValue();
                if (rs.isEmpty()) {
                    for (String m : List.of(Report.WALL, Report.RSS, Report.HEAP)) {
                        figures.add(Figure.missing(s, m, e.getKey(), param, m.equals(Report.WALL) ? "s" : "B",
                                "failed: see the run's output"));
                    }
                    continue;
                }
                String note = "";
                figures.add(new Figure(s, Report.WALL, e.getKey(), param, median(rs, 0), halfRange(rs, 0), "s", note));
                figures.add(new Figure(s, Report.RSS, e.getKey(), param, median(rs, 1), halfRange(rs, 1), "B", note));
                double heap = median(rs, 2);
                figures.add(new Figure(s, Report.HEAP, e.getKey(), param, heap, halfRange(rs, 2), "B",
                        Double.isNaN(heap) && e.getKey().startsWith("python") ? "Python's live bytes are traced up to N = "
                                + String.format(Locale.ROOT, "%,d", plan.tracedMax()) + " (tracing a million tasks "
                                + "takes minutes; the figure does not change with N)" : note));
            }
            if (n > plan.platformMax()) {
                String why = n > Sleepers.PLATFORM_LIMIT ? "platform threads: " + Sleepers.platformLimitNote()
                        : "platform threads: quick mode stops them at " + String.format(Locale.ROOT, "%,d",
                                plan.platformMax()) + " (starting 10,000 takes about 30 s on this machine); the full "
                                + "run has them";
                for (String m : List.of(Report.WALL, Report.RSS, Report.HEAP)) {
                    figures.add(Figure.missing(s, m, "platform-thread", param, m.equals(Report.WALL) ? "s" : "B", why));
                }
            }
            if (python.isEmpty()) {
                missingPython(s, param);
            }
        }
        env.put("sleepers_shape", SLEEPS + " × " + SLEEP_MS + " ms");
        env.put("sleepers_runs", plan.sleeperRuns() + (plan.sleeperRunsLarge() == plan.sleeperRuns() ? ""
                : " (" + plan.sleeperRunsLarge() + " at 1,000,000: a run takes 10-70 s there)"));
    }

    void missingPython(String section, String param) {
        for (String m : List.of(Report.WALL, Report.RSS, Report.HEAP)) {
            figures.add(Figure.missing(section, m, "python-asyncio", param, m.equals(Report.WALL) ? "s" : "B",
                    "no CPython 3 found on this machine"));
        }
    }

    /** asyncio, and uvloop when importable; nothing without Python. */
    List<String> pythonLoops() {
        if (python.isEmpty()) {
            return List.of();
        }
        return python.get().uvloop.isEmpty() ? List.of("asyncio") : List.of("asyncio", "uvloop");
    }

    void echo() throws Exception {
        section("5. TCP echo");
        if (!classExists("dev.weft.bench.EchoBench")) {
            String why = "pending: EchoBench (branch `io`) is not on this branch yet";
            say("  " + why + "; `./weft bench echo` fills this section once it is merged");
            figures.add(Figure.missing(Report.ECHO, "throughput", "weft", "", "round trips/s", why));
            return;
        }
        List<String> a = new ArrayList<>(List.of("echo"));
        if (plan.echoQuick()) {
            a.add("--quick");
        }
        StringBuilder raw = new StringBuilder();
        // EchoBench starts its asyncio server as `python3`: put the newest Python's folder first on the PATH
        Map<String, String> childEnv = new LinkedHashMap<>();
        python.ifPresent(p -> childEnv.put("PATH", Path.of(p.exe).getParent() + java.io.File.pathSeparator
                + System.getenv().getOrDefault("PATH", "")));
        int code = childJvm("dev.weft.bench.BenchMain", a, childEnv, Duration.ofMinutes(20), line -> {
            raw.append(line).append('\n');
            say("  " + line);
        });
        Files.createDirectories(out.resolve("benchmarks"));
        Files.writeString(out.resolve("benchmarks").resolve("echo.txt"), raw.toString());
        List<Figure> parsed = parseEcho(raw.toString());
        if (parsed.isEmpty()) {
            figures.add(Figure.missing(Report.ECHO, "throughput", "weft", "", "round trips/s",
                    "`./weft bench echo` ran (exit " + code + ") but its table could not be read: see "
                            + "[benchmarks/echo.txt](benchmarks/echo.txt)"));
        }
        figures.addAll(parsed);
    }

    /**
     * Reads EchoBench's tables: each a header line starting with "server" whose columns are separated by
     * two or more spaces, then one line per server; a cell's leading number (commas allowed) is its
     * value, the rest of the cell its note. What a table measures comes from the lines above its header
     * ({@link #echoMetric}, {@link #echoUnit}). Cells that are not numbers become missing figures holding
     * the cell's text; a row with one such cell only (a server that cannot run here, saying why) is missing
     * in every column. JVM warnings ("WARNING: ...", stderr is merged) are skipped.
     */
    static List<Figure> parseEcho(String text) {
        List<Figure> figs = new ArrayList<>();
        List<String> columns = null;
        StringBuilder context = new StringBuilder();
        String metric = "throughput";
        String unit = "";
        Pattern number = Pattern.compile("^([0-9][0-9,]*(\\.[0-9]+)?)");
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("WARNING:")) {
                continue;
            }
            if (l.startsWith("server")) {
                columns = List.of(l.substring("server".length()).strip().split("\\s{2,}"));
                String c = context.toString().toLowerCase(Locale.ROOT);
                metric = echoMetric(c);
                unit = echoUnit(c, metric);
                context.setLength(0);
                continue;
            }
            if (columns == null || l.isEmpty()) {
                columns = l.isEmpty() ? null : columns;
                if (columns == null) {
                    context.append(l).append('\n');
                }
                continue;
            }
            String[] cells = l.split("\\s{2,}");
            String name = cells[0];
            boolean spans = cells.length == 2 && !number.matcher(cells[1]).find();
            for (int c = 0; c < columns.size() && (spans || c + 1 < cells.length); c++) {
                String cell = spans ? cells[1] : cells[c + 1];
                Matcher m = number.matcher(cell);
                String param = columns.get(c).replaceAll("\\s*(conns?|B)$", "");
                if (m.find()) {
                    String rest = cell.substring(m.end()).strip();
                    double error = Double.NaN;
                    Matcher pm = Pattern.compile("^±\\s*([0-9][0-9,]*(\\.[0-9]+)?)").matcher(rest);
                    if (pm.find()) { // "12.3 ±0.4": the median ± half the range of the runs
                        error = Double.parseDouble(pm.group(1).replace(",", ""));
                        rest = rest.substring(pm.end()).strip();
                    }
                    figs.add(new Figure(Report.ECHO, metric, name, param,
                            Double.parseDouble(m.group(1).replace(",", "")), error, unit, rest));
                } else {
                    figs.add(Figure.missing(Report.ECHO, metric, name, param, unit, name + ": " + cell));
                }
            }
        }
        return figs;
    }

    /**
     * What an echo table measures, from the (lower-cased) lines above it: "p99.9", "p99", "p50" or "max
     * latency" name a latency, anything else is throughput; a message size other than 100 bytes ("16384-byte
     * messages", the last one named) is added, e.g. "throughput, 16 KiB messages".
     */
    static String echoMetric(String context) {
        if (context.contains("cpu per message")) {
            return Report.ECHO_CPU; // its columns are message sizes
        }
        String metric = context.contains("p99.9") ? "p99.9 latency" : context.contains("p99") ? "p99 latency"
                : context.contains("p50") ? "p50 latency" : context.contains("max latency") ? "max latency"
                : "throughput";
        Matcher m = Pattern.compile("([0-9]+)-byte messages").matcher(context);
        String size = null;
        while (m.find()) {
            size = m.group(1);
        }
        if (size != null && !size.equals("100")) {
            long n = Long.parseLong(size);
            metric += ", " + (n % 1024 == 0 ? n / 1024 + " KiB" : n + " B") + " messages";
        }
        return metric;
    }

    /** The unit of an echo table: round trips/s or MB/s for throughput; µs (or ms) for latency. */
    static String echoUnit(String context, String metric) {
        if (metric.equals(Report.ECHO_CPU)) {
            return "µs";
        }
        if (metric.startsWith("throughput")) {
            return context.contains("mb/s") ? "MB/s" : context.contains("round trips per second") ? "round trips/s"
                    : "per s";
        }
        return context.contains("ms") && !context.contains("us") && !context.contains("µs") ? "ms" : "µs";
    }

    void group() throws Exception {
        section("6. one loop vs a group of loops");
        String echoPending = "pending: `./weft bench echo` printed no weft-group rows (EchoBench from main after "
                + "the group server fills this table)";
        if (!classExists("dev.weft.bench.CrossLoopBench")) {
            String why = "pending: CrossLoopBench (branch `group`) is not on this branch yet";
            say("  " + why + "; `./weft bench CrossLoopBench` fills this section once it is merged");
            figures.add(Figure.missing(Report.GROUP, "round trip", "weftCrossLoopAwait", "", "ns", why));
            return;
        }
        Class<?> c = Class.forName("dev.weft.bench.CrossLoopBench");
        List<String> methods = new ArrayList<>();
        for (Method m : c.getMethods()) {
            if (m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)) {
                methods.add(m.getName());
            }
        }
        List<String> known = Report.PEERS.get(Report.GROUP).stream().map(Report.Peer::id).toList();
        methods.sort(java.util.Comparator.comparingInt(m -> known.contains(m) ? known.indexOf(m) : known.size()));
        for (String m : methods) {
            Figure f = jmh(Report.GROUP, m, c, m, false);
            figures.add(new Figure(f.section(), "round trip", f.subject(), "", f.value(), f.error(), f.unit(),
                    f.note()));
        }
        idleCpu();
        // one loop vs a group, under network load: the echo benchmark's group rows against its one-loop streams row
        List<Figure> echo = figures.stream().filter(f -> f.section().equals(Report.ECHO)
                && f.metric().equals("throughput")).toList();
        if (echo.stream().anyMatch(f -> f.subject().startsWith("weft-group") && f.present())) {
            for (String subject : List.of("weft-group", "weft-group-acc", "weft-streams")) {
                echo.stream().filter(f -> f.subject().equals(subject)).forEach(f -> figures.add(
                        new Figure(Report.GROUP, "echo throughput", f.subject(), f.param(), f.value(), f.error(),
                                f.unit(), f.note())));
            }
        } else {
            figures.add(Figure.missing(Report.GROUP, "echo throughput", "weft-group", "", "round trips/s",
                    only.contains(Report.ECHO) ? echoPending : "run with the echo section: its weft-group rows fill "
                            + "this table"));
        }
    }

    /** The idle CPU of a group of 4 loops after cross-loop traffic, and of a JVM running none (IdleCpu). */
    void idleCpu() throws Exception {
        StringBuilder raw = new StringBuilder();
        int code = childJvm("dev.weft.bench.BenchMain", List.of("idle", "10"), Map.of(), Duration.ofMinutes(2), line -> {
            raw.append(line).append('\n');
            say("  " + line);
        });
        figures.addAll(parseIdle(raw.toString(), code));
    }

    /** IdleCpu's last line, "idle-cpu: group=X ms baseline=Y ms seconds=S", as two figures (ms of CPU over S s). */
    static List<Figure> parseIdle(String text, int exitCode) {
        Matcher m = Pattern.compile("idle-cpu: group=([0-9.]+) ms baseline=([0-9.]+) ms seconds=([0-9]+)").matcher(text);
        if (!m.find()) {
            return List.of(Figure.missing(Report.GROUP, "idle CPU", "idle-group", "", "ms",
                    "`./weft bench idle` ran (exit " + exitCode + ") but printed no idle-cpu line"));
        }
        String unit = "ms of CPU in " + m.group(3) + " s";
        return List.of(new Figure(Report.GROUP, "idle CPU", "idle-group", "", Double.parseDouble(m.group(1)), Double.NaN,
                        unit, "process CPU time (OperatingSystemMXBean)"),
                new Figure(Report.GROUP, "idle CPU", "idle-jvm", "", Double.parseDouble(m.group(2)), Double.NaN, unit,
                        "process CPU time (OperatingSystemMXBean)"));
    }

    // ---- runners ----

    private int benchCount;

    /** One JMH benchmark in its own forked JVM(s); retries while another JMH run holds the lock. */
    Figure jmh(String section, String subject, Class<?> bench, String method, boolean portable) throws Exception {
        benchCount++;
        String name = bench.getSimpleName() + "." + method + (portable ? " (portable)" : "");
        long t0 = System.nanoTime();
        say(String.format(Locale.ROOT, "  [jmh %d] %-45s ...", benchCount, name));
        Path log = logs.resolve(section + "-" + subject + ".log");
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + Pattern.quote(bench.getName() + "." + method) + "$")
                .forks(plan.forks())
                .warmupIterations(plan.warmups()).warmupTime(TimeValue.milliseconds(plan.warmupMillis()))
                .measurementIterations(plan.iterations()).measurementTime(TimeValue.milliseconds(plan.iterationMillis()))
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.NORMAL)
                .output(log.toString());
        if (portable) {
            o.jvmArgsPrepend("-Dweft.backend=portable");
        }
        long waitedSince = System.nanoTime();
        boolean retried = false;
        while (true) {
            try {
                Collection<RunResult> rs = new Runner(o.build()).run();
                if (rs.isEmpty()) {
                    say("  failed: see " + log);
                    return Figure.missing(section, Report.TIME, subject, "", "ns", "the benchmark failed in this run");
                }
                var r = rs.iterator().next().getPrimaryResult();
                String unit = r.getScoreUnit().replace("/op", "");
                Figure f = new Figure(section, Report.TIME, subject, "", r.getScore(), r.getScoreError(), unit,
                        "JMH " + plan.jmh() + (portable ? ", -Dweft.backend=portable" : ""));
                if (f.noisy() && !retried) {
                    // ± over a quarter of the value: once more with twice the forks and iterations; if it
                    // stays that wide, the page marks it as noise and draws no claim from it
                    retried = true;
                    say(String.format(Locale.ROOT, "  [jmh %d] %-45s %s: noise, again with 2x forks and iterations",
                            benchCount, name, Report.valueWithError(f)));
                    o.forks(2 * plan.forks()).measurementIterations(2 * plan.iterations());
                    continue;
                }
                say(String.format(Locale.ROOT, "  [jmh %d] %-45s %s (%s)", benchCount, name,
                        Report.valueWithError(f), minutes(System.nanoTime() - t0)));
                return f;
            } catch (RunnerException e) {
                String msg = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : " " + e.getCause());
                if (msg.contains("lock") && System.nanoTime() - waitedSince < TimeUnit.MINUTES.toNanos(30)) {
                    say("  another JMH run holds its lock (/tmp/jmh.lock); waiting 15 s (or run with "
                            + "-Djmh.ignoreLock=true)");
                    Thread.sleep(15_000);
                    continue;
                }
                say("  failed: " + msg + "; see " + log);
                return Figure.missing(section, Report.TIME, subject, "", "ns", "the benchmark failed in this run");
            }
        }
    }

    Figure python(String section, String subject, String script, List<String> args, boolean uvloop) throws Exception {
        if (python.isEmpty()) {
            say("  " + subject + ": skipped, no CPython 3 on this machine");
            return Figure.missing(section, Report.TIME, subject, "", "ns", "no CPython 3 found on this machine");
        }
        if (uvloop && python.get().uvloop.isEmpty()) {
            return Figure.missing(section, Report.TIME, subject, "", "ns",
                    "uvloop is not importable in " + python.get().exe);
        }
        List<String> a = new ArrayList<>(args);
        a.addAll(List.of("--runs", String.valueOf(plan.pythonRuns())));
        if (uvloop) {
            a.add("--uvloop");
        }
        long t0 = System.nanoTime();
        try {
            Map<String, String> r = python.get().run(script, a, Duration.ofMinutes(10), line -> say("  " + line));
            double med = Double.parseDouble(r.get("median"));
            double half = (Double.parseDouble(r.get("max")) - Double.parseDouble(r.get("min"))) / 2;
            Figure f = new Figure(section, Report.TIME, subject, "", med, half, r.getOrDefault("unit", "ns"),
                    "median of " + r.get("runs") + " runs, ± half the range");
            say("  " + subject + ": " + Report.valueWithError(f) + " (" + minutes(System.nanoTime() - t0) + ")");
            return f;
        } catch (IOException e) {
            say("  " + e.getMessage());
            return Figure.missing(section, Report.TIME, subject, "", "ns", "the script failed in this run");
        }
    }

    static int childJvm(String mainClass, List<String> args, Map<String, String> extraEnv, Duration timeout,
            Consumer<String> lines) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // native access: Netty's epoll transport (the echo's netty-epoll row) loads its .so, quietly with this
        List<String> cmd = new ArrayList<>(List.of(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        Thread killer = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        });
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.accept(line);
            }
        }
        int code = p.waitFor();
        killer.interrupt();
        return code;
    }

    // ---- environment ----

    void environment(String command) throws IOException {
        env.put("date", ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
        env.put("command", command);
        env.put("mode", plan.mode() + (only.size() < SECTIONS.size() ? " (only " + String.join(", ", only) + ")" : ""));
        env.put("load_start", loadAverage());
        env.put("cpu", cpuModel());
        env.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        env.put("memory", memory());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.name") + ")");
        python = Python.find();
        env.put("python", python.map(p -> "CPython " + p.version + " (" + p.exe + ")")
                .orElse("none found: the Python peers are left out"));
        env.put("uvloop", python.map(p -> p.uvloop.isEmpty() ? "not importable (rows left out)" : p.uvloop)
                .orElse("—"));
        env.put("python_runs", String.valueOf(plan.pythonRuns()));
        String commit = Python.capture(List.of("git", "describe", "--always", "--dirty"), Duration.ofSeconds(5)).strip();
        env.put("weft_commit", commit.isEmpty() || commit.contains(" ") ? "?" : commit);
        env.put("jmh", plan.jmh());
        env.put("macro_runs", "sleepers: " + plan.sleeperRuns() + " per N and kind (" + plan.sleeperRunsLarge()
                + " at 1M), a fresh process each; "
                + "Python micro: " + plan.pythonRuns() + " in one process after a warm-up run");
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return l < 0 ? "?" : String.format(Locale.ROOT, "%.2f", l);
        }
    }

    static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            long n = lines.stream().filter(l -> l.startsWith("processor")).count();
            String model = lines.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
            return model + " (" + n + " logical CPUs in /proc/cpuinfo)";
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    /** The canonical shape's largest N, run when the machine has the memory for it. */
    static final int TEN_MILLION = 10_000_000;

    /**
     * What the 10,000,000 row needs free: a virtual thread's run holds about 1 KB per thread resident,
     * Weft's about 0.7 KB per task, one process at a time; with room for the JVM and the page cache.
     */
    static final long TEN_MILLION_NEEDS = 14L << 30;

    /** MemAvailable from /proc/meminfo, in bytes; 0 where it can not be read (not Linux). */
    static long availableMemoryBytes() {
        return Math.max(0, Sleepers.procBytes("/proc/meminfo", "MemAvailable:"));
    }

    static String memory() {
        long total = Sleepers.procBytes("/proc/meminfo", "MemTotal:");
        return total < 0 ? "?" : String.format(Locale.ROOT, "%.1f GiB", total / (double) (1L << 30));
    }

    // ---- small things ----

    void add(Figure f) {
        figures.add(f);
    }

    /** The highest 1-minute load average seen at a section's start (other work on the machine skews figures). */
    private double loadMax;

    void section(String title) {
        sampleLoad();
        say(title);
    }

    void sampleLoad() {
        try {
            loadMax = Math.max(loadMax, Double.parseDouble(loadAverage().split(",")[0].strip()));
        } catch (RuntimeException e) {
            // no load average here
        }
    }

    void say(String line) {
        System.out.println("[" + minutes(System.nanoTime() - start) + "] " + line);
        System.out.flush();
    }

    static String minutes(long nanos) {
        long s = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    static boolean classExists(String name) {
        try {
            Class.forName(name, false, Suite.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static double median(List<double[]> rs, int i) {
        double[] v = rs.stream().mapToDouble(r -> r[i]).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double halfRange(List<double[]> rs, int i) {
        double[] v = rs.stream().mapToDouble(r -> r[i]).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length < 2) {
            return Double.NaN;
        }
        return (Arrays.stream(v).max().orElseThrow() - Arrays.stream(v).min().orElseThrow()) / 2;
    }
}
