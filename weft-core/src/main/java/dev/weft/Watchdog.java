package dev.weft;

import dev.weft.internal.Bridge;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The blocked-loop warning, and the home of the JMX beans: one shared daemon thread for every loop
 * of the JVM.
 */
final class Watchdog {
    /* Overview:
     * A loop registers on its first run and leaves at close (or when collected: the registry is weak).
     * The loop's only cost is EventLoop.steps, bumped with one opaque store when a callback or task
     * step begins. This thread looks at every running loop a few times per threshold (period =
     * smallest threshold / 4, within [5 ms, 500 ms]): a loop that is not waiting for events and whose
     * step count has not moved since the watcher first saw that count, for at least the threshold, is
     * stuck in one step. It logs one WARNING per stall (the count it warned for is remembered), with
     * the current task (a racy read: for the report only) and the stack of the thread that runs the
     * step: the loop's thread, or on the portable backend the task body's virtual thread.
     * With no live loop the thread parks until one registers: an idle JVM pays no wake-ups.
     *
     * The JMX beans (LoopMBeans) are registered on this thread too, never on a loop's: the platform
     * MBean server costs tens of milliseconds to start, which a short program should not wait for.
     * So is the hook of the JFR task dump (TaskDumpEvent, what ./weft ps reads), once, when it starts.
     */

    private static final Logger LOG = System.getLogger("dev.weft");
    static final String PROPERTY = "weft.blockedLoopWarning";
    private static final long DEFAULT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long MIN_PERIOD = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_PERIOD = TimeUnit.MILLISECONDS.toNanos(500);

    private static final Map<EventLoop, Boolean> LOOPS = new WeakHashMap<>(); // guarded by itself
    private static Thread thread; // guarded by LOOPS

    private Watchdog() {}

    /** The watcher's notes on one loop; touched by the watchdog thread only (warnings: racy reads by JMX). */
    static final class State {
        long seenSteps;
        long seenAt; // System.nanoTime when seenSteps was first seen while busy; 0: not busy
        long warnedSteps = -1; // the step already reported
        volatile long warnings;
    }

    /** The threshold from -Dweft.blockedLoopWarning (default 2 s), in ns; 0 when off. */
    static long defaultThresholdNanos() {
        String v = System.getProperty(PROPERTY);
        return v == null ? DEFAULT_NANOS : parse(v);
    }

    /** Parses "2s", "500ms", "1.5s", "PT2S", "0" or "off". */
    static long parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.equals("off") || v.equals("false") || v.equals("0")) {
                return 0;
            }
            if (v.startsWith("pt")) {
                Duration d = Duration.parse(v);
                if (!d.isNegative()) {
                    return d.toNanos();
                }
            } else if (v.endsWith("ms")) {
                double ms = Double.parseDouble(v.substring(0, v.length() - 2));
                if (ms >= 0) {
                    return (long) (ms * 1e6);
                }
            } else if (v.endsWith("s")) {
                double s = Double.parseDouble(v.substring(0, v.length() - 1));
                if (s >= 0) {
                    return (long) (s * 1e9);
                }
            }
        } catch (RuntimeException bad) {
            // the message below
        }
        throw new IllegalArgumentException(PROPERTY + ": '" + value
                + "' (expected: a duration such as 2s, 500ms or PT2S, or off)");
    }

    static void register(EventLoop loop) {
        synchronized (LOOPS) {
            boolean idle = LOOPS.isEmpty();
            LOOPS.put(loop, Boolean.TRUE);
            if (thread == null) {
                // Lives as long as the JVM: it must hold nothing of the thread that happened to start it
                // (its inheritable thread-locals, its context class loader: an application server's).
                thread = Thread.ofPlatform().daemon().name("weft-watchdog").inheritInheritableThreadLocals(false)
                        .unstarted(Watchdog::watch);
                thread.setContextClassLoader(null);
                thread.start();
            } else if (idle) {
                LockSupport.unpark(thread); // it parks without a timeout while no loop lives
            }
        }
    }

    static void closed(EventLoop loop) {
        synchronized (LOOPS) {
            LOOPS.remove(loop); // its bean goes at the watcher's next pass (within 500 ms)
        }
    }

    static void thresholdChanged() {
        synchronized (LOOPS) {
            if (thread != null) {
                LockSupport.unpark(thread); // a shorter period may be due
            }
        }
    }

    /** The live loops (run at least once, not closed), oldest first by name. */
    static List<EventLoop> loops() {
        List<EventLoop> all;
        synchronized (LOOPS) {
            all = new ArrayList<>(LOOPS.keySet());
        }
        all.removeIf(EventLoop::isClosed);
        all.sort((a, b) -> {
            int c = Integer.compare(a.name().length(), b.name().length());
            return c != 0 ? c : a.name().compareTo(b.name());
        });
        return all;
    }

    private static void watch() {
        TaskDumpEvent.register();
        while (true) {
            try {
                List<EventLoop> loops = loops();
                LoopMBeans.sync(loops);
                long min = 0;
                long now = System.nanoTime();
                for (EventLoop loop : loops) {
                    long threshold = loop.blockedLoopNanos;
                    if (threshold > 0) {
                        min = min == 0 ? threshold : Math.min(min, threshold);
                        check(loop, threshold, now);
                    }
                }
                if (loops.isEmpty()) {
                    LockSupport.park(Watchdog.class);
                } else {
                    LockSupport.parkNanos(Watchdog.class,
                            min == 0 ? MAX_PERIOD : Math.clamp(min / 4, MIN_PERIOD, MAX_PERIOD));
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.ERROR, "the Weft watchdog failed; it goes on", e);
                LockSupport.parkNanos(MAX_PERIOD);
            }
        }
    }

    private static void check(EventLoop loop, long threshold, long now) {
        State st = loop.watch;
        Thread t = loop.runningThread();
        if (t == null || loop.isWaitingForEvents()) {
            st.seenAt = 0; // idle or stopped: nothing is stuck
            return;
        }
        long steps = loop.stepsSeen();
        if (st.seenAt == 0 || steps != st.seenSteps) {
            st.seenSteps = steps;
            st.seenAt = now;
            return;
        }
        long blocked = now - st.seenAt;
        if (blocked >= threshold && st.warnedSteps != steps) {
            st.warnedSteps = steps;
            st.warnings++;
            warn(loop, t, blocked, threshold);
        }
    }

    private static void warn(EventLoop loop, Thread loopThread, long blockedNanos, long threshold) {
        Task<?> task = Task.currentOf(loop); // racy: for the report only
        Thread runs = loopThread;
        if (task != null) {
            Thread body = task.runningThread();
            if (body != null) {
                runs = body;
            }
        }
        StackTraceElement[] stack = runs.getStackTrace();
        String what = task != null ? "a step of task '" + task.name() + "' (" + task + ")" : "a callback";
        String msg = String.format(Locale.ROOT,
                "%s has been blocked for %d ms by %s, which has not returned to the loop (threshold %d ms: "
                        + "-D%s=<duration>|off or EventLoop.setBlockedLoopThreshold); thread '%s' is at:",
                loop.name(), blockedNanos / 1_000_000, what, threshold / 1_000_000, PROPERTY, runs.getName());
        BlockedLoopEvent.emit(loop.name(), task != null ? task.name() : null, blockedNanos, threshold, stack);
        LOG.log(Level.WARNING, msg, new BlockedLoopStack(loop, runs, stack)); // last: a handler may end the stall
    }

    /** Carries the stuck thread's stack into the log record, so handlers print it as a stack. */
    static final class BlockedLoopStack extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BlockedLoopStack(EventLoop loop, Thread t, StackTraceElement[] stack) {
            super("the stack of thread '" + t.getName() + "' while it blocks " + loop.name(), null, false, true);
            setStackTrace(stack);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // the watcher's own stack means nothing here
        }
    }
}
