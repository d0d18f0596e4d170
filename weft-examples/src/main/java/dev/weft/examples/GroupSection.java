package dev.weft.examples;

import dev.weft.LoopGroup;
import dev.weft.examples.group.CpuSplit;
import dev.weft.examples.group.GroupEcho;
import dev.weft.net.GroupServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;

/**
 * {@code ./weft demo group}: a CPU-bound job split over a LoopGroup (one loop per core), with a
 * heartbeat on every loop, timed against the same job on a group of one loop; then an echo server
 * on a group of loops ({@link dev.weft.net.GroupServer}), its connections per loop, and its throughput
 * against the same echo on one loop.
 */
final class GroupSection implements Section {
    static final int LIMIT = 3_000_000;
    static final int CHUNKS = 16;
    static final Duration HEARTBEAT = Duration.ofMillis(5);

    @Override
    public String name() {
        return "group";
    }

    @Override
    public String summary() {
        return "a CPU-bound job split over one loop per core (heartbeats on time); an echo server over the loops";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf("Counting the primes below %,d in %d chunks (tasks that yield every %.1f ms of work),%n",
                LIMIT, CHUNKS, CpuSplit.SLICE_NANOS / 1e6);
        out.printf("with a %d ms heartbeat task on every loop.%n%n", HEARTBEAT.toMillis());
        CpuSplit.Report one;
        try (LoopGroup single = new LoopGroup(1, "one")) {
            CpuSplit.countPrimes(single, LIMIT / 10, CHUNKS, HEARTBEAT); // warm up the JIT
            one = CpuSplit.countPrimes(single, LIMIT, CHUNKS, HEARTBEAT);
        }
        CpuSplit.Report all;
        try (LoopGroup group = new LoopGroup(cores, "all")) {
            CpuSplit.countPrimes(group, LIMIT / 10, CHUNKS, HEARTBEAT);
            all = CpuSplit.countPrimes(group, LIMIT, CHUNKS, HEARTBEAT);
        }
        print(out, "1 loop", one);
        print(out, cores + " loops", all);
        double speedUp = seconds(one) / seconds(all);
        out.printf("%nSame answer (%s), %.2fx the one-loop speed on %d loops (this machine has %d cores%s).%n",
                one.primes() == all.primes() ? one.primes() + " primes" : "MISMATCH", speedUp, cores, cores,
                speedUp < 1 ? "; below 1x, other programs were most likely busy on them" : "");
        out.println("Each loop served its heartbeat throughout: the job's tasks yield every slice, so a timer");
        out.println("waits at most for the slices of the tasks ready before it (chunks per loop x slice).");
        echo(out, cores);
    }

    static final int ECHO_CLIENTS = 50;
    static final Duration ECHO_TIME = Duration.ofMillis(1500);

    private static void echo(PrintStream out, int cores) throws Exception {
        int loops = Math.max(2, cores);
        out.printf("%nAn echo server on a group of %d loops (GroupServer, %s),%n%d clients ping-ponging %d-byte ",
                loops, GroupServer.reusePortBalances() ? "one SO_REUSEPORT listener per loop"
                        : "one acceptor handing connections round-robin", ECHO_CLIENTS, GroupEcho.MESSAGE);
        out.printf("messages for %.1f s from a client group of %d loops in this JVM, vs the same echo on 1 loop.%n%n",
                ECHO_TIME.toNanos() / 1e9, loops);
        GroupEcho.run(1, GroupServer.Strategy.AUTO, ECHO_CLIENTS, loops, Duration.ofMillis(300)); // warm up the JIT
        GroupEcho.Report one = GroupEcho.run(1, GroupServer.Strategy.AUTO, ECHO_CLIENTS, loops, ECHO_TIME);
        GroupEcho.Report many = GroupEcho.run(loops, GroupServer.Strategy.AUTO, ECHO_CLIENTS, loops, ECHO_TIME);
        GroupEcho.Report acc = GroupEcho.run(loops, GroupServer.Strategy.ACCEPTOR, ECHO_CLIENTS, loops, ECHO_TIME);
        for (GroupEcho.Report r : new GroupEcho.Report[] {one, many, acc}) {
            out.printf("  %d loop%s %-11s %,10.0f round trips/s   connections per loop %s%n",
                    r.connectionsPerLoop().length, r.connectionsPerLoop().length == 1 ? ": " : "s:",
                    r.strategy() == GroupServer.Strategy.REUSE_PORT ? "reuse-port" : "acceptor", r.perSecond(),
                    Arrays.toString(r.connectionsPerLoop()));
        }
        out.printf("%n%.2fx the one-loop throughput on %d loops. Every connection lived on one loop; the clients%n",
                many.perSecond() / one.perSecond(), loops);
        out.printf("share this machine's %d cores with the server, so this is a comparison, not a capacity.%n", cores);
    }

    private static void print(PrintStream out, String label, CpuSplit.Report r) {
        out.printf("%-8s %d primes in %.2f s%n", label + ":", r.primes(), seconds(r));
        for (int i = 0; i < r.chunksPerLoop().length; i++) {
            out.printf("  loop %d: %2d chunks, %4d heartbeats, latest heartbeat %.1f ms late%n", i,
                    r.chunksPerLoop()[i], r.beatsPerLoop()[i], r.worstDelayPerLoop()[i].toNanos() / 1e6);
        }
    }

    private static double seconds(CpuSplit.Report r) {
        return r.took().toNanos() / 1e9;
    }
}
