package dev.weft.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds {@code docs/benchmarks.md} from figures: no I/O, no measuring, so that the tables and their
 * ratios can be tested with made-up figures. The ratio column is always "Weft's advantage": the peer's
 * time over Weft's (or Weft's throughput over the peer's), so above 1 Weft is better by that factor
 * and below 1 the peer is.
 */
public final class Report {
    private Report() {}

    /** A subject of a comparison and the name tables give it. */
    public record Peer(String id, String label) {}

    public static final String GENERATOR = "generator";
    public static final String SWITCH = "switch";
    public static final String QUEUE = "queue";
    public static final String SLEEPERS = "sleepers";
    /** The canonical shape: N activities each sleeping 1 s once, cold (Million). */
    public static final String MILLION = "million";
    public static final String ECHO = "echo";
    public static final String GROUP = "group";

    /** The metric of the three micro-benchmark sections (generator, switch, queue). */
    public static final String TIME = "time";
    /** The sleepers' metrics. */
    public static final String WALL = "wall";
    public static final String RSS = "rss";
    public static final String HEAP = "heap";
    /** The canonical shape's phases, per activity: creating, running to the first suspension, waking. */
    public static final String CREATE = "create";
    public static final String FIRST_STEP = "first-step";
    public static final String WAKE = "wake";

    static final String WEFT = "weft";
    static final String PORTABLE = "weft-portable";

    /** The subjects of each comparison, in table order; Weft first. */
    public static final Map<String, List<Peer>> PEERS = Map.of(
            GENERATOR, List.of(
                    new Peer(WEFT, "Weft `Generator.send`"),
                    new Peer(PORTABLE, "Weft `Generator.send`, portable backend"),
                    new Peer("raw-continuation", "bare `Continuation` run + yield (the floor)"),
                    new Peer("platform-thread", "thread hand-off: body on a platform thread, 2 `SynchronousQueue`s"),
                    new Peer("python", "CPython generator `send`")),
            SWITCH, List.of(
                    new Peer(WEFT, "Weft tasks, `Weft.yieldNow()` ping-pong"),
                    new Peer(PORTABLE, "Weft tasks, portable backend"),
                    new Peer("raw-continuation", "bare `Continuation` run + yield (the floor)"),
                    new Peer("virtual-thread", "virtual threads, `SynchronousQueue` ping-pong"),
                    new Peer("platform-thread", "platform threads, `SynchronousQueue` ping-pong"),
                    new Peer("python-asyncio", "asyncio tasks, `await asyncio.sleep(0)`"),
                    new Peer("python-uvloop", "asyncio tasks on uvloop, `await asyncio.sleep(0)`")),
            QUEUE, List.of(
                    new Peer(WEFT, "Weft `Queue(128)`, two tasks"),
                    new Peer(PORTABLE, "Weft `Queue(128)`, portable backend"),
                    new Peer("platform-thread", "`ArrayBlockingQueue(128)`, two platform threads"),
                    new Peer("virtual-thread", "`ArrayBlockingQueue(128)`, two virtual threads"),
                    new Peer("python-asyncio", "`asyncio.Queue(maxsize=128)`, two tasks"),
                    new Peer("python-uvloop", "`asyncio.Queue(maxsize=128)` on uvloop")),
            MILLION, List.of(
                    new Peer(WEFT, "Weft tasks, `Weft.sleep`"),
                    new Peer("virtual-thread", "virtual threads, `Thread.sleep`"),
                    new Peer("platform-thread", "platform threads, `Thread.sleep`"),
                    new Peer("python-asyncio", "asyncio tasks, `await asyncio.sleep(1)`"),
                    new Peer("raw-continuation", "bare `Continuation`s on one thread, no loop (the floor)")),
            SLEEPERS, List.of(
                    new Peer(WEFT, "Weft tasks"),
                    new Peer("virtual-thread", "virtual threads"),
                    new Peer("platform-thread", "platform threads"),
                    new Peer("python-asyncio", "asyncio tasks"),
                    new Peer("python-uvloop", "asyncio tasks on uvloop")),
            ECHO, List.of(
                    new Peer("weft-protocol", "Weft protocol (echo in the read callback)"),
                    new Peer("weft-streams", "Weft streams (a task per connection)"),
                    new Peer("weft-streams-into", "Weft streams, `readInto` one array per connection (CPU table only)"),
                    new Peer("weft-group", "Weft streams on a group of 2 loops (a listener per loop)"),
                    new Peer("weft-group-acc", "Weft streams on a group of 2 loops (one acceptor)"),
                    new Peer("netty-nio", "Netty NIO, one event loop"),
                    new Peer("netty-epoll", "Netty native epoll, one event loop"),
                    new Peer("vthreads", "a virtual thread per connection, blocking sockets"),
                    new Peer("python-asyncio", "asyncio streams"),
                    new Peer("python-protocol", "asyncio protocol"),
                    new Peer("python-uvloop", "asyncio streams on uvloop"),
                    new Peer("c-epoll", "C epoll server, one thread (the floor)")),
            GROUP, List.of(
                    new Peer("weftCrossLoopAwait", "Weft, two loops of a group: each awaits the other's future"),
                    new Peer("weftSameLoopAwait", "Weft, the same ping-pong within one loop"),
                    new Peer("weftSubmitAndAwait", "Weft, submit a task to the other loop and await it"),
                    new Peer("cfPingPongPlatformThreads", "two platform threads, CompletableFuture ping-pong"),
                    new Peer("weft-group", "echo: Weft streams on a group of 2 loops (a listener per loop)"),
                    new Peer("weft-group-acc", "echo: Weft streams on a group of 2 loops (one acceptor)"),
                    new Peer("weft-streams", "echo: Weft streams on one loop"),
                    new Peer("idle-group", "an idle LoopGroup of 4 loops, after cross-loop traffic"),
                    new Peer("idle-jvm", "a JVM running no loop")));

    static final Map<String, String> TITLES = Map.of(
            GENERATOR, "Generator round trip (send a value in, get one back)",
            SWITCH, "Task switch (two tasks taking turns)",
            QUEUE, "Producer/consumer through a bounded queue",
            MILLION, "N activities each sleeping 1 s once, cold",
            SLEEPERS, "Many concurrent activities, each waiting on a timer",
            ECHO, "TCP echo",
            GROUP, "One loop vs a group of loops");

    static final Map<String, String> UNITS_PER = Map.of(
            GENERATOR, "ns per round trip",
            SWITCH, "ns per switch",
            QUEUE, "ns per item");

    // ---- the page ----

    /**
     * The whole page.
     *
     * @param env the run's environment, key to value (see {@link Suite}); missing keys print as "?"
     * @param figures every figure of the run
     * @param summary the hand-written two-sentence summary, or empty
     * @param charts the chart files that exist under {@code benchmarks/}, e.g. {@code generator.png}
     * @return the Markdown text
     */
    public static String markdown(Map<String, String> env, List<Figure> figures, String summary, Set<String> charts) {
        StringBuilder md = new StringBuilder();
        md.append("# Weft benchmarks\n\n");
        md.append("<!-- Generated by ").append(env.getOrDefault("command", "./weft bench"))
                .append(" (dev.weft.bench.report); edit docs/benchmarks/summary.md for the paragraph below, "
                        + "regenerate with ./weft bench --render. -->\n\n");
        if (!summary.isBlank()) {
            md.append(summary.strip()).append("\n\n");
        }
        md.append("Run of ").append(env.getOrDefault("date", "?")).append(", ").append(env.getOrDefault("mode", "?"))
                .append(" mode (`").append(env.getOrDefault("command", "?")).append("`, ")
                .append(env.getOrDefault("duration", "?")).append("), on ").append(env.getOrDefault("cpu", "?"))
                .append(", ").append(env.getOrDefault("cores", "?")).append(" cores, ")
                .append(env.getOrDefault("memory", "?")).append("; load average at start ")
                .append(env.getOrDefault("load_start", "?")).append(". Details: [Environment](#environment), ")
                .append("[Method](#method).\n\n");
        busyWarning(env).ifPresent(w -> md.append(w).append("\n\n"));
        md.append("**Weft advantage** in every table is the peer's time divided by Weft's (for throughput, "
                + "Weft's divided by the peer's): above 1, Weft is better by that factor; below 1, the peer is. "
                + "± is JMH's 99.9% confidence half-width for JMH figures, half the range of the repeated runs "
                + "for the others. A figure whose ± exceeds a quarter of its value (after one rerun with twice the "
                + "forks and iterations) is marked " + NOISE_MARK + " and no ratio or claim is drawn from it.\n\n");

        md.append("## Summary\n\n").append(summaryTable(figures)).append('\n');

        int n = 1;
        for (String s : List.of(GENERATOR, SWITCH, QUEUE)) {
            md.append("## ").append(n++).append(". ").append(TITLES.get(s)).append("\n\n");
            md.append(microTable(s, figures)).append('\n');
            chart(md, charts, s + ".png", TITLES.get(s));
        }
        md.append("## ").append(n++).append(". The portable backend (virtual threads) against the continuation "
                + "backend\n\n").append(backendTable(figures)).append('\n');

        md.append("## ").append(n++).append(". ").append(TITLES.get(MILLION)).append("\n\n");
        md.append(millionSection(figures)).append('\n');

        md.append("## ").append(n++).append(". ").append(TITLES.get(SLEEPERS)).append("\n\n");
        md.append(sleepersIntro(env)).append("\n\n");
        md.append("Wall time, first start to last end (lower is better):\n\n")
                .append(paramTable(SLEEPERS, WALL, figures, true)).append('\n');
        md.append("Memory per activity, resident-set growth of the process (lower is better):\n\n")
                .append(paramTable(SLEEPERS, RSS, figures, true)).append('\n');
        md.append("Memory per activity, live objects (Java: used heap after full GC; Python: tracemalloc; "
                + "a platform thread's native stack is not in this figure):\n\n")
                .append(paramTable(SLEEPERS, HEAP, figures, true)).append('\n');
        chart(md, charts, "sleepers.png", "Wall time and memory per activity against N");

        md.append("## ").append(n++).append(". ").append(TITLES.get(ECHO)).append("\n\n");
        md.append(echoSection(figures, "`./weft bench echo` (EchoBench, branch `io`)")).append('\n');
        chart(md, charts, "echo.png", TITLES.get(ECHO));

        md.append("## ").append(n).append(". ").append(TITLES.get(GROUP)).append("\n\n");
        md.append(genericSection(GROUP, figures, "CrossLoopBench / the group echo (branch `group`)")).append('\n');

        md.append("## Environment\n\n").append(environmentTable(env)).append('\n');
        md.append("## Method\n\n").append(method(env)).append('\n');
        md.append("## Data\n\n").append("Every figure above is in [benchmarks/results.csv](benchmarks/results.csv) "
                + "and the run's environment in [benchmarks/environment.csv](benchmarks/environment.csv); "
                + "`./weft bench --render` rebuilds this page and its plots from them without measuring.\n");
        return md.toString();
    }

    /**
     * A warning when other work loaded the machine during the run: the highest 1-minute load average
     * seen at a section's start, or the one at the end, above 1.5 × the cores (the suite's own
     * benchmarks keep up to about one load per core busy themselves).
     */
    static Optional<String> busyWarning(Map<String, String> env) {
        double cores = numeric(env.getOrDefault("cores", "0"));
        double max = numeric(env.getOrDefault("load_max", "0"));
        double end1 = numeric(env.getOrDefault("load_end", "0").split(",")[0]);
        if (cores <= 0 || cores == Double.MAX_VALUE || (max <= 1.5 * cores && end1 <= 1.5 * cores)) {
            return Optional.empty();
        }
        return Optional.of("**The machine was busy during this run** (1-minute load average up to "
                + env.getOrDefault("load_max", "?") + " at a section's start, " + env.getOrDefault("load_end", "?")
                + " at the end, on " + env.get("cores") + " cores): thread hand-offs that spin on an idle core "
                + "park instead, and later sections may be slower than an idle machine gives.");
    }

    static void chart(StringBuilder md, Set<String> charts, String file, String alt) {
        if (charts.contains(file)) {
            md.append("![").append(alt).append("](benchmarks/").append(file).append(")\n\n");
        }
    }

    // ---- ratios ----

    /**
     * Weft's advantage over a peer: above 1 Weft is better by that factor.
     *
     * @param weft Weft's figure
     * @param peer the peer's figure
     * @param lowerIsBetter true for times and sizes, false for throughputs
     * @return the factor, NaN when either is missing or zero
     */
    public static double advantage(double weft, double peer, boolean lowerIsBetter) {
        if (Double.isNaN(weft) || Double.isNaN(peer) || weft <= 0 || peer <= 0) {
            return Double.NaN;
        }
        return lowerIsBetter ? peer / weft : weft / peer;
    }

    /** "3.2×", "0.87×", "41×", "—" for NaN. */
    public static String ratio(double r) {
        if (Double.isNaN(r)) {
            return "—";
        }
        if (r >= 100) {
            return String.format(Locale.ROOT, "%,.0f×", r);
        }
        if (r >= 10) {
            return String.format(Locale.ROOT, "%.1f×", r);
        }
        return String.format(Locale.ROOT, "%.2f×", r);
    }

    /** A value in its unit with three significant digits at most where that reads better. */
    public static String value(double v, String unit) {
        if (Double.isNaN(v)) {
            return "—";
        }
        String num;
        double a = Math.abs(v);
        if (unit.equals("s")) {
            num = a >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                    : String.format(Locale.ROOT, "%.2f", v);
        } else if (a >= 1000 || unit.equals("B") || unit.startsWith("B/")) {
            num = String.format(Locale.ROOT, "%,.0f", v);
        } else if (a >= 100) {
            num = String.format(Locale.ROOT, "%.0f", v);
        } else if (a >= 10) {
            num = String.format(Locale.ROOT, "%.1f", v);
        } else {
            num = String.format(Locale.ROOT, "%.2f", v);
        }
        return unit.isEmpty() ? num : num + " " + unit;
    }

    /** "123 ± 4 ns", or "123 ns" without an error; "(noise)" after one whose ± exceeds {@link Figure#NOISE}. */
    public static String valueWithError(Figure f) {
        if (!f.present()) {
            return "—";
        }
        if (Double.isNaN(f.error()) || f.error() == 0) {
            return value(f.value(), f.unit());
        }
        return value(f.value(), "") + " ± " + value(f.error(), f.unit()) + (f.noisy() ? " " + NOISE_MARK : "");
    }

    /** What a noisy figure, or a ratio drawn from one, shows instead of a claim. */
    static final String NOISE_MARK = "*(noise)*";

    /** The ratio of two figures, or the noise mark when either is noise. */
    static String ratioOf(Figure weft, Figure peer, boolean lowerIsBetter) {
        if (weft.noisy() || peer.noisy()) {
            return NOISE_MARK;
        }
        return ratio(advantage(weft.value(), peer.value(), lowerIsBetter));
    }

    static boolean lowerIsBetter(String unit) {
        return !unit.contains("/s");
    }

    // ---- tables ----

    static Optional<Figure> find(List<Figure> figs, String section, String metric, String subject, String param) {
        return figs.stream().filter(f -> f.section().equals(section) && f.metric().equals(metric)
                && f.subject().equals(subject) && f.param().equals(param)).findFirst();
    }

    static String label(String section, String subject) {
        for (Peer p : PEERS.getOrDefault(section, List.of())) {
            if (p.id().equals(subject)) {
                return p.label();
            }
        }
        return subject;
    }

    /** Footnotes for missing figures: each distinct reason once, numbered. */
    static final class Notes {
        private final Map<String, Integer> numbers = new LinkedHashMap<>();

        String mark(String note) {
            if (note == null || note.isBlank()) {
                return "";
            }
            int k = numbers.computeIfAbsent(note.strip(), x -> numbers.size() + 1);
            return "<sup>" + k + "</sup>";
        }

        String render() {
            if (numbers.isEmpty()) {
                return "";
            }
            StringBuilder sb = new StringBuilder("\n");
            numbers.forEach((note, k) -> sb.append("<sup>").append(k).append("</sup> ").append(note).append("  \n"));
            return sb.toString();
        }
    }

    /** A generator/switch/queue table: each subject, its figure with ±, and Weft's advantage over it. */
    public static String microTable(String section, List<Figure> figs) {
        if (figs.stream().noneMatch(f -> f.section().equals(section))) {
            return "(not measured in this run)\n";
        }
        Figure weft = find(figs, section, TIME, WEFT, "").orElse(null);
        double w = weft == null ? Double.NaN : weft.value();
        Notes notes = new Notes();
        StringBuilder sb = new StringBuilder();
        sb.append("| | ").append(UNITS_PER.get(section)).append(" | Weft advantage |\n|---|---:|---:|\n");
        for (Peer p : PEERS.get(section)) {
            Optional<Figure> f = find(figs, section, TIME, p.id(), "");
            if (f.isEmpty()) {
                continue;
            }
            Figure fig = f.get();
            String cell = fig.present() ? valueWithError(fig) : "not measured" + notes.mark(fig.note());
            String adv = p.id().equals(WEFT) ? "1 (reference)" : weft == null ? "—" : ratioOf(weft, fig, true);
            sb.append("| ").append(p.label()).append(" | ").append(cell).append(" | ").append(adv).append(" |\n");
        }
        return sb.append(notes.render()).toString();
    }

    /** A table over the varied parameter (N): rows the subjects, each cell the figure and the advantage. */
    public static String paramTable(String section, String metric, List<Figure> figs, boolean lowerIsBetter) {
        List<Figure> mine = figs.stream().filter(f -> f.section().equals(section) && f.metric().equals(metric)).toList();
        if (mine.isEmpty()) {
            return "(not measured in this run)\n";
        }
        List<String> params = mine.stream().map(Figure::param).distinct()
                .sorted(Comparator.comparingDouble(Report::numeric)).toList();
        List<String> subjects = orderedSubjects(section, mine);
        Notes notes = new Notes();
        StringBuilder sb = new StringBuilder("| N = |");
        params.forEach(p -> sb.append(' ').append(paramLabel(p)).append(" |"));
        sb.append("\n|---|").append("---:|".repeat(params.size())).append('\n');
        for (String s : subjects) {
            sb.append("| ").append(label(section, s)).append(" |");
            for (String p : params) {
                Optional<Figure> f = find(mine, section, metric, s, p);
                Optional<Figure> weft = s.equals(WEFT) ? Optional.empty() : find(mine, section, metric, WEFT, p);
                sb.append(' ').append(cell(f, weft, f.map(Figure::unit).orElse(""), lowerIsBetter, notes)).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\nIn brackets: Weft's advantage at the same N.\n");
        return sb.append(notes.render()).toString();
    }

    /**
     * One cell of a table over a parameter: the figure, and in brackets the reference's advantage over
     * it when there is a reference (empty for the reference's own row); "—" when not measured, "n/a"
     * with its note when the run says why not.
     */
    private static String cell(Optional<Figure> f, Optional<Figure> ref, String unit, boolean lowerIsBetter,
            Notes notes) {
        if (f.isEmpty()) {
            return "—";
        }
        if (!f.get().present()) {
            return "n/a" + notes.mark(f.get().note());
        }
        StringBuilder sb = new StringBuilder(value(f.get().value(), unit));
        if (f.get().noisy()) {
            sb.append(" ± ").append(value(f.get().error(), "")).append(' ').append(NOISE_MARK);
        } else if (ref.isPresent() && ref.get().present()) {
            sb.append(" (").append(ratioOf(ref.get(), f.get(), lowerIsBetter)).append(')');
        }
        return sb.append(notes.mark(f.get().note())).toString();
    }

    static List<String> orderedSubjects(String section, List<Figure> figs) {
        Set<String> present = figs.stream().map(Figure::subject).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> out = new ArrayList<>();
        for (Peer p : PEERS.getOrDefault(section, List.of())) {
            if (present.remove(p.id())) {
                out.add(p.id());
            }
        }
        List<String> rest = new ArrayList<>(present);
        rest.sort(Comparator.comparing((String s) -> !s.startsWith(WEFT))); // Weft's own first, else as they came
        out.addAll(rest);
        return out;
    }

    static double numeric(String p) {
        try {
            return Double.parseDouble(p.replace(",", "").replaceAll("[^0-9.eE+-]", ""));
        } catch (NumberFormatException e) {
            return Double.MAX_VALUE;
        }
    }

    static String paramLabel(String p) {
        double d = numeric(p);
        return d == Double.MAX_VALUE || d != Math.rint(d) ? p : String.format(Locale.ROOT, "%,.0f", d);
    }

    /** Continuation vs portable backend, and portable vs a platform-thread hand-off, for sections 1-3. */
    public static String backendTable(List<Figure> figs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| | continuation | portable | portable ÷ continuation | platform threads | "
                + "platform ÷ portable |\n|---|---:|---:|---:|---:|---:|\n");
        List<String> losses = new ArrayList<>();
        List<String> noisy = new ArrayList<>();
        for (String s : List.of(GENERATOR, SWITCH, QUEUE)) {
            Optional<Figure> cf = find(figs, s, TIME, WEFT, "");
            Optional<Figure> pf = find(figs, s, TIME, PORTABLE, "");
            Optional<Figure> tf = find(figs, s, TIME, "platform-thread", "");
            double c = cf.map(Figure::value).orElse(Double.NaN);
            double p = pf.map(Figure::value).orElse(Double.NaN);
            double t = tf.map(Figure::value).orElse(Double.NaN);
            boolean noise = cf.filter(Figure::noisy).isPresent() || pf.filter(Figure::noisy).isPresent()
                    || tf.filter(Figure::noisy).isPresent();
            if (noise) {
                noisy.add(TITLES.get(s).replaceAll(" \\(.*", "").toLowerCase(Locale.ROOT));
            }
            boolean slowNoise = cf.filter(Figure::noisy).isPresent() || pf.filter(Figure::noisy).isPresent();
            double slow = advantage(c, p, true); // portable's time over continuation's
            double beats = noise ? Double.NaN : advantage(p, t, true); // platform's time over portable's
            sb.append("| ").append(TITLES.get(s).replaceAll(" \\(.*", "")).append(", ").append(UNITS_PER.get(s))
                    .append(" | ").append(value(c, "")).append(" | ").append(value(p, "")).append(" | ")
                    .append(slowNoise ? NOISE_MARK : ratio(slow)).append(" | ").append(value(t, "")).append(" | ")
                    .append(noise ? NOISE_MARK : ratio(beats))
                    .append(" |\n");
            if (!Double.isNaN(beats) && beats < 1) {
                losses.add(TITLES.get(s).replaceAll(" \\(.*", "").toLowerCase(Locale.ROOT));
            }
        }
        sb.append('\n');
        if (!noisy.isEmpty()) {
            sb.append("No claim from: ").append(String.join(", ", noisy)).append(" (a figure there is ")
                    .append(NOISE_MARK).append(").");
            sb.append(losses.isEmpty() ? "\n" : " ");
        }
        if (losses.isEmpty() && noisy.isEmpty()) {
            sb.append("Where all three were measured, the portable backend beats a platform-thread hand-off "
                    + "(platform ÷ portable above 1).\n");
        } else if (!losses.isEmpty()) {
            sb.append("**The portable backend does not beat a platform-thread hand-off in: ")
                    .append(String.join(", ", losses)).append("** (platform ÷ portable below 1).\n");
        }
        return sb.toString();
    }

    /** The main table: each comparison's Weft figure against each peer's, with the advantage. */
    public static String summaryTable(List<Figure> figs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| comparison | Weft | peer | peer's figure | Weft advantage |\n|---|---:|---|---:|---:|\n");
        for (String s : List.of(GENERATOR, SWITCH, QUEUE)) {
            Optional<Figure> weft = find(figs, s, TIME, WEFT, "").filter(Figure::present);
            for (Peer p : PEERS.get(s)) {
                if (p.id().equals(WEFT) || p.id().equals(PORTABLE)) {
                    continue;
                }
                Optional<Figure> f = find(figs, s, TIME, p.id(), "").filter(Figure::present);
                if (f.isEmpty()) {
                    continue;
                }
                sb.append("| ").append(TITLES.get(s).replaceAll(" \\(.*", "")).append(", ")
                        .append(UNITS_PER.get(s)).append(" | ").append(weft.map(x -> value(x.value(), "")).orElse("—"))
                        .append(" | ").append(p.label()).append(" | ").append(value(f.get().value(), "")).append(" | ")
                        .append(weft.isEmpty() ? "—" : ratioOf(weft.get(), f.get(), true))
                        .append(" |\n");
            }
        }
        for (String metric : List.of(WALL, RSS)) {
            for (Peer p : PEERS.get(SLEEPERS)) {
                if (p.id().equals(WEFT)) {
                    continue;
                }
                // the largest N at which both ran
                Optional<String> at = figs.stream()
                        .filter(f -> f.section().equals(SLEEPERS) && f.metric().equals(metric) && f.present()
                                && f.subject().equals(p.id()))
                        .map(Figure::param)
                        .filter(n -> find(figs, SLEEPERS, metric, WEFT, n).filter(Figure::present).isPresent())
                        .max(Comparator.comparingDouble(Report::numeric));
                if (at.isEmpty()) {
                    continue;
                }
                Figure w = find(figs, SLEEPERS, metric, WEFT, at.get()).orElseThrow();
                Figure f = find(figs, SLEEPERS, metric, p.id(), at.get()).orElseThrow();
                sb.append("| ").append(paramLabel(at.get())).append(" sleepers, ")
                        .append(metric.equals(WALL) ? "wall time, s" : "memory (RSS) per activity, B").append(" | ")
                        .append(value(w.value(), "")).append(" | ").append(p.label()).append(" | ")
                        .append(value(f.value(), "")).append(" | ")
                        .append(ratioOf(w, f, true)).append(" |\n");
            }
        }
        for (String s : List.of(ECHO, GROUP)) {
            List<Figure> mine = figs.stream().filter(f -> f.section().equals(s)).toList();
            if (mine.stream().noneMatch(Figure::present)) {
                String why = mine.stream().map(Figure::note).filter(x -> !x.isBlank()).findFirst()
                        .orElse("not measured in this run");
                sb.append("| ").append(TITLES.get(s)).append(" | — | — | — | ").append(why).append(" |\n");
                continue;
            }
            // per metric, the largest parameter: the reference (first Weft subject) against the others; of the
            // echo's, the 100-byte throughput and p99 latency (its section has the rest)
            for (String metric : mine.stream().map(Figure::metric).distinct()
                    .filter(x -> !s.equals(ECHO) || SUMMARY_ECHO.contains(x)).toList()) {
                List<Figure> m = mine.stream().filter(f -> f.metric().equals(metric) && f.present()).toList();
                Optional<String> at = m.stream().map(Figure::param).max(Comparator.comparingDouble(Report::numeric));
                if (at.isEmpty()) {
                    continue;
                }
                List<Figure> row = m.stream().filter(f -> f.param().equals(at.get())).toList();
                Optional<Figure> ref = row.stream().filter(f -> f.subject().startsWith(WEFT)).findFirst();
                if (ref.isEmpty()) {
                    continue;
                }
                boolean lower = lowerIsBetter(ref.get().unit());
                for (Figure f : row) {
                    // Weft against itself only where that is the point: one loop against a group
                    if (f == ref.get() || (f.subject().startsWith(WEFT) && !s.equals(GROUP))) {
                        continue;
                    }
                    sb.append("| ").append(TITLES.get(s)).append(", ").append(metric)
                            .append(at.get().isEmpty() ? "" : metric.equals(ECHO_CPU) ? ", " + sizeLabel(at.get())
                                    + " messages, 10 connections" : " at " + at.get() + " "
                                    + PARAM_NAMES.getOrDefault(s, "")).append(", ").append(ref.get().unit())
                            .append("; Weft: ").append(label(s, ref.get().subject())).append(" | ")
                            .append(value(ref.get().value(), "")).append(" | ").append(label(s, f.subject()))
                            .append(" | ").append(value(f.value(), "")).append(" | ")
                            .append(ratioOf(ref.get(), f, lower)).append(" |\n");
                }
            }
        }
        return sb.toString();
    }

    /**
     * Echo and group: whatever metrics their benchmarks produced, each as a table over its parameter;
     * Weft's first subject is the reference. With nothing measured, a placeholder saying what fills it.
     */
    public static String genericSection(String section, List<Figure> figs, String filledBy) {
        List<Figure> mine = figs.stream().filter(f -> f.section().equals(section)).toList();
        if (mine.stream().noneMatch(Figure::present)) {
            String why = mine.stream().map(Figure::note).filter(x -> !x.isBlank()).findFirst()
                    .orElse("not measured in this run");
            return "| | |\n|---|---|\n| **placeholder** | " + why + " — " + filledBy + " fills this section. |\n";
        }
        StringBuilder sb = new StringBuilder();
        String intro = section.equals(ECHO) ? echoIntro(mine.stream().map(Figure::metric).distinct().toList())
                : INTROS.get(section);
        if (intro != null) {
            sb.append(intro).append("\n\n");
        }
        for (String metric : mine.stream().map(Figure::metric).distinct().toList()) {
            sb.append(metricBlock(section, metric, mine));
        }
        return sb.toString();
    }

    /** One metric of a generic section: its title line and its table over the parameter. */
    static String metricBlock(String section, String metric, List<Figure> mine) {
        List<Figure> m = mine.stream().filter(f -> f.metric().equals(metric)).toList();
        if (m.stream().noneMatch(Figure::present)) {
            String why = m.stream().map(Figure::note).filter(x -> !x.isBlank()).findFirst().orElse("not measured");
            return "**" + metric + "**: " + why + ".\n\n";
        }
        String unit = m.stream().filter(Figure::present).map(Figure::unit).findFirst().orElse("");
        boolean lower = lowerIsBetter(unit);
        return "**" + metric + "**, " + unit + (lower ? " (lower is better)" : " (higher is better)") + ":\n\n"
                + paramTableGeneric(section, metric, m, lower) + '\n';
    }

    /** The echo's server-CPU-per-message metric (native client, server pinned to its own core). */
    public static final String ECHO_CPU = "server CPU per message";
    /** The floor of that table: the C epoll echo server. */
    public static final String C_FLOOR = "c-epoll";

    /** The echo metrics the summary compares; the section shows them all. */
    static final List<String> SUMMARY_ECHO = List.of(ECHO_CPU, "throughput", "p99 latency");

    /** A message size in bytes as the page shows it: "100 B", "16 KiB". */
    static String sizeLabel(String bytes) {
        double d = numeric(bytes);
        if (d == Double.MAX_VALUE) {
            return bytes;
        }
        long n = (long) d;
        return n >= 1024 && n % 1024 == 0 ? n / 1024 + " KiB" : n + " B";
    }

    /**
     * The server-CPU table: a row per server, a column per message size, each cell the µs of server CPU
     * per message ± half the range of the runs, and in brackets that as a multiple of the C epoll
     * server's (the floor; lower is better). Empty without those figures.
     */
    static String cpuTable(List<Figure> echo) {
        List<Figure> m = echo.stream().filter(f -> f.metric().equals(ECHO_CPU)).toList();
        if (m.stream().noneMatch(Figure::present)) {
            return m.isEmpty() ? "" : "**" + ECHO_CPU + "**: " + m.stream().map(Figure::note)
                    .filter(x -> !x.isBlank()).findFirst().orElse("not measured") + ".\n\n";
        }
        List<String> sizes = m.stream().map(Figure::param).distinct()
                .sorted(Comparator.comparingDouble(Report::numeric)).toList();
        List<String> subjects = new ArrayList<>(orderedSubjects(ECHO, m));
        if (subjects.remove(C_FLOOR)) {
            subjects.addFirst(C_FLOOR);
        }
        Notes notes = new Notes();
        StringBuilder sb = new StringBuilder("**server CPU per message**, µs, 10 connections, the server pinned to one "
                + "core and a native load client to the other (lower is better):\n\n| message size = |");
        sizes.forEach(x -> sb.append(' ').append(sizeLabel(x)).append(" |"));
        sb.append("\n|---|").append("---:|".repeat(sizes.size())).append('\n');
        for (String s : subjects) {
            sb.append("| ").append(label(ECHO, s)).append(" |");
            for (String size : sizes) {
                Optional<Figure> f = find(m, ECHO, ECHO_CPU, s, size);
                Optional<Figure> floor = find(m, ECHO, ECHO_CPU, C_FLOOR, size).filter(Figure::present);
                sb.append(' ');
                if (f.isEmpty()) {
                    sb.append('—');
                } else if (!f.get().present()) {
                    sb.append("n/a").append(notes.mark(f.get().note()));
                } else {
                    sb.append(valueWithError(f.get()));
                    if (floor.isPresent() && !s.equals(C_FLOOR) && !f.get().noisy()) {
                        // the row's CPU over the floor's: "1.05×" means 5 % more CPU than the C server
                        sb.append(" (").append(floor.get().noisy() ? NOISE_MARK
                                : ratio(f.get().value() / floor.get().value())).append(')');
                    }
                }
                sb.append(" |");
            }
            sb.append('\n');
        }
        sb.append("\nIn brackets: the row's CPU per message as a multiple of the C epoll server's (1.05× is 5 % more)."
                + " Each cell is the median of rounds over all the servers (after one 8 s run of each, not counted, "
                + "for the JIT), ± half their range.\n");
        return sb.append(notes.render()).append('\n').toString();
    }

    /** The latency metrics of the echo benchmark (100-byte messages), in the order of its latency table. */
    static final List<String> ECHO_LATENCIES = List.of("p50 latency", "p99 latency", "p99.9 latency", "max latency");

    /**
     * The echo section: the throughput tables over connections (100-byte messages in round trips per
     * second, then any other message size, e.g. 16 KiB in MB/s), then a latency table at the largest
     * connection count (a column per percentile, a row per server), then p99 latency over connections.
     * p50, p99.9 and max at the other connection counts are in the raw output (echo.txt) and the data.
     * Any other metric gets its own table over connections, as in {@link #genericSection}.
     */
    public static String echoSection(List<Figure> figs, String filledBy) {
        List<Figure> mine = figs.stream().filter(f -> f.section().equals(ECHO)).toList();
        if (mine.stream().noneMatch(Figure::present)) {
            return genericSection(ECHO, figs, filledBy);
        }
        List<String> metrics = mine.stream().map(Figure::metric).distinct().toList();
        StringBuilder sb = new StringBuilder(echoIntro(metrics)).append("\n\n");
        sb.append(cpuTable(mine));
        List<String> order = new ArrayList<>(List.of(ECHO_CPU));
        metrics.stream().filter(x -> x.equals("throughput")).forEach(order::add);
        metrics.stream().filter(x -> x.startsWith("throughput") && !order.contains(x)).forEach(order::add);
        for (String metric : order.subList(1, order.size())) {
            sb.append(metricBlock(ECHO, metric, mine));
        }
        sb.append(latencyTable(mine));
        if (metrics.contains("p99 latency")) {
            sb.append(metricBlock(ECHO, "p99 latency", mine));
        }
        for (String metric : metrics) {
            if (!order.contains(metric) && !ECHO_LATENCIES.contains(metric)) {
                sb.append(metricBlock(ECHO, metric, mine));
            }
        }
        return sb.toString();
    }

    /**
     * The echo latencies at the largest connection count with a latency figure: a row per server, a
     * column per percentile, Weft's first subject the reference. Empty without latency figures.
     */
    static String latencyTable(List<Figure> echo) {
        List<Figure> lat = echo.stream().filter(f -> ECHO_LATENCIES.contains(f.metric())).toList();
        Optional<String> at = lat.stream().filter(Figure::present).map(Figure::param)
                .max(Comparator.comparingDouble(Report::numeric));
        if (at.isEmpty()) {
            return "";
        }
        List<Figure> m = lat.stream().filter(f -> f.param().equals(at.get())).toList();
        List<String> metrics = ECHO_LATENCIES.stream().filter(x -> m.stream().anyMatch(f -> f.metric().equals(x)))
                .toList();
        List<String> subjects = orderedSubjects(ECHO, m);
        String ref = subjects.stream().filter(s -> s.startsWith(WEFT)
                && m.stream().anyMatch(f -> f.subject().equals(s) && f.present())).findFirst().orElse(null);
        String unit = m.stream().filter(Figure::present).map(Figure::unit).findFirst().orElse("");
        Notes notes = new Notes();
        StringBuilder sb = new StringBuilder("**latency at ").append(paramLabel(at.get())).append(' ')
                .append(PARAM_NAMES.get(ECHO)).append("**, ").append(unit)
                .append(" per round trip (lower is better):\n\n| |");
        metrics.forEach(x -> sb.append(' ').append(x.replace(" latency", "")).append(" |"));
        sb.append("\n|---|").append("---:|".repeat(metrics.size())).append('\n');
        for (String s : subjects) {
            sb.append("| ").append(label(ECHO, s)).append(" |");
            for (String metric : metrics) {
                Optional<Figure> f = find(m, ECHO, metric, s, at.get());
                Optional<Figure> r = ref == null || s.equals(ref) ? Optional.empty() : find(m, ECHO, metric, ref, at.get());
                sb.append(' ').append(cell(f, r, "", true, notes)).append(" |");
            }
            sb.append('\n');
        }
        if (ref != null && m.stream().filter(Figure::present).map(Figure::subject).distinct().count() > 1) {
            sb.append("\nIn brackets: the advantage of ").append(label(ECHO, ref))
                    .append(" over that row (the row's latency over Weft's).\n");
        }
        return sb.append(notes.render()).append('\n').toString();
    }

    /** The echo section's opening paragraph: what it measures, naming only what this run has. */
    static String echoIntro(List<String> metrics) {
        List<String> sizes = metrics.stream().filter(x -> x.startsWith("throughput, "))
                .map(x -> x.substring("throughput, ".length()).replace(" messages", "")).toList();
        boolean latency = metrics.stream().anyMatch(ECHO_LATENCIES::contains);
        StringBuilder sb = new StringBuilder("From `./weft bench echo` (EchoBench): each server echoes ");
        if (sizes.isEmpty()) {
            sb.append("100-byte messages, ping-pong per connection");
        } else {
            sb.append("messages ping-pong per connection (a connection sends its next message when the echo is "
                    + "back): 100 bytes, in round trips per second, and ").append(String.join(", ", sizes))
                    .append(", in MB/s (10^6 message bytes echoed back per second)");
        }
        sb.append("; the load comes from a separate JVM, the same client for every server, so client and server "
                + "share the cores.");
        if (latency) {
            sb.append(" The client times every round trip of the measured window (HdrHistogram per connection, "
                    + "merged): the latencies are those of the 100-byte cells, and the load is closed-loop, so they "
                    + "are each server's latencies at the throughput it reached, the client's own scheduling "
                    + "included.");
        }
        sb.append(" Each throughput").append(latency ? " and latency" : "").append(" cell is one run (the suite does "
                + "not pass `--repeat`, to keep the "
                + "suite's time bounded): on this machine a cell moved by up to a third between runs of the suite, so read "
                + "differences under that as ties.");
        if (metrics.contains(ECHO_CPU)) {
            sb.append(" The steadier measure is the first table, **server CPU per message**: the server's process "
                    + "is pinned to one core (taskset), a small native load client (`echo_load`, C, one thread, "
                    + "epoll; built from weft-bench/src/main/c with the machine's `cc`) to the other, and the "
                    + "server's CPU time (user + system, all threads: GC and JIT included) over the client's "
                    + "measured window is divided by the messages it echoed. A C epoll echo server (`echo_server`, "
                    + "same folder) is the floor every row is compared with.");
        }
        sb.append(" Its raw output is in [benchmarks/echo.txt](benchmarks/echo.txt)");
        sb.append(latency ? ", with p50, p99.9 and max at every connection count." : ".");
        return sb.toString();
    }

    /** What a generic section measures, above its tables (the echo's: {@link #echoIntro}). */
    static final Map<String, String> INTROS = Map.of(
            GROUP, "*Round trip*, from CrossLoopBench (JMH): a round trip (one message each way) between two tasks "
                    + "on two loops of a `LoopGroup` (two threads, each await bridged), against the same ping-pong "
                    + "inside one loop, a task submitted to the other loop and awaited, and two platform threads "
                    + "completing `CompletableFuture`s for each other. A loop that has posted to another loop polls "
                    + "its inbox for a few µs before it parks (adaptive, 1-20 µs): *idle CPU* shows that a group of "
                    + "4 loops left idle after cross-loop traffic still uses no CPU (`./weft bench idle`: the "
                    + "process's CPU time over 10 s, against a JVM running no loop). *Echo throughput*: the group "
                    + "rows of the echo benchmark (section 6) against the same streams echo on one loop.");

    /** The name of a generic section's varied parameter, for its header. */
    static final Map<String, String> PARAM_NAMES = Map.of(ECHO, "connections", GROUP, "connections");

    static String paramTableGeneric(String section, String metric, List<Figure> m, boolean lower) {
        List<String> params = m.stream().map(Figure::param).distinct()
                .sorted(Comparator.comparingDouble(Report::numeric)).toList();
        List<String> subjects = orderedSubjects(section, m);
        String ref = subjects.stream().filter(s -> s.startsWith(WEFT)).findFirst().orElse(null);
        Notes notes = new Notes();
        StringBuilder sb = new StringBuilder("| ").append(PARAM_NAMES.containsKey(section) && !params.contains("")
                ? PARAM_NAMES.get(section) + " =" : "").append(" |");
        params.forEach(p -> sb.append(' ').append(p.isEmpty() ? metric : paramLabel(p)).append(" |"));
        sb.append("\n|---|").append("---:|".repeat(params.size())).append('\n');
        for (String s : subjects) {
            sb.append("| ").append(label(section, s)).append(" |");
            for (String p : params) {
                Optional<Figure> f = find(m, section, metric, s, p);
                Optional<Figure> r = ref == null ? Optional.empty() : find(m, section, metric, ref, p);
                sb.append(' ');
                if (f.isEmpty()) {
                    sb.append('—');
                } else if (!f.get().present()) {
                    sb.append("n/a").append(notes.mark(f.get().note()));
                } else {
                    sb.append(valueWithError(f.get().withUnit("")));
                    if (!s.equals(ref) && r.isPresent() && r.get().present()) {
                        sb.append(" (").append(ratioOf(r.get(), f.get(), lower)).append(')');
                    }
                    if (!f.get().note().startsWith("JMH")) {
                        sb.append(notes.mark(f.get().note()));
                    }
                }
                sb.append(" |");
            }
            sb.append('\n');
        }
        if (ref != null && m.stream().filter(Figure::present).map(Figure::subject).distinct().count() > 1) {
            sb.append("\nIn brackets: the advantage of ").append(label(section, ref)).append(" over that row.\n");
        }
        return sb.append(notes.render()).toString();
    }

    // ---- text ----

    static final List<String[]> ENV_LABELS = List.of(
            new String[] {"date", "date"},
            new String[] {"command", "command"},
            new String[] {"mode", "mode"},
            new String[] {"duration", "duration of the run"},
            new String[] {"load_start", "load average at start (1, 5, 15 min)"},
            new String[] {"load_end", "load average at the end"},
            new String[] {"load_max", "highest 1-min load average at a section's start"},
            new String[] {"cpu", "CPU (/proc/cpuinfo)"},
            new String[] {"cores", "cores"},
            new String[] {"memory", "memory"},
            new String[] {"os", "OS"},
            new String[] {"jdk", "JDK"},
            new String[] {"python", "Python"},
            new String[] {"uvloop", "uvloop"},
            new String[] {"weft_commit", "Weft commit"},
            new String[] {"jmh", "JMH settings"},
            new String[] {"macro_runs", "macro runs"},
            new String[] {"python_runs", "Python micro runs"},
            new String[] {"sleepers_shape", "sleepers: sleeps per activity"},
            new String[] {"sleepers_runs", "sleepers: runs per N and kind"});

    static String environmentTable(Map<String, String> env) {
        StringBuilder sb = new StringBuilder("| | |\n|---|---|\n");
        Set<String> shown = new LinkedHashSet<>();
        for (String[] kl : ENV_LABELS) {
            if (env.containsKey(kl[0])) {
                sb.append("| ").append(kl[1]).append(" | ").append(escape(env.get(kl[0]))).append(" |\n");
                shown.add(kl[0]);
            }
        }
        env.forEach((k, v) -> {
            if (!shown.contains(k)) {
                sb.append("| ").append(k).append(" | ").append(escape(v)).append(" |\n");
            }
        });
        return sb.toString();
    }

    static String escape(String s) {
        return Objects.requireNonNullElse(s, "").replace("|", "\\|").replace("\n", " ");
    }

    /** The canonical cold shape: wall time, the three phases per activity, memory per activity. */
    static String millionSection(List<Figure> figs) {
        return "The canonical test of coroutines against threads: N activities each sleep 1 s once. **Every "
                + "row is cold**: a fresh JVM (or Python process) per run, nothing warmed, one run per N and kind "
                + "(`./weft bench million N` runs one N by hand; `Million`, `million_bench.py`). Two processes per "
                + "row: a timed one that does only the work, and one that holds all N suspended for the memory "
                + "figures (its full collections would delay the timed run's timers). N = 10,000,000 runs in the "
                + "full suite when 14 GiB of memory are available, without asyncio (about 10 minutes there). The "
                + "last row is the floor under Weft's: the same shape with bare continuations and nothing of "
                + "Weft's (`MillionFloor`; made in turn, each yields once, all resumed in deadline order from one "
                + "thread, with no loop, timer queue, future or task), in fresh JVMs as the others. Its wake-up "
                + "phase, as Weft's, cannot be shorter than its first step: the deadlines are one second after "
                + "each first step, so they are spread over that phase.\n\n"
                + "Wall time, first start to last end (lower is better; 1 s of it is the sleep):\n\n"
                + paramTable(MILLION, WALL, figs, true)
                + "\nWake-up phase per activity, from the first resume to the last end, divided by N (lower is "
                + "better):\n\n" + paramTable(MILLION, WAKE, figs, true)
                + "\nCreation per activity (for threads: starting them, their first steps run meanwhile):\n\n"
                + paramTable(MILLION, CREATE, figs, true)
                + "\nFirst step per activity, from the end of creation until all are suspended in their sleep:\n\n"
                + paramTable(MILLION, FIRST_STEP, figs, true)
                + "\nUsed heap per suspended activity after full collections (a platform thread's stack is native "
                + "memory, not in this figure):\n\n" + paramTable(MILLION, HEAP, figs, true)
                + "\nResident-set growth per suspended activity:\n\n" + paramTable(MILLION, RSS, figs, true);
    }

    static String sleepersIntro(Map<String, String> env) {
        return "Each activity waits at a gate, then sleeps " + env.getOrDefault("sleepers_shape", "3 × 100 ms")
                + " and ends; all N run at once. Weft tasks share one loop thread; virtual threads run on the "
                + "JDK's carrier pool; platform threads are one OS thread each; asyncio tasks share one loop. "
                + "Every run is a fresh process; each figure is the median of the runs (runs per N and kind: "
                + env.getOrDefault("sleepers_runs", "?") + "). Per-activity memory at small N includes each "
                + "runtime's fixed costs (classes loaded, JIT, pools) divided by N; the large-N figures are the "
                + "per-activity cost.";
    }

    static String method(Map<String, String> env) {
        return """
                - **JMH** (%s) for the generator, switch and queue figures, Java and Weft alike, each \
                benchmark in its own forked JVM with `--add-exports java.base/jdk.internal.vm=ALL-UNNAMED` (what \
                `./weft` gives every Weft program); the portable rows are the same benchmarks with \
                `-Dweft.backend=portable` added to the fork. Average time per operation: a generator round trip, \
                one task switch (a ping-pong of 2 tasks or threads counts 2 switches per round trip), one item \
                through the queue (1M items per invocation, producer and consumer started inside it).
                - **CPython**: the newest found on the machine (%s), standard library only; uvloop %s. Each script \
                (`weft-bench/src/main/python/`) does one warm-up run, then %s measured runs in one process, and \
                reports the median; ± is half the range. The generator figure includes the interpreter's \
                `for` loop around `send`, as a Python program pays it.
                - **Sleepers**: a fresh process per run (Java: a JVM with default heap settings; Python: one \
                interpreter), the median of the runs. Wall time excludes the pause for the memory measurement \
                (taken while all wait at the gate, nothing runs then). Memory per activity is (after − before) / N \
                two ways: *RSS*: the process's resident set (`VmRSS`), after `System.gc()` / `gc.collect()`, the same \
                way for every runtime; for the JVM it includes heap the collector keeps committed, and platform \
                threads' native stacks; *live*: Java's used heap after full GC \
                (`MemoryMXBean`), Python's `tracemalloc` traced bytes (a separate run, since tracing slows creation). \
                Platform threads stop at 10,000 on this machine (system-wide thread and map limits, shared with \
                other processes); the tables say so where they are missing.
                - **Echo and groups**: see their sections; they come from their own benchmarks, run as child \
                processes.
                - Nothing is tuned for the benchmark beyond what a user gets: default heap, default GC, default \
                virtual-thread scheduler, default asyncio loop (and uvloop as its own row). The machine was \
                shared with other work (see the load averages in [Environment](#environment)): treat differences \
                under ~20%% as noise.
                """.formatted(env.getOrDefault("jmh", "?"), env.getOrDefault("python", "?"),
                env.getOrDefault("uvloop", "?"), env.getOrDefault("python_runs", "several"));
    }
}
