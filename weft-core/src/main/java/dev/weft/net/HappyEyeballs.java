package dev.weft.net;

import dev.weft.Future;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.EventLoop;
import dev.weft.TimerHandle;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Happy eyeballs (RFC 8305): connection attempts to a name's addresses, staggered, the first to
 * connect wins. As asyncio's {@code staggered_race} under {@code create_connection(...,
 * happy_eyeballs_delay=...)}. Not public API.
 */
final class HappyEyeballs {
    /* Overview:
     * Attempt i runs in a task of its own (a connectOne: its channel is closed on failure or
     * cancellation). The calling task starts attempt 0, then waits on `wake` for the first of: an
     * attempt ended (connected or failed), or the delay passed. It starts the next attempt when the
     * delay passed or an attempt failed (RFC 8305 section 5: do not wait out the delay after a
     * failure), and stops at the first connected one. Losers: the attempts still running are
     * cancelled (their channels close as their tasks unwind); an attempt that connects after the
     * winner was chosen closes its own channel (`decided`). If the caller is cancelled (say by the
     * connect timeout) or fails, the winner, if any, is closed too. */

    private HappyEyeballs() {}

    /** One connection attempt: connect to {@code addr}, or throw. */
    interface Attempt {
        SocketChannel connect(InetSocketAddress addr) throws IOException;
    }

    private static final class Race {
        final IOException[] errors;
        SocketChannel winner;
        int winnerIndex = -1;
        int ended; // attempts that connected or failed
        int failedSinceWake;
        boolean decided; // the caller returned or gave up: a late connection closes itself
        Future<Void> wake;

        Race(int n) {
            errors = new IOException[n];
        }

        void signal() {
            if (wake != null && !wake.isDone()) {
                wake.setResult(null);
            }
        }
    }

    static SocketChannel connect(EventLoop loop, String target, List<InetSocketAddress> addrs, Duration delay,
            Attempt attempt) throws IOException {
        int n = addrs.size();
        Race race = new Race(n);
        List<Task<Void>> tasks = new ArrayList<>(n);
        boolean ok = false;
        try {
            boolean startNext = true;
            while (race.winner == null) {
                if (startNext && tasks.size() < n) {
                    int i = tasks.size();
                    tasks.add(Weft.spawn("happy-eyeballs " + Io.show(addrs.get(i)), () -> run(race, i, addrs.get(i),
                            attempt)));
                }
                if (race.ended == n) {
                    break; // every attempt failed
                }
                race.wake = loop.createFuture();
                race.failedSinceWake = 0;
                boolean[] timedOut = {false};
                TimerHandle timer = tasks.size() < n ? loop.callLater(delay, () -> {
                    timedOut[0] = true;
                    race.signal();
                }) : null;
                try {
                    race.wake.await();
                } finally {
                    if (timer != null) {
                        timer.cancel();
                    }
                }
                startNext = timedOut[0] || race.failedSinceWake > 0;
            }
            if (race.winner == null) {
                List<IOException> errors = new ArrayList<>();
                List<String> tried = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    errors.add(race.errors[i]);
                    tried.add(Io.show(addrs.get(i)));
                }
                throw Net.connectError(target, errors, tried);
            }
            ok = true;
            return race.winner;
        } finally {
            race.decided = true;
            for (Task<Void> t : tasks) {
                if (!t.isDone()) {
                    t.cancel("happy eyeballs: another address connected first, or the connect was given up");
                }
            }
            if (!ok && race.winner != null) {
                try {
                    race.winner.close();
                } catch (IOException ignored) {
                    // closed either way
                }
            }
        }
    }

    private static void run(Race race, int i, InetSocketAddress addr, Attempt attempt) throws IOException {
        SocketChannel ch;
        try {
            ch = attempt.connect(addr);
        } catch (IOException e) {
            race.errors[i] = e;
            race.ended++;
            race.failedSinceWake++;
            race.signal();
            return;
        }
        if (race.winner != null || race.decided) {
            ch.close(); // a loser that connected too late
            return;
        }
        race.winner = ch;
        race.winnerIndex = i;
        race.ended++;
        race.signal();
    }

    /**
     * The addresses in the order to try them: families interleaved, starting with the family of
     * the first address (RFC 8305 section 4, asyncio's {@code _interleave_addrinfos} with
     * interleave 1); duplicates dropped.
     */
    static List<InetSocketAddress> interleave(InetAddress[] addrs, int port) {
        List<InetAddress> first = new ArrayList<>();
        List<InetAddress> other = new ArrayList<>();
        boolean firstIs6 = addrs.length > 0 && addrs[0] instanceof Inet6Address;
        for (InetAddress a : addrs) {
            List<InetAddress> to = (a instanceof Inet6Address) == firstIs6 ? first : other;
            if (!first.contains(a) && !other.contains(a)) {
                to.add(a);
            }
        }
        List<InetSocketAddress> out = new ArrayList<>(first.size() + other.size());
        for (int i = 0; i < Math.max(first.size(), other.size()); i++) {
            if (i < first.size()) {
                out.add(new InetSocketAddress(first.get(i), port));
            }
            if (i < other.size()) {
                out.add(new InetSocketAddress(other.get(i), port));
            }
        }
        return out;
    }
}
