package dev.weft.bench;

import dev.weft.Future;
import dev.weft.LoopGroup;
import dev.weft.Weft;
import dev.weft.EventLoop;
import dev.weft.net.GroupServer;
import dev.weft.net.Net;
import dev.weft.net.Protocol;
import dev.weft.net.Server;
import dev.weft.net.ServerOptions;
import dev.weft.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./weft bench echo [--quick] [--repeat N] [--servers a,b] [--sizes 100,16384]}: TCP echo, ping-pong per
 * connection (write a message, read its echo back), against:
 * <ul>
 *   <li>Weft protocols ({@link Net#createServer}: the echo runs in the read callback);
 *   <li>Weft streams ({@link Net#startServer}: a task per connection, read/write/drain); in the CPU
 *       table also {@code weft-streams-into}, the same through {@code readInto} into one array per
 *       connection (no array per message);
 *   <li>the same streams echo on a {@link LoopGroup} of 2 loops
 *       ({@link Net#startServer(LoopGroup, dev.weft.net.ClientHandler, String, int)}), with the default
 *       strategy ({@code weft-group}: one SO_REUSEPORT listener per loop on Linux) and with the acceptor
 *       mode forced ({@code weft-group-acc});
 *   <li>Netty 4.2 NIO, one event loop thread (as Weft's one loop): {@code netty-nio};
 *   <li>Netty 4.2 with its native epoll transport, one {@link EpollIoHandler} event loop thread:
 *       {@code netty-epoll}. Where {@link Epoll#isAvailable()} is false (not Linux x86-64, the .so did not
 *       load) the row says why and is left out;
 *   <li>blocking sockets with a virtual thread per connection (all carriers);
 *   <li>CPython asyncio streams and an asyncio Protocol echoing in {@code data_received} (a subprocess
 *       each: {@code python-asyncio}, {@code python-protocol}), if python3 is there.
 * </ul>
 * What it measures, each cell with a fresh server and a fresh load JVM:
 * <ul>
 *   <li><b>throughput</b> with 100-byte messages at 1, 10 and 100 connections, in round trips per second;
 *   <li><b>throughput</b> with 16 KiB messages at 1 and 100 connections (100 only with {@code --quick}), in
 *       MB/s: 10<sup>6</sup> message bytes echoed back per second (one direction);
 *   <li><b>latency</b> of a round trip, p50, p99, p99.9 and max in µs, for each 100-byte cell: every round
 *       trip of the measured window as the client timed it (HdrHistogram per connection, merged; see
 *       {@link EchoLoad}). The load is closed-loop, so these are the latencies at the throughput reached,
 *       not at a fixed offered rate.
 * </ul>
 * Each table is printed as it is measured: a title line (what and in which unit), a header line starting
 * with {@code server}, a line per server, a blank line; {@code dev.weft.bench.report.Suite#parseEcho} reads
 * them back for {@code docs/benchmarks.md}. The latency tables come last, from the 100-byte cells.
 *
 * <p>The load comes from a separate JVM ({@link EchoLoad}), the same client for every server. On a 2-core
 * machine the client and the server share the cores: the numbers compare servers with each other, they
 * are not absolute capacities. A full run is 2 s warm-up + 4 s measured per cell, 45 cells for the 9 rows
 * (about 5 minutes); {@code --quick} is 1 + 2 s per cell and 16 KiB at 100 connections only, 36 cells (about
 * 2 minutes). With {@code --repeat N},
 * each figure is the median of N runs. With {@code --servers a,b}, only those rows; with
 * {@code --sizes}, only those message sizes (bytes).
 *
 * <p>Last comes the steadier measure, <b>server CPU per message</b> ({@link #cpuTable}): each server
 * pinned to core 0, a native load client ({@code echo_load}) to core 1, 10 connections, the server's CPU
 * time over the client's measured window per message echoed, with a C epoll server ({@code c-epoll}, also
 * a row of the tables above) as the floor. Both C programs (src/main/c) are built here with {@code cc}
 * ({@link Native}); without a C compiler their rows say so and are left out. {@code --cpu-repeat N} runs
 * per cell (default 3, 1 with {@code --quick}; 0 leaves the table out); {@code --cpu-only} skips the
 * throughput and latency tables.
 */
public final class EchoBench {
    private EchoBench() {}

    interface Running extends AutoCloseable {
        int port();

        /** The process whose CPU time is the server's: this JVM unless the server is a child process. */
        default long pid() {
            return ProcessHandle.current().pid();
        }
    }

    /** A server that cannot run here: its row says why, and no load is sent. */
    static final class Unavailable extends Exception {
        Unavailable(String why) {
            super(why);
        }
    }

    /**
     * One cell: the load's result, or why there is none.
     *
     * @param perSecond round trips per second
     * @param errors connections that failed or saw a wrong echo
     * @param p50 the median round trip, µs (NaN if none was timed; so for the others)
     * @param p99 the 99th percentile, µs
     * @param p999 the 99.9th percentile, µs
     * @param max the longest round trip, µs
     * @param failure why there is no figure (the cell's text), null when there is
     */
    record Cell(double perSecond, long errors, double p50, double p99, double p999, double max, String failure) {
        static Cell failed(String why) {
            return new Cell(Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, why);
        }

        boolean ok() {
            return failure == null;
        }
    }

    /** A latency table: its title word and how to read it from a cell. */
    record Latency(String name, java.util.function.ToDoubleFunction<Cell> get) {}

    static final List<Latency> LATENCIES = List.of(new Latency("p50", Cell::p50), new Latency("p99", Cell::p99),
            new Latency("p99.9", Cell::p999), new Latency("max", Cell::max));

    static final int SMALL = 100;
    static final int LARGE = 16 * 1024;

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int repeat = 1;
        String[] names = {"weft-protocol", "weft-streams", "weft-group", "weft-group-acc", "netty-nio", "netty-epoll",
            "vthreads", "python-asyncio", "python-protocol", "c-epoll"};
        int[] sizes = {SMALL, LARGE};
        int cpuRepeat = quick ? 1 : 3;
        boolean tables = true;
        for (int i = 0; i + 1 < args.length; i++) {
            switch (args[i]) {
                case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
                case "--servers" -> names = args[i + 1].split(",");
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--cpu-repeat" -> cpuRepeat = Integer.parseInt(args[i + 1]);
                default -> { }
            }
        }
        if (List.of(args).contains("--cpu-only")) {
            tables = false;
        }
        if (cpuRepeat < 0) {
            throw new IllegalArgumentException("--cpu-repeat must be 0 (no CPU table) or more (got " + cpuRepeat + ")");
        }
        double warmup = quick ? 1 : 2;
        double measure = quick ? 2 : 4;
        // Netty loads its .so when Epoll is first touched: any JVM warning about it comes here, above the tables
        String epollWhy = List.of(names).contains("netty-epoll") ? epollUnavailable() : null;

        System.out.printf("echo, ping-pong per connection, %.0f s warm-up + %.0f s measured per cell, a fresh server "
                + "and a fresh load JVM per cell%s;%n", warmup, measure,
                repeat > 1 ? ", each figure the median of " + repeat + " runs" : "");
        System.out.println("load from a separate JVM (EchoLoad), the same client for every server");
        if (epollWhy != null) {
            System.out.println("netty-epoll left out: " + epollWhy);
        }
        System.out.println();

        Map<String, String> unavailable = new LinkedHashMap<>();
        Map<String, Cell> small = new LinkedHashMap<>(); // name + " " + conns -> the 100-byte cell
        int[] smallConns = {1, 10, 100};
        for (int size : tables ? sizes : new int[0]) {
            boolean bytes = size != SMALL;
            int[] conns = !bytes ? smallConns : quick ? new int[] {100} : new int[] {1, 100};
            System.out.printf("echo throughput, %d-byte messages; %s (higher is better)%n", size,
                    bytes ? "MB/s, 10^6 message bytes echoed back per second" : "round trips per second");
            System.out.println();
            header(conns);
            for (String name : names) {
                System.out.printf("%-16s", name);
                System.out.flush();
                for (int c : conns) {
                    Cell cell = unavailable.containsKey(name) ? null
                            : measure(name, c, warmup, measure, size, repeat, unavailable);
                    if (cell == null) {
                        System.out.print("  n/a: " + unavailable.get(name));
                        break;
                    }
                    if (size == SMALL) {
                        small.put(name + " " + c, cell);
                    }
                    String text;
                    if (!cell.ok()) {
                        text = cell.failure();
                    } else {
                        double v = bytes ? cell.perSecond() * size / 1e6 : cell.perSecond();
                        text = (bytes ? String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%,.1f", v)
                                : String.format(Locale.ROOT, "%,.0f", v))
                                + (cell.errors() > 0 ? " (" + cell.errors() + " err)" : "");
                    }
                    System.out.print(cell(text));
                    System.out.flush();
                }
                System.out.println();
            }
            System.out.println();
        }
        for (Latency lat : small.isEmpty() ? List.<Latency>of() : LATENCIES) {
            System.out.printf("%s latency, %d-byte messages; µs per round trip, as the client timed it (lower is "
                    + "better)%n%n", lat.name(), SMALL);
            header(smallConns);
            for (String name : names) {
                System.out.printf("%-16s", name);
                if (unavailable.containsKey(name)) {
                    System.out.println("  n/a: " + unavailable.get(name));
                    continue;
                }
                for (int c : smallConns) {
                    Cell cell = small.get(name + " " + c);
                    double v = cell == null ? Double.NaN : lat.get().applyAsDouble(cell);
                    System.out.print(cell(cell == null ? "—" : !cell.ok() ? cell.failure() : Double.isNaN(v) ? "none"
                            : String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.1f", v)));
                }
                System.out.println();
            }
            System.out.println();
        }
        if (cpuRepeat > 0) {
            cpuTable(names, sizes, 1, 2, cpuRepeat); // last: it pins this JVM to one core
        }
        System.out.flush();
    }

    // ---- server CPU per message ----

    private static boolean clientPinned;

    /** The measured window of the run not counted before each server's CPU cells. */
    static final double WARM_UP_RUN_SECONDS = 8;

    /** Connections of the CPU-per-message table. */
    static final int CPU_CONNS = 10;

    /**
     * The server's CPU per message echoed: each server pinned to core 0 (this JVM and everything it
     * starts from now on), the native load client ({@code echo_load}) pinned to core 1, {@link #CPU_CONNS}
     * connections; the server's CPU time (user + system, all its threads) over the client's measured
     * window, divided by the round trips the client completed in it. Each cell is the median of
     * {@code repeat} runs, each with a fresh server, ± half their range. The C epoll server is the floor.
     * A group of loops is left out: pinned to one core its loops would share it.
     */
    static void cpuTable(String[] names, int[] sizes, double warmup, double measure, int repeat) throws Exception {
        List<String> servers = new ArrayList<>(List.of("c-epoll"));
        for (String n : names) {
            if (!n.startsWith("weft-group") && !servers.contains(n)) {
                servers.add(n);
                if (n.equals("weft-streams")) {
                    servers.add("weft-streams-into"); // the same streams, read into one array per connection
                }
            }
        }
        String noNative = Native.unavailable();
        String pin = pinSelf();
        clientPinned = pin == null;
        System.out.printf(Locale.ROOT, "echo server CPU per message, %d connections, %.0f s warm-up + %.0f s measured per "
                + "run, median of %d rounds over the servers after one 8 s run each not counted, ± half the range; "
                + "µs of server CPU per message echoed (lower is better)%n",
                CPU_CONNS, warmup, measure, repeat);
        System.out.println("native load client (echo_load, C, one thread) " + (pin == null
                ? "pinned to core 1, the server to core 0 (taskset)" : "not pinned: " + pin));
        if (noNative != null) {
            System.out.println("cpu table left out: " + noNative);
            System.out.println();
            return;
        }
        System.out.println();
        System.out.printf("%-16s", "server");
        for (int size : sizes) {
            System.out.print(cell(size + " B"));
        }
        System.out.println();
        // First a longer run of each server, not counted, so that the JIT has compiled it (its compiler
        // threads share the server's core, and their CPU would count): after a 3 s run the streams
        // server's next two or three runs still cost 2-10x the later ones (interpreted code, C2
        // compiling), which made its row look like noise. Then the measured runs go round the servers
        // (every server and size once per round), so a change of the machine's load during the table
        // touches every row alike instead of the rows measured last.
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (String name : servers) {
            try (Running server = start(name)) {
                cpuPerMessage(server, sizes[sizes.length - 1], warmup, WARM_UP_RUN_SECONDS);
            } catch (Unavailable e) {
                unavailable.put(name, e.getMessage());
            }
        }
        Map<String, double[]> runs = new LinkedHashMap<>(); // name + " " + size -> µs per run
        Map<String, String> failures = new LinkedHashMap<>();
        for (int k = 0; k < repeat; k++) {
            for (String name : servers) {
                for (int size : sizes) {
                    String key = name + " " + size;
                    if (unavailable.containsKey(name) || failures.containsKey(key)) {
                        continue;
                    }
                    try (Running server = start(name)) {
                        double us = cpuPerMessage(server, size, warmup, measure);
                        if (Double.isNaN(us)) {
                            failures.put(key, "failed");
                        }
                        runs.computeIfAbsent(key, x -> new double[repeat])[k] = us;
                    } catch (Unavailable e) {
                        unavailable.put(name, e.getMessage());
                    } catch (Exception e) {
                        failures.put(key, "failed: " + e.getMessage());
                    }
                }
            }
        }
        for (String name : servers) {
            System.out.printf("%-16s", name);
            if (unavailable.containsKey(name)) {
                System.out.println("  n/a: " + unavailable.get(name));
                continue;
            }
            for (int size : sizes) {
                String key = name + " " + size;
                if (failures.containsKey(key)) {
                    System.out.print(cell(failures.get(key).replaceAll("\\s+", "-")));
                    continue;
                }
                double[] v = runs.get(key).clone();
                Arrays.sort(v);
                double half = (v[v.length - 1] - v[0]) / 2;
                System.out.print(cell(String.format(Locale.ROOT, "%.2f ±%.2f", v[v.length / 2], half)));
            }
            System.out.println();
        }
        System.out.println();
    }

    /**
     * Pins this JVM, all its threads (and so every server and process it starts from now on), to core 0
     * with taskset. Null when done, else why not.
     */
    static String pinSelf() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return "fewer than 2 cores";
        }
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", "0", String.valueOf(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? null : "taskset failed";
        } catch (java.io.IOException e) {
            return "no taskset (util-linux) on the PATH";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** µs of the server's CPU per round trip over the client's measured window; NaN if the client failed. */
    static double cpuPerMessage(Running server, int size, double warmup, double measure) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (clientPinned) { // the server is on core 0: the client goes to the other one
            cmd.addAll(List.of("taskset", "-c", "1"));
        }
        cmd.addAll(List.of(Native.binary("echo_load").toString(), String.valueOf(server.port()),
                String.valueOf(CPU_CONNS), String.valueOf(warmup), String.valueOf(measure), String.valueOf(size)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long cpu0 = -1;
            Map<String, Long> threads0 = Map.of();
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("MEASURE")) {
                    cpu0 = cpuNanos(server.pid());
                    threads0 = DEBUG ? threadCpu() : Map.of();
                } else if (line.startsWith("RESULT ") && cpu0 >= 0) {
                    long cpu1 = cpuNanos(server.pid());
                    String[] f = line.split(" ");
                    long n = Long.parseLong(f[1]);
                    long errors = Long.parseLong(f[3]);
                    if (DEBUG) { // -Decho.cpu.debug=true: where this JVM's CPU went, per thread, µs per message
                        Map<String, Long> t1 = threadCpu();
                        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "[cpu] %s %d B: %.2f µs/msg:",
                                server.getClass().getSimpleName(), size, (cpu1 - cpu0) / 1e3 / n));
                        for (var e : t1.entrySet()) {
                            long d = e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
                            if (d > 1_000_000) {
                                sb.append(String.format(Locale.ROOT, " %s=%.2f", e.getKey(), d / 1e3 / n));
                            }
                        }
                        System.err.println(sb);
                    }
                    return n == 0 || errors > 0 ? Double.NaN : (cpu1 - cpu0) / 1e3 / n;
                }
            }
            return Double.NaN;
        } finally {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** A process's CPU time (user + system, all threads), ns: this JVM's from its MXBean, another's from /proc. */
    static long cpuNanos(long pid) throws java.io.IOException {
        if (pid == ProcessHandle.current().pid()) {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        return ticks * 1_000_000_000L / CLOCK_TICKS;
    }

    static final boolean DEBUG = Boolean.getBoolean("echo.cpu.debug");

    /** Every live thread's CPU time (ns) by name and id. */
    static Map<String, Long> threadCpu() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> m = new LinkedHashMap<>();
        for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                m.put(info.getThreadName() + "#" + info.getThreadId(), mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return m;
    }

    /** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
    static final long CLOCK_TICKS = 100;

    static void header(int[] conns) {
        System.out.printf("%-16s", "server");
        for (int c : conns) {
            System.out.print(cell(c + " conn"));
        }
        System.out.println();
    }

    /** A column 14 wide, right-aligned, and at least two spaces from the one before (the reader splits there). */
    static String cell(String text) {
        return "  " + String.format("%12s", text);
    }

    /**
     * One cell, {@code repeat} times, each with a fresh server: the median of each figure. Null when the
     * server cannot run here ({@code unavailable} then holds why).
     */
    static Cell measure(String name, int conns, double warmup, double measure, int size, int repeat,
            Map<String, String> unavailable) throws Exception {
        List<Cell> runs = new ArrayList<>();
        for (int k = 0; k < repeat; k++) {
            Running server;
            try {
                server = start(name);
            } catch (Unavailable e) {
                unavailable.put(name, e.getMessage());
                return null;
            }
            try (server) {
                Cell c = load(server.port(), conns, warmup, measure, size);
                if (!c.ok()) {
                    return c;
                }
                runs.add(c);
            }
        }
        if (runs.size() == 1) {
            return runs.getFirst();
        }
        return new Cell(median(runs, Cell::perSecond), runs.stream().mapToLong(Cell::errors).max().orElse(0),
                median(runs, Cell::p50), median(runs, Cell::p99), median(runs, Cell::p999), median(runs, Cell::max),
                null);
    }

    static double median(List<Cell> runs, java.util.function.ToDoubleFunction<Cell> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v[v.length / 2];
    }

    /** Runs {@link EchoLoad} against the port and reads its RESULT line. */
    static Cell load(int port, int conns, double warmup, double measure, int size) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EchoLoad.class.getName(),
                String.valueOf(port), String.valueOf(conns), String.valueOf(warmup), String.valueOf(measure),
                String.valueOf(size)).redirectErrorStream(true).start();
        CompletableFuture<String> output = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                output.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (Exception e) {
                output.complete("");
            }
        });
        if (!p.waitFor((long) (warmup + measure) + 60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return Cell.failed("timeout");
        }
        String out = output.get(10, TimeUnit.SECONDS);
        for (String line : out.split("\n")) {
            if (line.startsWith("RESULT ")) {
                String[] f = line.strip().split(" ");
                return new Cell(Double.parseDouble(f[1]), Long.parseLong(f[2]), micros(f, 3), micros(f, 4),
                        micros(f, 5), micros(f, 6), null);
            }
        }
        // one line, no double spaces: a cell of the table
        String why = out.strip().replaceAll("\\s+", " ");
        return Cell.failed("failed: " + (why.length() > 60 ? why.substring(0, 60) + "…" : why));
    }

    static double micros(String[] f, int i) {
        return i < f.length && !f[i].equals("-") ? Double.parseDouble(f[i]) : Double.NaN;
    }

    /** Null when Netty's epoll transport works here, else why not (one line). */
    static String epollUnavailable() {
        try {
            if (Epoll.isAvailable()) {
                return null;
            }
            Throwable t = Epoll.unavailabilityCause();
            return "Netty's native epoll transport is unavailable here: "
                    + (t == null ? "no reason given" : t.toString().replaceAll("\\s+", " "));
        } catch (LinkageError e) {
            return "Netty's native epoll transport is unavailable here: " + e.toString().replaceAll("\\s+", " ");
        }
    }

    static Running start(String name) throws Exception {
        // Unavailable: the row says why
        return switch (name) {
            case "weft-protocol" -> weft(false);
            case "weft-streams" -> weft(true);
            case "weft-streams-into" -> weftReadInto();
            case "weft-group" -> weftGroup(2, GroupServer.Strategy.AUTO);
            case "weft-group-acc" -> weftGroup(2, GroupServer.Strategy.ACCEPTOR);
            case "netty-nio" -> netty(false);
            case "netty-epoll" -> netty(true);
            case "vthreads" -> vthreads();
            case "python-asyncio" -> python(false);
            case "python-protocol" -> python(true);
            case "c-epoll" -> cEpoll();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Echoes in the read callback: no task, no copy beyond the transport's own. */
    static final class EchoProtocol implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    /** The streams echo: read(n), write, drain until the end of the stream. */
    static final dev.weft.net.ClientHandler READ_ECHO = (r, w) -> {
        while (true) {
            byte[] b = r.read(65536);
            if (b.length == 0) {
                return;
            }
            w.write(b);
            w.drain();
        }
    };

    /** The same through readInto and write(byte[], int, int), into one array per connection. */
    static final dev.weft.net.ClientHandler READ_INTO_ECHO = (r, w) -> {
        byte[] buf = new byte[65536];
        for (int n; (n = r.readInto(buf, 0, buf.length)) != -1; ) {
            w.write(buf, 0, n);
            w.drain();
        }
    };

    static Running weft(boolean streams) throws Exception {
        return onOneLoop(() -> streams
                ? Net.startServer(READ_ECHO, "127.0.0.1", 0, ServerOptions.defaults().withBacklog(1024))
                : Net.createServer(EchoProtocol::new, "127.0.0.1", 0, ServerOptions.defaults().withBacklog(1024)));
    }

    /**
     * The streams echo of {@link #weft(boolean)} through {@code readInto} and {@code write(byte[], int,
     * int)} into one array per connection: no array per message (the CPU table's
     * {@code weft-streams-into} row).
     */
    static Running weftReadInto() throws Exception {
        return onOneLoop(() -> Net.startServer(READ_INTO_ECHO, "127.0.0.1", 0, ServerOptions.defaults().withBacklog(1024)));
    }

    /** A server started by {@code start} in a task of a loop on a thread of its own, until closed. */
    private static Running onOneLoop(java.util.concurrent.Callable<Server> start) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        CompletableFuture<Runnable> stopper = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name("weft-bench-loop").start(() -> Weft.run(() -> {
            Server server = start.call();
            EventLoop loop = Weft.loop();
            Future<Void> stop = loop.createFuture();
            stopper.complete(() -> loop.callSoonThreadsafe(() -> stop.setResult(null)));
            port.complete(server.port());
            stop.await();
            server.close();
            server.closeClients();
        }));
        int p = port.get(10, TimeUnit.SECONDS);
        return new Running() {
            public int port() {
                return p;
            }

            public void close() throws Exception {
                stopper.get().run();
                t.join(10_000);
            }
        };
    }

    /** The streams echo of {@link #weft(boolean)} on a group of {@code loops} loops. */
    static Running weftGroup(int loops, GroupServer.Strategy strategy) throws Exception {
        LoopGroup group = new LoopGroup(loops, "weft-bench-group");
        GroupServer server = Net.startServer(group, READ_ECHO, "127.0.0.1", 0, ServerOptions.defaults().withBacklog(1024), strategy);
        return new Running() {
            public int port() {
                return server.port();
            }

            public void close() throws Exception {
                server.close();
                server.closeClients();
                group.shutdown(Duration.ofSeconds(5));
            }
        };
    }

    /** Netty's echo on one event loop thread: NIO, or the native epoll transport. */
    static Running netty(boolean epoll) throws Exception {
        if (epoll) {
            String why = epollUnavailable();
            if (why != null) {
                throw new Unavailable(why);
            }
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.write(msg);
                            }

                            @Override
                            public void channelReadComplete(ChannelHandlerContext ctx) {
                                ctx.flush();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                });
        Channel ch = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        int p = ((InetSocketAddress) ch.localAddress()).getPort();
        return new Running() {
            public int port() {
                return p;
            }

            public void close() throws Exception {
                ch.close().sync();
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        };
    }

    static Running vthreads() throws Exception {
        ServerSocket ss = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        List<Socket> open = new ArrayList<>();
        Thread acceptor = Thread.ofPlatform().name("vt-acceptor").start(() -> {
            while (true) {
                Socket s;
                try {
                    s = ss.accept();
                    s.setTcpNoDelay(true);
                } catch (Exception e) {
                    return;
                }
                synchronized (open) {
                    open.add(s);
                }
                Thread.ofVirtual().start(() -> {
                    byte[] buf = new byte[65536];
                    try (s) {
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            out.write(buf, 0, n);
                        }
                    } catch (Exception e) {
                        // the client went away
                    }
                });
            }
        });
        return new Running() {
            public int port() {
                return ss.getLocalPort();
            }

            public void close() throws Exception {
                ss.close();
                acceptor.join(5000);
                synchronized (open) {
                    for (Socket s : open) {
                        s.close();
                    }
                }
            }
        };
    }

    /** The floor: a C epoll echo server (src/main/c/echo_server.c), built here with cc, in a subprocess. */
    static Running cEpoll() throws Exception {
        String why = Native.unavailable();
        if (why != null) {
            throw new Unavailable(why);
        }
        Process p = new ProcessBuilder(Native.binary("echo_server").toString(), "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new Unavailable("the C echo server did not start");
        }
        int port = Integer.parseInt(line.substring(5).trim());
        return new Running() {
            public int port() {
                return port;
            }

            public long pid() {
                return p.pid();
            }

            public void close() throws Exception {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        };
    }

    /** CPython's asyncio echo server in a subprocess: streams, or a Protocol echoing in data_received. */
    static Running python(boolean protocol) throws Exception {
        Path script = Files.createTempFile("py_echo_bench", ".py");
        try (InputStream in = EchoBench.class.getResourceAsStream("/py_echo_bench.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString(), protocol ? "protocol" : "streams")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            Files.deleteIfExists(script);
            throw new Unavailable("no python3 on the PATH");
        }
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            Files.deleteIfExists(script);
            throw new Unavailable("the asyncio server did not start (python3 " + script + ")");
        }
        int port = Integer.parseInt(line.substring(5).trim());
        return new Running() {
            public int port() {
                return port;
            }

            public long pid() {
                return p.pid();
            }

            public void close() throws Exception {
                p.getOutputStream().close();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                Files.deleteIfExists(script);
            }
        };
    }
}
